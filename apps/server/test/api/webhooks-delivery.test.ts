import { createHmac } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, TEST_BACKENDS, type TestNode } from '../support/test-node.js';
import { startReceiver, toggleStatus, until, type ReceivedRequest } from './events-support.js';

/** A receiver's own check of the signature header, written from the documented format. */
function signatureOk(secret: string, req: ReceivedRequest): boolean {
  const header = String(req.headers['x-tsunagu-signature']);
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  if (!m) return false;
  const expected = createHmac('sha256', secret).update(`${m[1]}.${req.body}`).digest('hex');
  return expected === m[2] && Math.abs(Date.now() / 1000 - Number(m[1])) < 60;
}

describe.each(TEST_BACKENDS)('webhook deliveries on %s', (backend) => {
  let t: TestNode;
  let admin: string;
  const cleanup: (() => Promise<unknown>)[] = [];
  beforeAll(async () => {
    t = await startTestNode(backend);
    admin = await t.login();
    // Short waits so retries happen within a test; the defaults are seconds to an hour.
    t.node.webhooks.configure({ baseDelayMs: 40, maxDelayMs: 200, pollMs: 50, timeoutMs: 2_000 });
  }, 120_000);
  afterEach(async () => {
    for (const c of cleanup.splice(0)) await c();
  });
  afterAll(async () => {
    await t?.stop();
  }, 60_000);

  async function register(url: string, body: Record<string, unknown> = {}) {
    const res = await t.request('POST', '/api/v1/webhooks', {
      cookie: admin,
      body: { centerId: 'tokyo', url, ...body },
    });
    expect(res.status).toBe(201);
    cleanup.push(() => t.request('DELETE', `/api/v1/webhooks/${res.body.id}`, { cookie: admin }));
    return res.body as { id: string; secret: string };
  }

  async function receiver(answer?: Parameters<typeof startReceiver>[0]) {
    const r = await startReceiver(answer);
    cleanup.push(() => r.close());
    return r;
  }

  const newest = async () =>
    Number(
      (await t.node.db.query<{ id: number | string }>('SELECT max(id) AS id FROM events')).rows[0]!
        .id,
    );

  const deliveriesOf = async (id: string) =>
    (await t.request('GET', `/api/v1/webhooks/${id}/deliveries`, { cookie: admin })).body
      .deliveries as any[];

  it('[BEY-04] POSTs each event as signed JSON, in event order', async () => {
    const r = await receiver();
    const hook = await register(r.url, { eventTypes: ['agent.*'] });
    const before = await newest();
    await toggleStatus(t, 'agent-001', 6);
    await until(() => r.requests.length >= 6, 10_000, 'six deliveries');
    const rows = await t.node.db.query<{ id: number | string; data: any; center_id: string }>(
      `SELECT id, data, center_id FROM events WHERE id > $1 AND type LIKE 'agent.%' ORDER BY id`,
      [before],
    );
    expect(rows.rows).toHaveLength(6);
    const bodies = r.requests.map((q) => JSON.parse(q.body));
    expect(bodies.map((b) => b.id)).toEqual(rows.rows.map((e) => Number(e.id)));
    for (const [i, q] of r.requests.entries()) {
      expect(signatureOk(hook.secret, q), q.headers['x-tsunagu-signature'] as string).toBe(true);
      expect(signatureOk('whsec_wrong', q)).toBe(false);
      expect(q.headers['content-type']).toBe('application/json');
      expect(q.headers['x-tsunagu-event-id']).toBe(String(bodies[i].id));
      expect(bodies[i]).toEqual({
        id: Number(rows.rows[i]!.id),
        type: rows.rows[i]!.data.type,
        at: new Date(rows.rows[i]!.data.at).toISOString(),
        centerId: 'tokyo',
        data: rows.rows[i]!.data,
      });
    }
    // The receiver has answered the last one; the worker records it right after.
    const listed = await until(async () => {
      const ds = await deliveriesOf(hook.id);
      return ds.every((d) => d.status === 'delivered') && ds;
    });
    expect(listed).toHaveLength(6);
    expect(listed.map((d) => d.eventId)).toEqual(bodies.map((b) => b.id).reverse());
  });

  it('[BEY-04] retries after 500s with growing waits, then succeeds; later events wait their turn', async () => {
    const r = await receiver((_q, res, n) => void res.writeHead(n <= 2 ? 500 : 204).end());
    const hook = await register(r.url, { eventTypes: ['agent.status-changed'] });
    await toggleStatus(t, 'agent-002', 3);
    await until(() => r.requests.length >= 5, 10_000, 'three attempts and two more events');
    const ids = r.requests.map((q) => Number(q.headers['x-tsunagu-event-id']));
    // The first event three times (500, 500, 204), then the others in order.
    expect(ids[0]).toBe(ids[1]);
    expect(ids[1]).toBe(ids[2]);
    expect(ids.slice(2)).toEqual([...ids.slice(2)].sort((a, b) => a - b));
    expect(r.requests.slice(0, 3).map((q) => q.headers['x-tsunagu-attempt'])).toEqual([
      '1',
      '2',
      '3',
    ]);
    expect(
      new Set(r.requests.slice(0, 3).map((q) => q.headers['x-tsunagu-delivery-id'])).size,
    ).toBe(1);
    // Equal jitter: at least half the base wait (40 ms), then at least half of twice that.
    expect(r.requests[1]!.at - r.requests[0]!.at).toBeGreaterThanOrEqual(18);
    expect(r.requests[2]!.at - r.requests[1]!.at).toBeGreaterThanOrEqual(38);
    await until(async () => (await deliveriesOf(hook.id)).every((d) => d.status === 'delivered'));
    const first = (await deliveriesOf(hook.id)).find((d) => d.eventId === ids[0]);
    expect(first).toMatchObject({
      status: 'delivered',
      attempts: 3,
      lastStatus: 204,
      lastError: null,
    });
  });

  it('[BEY-04] gives up after the last attempt and records why; an admin can send it again', async () => {
    t.node.webhooks.configure({ maxAttempts: 3 });
    cleanup.push(async () => t.node.webhooks.configure({ maxAttempts: 12 }));
    let up = false;
    const r = await receiver((_q, res) => void res.writeHead(up ? 200 : 503).end());
    const hook = await register(r.url, { eventTypes: ['agent.status-changed'] });
    await toggleStatus(t, 'agent-003', 1);
    const failed = await until(
      async () => (await deliveriesOf(hook.id)).find((d) => d.status === 'failed'),
      10_000,
      'failed',
    );
    expect(failed).toMatchObject({ attempts: 3, lastStatus: 503, lastError: 'HTTP 503' });
    expect(r.requests).toHaveLength(3);
    up = true;
    const retry = await t.request(
      'POST',
      `/api/v1/webhooks/${hook.id}/deliveries/${failed.id}/retry`,
      { cookie: admin },
    );
    expect(retry.status).toBe(204);
    await until(
      async () => (await deliveriesOf(hook.id))[0].status === 'delivered',
      10_000,
      'redelivery',
    );
    expect(r.requests).toHaveLength(4);
  });

  it('[BEY-04] a disabled webhook gets nothing, not even what was queued before it was disabled', async () => {
    let up = false;
    const off = await receiver();
    const r = await receiver((_q, res) => void res.writeHead(up ? 200 : 500).end());
    const disabled = await register(off.url, { active: false });
    const hook = await register(r.url, { eventTypes: ['agent.*'] });
    await toggleStatus(t, 'agent-004', 3);
    await until(() => r.requests.length >= 1, 10_000, 'a failing attempt');
    const patched = await t.request('PATCH', `/api/v1/webhooks/${hook.id}`, {
      cookie: admin,
      body: { active: false },
    });
    expect(patched.body.active).toBe(false);
    // An attempt already on the wire when it was disabled may still land; nothing after it.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const seen = r.requests.length;
    up = true;
    await toggleStatus(t, 'agent-004', 2);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(r.requests.length).toBe(seen);
    expect(off.requests).toEqual([]);
    expect(await deliveriesOf(disabled.id)).toEqual([]);
    const statuses = (await deliveriesOf(hook.id)).map((d) => d.status);
    expect(statuses).toEqual(Array(3).fill('cancelled'));
  });
});
