import { afterEach, describe, expect, it } from 'vitest';
import { EventStore, readRecoveryPlan, type Db } from '@tsunagu/db';
import { createState } from '@tsunagu/domain';
import { VirtualScheduler, VirtualTelephony } from '@tsunagu/telephony';
import { TEST_DATABASES } from '../../../../packages/db/test/support/databases.js';
import { EngineRunner } from '../../src/runtime/engine-runner.js';
import { VirtualTimers } from '../../src/runtime/timers.js';
import { agentId, demoConfig, DEMO_QUEUE_NUMBER } from '../../src/runtime/demo-config.js';

const T0 = Date.UTC(2026, 0, 5, 0, 0);

/**
 * The real engine on virtual telephony and a virtual clock, committing every batch through the
 * real EventStore: what a node writes, without the wall clock. Commands run only after their
 * commit (ADR 10), so virtual time advances in small steps with the commits in between.
 */
function committedCenter(db: Db) {
  const scheduler = new VirtualScheduler(T0);
  const telephony = new VirtualTelephony(scheduler);
  const state = createState();
  const runner = new EngineRunner({
    telephony,
    timers: new VirtualTimers(scheduler),
    clock: scheduler,
    state,
    store: new EventStore(db, state),
  });
  return {
    scheduler,
    telephony,
    runner,
    async advance(ms: number): Promise<void> {
      const end = scheduler.now() + ms;
      while (scheduler.now() < end) {
        scheduler.runUntil(Math.min(end, scheduler.now() + 250));
        await runner.flush();
      }
    },
  };
}

const callbackCaller = {
  patienceMs: Infinity,
  talkMs: Infinity,
  onPrompt: { 'queue.callback-offer': '1', 'callback.confirm-menu': '1' },
} as const;

describe.each(TEST_DATABASES)('what a running center writes to $name', (database) => {
  let db: Db;
  afterEach(async () => {
    await db?.close();
  });

  it('[SUP-04] [QCB-02] [AGT-01] calls, callbacks, agent statuses and voicemails land in their tables', async () => {
    db = await database.open();
    const c = committedCenter(db);
    for (const input of demoConfig({ agentCount: 1, queue: { voicemailKey: '9' } }))
      expect((await c.runner.submitDurably(input)).error).toBeUndefined();
    await c.runner.submitDurably({
      type: 'agent.set-status',
      agentId: agentId(0),
      status: 'available',
    });

    // A: answered by the only agent (its phone answers after 2 s), talks 40 s.
    c.telephony.placeCall('09011110001', DEMO_QUEUE_NUMBER, {
      patienceMs: Infinity,
      talkMs: 40_000,
    });
    await c.advance(5_000);
    // B waits behind A, takes the callback offer and keeps its place.
    c.telephony.placeCall('09011110002', DEMO_QUEUE_NUMBER, callbackCaller);
    await c.advance(1_000);
    // C waits, presses the voicemail key, speaks, hangs up.
    c.telephony.placeCall('09011110003', DEMO_QUEUE_NUMBER, {
      patienceMs: 25_000,
      talkMs: Infinity,
      onPrompt: { 'queue.voicemail-offer': '9' },
    });
    await c.advance(30_000);

    const open = await db.query<{ id: string; number: string; state: string; outcome: null }>(
      'SELECT id, number, state, outcome FROM callbacks',
    );
    expect(open.rows).toEqual([
      expect.objectContaining({ number: '+819011110002', state: 'pending', outcome: null }),
    ]);
    const plan = await readRecoveryPlan(db);
    expect(plan.callbacks.map((cb) => cb.number)).toEqual(['+819011110002']);
    // The request keeps the place of the call that asked for it: its first-join time.
    const joined = await db.query<{ first_joined_at: Date; created_at: Date }>(
      `SELECT cb.first_joined_at, c.created_at FROM callbacks cb JOIN calls c ON c.id = cb.request_call_id`,
    );
    expect(new Date(joined.rows[0]!.first_joined_at).getTime()).toBeGreaterThanOrEqual(
      new Date(joined.rows[0]!.created_at).getTime(),
    );
    expect(new Date(joined.rows[0]!.first_joined_at).getTime()).toBeLessThan(T0 + 7_000);

    // A ends, the agent takes the callback: the customer is dialled, presses 1, talks 60 s.
    await c.advance(200_000);
    const calls = await db.query<{
      customer_number: string;
      kind: string;
      state: string;
      end_reason: string | null;
      agent_id: string | null;
      wait_ms: number | null;
      callback_id: string | null;
      connected_at: Date | null;
    }>(
      `SELECT customer_number, kind, state, end_reason, agent_id, wait_ms, callback_id, connected_at
       FROM calls ORDER BY created_at, id`,
    );
    expect(calls.rows.map((r) => [r.customer_number, r.kind, r.state, r.end_reason])).toEqual([
      ['09011110001', 'inbound', 'ended', 'caller-hangup'],
      ['09011110002', 'inbound', 'ended', 'callback-requested'],
      ['09011110003', 'inbound', 'ended', 'voicemail-left'],
      // The callback call dials the number in E.164, as the request stored it.
      ['+819011110002', 'callback', 'ended', 'caller-hangup'],
    ]);
    expect(calls.rows[0]).toMatchObject({ agent_id: agentId(0), wait_ms: expect.any(Number) });
    expect(calls.rows[0]!.connected_at).not.toBeNull();
    expect(calls.rows[3]!.callback_id).not.toBeNull();
    const done = await db.query<{
      state: string;
      outcome: string;
      end_reason: string;
      attempts: number;
    }>('SELECT state, outcome, end_reason, attempts FROM callbacks');
    expect(done.rows).toEqual([
      { state: 'completed', outcome: 'connected', end_reason: 'connected', attempts: 1 },
    ]);
    expect((await readRecoveryPlan(db)).callbacks).toEqual([]);

    const voicemails = await db.query<{
      from_number: string;
      queue_id: string;
      duration_ms: number;
    }>('SELECT from_number, queue_id, duration_ms FROM voicemails');
    // C hung up 25 s after calling; the recording ran from the beep to then (whole 20 ms frames).
    expect(voicemails.rows).toEqual([
      { from_number: '09011110003', queue_id: 'support', duration_ms: 11_740 },
    ]);

    // Every presence the agent went through is logged with its time, ringing and talking included.
    const log = await db.query<{ to_state: string; at: Date }>(
      `SELECT to_state, at FROM agent_status_log WHERE agent_id = $1 ORDER BY id`,
      [agentId(0)],
    );
    const states = log.rows.map((r) => r.to_state);
    expect(states.slice(0, 3)).toEqual(['available', 'ringing', 'on-call']);
    expect(states.filter((s) => s === 'on-call')).toHaveLength(2);
    const times = log.rows.map((r) => new Date(r.at).getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const agent = await db.query<{ presence: string; manual_presence: string }>(
      'SELECT presence, manual_presence FROM agents WHERE id = $1',
      [agentId(0)],
    );
    expect(agent.rows[0]).toEqual({ presence: 'available', manual_presence: 'available' });

    // Nothing is live any more: no dead call for a restart to end, no timer left behind.
    expect((await readRecoveryPlan(db)).deadCalls).toEqual([]);
    const events = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM events');
    expect(events.rows[0]!.n).toBeGreaterThan(30);
  });
});
