import type { TelephonyCommand, TelephonyEvent } from '@tsunagu/domain';
import { describe, expect, it } from 'vitest';
import { CompositeTelephony, type TelephonyPort } from '../src/index.js';

class RecordingPort implements TelephonyPort {
  readonly executed: TelephonyCommand[] = [];
  listener: (e: TelephonyEvent) => void = () => {};
  execute(command: TelephonyCommand): void {
    this.executed.push(command);
  }
  onEvent(listener: (e: TelephonyEvent) => void): void {
    this.listener = listener;
  }
  async close(): Promise<void> {}
}

const originate = (legId: string, agentId: string): TelephonyCommand => ({
  type: 'leg.originate',
  legId,
  callId: 'c1',
  target: { kind: 'agent', agentId },
  callerId: '0312345678',
  ringTimeoutMs: 20_000,
  display: null,
});

describe('composite telephony (SIP next to the virtual adapter)', () => {
  it('sends each leg’s commands to the adapter that owns the leg', () => {
    const sip = new RecordingPort();
    const virtual = new RecordingPort();
    const port = new CompositeTelephony(sip, virtual, (c) =>
      c.target.kind === 'agent' && c.target.agentId === 'phone-agent' ? 'primary' : 'secondary',
    );
    const heard: TelephonyEvent[] = [];
    port.onEvent((e) => heard.push(e));
    sip.listener({ type: 'leg.offered', legId: 'sip-1', from: '0311112222', to: '0312345678' });
    port.execute(originate('agent-leg-1', 'phone-agent'));
    port.execute(originate('agent-leg-2', 'browser-agent'));
    port.execute({ type: 'leg.answer', legId: 'sip-1', earlyMedia: false });
    port.execute({ type: 'leg.bridge', legA: 'sip-1', legB: 'agent-leg-1' });
    port.execute({ type: 'leg.hangup', legId: 'agent-leg-2', reason: 'hangup' });
    expect(heard.map((e) => e.type)).toEqual(['leg.offered']);
    expect(sip.executed.map((c) => c.type)).toEqual(['leg.originate', 'leg.answer', 'leg.bridge']);
    expect(virtual.executed.map((c) => c.type)).toEqual(['leg.originate', 'leg.hangup']);
    // A leg ended by its adapter or hung up by the engine is forgotten.
    sip.listener({ type: 'leg.ended', legId: 'sip-1', reason: 'hangup' });
    expect(port.size).toBe(1);
  });
});

/** Media that only remembers what was done to it. */
class FakeMedia {
  readonly log: string[] = [];
  partner: FakeMedia | null = null;
  constructor(readonly name: string) {}
  bridge(other: FakeMedia): void {
    this.partner = other;
    other.partner = this;
    this.log.push(`bridge ${other.name}`);
  }
  unbridge(): void {
    if (this.partner) this.partner.partner = null;
    this.partner = null;
    this.log.push('unbridge');
  }
  play(items: readonly { kind: string }[]): void {
    this.log.push(`play ${items.map((i) => i.kind).join(',')}`);
  }
}

function threeAdapters() {
  const sip = new RecordingPort();
  const virtual = new RecordingPort();
  const browserMedia = new Map<string, FakeMedia>();
  const sipMedia = new Map<string, FakeMedia>();
  const browser = Object.assign(new RecordingPort(), {
    mediaOf: (id: string) => (browserMedia.get(id) ?? null) as never,
  });
  const mixes: FakeMedia[][] = [];
  const port = new CompositeTelephony(
    sip,
    virtual,
    (c) =>
      c.target.kind === 'agent' && c.target.agentId.startsWith('web') ? 'browser' : 'secondary',
    {
      browser,
      primaryMedia: (id) => (sipMedia.get(id) ?? null) as never,
      mix: (members) => {
        mixes.push(members as unknown as FakeMedia[]);
        return { close: () => {} };
      },
    },
  );
  return { sip, virtual, browser, port, browserMedia, sipMedia, mixes };
}

describe('composite telephony with browser softphones [BEY-06]', () => {
  it('[BEY-06] a SIP caller bridged to a browser agent: their media are joined, and re-joined after hold', () => {
    const { sip, browser, port, browserMedia, sipMedia } = threeAdapters();
    sip.listener({ type: 'leg.offered', legId: 'sip-1', from: '0311112222', to: '0312345678' });
    port.execute(originate('web-leg', 'web-agent'));
    expect(browser.executed.map((c) => c.type)).toEqual(['leg.originate']);
    const caller = new FakeMedia('caller');
    const agent = new FakeMedia('agent');
    sipMedia.set('sip-1', caller);
    browserMedia.set('web-leg', agent);

    port.execute({ type: 'leg.bridge', legA: 'sip-1', legB: 'web-leg' });
    expect(caller.partner).toBe(agent);
    // Each adapter drops any partner of its own first; neither can bridge across by itself.
    expect(sip.executed.at(-2)).toEqual({ type: 'leg.unbridge', legA: 'sip-1', legB: 'sip-1' });
    expect(browser.executed.at(-1)?.type).toBe('leg.bridge');

    port.execute({ type: 'leg.hold', legId: 'sip-1' });
    caller.unbridge(); // what the SIP adapter does on hold
    port.execute({ type: 'leg.resume', legId: 'sip-1' });
    expect(caller.partner).toBe(agent);

    port.execute({ type: 'leg.unbridge', legA: 'sip-1', legB: 'web-leg' });
    expect(caller.partner).toBeNull();
    port.execute({ type: 'leg.resume', legId: 'sip-1' });
    expect(caller.partner, 'an unbridged pair stays apart').toBeNull();
  });

  it('[BEY-06] a browser agent bridged to a simulated caller hears a beep, and a three-way across adapters is mixed', () => {
    const { virtual, sip, port, browserMedia, sipMedia, mixes } = threeAdapters();
    virtual.listener({
      type: 'leg.offered',
      legId: 'demo-1',
      from: '0311112222',
      to: '0312345678',
    });
    port.execute(originate('web-leg', 'web-agent'));
    const agent = new FakeMedia('agent');
    browserMedia.set('web-leg', agent);
    port.execute({ type: 'leg.bridge', legA: 'demo-1', legB: 'web-leg' });
    expect(agent.log).toContain('play tone');
    expect(virtual.executed.at(-1)?.type).toBe('leg.bridge');

    sip.listener({ type: 'leg.offered', legId: 'sip-1', from: '0311113333', to: '0312345678' });
    sipMedia.set('sip-1', new FakeMedia('caller'));
    port.execute(originate('web-leg-2', 'web-agent-2'));
    browserMedia.set('web-leg-2', new FakeMedia('agent-2'));
    port.execute({
      type: 'leg.conference',
      conferenceId: 'k1',
      legIds: ['sip-1', 'web-leg', 'web-leg-2'],
    });
    expect(mixes.map((m) => m.map((x) => x.name))).toEqual([['caller', 'agent', 'agent-2']]);
  });
});
