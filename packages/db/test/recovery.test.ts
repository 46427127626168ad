import { afterEach, describe, expect, it } from 'vitest';
import { createState, handle, type DomainEvent } from '@tsunagu/domain';
import { endDeadCalls, EventStore, readRecoveryPlan, type Db } from '../src/index.js';
import { TEST_DATABASES } from './support/databases.js';
import { agent, center, CommittedEngine, queue } from './support/engine-inputs.js';

const T0 = Date.UTC(2026, 0, 5, 0, 0);

const requested = (id: string, firstJoinedAt: number, seq: number): DomainEvent => ({
  type: 'callback.requested',
  at: T0 + 600_000,
  callbackId: id,
  centerId: 'tokyo',
  queueId: 'support',
  number: `0901111${String(seq).padStart(4, '0')}`,
  callerId: '0312345678',
  requestCallId: `call-of-${id}`,
  firstJoinedAt,
  seq,
  dueAt: null,
});

const created = (id: string, kind: 'inbound' | 'callback', at: number): DomainEvent => ({
  type: 'call.created',
  at,
  callId: id,
  kind,
  centerId: 'tokyo',
  customerNumber: '09022223333',
  ourNumber: '0312345678',
  queueId: 'support',
  callbackId: null,
});

describe.each(TEST_DATABASES)('recovery from $name', (database) => {
  let db: Db;
  afterEach(async () => {
    await db?.close();
  });

  it('[HQ-04] reads configuration back in an order the engine accepts, queues that fall back to each other included', async () => {
    db = await database.open();
    const engine = new CommittedEngine(db, T0);
    await engine.run(
      center(),
      agent('agent-002'),
      agent('agent-001'),
      // "a-overflow" falls back to "z-main" (created first); a name order would fail.
      queue('z-main', { members: ['agent-002', 'agent-001'] }),
      queue('a-overflow', { fallback: { kind: 'queue', queueId: 'z-main' } }),
      // A cycle: "b-day" and "c-night" fall back to each other.
      queue('b-day'),
      queue('c-night', { fallback: { kind: 'queue', queueId: 'b-day' } }),
      queue('b-day', { afterHours: { kind: 'queue', queueId: 'c-night' } }),
    );
    const plan = await readRecoveryPlan(db);
    const fresh = createState();
    for (const input of plan.config) {
      const result = handle(fresh, input, T0 + 1);
      expect(result.error?.code, `${input.type} refused`).toBeUndefined();
    }
    for (const id of ['z-main', 'a-overflow', 'b-day', 'c-night'])
      expect(fresh.queues.get(id), id).toEqual(engine.state.queues.get(id));
    expect(fresh.queues.get('z-main')!.members).toEqual(['agent-002', 'agent-001']);
    expect([...fresh.agents.keys()].sort()).toEqual(['agent-001', 'agent-002']);
  });

  it('[AGT-01] brings back the status each agent last chose, not the one a call put them in', async () => {
    db = await database.open();
    const engine = new CommittedEngine(db, T0);
    await engine.run(center(), agent('agent-001'), agent('agent-002'), agent('agent-003'));
    await engine.run(
      { type: 'agent.set-status', agentId: 'agent-001', status: 'busy', reason: 'ticket' },
      { type: 'agent.set-status', agentId: 'agent-002', status: 'available' },
    );
    // A call put agent-002 on the phone; the database must not bring "on-call" back.
    await new EventStore(db, engine.state).commit(
      [
        {
          events: [
            {
              type: 'agent.status-changed',
              at: T0 + 5_000,
              agentId: 'agent-002',
              from: 'available',
              to: 'ringing',
              reason: null,
            },
          ],
          commands: [],
        },
      ],
      engine.state.seq,
    );
    const plan = await readRecoveryPlan(db);
    expect(plan.presences.sort((a, b) => a.agentId.localeCompare(b.agentId))).toEqual([
      { agentId: 'agent-001', status: 'busy', reason: 'ticket' },
      { agentId: 'agent-002', status: 'available', reason: null },
    ]);
  });

  it('[QCB-02] reads open callback requests in their queue order (first join, then sequence), not completed ones', async () => {
    db = await database.open();
    const engine = new CommittedEngine(db, T0);
    await engine.run(center(), queue('support'));
    const store = new EventStore(db, engine.state);
    // Committed in another order than the queue's: the place is the first-join time.
    const events: DomainEvent[] = [
      requested('cb-late', T0 + 30_000, 7),
      requested('cb-tie-2', T0 + 10_000, 5),
      requested('cb-first', T0, 2),
      requested('cb-tie-1', T0 + 10_000, 4),
      requested('cb-done', T0 + 5_000, 3),
      {
        type: 'callback.completed',
        at: T0 + 700_000,
        callbackId: 'cb-done',
        queueId: 'support',
        outcome: 'connected',
        reason: 'connected',
        firstJoinedAt: T0 + 5_000,
        connectedWaitMs: 1_000,
      },
    ];
    for (const e of events) await store.commit([{ events: [e], commands: [] }], 7);
    const plan = await readRecoveryPlan(db);
    expect(plan.callbacks.map((c) => c.id)).toEqual([
      'cb-first',
      'cb-tie-1',
      'cb-tie-2',
      'cb-late',
    ]);
    expect(plan.callbacks[1]).toMatchObject({
      queueId: 'support',
      firstJoinedAt: T0 + 10_000,
      seq: 4,
      requestedAt: T0 + 600_000,
      dueAt: null,
      attempts: 0,
    });
    expect(plan.engineSeq).toBe(7);
    // Restored into a fresh engine, they stand in the line in the same order.
    const fresh = createState();
    for (const input of plan.config) handle(fresh, input, T0 + 800_000);
    for (const callback of plan.callbacks)
      expect(
        handle(fresh, { type: 'callback.restore', callback }, T0 + 800_000).error,
      ).toBeUndefined();
    const line = fresh.lines.get('support')!.map((e) => e.callbackId);
    expect(line).toEqual(['cb-first', 'cb-tie-1', 'cb-tie-2', 'cb-late']);
  });

  it('[SUP-04] ends the calls that were live at the crash with reason media-lost and drops their timers', async () => {
    db = await database.open();
    const engine = new CommittedEngine(db, T0);
    await engine.run(center(), queue('support'));
    const store = new EventStore(db, engine.state);
    await store.commit(
      [
        {
          events: [
            created('call-ended', 'inbound', T0),
            {
              type: 'call.ended',
              at: T0 + 1_000,
              callId: 'call-ended',
              kind: 'inbound',
              reason: 'caller-hangup',
              agentId: null,
              queueId: 'support',
            },
            created('call-waiting', 'inbound', T0 + 2_000),
            created('call-dialing', 'callback', T0 + 3_000),
          ],
          commands: [
            { type: 'timer.set', timer: { kind: 'max-wait', entryId: 'entry-9' }, at: T0 + 60_000 },
          ],
        },
      ],
      3,
    );
    const plan = await readRecoveryPlan(db);
    expect(plan.deadCalls.map((c) => [c.id, c.kind])).toEqual([
      ['call-waiting', 'inbound'],
      ['call-dialing', 'callback'],
    ]);
    const now = T0 + 900_000;
    expect(await endDeadCalls(db, plan, now, engine.state)).toBe(2);
    const calls = await db.query<{ id: string; state: string; end_reason: string; ended_at: Date }>(
      'SELECT id, state, end_reason, ended_at FROM calls ORDER BY created_at',
    );
    expect(calls.rows.map((r) => [r.id, r.state, r.end_reason])).toEqual([
      ['call-ended', 'ended', 'caller-hangup'],
      ['call-waiting', 'ended', 'media-lost'],
      ['call-dialing', 'ended', 'media-lost'],
    ]);
    expect(new Date(calls.rows[1]!.ended_at).getTime()).toBe(now);
    const ended = await db.query<{ call_id: string }>(
      `SELECT call_id FROM events WHERE type = 'call.ended' AND data->>'reason' = 'media-lost' ORDER BY id`,
    );
    expect(ended.rows.map((r) => r.call_id)).toEqual(['call-waiting', 'call-dialing']);
    const jobs = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM scheduled_jobs');
    expect(jobs.rows[0]!.n).toBe(0);
    // A second start finds nothing left to end.
    expect((await readRecoveryPlan(db)).deadCalls).toEqual([]);
  });
});
