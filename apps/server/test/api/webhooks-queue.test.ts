import { afterEach, describe, expect, it } from 'vitest';
import { EventStore, openDb, type Db } from '@tsunagu/db';
import { createState, type DomainEvent } from '@tsunagu/domain';
import { EventScopes } from '../../../../packages/api/src/events/scope.js';
import {
  freshPostgresUrl,
  POSTGRES_URL,
  TEST_DATABASES,
} from '../../../../packages/db/test/support/databases.js';
import { DeliveryStore } from '../../src/server/webhooks/store.js';

const T0 = Date.UTC(2026, 0, 5, 1, 0, 0);

function requested(id: string, number: string, seq: number): DomainEvent {
  return {
    type: 'callback.requested',
    at: T0 + seq,
    callbackId: id,
    centerId: 'tokyo',
    queueId: 'support',
    number,
    callerId: '0312345678',
    requestCallId: `call-${id}`,
    firstJoinedAt: T0,
    seq,
    dueAt: null,
  };
}

const ignored = (n: number): DomainEvent => ({
  type: 'engine.input-ignored',
  at: T0 + n,
  inputType: 'test',
  reason: String(n),
});

async function addWebhook(
  db: Db,
  id: string,
  center: string,
  types: string[] | null,
  active = true,
) {
  await db.query(
    `INSERT INTO webhooks (id, center_id, url, secret, event_types, active)
     VALUES ($1, $2, 'http://127.0.0.1:9/hook', 'whsec_test', $3, $4)`,
    [id, center, types, active],
  );
}

async function deliveries(db: Db): Promise<{ webhook_id: string; event_id: number }[]> {
  const rows = await db.query<{ webhook_id: string; event_id: number | string }>(
    'SELECT webhook_id, event_id FROM webhook_deliveries ORDER BY webhook_id, event_id',
  );
  return rows.rows.map((r) => ({ webhook_id: r.webhook_id, event_id: Number(r.event_id) }));
}

const opened: Db[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.close()));
});

