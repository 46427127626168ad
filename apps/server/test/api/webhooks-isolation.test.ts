import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, TEST_BACKENDS, type TestNode } from '../support/test-node.js';
import { answeredCall, startReceiver, submit, toggleStatus, until } from './events-support.js';

/** A loopback port nothing listens on: connections to it are refused at once. */
async function refusingUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return `http://127.0.0.1:${port}/hook`;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

describe.each(TEST_BACKENDS)('webhook receivers that are down, on %s', (backend) => {
  let t: TestNode;
  let admin: string;
  let hanging: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => {
    t = await startTestNode(backend);
    admin = await t.login();
    // Answers nothing, ever: each attempt ends at the worker's timeout (5 s by default).
    hanging = await startReceiver(() => undefined);
  }, 120_000);
  afterAll(async () => {
    await t?.stop();
    await hanging?.close();
  }, 60_000);

  /** Milliseconds per agent status change through the API, one after another. */
  async function statusChanges(agentId: string, n: number): Promise<number[]> {
    const out: number[] = [];
    for (let i = 0; i < n; i += 1) {
      const start = performance.now();
      const res = await t.request('POST', `/api/v1/agents/${agentId}/status`, {
        cookie: admin,
        body: { status: i % 2 === 0 ? 'break' : 'available' },
      });
      out.push(performance.now() - start);
      expect(res.status).toBe(200);
    }
    return out;
  }

  it('[BEY-04] does not slow the call path: status changes and a call complete in normal time', async () => {
    await submit(t, { type: 'agent.set-status', agentId: 'agent-005', status: 'available' });
    const baseline = await statusChanges('agent-005', 10);

    const urls = [hanging.url, hanging.url, hanging.url, await refusingUrl(), await refusingUrl()];
    for (const url of urls) {
      const res = await t.request('POST', '/api/v1/webhooks', {
        cookie: admin,
        body: { centerId: 'tokyo', url },
      });
      expect(res.status).toBe(201);
    }
    // Wake the worker so the hanging receivers hold attempts open while we measure.
    await toggleStatus(t, 'agent-004', 12);
    await until(() => hanging.requests.length >= 3, 10_000, 'attempts hanging');
    const failing = await t.node.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM webhook_deliveries WHERE status = 'pending'`,
    );
    expect(failing.rows[0]!.n).toBeGreaterThanOrEqual(50);

    const loaded = await statusChanges('agent-005', 20);
    // A call path that waited for a receiver would take the 5 s timeout at least once.
    expect(Math.max(...loaded)).toBeLessThan(1_500);
    expect(median(loaded)).toBeLessThan(median(baseline) * 3 + 100);

    const callStarted = performance.now();
    await submit(t, { type: 'agent.set-status', agentId: 'agent-005', status: 'available' });
    await answeredCall(t, 'agent-005');
    expect(performance.now() - callStarted).toBeLessThan(3_000);

    // And the receivers were failing all along: refused at once, retried with backoff.
    const refused = await t.node.db.query<{ last_error: string | null; attempts: number }>(
      `SELECT d.last_error, d.attempts FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
       WHERE w.url <> $1 AND d.attempts > 0`,
      [hanging.url],
    );
    expect(refused.rows.length).toBeGreaterThanOrEqual(2);
    expect(
      refused.rows.every((r) => r.last_error === 'ECONNREFUSED' || r.last_error === null),
    ).toBe(true);
    expect(refused.rows.some((r) => r.last_error === 'ECONNREFUSED')).toBe(true);
  });
});
