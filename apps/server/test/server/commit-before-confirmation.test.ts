import { describe, expect, it } from 'vitest';
import type { DomainEvent, EngineCommand, TelephonyCommand } from '@tsunagu/domain';
import { VirtualScheduler, VirtualTelephony } from '@tsunagu/telephony';
import { EngineRunner, type CommitStore } from '../../src/runtime/engine-runner.js';
import { VirtualTimers } from '../../src/runtime/timers.js';
import { agentId, demoConfig, DEMO_QUEUE_NUMBER } from '../../src/runtime/demo-config.js';

/** A store whose commits complete only when the test says so. */
class GatedStore implements CommitStore {
  readonly committed: DomainEvent[] = [];
  private gates: (() => void)[] = [];
  held = false;
  async commit(
    batch: readonly { events: readonly DomainEvent[]; commands: readonly EngineCommand[] }[],
  ) {
    if (this.held) await new Promise<void>((resolve) => this.gates.push(resolve));
    const events = batch.flatMap((b) => b.events);
    this.committed.push(...events);
    return events.map((_, i) => this.committed.length - events.length + i + 1);
  }
  release(): void {
    this.held = false;
    for (const open of this.gates.splice(0)) open();
  }
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('durability', () => {
  it('[QCB-02] a callback request is committed before the caller hears its confirmation', async () => {
    const scheduler = new VirtualScheduler(Date.UTC(2026, 0, 5, 0, 0));
    const telephony = new VirtualTelephony(scheduler);
    const sent: TelephonyCommand[] = [];
    const execute = telephony.execute.bind(telephony);
    telephony.execute = (c) => {
      sent.push(c);
      execute(c);
    };
    const store = new GatedStore();
    const runner = new EngineRunner({
      telephony,
      timers: new VirtualTimers(scheduler),
      clock: scheduler,
      store,
    });
    for (const input of demoConfig({ agentCount: 1 })) await runner.submitDurably(input);
    await runner.submitDurably({ type: 'agent.set-status', agentId: agentId(0), status: 'busy' });

    const caller = telephony.placeCall('09011112222', DEMO_QUEUE_NUMBER, {
      patienceMs: Infinity,
      talkMs: Infinity,
      onPrompt: { 'queue.callback-offer': '1', 'callback.confirm-menu': '1' },
    });
    // Let the caller hear the offer and press 1; the menu's collect needs its commit too.
    for (let i = 0; i < 40 && !runner.state.calls.size; i += 1) {
      scheduler.runUntil(scheduler.now() + 500);
      await flush();
    }
    const confirmationSent = () =>
      sent.some(
        (c) =>
          c.type === 'leg.play' &&
          c.legId === caller &&
          c.items.some((p) => p.kind === 'prompt' && p.id === 'callback.confirmed'),
      );
    for (let i = 0; i < 60 && runner.state.callbacks.size === 0; i += 1) {
      // Hold commits just before the confirming key is handled.
      if ([...runner.state.calls.values()].some((c) => c.menu?.kind === 'callback-confirm'))
        store.held = true;
      scheduler.runUntil(scheduler.now() + 250);
      await flush();
    }
    expect(runner.state.callbacks.size).toBe(1);
    expect(store.held).toBe(true);
    // The engine has accepted the request, but it is not durable yet: the caller hears nothing.
    for (let i = 0; i < 5; i += 1) {
      scheduler.runUntil(scheduler.now() + 1_000);
      await flush();
    }
    expect(store.committed.some((e) => e.type === 'callback.requested')).toBe(false);
    expect(confirmationSent()).toBe(false);

    store.release();
    await runner.flush();
    expect(store.committed.some((e) => e.type === 'callback.requested')).toBe(true);
    expect(confirmationSent()).toBe(true);
    const requestedAt = store.committed.findIndex((e) => e.type === 'callback.requested');
    expect(requestedAt).toBeGreaterThanOrEqual(0);
  });
});