describe.each(TEST_DATABASES)('the webhook delivery queue on $name', (database) => {
  async function open(): Promise<Db> {
    const db = await database.open();
    opened.push(db);
    return db;
  }

  it('[BEY-04] queues a delivery per matching webhook in the same commit as the event', async () => {
    const db = await open();
    await addWebhook(db, 'wh-all', 'tokyo', null);
    await addWebhook(db, 'wh-callbacks', 'tokyo', ['callback.*']);
    await addWebhook(db, 'wh-calls', 'tokyo', ['call.ended']);
    await addWebhook(db, 'wh-off', 'tokyo', null, false);
    await addWebhook(db, 'wh-osaka', 'osaka', null);
    const state = createState();
    const scopes = new EventScopes(state);
    const store = new EventStore(db, state, { scope: (e) => scopes.of(e) });
    const ids = await store.commit([{ events: [requested('cb-1', '0901', 1)], commands: [] }], 1);
    expect(await deliveries(db)).toEqual([
      { webhook_id: 'wh-all', event_id: ids[0] },
      { webhook_id: 'wh-callbacks', event_id: ids[0] },
    ]);
  });

  it('[SUP-02] a call the node no longer knows (ended by recovery) takes its center from its row', async () => {
    const db = await open();
    await addWebhook(db, 'wh-osaka', 'osaka', ['call.ended']);
    await db.query(
      `INSERT INTO calls (id, center_id, kind, customer_number, our_number, state, created_at)
       VALUES ('c-dead', 'osaka', 'inbound', '09011112222', '0611112222', 'queued', now())`,
    );
    const ended: DomainEvent = {
      type: 'call.ended',
      at: T0,
      callId: 'c-dead',
      kind: 'inbound',
      reason: 'media-lost',
      agentId: null,
      queueId: null,
    };
    const [id] = await new EventStore(db, createState()).commit(
      [{ events: [ended], commands: [] }],
      1,
    );
    const row = await db.query<{ center_id: string; our_number: string }>(
      'SELECT center_id, our_number FROM events WHERE id = $1',
      [id!],
    );
    expect(row.rows[0]).toEqual({ center_id: 'osaka', our_number: '0611112222' });
    expect(await deliveries(db)).toEqual([{ webhook_id: 'wh-osaka', event_id: id }]);
  });

  it('[BEY-04] a commit that fails queues nothing, and one that succeeds loses nothing', async () => {
    const db = await open();
    await addWebhook(db, 'wh-all', 'tokyo', null);
    const state = createState();
    const store = new EventStore(db, state);
    await store.commit([{ events: [requested('cb-1', '0901', 1)], commands: [] }], 1);
    // The second open request for one number breaks a unique index: the whole batch rolls back.
    const failing = [
      { events: [requested('cb-2', '0902', 2)], commands: [] },
      { events: [requested('cb-3', '0901', 3)], commands: [] },
    ];
    await expect(store.commit(failing, 2)).rejects.toThrow();
    const rows = await deliveries(db);
    expect(rows).toHaveLength(1);
    const events = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM events');
    expect(events.rows[0]!.n).toBe(1);
  });

  it('[BEY-04] claims one delivery per webhook at a time, in event order, as a lease', async () => {
    const db = await open();
    await addWebhook(db, 'wh-a', 'tokyo', null);
    await addWebhook(db, 'wh-b', 'tokyo', null);
    const store = new EventStore(db, createState(), {
      scope: () => ({ centerId: 'tokyo', agentId: null, ourNumber: null }),
    });
    const ids = await store.commit(
      [{ events: [ignored(1), ignored(2), ignored(3)], commands: [] }],
      1,
    );
    const queue = new DeliveryStore(db);
    const first = await queue.claim(10, 60_000);
    expect(first.map((d) => [d.webhookId, d.event?.id, d.attempts])).toEqual([
      ['wh-a', ids[0], 1],
      ['wh-b', ids[0], 1],
    ]);
    // In flight: the next of each webhook waits for it.
    expect(await queue.claim(10, 60_000)).toEqual([]);
    await queue.delivered(first[0]!.id, 200);
    const next = await queue.claim(10, 60_000);
    expect(next.map((d) => [d.webhookId, d.event?.id])).toEqual([['wh-a', ids[1]]]);
    // A lease that ran out (its node died) makes the delivery due again, counted.
    await queue.retryLater(next[0]!.id, 0, null, 'timeout');
    const again = await queue.claim(10, 10);
    expect(again.map((d) => [d.webhookId, d.event?.id, d.attempts])).toEqual([['wh-a', ids[1], 2]]);
    await new Promise((r) => setTimeout(r, 50));
    const expired = await queue.claim(10, 60_000);
    expect(expired.map((d) => [d.webhookId, d.event?.id, d.attempts])).toEqual([
      ['wh-a', ids[1], 3],
    ]);
  });
});

describe.runIf(POSTGRES_URL)('webhook claims shared by several nodes (PostgreSQL)', () => {
  it('[BEY-04] concurrent claimers never get the same delivery', async () => {
    const url = await freshPostgresUrl();
    const nodes = await Promise.all([1, 2, 3].map(() => openDb({ url, poolSize: 3 })));
    opened.push(...nodes);
    const db = nodes[0]!;
    for (let w = 0; w < 30; w += 1) await addWebhook(db, `wh-${w}`, 'tokyo', null);
    const store = new EventStore(db, createState(), {
      scope: () => ({ centerId: 'tokyo', agentId: null, ourNumber: null }),
    });
    await store.commit([{ events: [ignored(1), ignored(2)], commands: [] }], 1);
    const queues = nodes.map((n) => new DeliveryStore(n));
    const claimed = await Promise.all(
      queues.flatMap((q) => [q.claim(7, 60_000), q.claim(7, 60_000)]),
    );
    const all = claimed.flat();
    const ids = all.map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    // One per webhook, the first event's: the second waits behind it.
    expect(new Set(all.map((d) => d.webhookId)).size).toBe(all.length);
    expect(all.length).toBe(30);
  });
});
