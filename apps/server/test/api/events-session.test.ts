import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventStore, type Db } from '@tsunagu/db';
import { createState, type DomainEvent } from '@tsunagu/domain';
import { EventScopes } from '../../../../packages/api/src/events/scope.js';
import {
  StreamSession,
  type StreamSink,
} from '../../../../packages/api/src/events/stream-session.js';
import { TEST_DATABASES } from '../../../../packages/db/test/support/databases.js';
import { LocalEventBus } from '../../src/server/bus.js';

const ALL = { centers: 'all', numbers: 'all', personal: null, types: null } as const;

function recordingSink(backlog = () => 0) {
  const got: number[] = [];
  const closed: { code: number; reason: string }[] = [];
  const sink: StreamSink = {
    send: (id, json) => {
      expect(JSON.parse(json).id).toBe(id);
      got.push(id);
    },
    buffered: backlog,
    close: (code, reason) => void closed.push({ code, reason }),
  };
  return { sink, got, closed };
}

describe.each(TEST_DATABASES)('a stream session catching up on $name', (database) => {
  let db: Db;
  let store: EventStore;
  const bus = new LocalEventBus();
  const state = createState();
  const scopes = new EventScopes(state);
  let seq = 0;

  /** Commits `n` events one batch at a time and publishes each after its commit, as a node does. */
  async function produce(n: number, pause = false): Promise<number[]> {
    const out: number[] = [];
    for (let i = 0; i < n; i += 1) {
      const event: DomainEvent = {
        type: 'engine.input-ignored',
        at: 1_700_000_000_000 + i,
        inputType: 'test',
        reason: `n${i}`,
      };
      const [id] = await store.commit([{ events: [event], commands: [] }], ++seq);
      bus.publish({ id: id!, event });
      out.push(id!);
      if (pause) await new Promise((r) => setImmediate(r));
    }
    return out;
  }

  beforeAll(async () => {
    db = await database.open();
    store = new EventStore(db, state, { scope: (e) => scopes.of(e) });
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  it('[BEY-04] resumes across many pages while events keep coming, dropping and re-reading what it cannot hold', async () => {
    const before = await produce(25);
    const { sink, got, closed } = recordingSink();
    const session = new StreamSession({ db, bus, scopes }, ALL, sink, before[4]!, {
      replayPage: 3,
      maxHeld: 2,
      maxBacklogBytes: 1 << 20,
    });
    const during = produce(40, true);
    await session.start();
    const after = [...(await during), ...(await produce(5))];
    expect(got).toEqual([...before.slice(5), ...after]);
    expect(closed).toEqual([]);
    session.close(1000, 'done');
  });

  it('[BEY-04] events dropped while the last page was being read are read again, not lost', async () => {
    const from = (await produce(1))[0]!;
    let inject = 3;
    // Three events commit and publish after the read's snapshot, more than the session holds.
    const reads: Db = {
      kind: db.kind,
      transaction: (work) => db.transaction(work),
      runScript: (statements) => db.runScript(statements),
      close: () => db.close(),
      async query(sql, params) {
        const result = await db.query(sql, params);
        if (inject > 0 && /FROM events\s+WHERE id >/.test(sql)) {
          const n = inject;
          inject = 0;
          await produce(n);
        }
        return result as never;
      },
    };
    const { sink, got } = recordingSink();
    const session = new StreamSession({ db: reads, bus, scopes }, ALL, sink, from, {
      replayPage: 10,
      maxHeld: 2,
      maxBacklogBytes: 1 << 20,
    });
    await session.start();
    const rows = await db.query<{ id: number | string }>(
      'SELECT id FROM events WHERE id > $1 ORDER BY id',
      [from],
    );
    expect(rows.rows.length).toBe(3);
    expect(got).toEqual(rows.rows.map((r) => Number(r.id)));
    session.close(1000, 'done');
  });

  it('[BEY-04] a live-only session (no last id) sends only what is published after it subscribed', async () => {
    await produce(3);
    const { sink, got } = recordingSink();
    const session = new StreamSession({ db, bus, scopes }, ALL, sink, null);
    await session.start();
    const later = await produce(4);
    expect(got).toEqual(later);
    session.close(1000, 'done');
    await produce(1);
    expect(got).toEqual(later);
  });

  it('[BEY-04] disconnects a consumer too far behind, so it resumes from its last id', async () => {
    let backlog = 0;
    const { sink, got, closed } = recordingSink(() => backlog);
    const session = new StreamSession({ db, bus, scopes }, ALL, sink, null, {
      replayPage: 10,
      maxHeld: 10,
      maxBacklogBytes: 1000,
    });
    await session.start();
    const first = await produce(2);
    backlog = 5000;
    await produce(2);
    expect(got).toEqual(first);
    expect(closed).toEqual([{ code: 4008, reason: 'too far behind; resume with lastEventId' }]);
    expect(session.closed).toBe(true);
  });
});
