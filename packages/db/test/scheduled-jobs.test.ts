import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { timerKey, type EngineCommand, type TimerRef } from '@tsunagu/domain';
import { claimDueJobs, EventStore, openDb, type Db } from '../src/index.js';
import { freshPostgresUrl, POSTGRES_URL, TEST_DATABASES } from './support/databases.js';
import { CommittedEngine } from './support/engine-inputs.js';

const T0 = Date.UTC(2026, 0, 5, 0, 0);

const due = (n: number, at = T0): EngineCommand[] =>
  Array.from({ length: n }, (_, i) => ({
    type: 'timer.set',
    timer: { kind: 'callback-due', callbackId: `cb-${i}` },
    at: at + i,
  }));

async function schedule(db: Db, commands: EngineCommand[]): Promise<void> {
  await new EventStore(db, new CommittedEngine(db).state).commit([{ events: [], commands }], 1);
}

const opened: Db[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.close()));
});

describe.each(TEST_DATABASES)('durable timers on $name', (database) => {
  it('[BEY-02] a due callback time fires once: claimed jobs leave the table, future ones stay', async () => {
    const db = await database.open();
    opened.push(db);
    await schedule(db, [
      ...due(3),
      { type: 'timer.set', timer: { kind: 'max-wait', entryId: 'later' }, at: T0 + 60_000 },
    ]);
    const first = await claimDueJobs(db, T0 + 10);
    expect(first.map(timerKey)).toEqual([
      'callback-due:cb-0',
      'callback-due:cb-1',
      'callback-due:cb-2',
    ]);
    expect(await claimDueJobs(db, T0 + 10)).toEqual([]);
    expect((await claimDueJobs(db, T0 + 60_000)).map(timerKey)).toEqual(['max-wait:later']);
  });
});

describe.runIf(POSTGRES_URL)('durable timers shared by several nodes (PostgreSQL)', () => {
  it('[BEY-07] concurrent claimers get each due job exactly once', async () => {
    const url = await freshPostgresUrl();
    const nodes = await Promise.all([1, 2, 3].map(() => openDb({ url, poolSize: 2 })));
    opened.push(...nodes);
    await schedule(nodes[0]!, due(600));
    const claimed: TimerRef[][] = nodes.map(() => []);
    // Every node polls at once, in small batches, until the table is empty.
    await Promise.all(
      nodes.map(async (db, i) => {
        for (;;) {
          const got = await claimDueJobs(db, T0 + 1_000, 25);
          if (got.length === 0) return;
          claimed[i]!.push(...got);
        }
      }),
    );
    const keys = claimed.flat().map(timerKey);
    expect(keys).toHaveLength(600);
    expect(new Set(keys).size).toBe(600);
    // Not a single node doing all the work while the others wait on its locks.
    expect(claimed.filter((c) => c.length > 0).length).toBeGreaterThan(1);
  });

  it('[BEY-07] a claimer skips jobs another node holds instead of waiting for them (SKIP LOCKED)', async () => {
    const url = await freshPostgresUrl();
    const db = await openDb({ url, poolSize: 2 });
    opened.push(db);
    await schedule(db, due(4));
    // Another node is in the middle of claiming cb-0 and cb-1: its transaction holds their rows.
    const other = new pg.Client({ connectionString: url });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query(
        `SELECT key FROM scheduled_jobs WHERE key IN ('callback-due:cb-0', 'callback-due:cb-1') FOR UPDATE`,
      );
      const started = Date.now();
      const got = await claimDueJobs(db, T0 + 1_000);
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(got.map(timerKey).sort()).toEqual(['callback-due:cb-2', 'callback-due:cb-3']);
      await other.query('ROLLBACK');
      // Released without being claimed: the locked jobs are still there for the next poll.
      expect((await claimDueJobs(db, T0 + 1_000)).map(timerKey).sort()).toEqual([
        'callback-due:cb-0',
        'callback-due:cb-1',
      ]);
    } finally {
      await other.end();
    }
  });
});
