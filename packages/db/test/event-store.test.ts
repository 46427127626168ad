import { afterEach, describe, expect, it } from 'vitest';
import type { DomainEvent, EngineCommand, TimerRef } from '@tsunagu/domain';
import { EventStore, type Db } from '../src/index.js';
import { TEST_DATABASES } from './support/databases.js';
import { agent, center, CommittedEngine, queue } from './support/engine-inputs.js';

const T0 = Date.UTC(2026, 0, 5, 0, 0);

const callbackRequested = (id: string, number: string, firstJoinedAt: number, seq: number) =>
  ({
    type: 'callback.requested',
    at: firstJoinedAt + 60_000,
    callbackId: id,
    centerId: 'tokyo',
    queueId: 'support',
    number,
    callerId: '0312345678',
    requestCallId: `call-of-${id}`,
    firstJoinedAt,
    seq,
    dueAt: null,
  }) satisfies DomainEvent;

describe.each(TEST_DATABASES)('the event store on $name', (database) => {
  let db: Db;
  afterEach(async () => {
    await db?.close();
  });

  it('[AGT-01] logs every status change with its time and reason, and keeps the current and chosen status', async () => {
    db = await database.open();
    const engine = new CommittedEngine(db, T0);
    await engine.run(center(), agent('agent-001'), queue('support', { members: ['agent-001'] }));
    const steps: [number, 'available' | 'busy' | 'break', string | null][] = [
      [1_000, 'available', null],
      [61_000, 'busy', 'ticket processing'],
      [125_000, 'break', 'lunch'],
    ];
    for (const [offset, status, reason] of steps) {
      engine.now = T0 + offset;
      await engine.run({ type: 'agent.set-status', agentId: 'agent-001', status, reason });
    }
    const log = await db.query<{ at: Date; from_state: string; to_state: string; reason: string }>(
      `SELECT at, from_state, to_state, reason FROM agent_status_log WHERE agent_id = 'agent-001'
       ORDER BY id`,
    );
    expect(
      log.rows.map((r) => [new Date(r.at).getTime() - T0, r.from_state, r.to_state, r.reason]),
    ).toEqual([
      [1_000, 'logged-out', 'available', null],
      [61_000, 'available', 'busy', 'ticket processing'],
      [125_000, 'busy', 'break', 'lunch'],
    ]);
    const row = await db.query<{
      presence: string;
      reason: string;
      manual_presence: string;
      presence_since: Date;
    }>(
      `SELECT presence, reason, manual_presence, presence_since FROM agents WHERE id = 'agent-001'`,
    );
    expect(row.rows[0]).toMatchObject({
      presence: 'break',
      reason: 'lunch',
      manual_presence: 'break',
    });
    expect(new Date(row.rows[0]!.presence_since).getTime()).toBe(T0 + 125_000);
  });

  it('gives events increasing ids in commit order and keeps the engine sequence', async () => {
    db = await database.open();
    const engine = new CommittedEngine(db, T0);
    await engine.run(center(), agent('agent-001'), agent('agent-002'), queue('support'));
    await engine.run({ type: 'agent.set-status', agentId: 'agent-001', status: 'available' });
    const rows = await db.query<{ id: number; type: string }>(
      'SELECT id, type FROM events ORDER BY id',
    );
    expect(rows.rows.map((r) => r.type)).toEqual(engine.events.map((e) => e.type));
    const ids = rows.rows.map((r) => Number(r.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
    const meta = await db.query<{ value: number }>(
      `SELECT value FROM engine_meta WHERE key = 'seq'`,
    );
    expect(Number(meta.rows[0]!.value)).toBe(engine.state.seq);
    // One batch of several inputs takes the next ids, in input order.
    const store = new EventStore(db, engine.state);
    const more = await store.commit(
      [
        { events: [callbackRequested('cb-1', '09011110001', T0, 1)], commands: [] },
        { events: [callbackRequested('cb-2', '09011110002', T0, 2)], commands: [] },
      ],
      engine.state.seq,
    );
    expect(more).toHaveLength(2);
    expect(more[0]!).toBeGreaterThan(ids.at(-1)!);
    expect(more[1]!).toBeGreaterThan(more[0]!);
  });

  it('[QCB-02] commits a batch whole or not at all: a failing projection leaves no event and no row', async () => {
    db = await database.open();
    const engine = new CommittedEngine(db, T0);
    await engine.run(center(), queue('support'));
    const store = new EventStore(db, engine.state);
    await store.commit(
      [{ events: [callbackRequested('cb-1', '09011110001', T0, 1)], commands: [] }],
      5,
    );
    const before = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM events');
    // The second request for the same number breaks the one-open-per-number index (QCB-07).
    const batch = [
      { events: [callbackRequested('cb-2', '09011110002', T0 + 1, 2)], commands: [] },
      { events: [callbackRequested('cb-3', '09011110001', T0 + 2, 3)], commands: [] },
    ];
    await expect(store.commit(batch, 9)).rejects.toThrow();
    const after = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM events');
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
    const callbacks = await db.query<{ id: string }>('SELECT id FROM callbacks ORDER BY id');
    expect(callbacks.rows.map((r) => r.id)).toEqual(['cb-1']);
    const meta = await db.query<{ value: number }>(
      `SELECT value FROM engine_meta WHERE key = 'seq'`,
    );
    expect(Number(meta.rows[0]!.value)).toBe(5);
  });

  it('[BEY-02] writes durable timers to scheduled_jobs in the same commit and deletes them on cancel', async () => {
    db = await database.open();
    const engine = new CommittedEngine(db, T0);
    const store = new EventStore(db, engine.state);
    const timers: TimerRef[] = [
      { kind: 'callback-due', callbackId: 'cb-1' },
      { kind: 'callback-retry', callbackId: 'cb-2' },
      { kind: 'max-wait', entryId: 'entry-3' },
      { kind: 'wrap-up-end', agentId: 'agent-001', seq: 4 },
      // These die with the media: ringing and announcements are not durable.
      { kind: 'offer-timeout', offerId: 'offer-5' },
      { kind: 'announce', entryId: 'entry-3' },
    ];
    const set: EngineCommand[] = timers.map((timer, i) => ({
      type: 'timer.set',
      timer,
      at: T0 + (i + 1) * 1_000,
    }));
    await store.commit([{ events: [], commands: set }], 1);
    const jobs = async () =>
      (
        await db.query<{ key: string; kind: string; due_at: Date; timer: unknown }>(
          'SELECT key, kind, due_at, timer FROM scheduled_jobs ORDER BY due_at',
        )
      ).rows.map((r) => ({
        key: r.key,
        kind: r.kind,
        due: new Date(r.due_at).getTime() - T0,
        timer: typeof r.timer === 'string' ? JSON.parse(r.timer) : r.timer,
      }));
    expect(await jobs()).toEqual([
      { key: 'callback-due:cb-1', kind: 'callback-due', due: 1_000, timer: timers[0] },
      { key: 'callback-retry:cb-2', kind: 'callback-retry', due: 2_000, timer: timers[1] },
      { key: 'max-wait:entry-3', kind: 'max-wait', due: 3_000, timer: timers[2] },
      { key: 'wrap-up-end:agent-001:4', kind: 'wrap-up-end', due: 4_000, timer: timers[3] },
    ]);
    // Setting a timer again moves it; cancelling removes it.
    await store.commit(
      [
        {
          events: [],
          commands: [
            { type: 'timer.set', timer: timers[0]!, at: T0 + 9_000 },
            { type: 'timer.cancel', timer: timers[2]! },
            { type: 'timer.cancel', timer: timers[3]! },
          ],
        },
      ],
      2,
    );
    expect((await jobs()).map((j) => [j.key, j.due])).toEqual([
      ['callback-retry:cb-2', 2_000],
      ['callback-due:cb-1', 9_000],
    ]);
  });
});
