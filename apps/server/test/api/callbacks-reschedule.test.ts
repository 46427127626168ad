import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, TEST_BACKENDS, type TestNode } from '../support/test-node.js';
import {
  SUPPORT,
  TOKYO,
  demoCall,
  expectError,
  requestCallback,
  signIn,
} from './resources-helpers.js';

/**
 * Issue #5: supervisors list, cancel and re-time pending callback requests (none of the peers
 * can). Re-timing takes a request out of the line until the new time; "now" puts it back.
 */
describe.each(TEST_BACKENDS)('re-timing callback requests on %s', (backend) => {
  let t: TestNode;
  let admin: string;
  let supervisor: string;
  let agent: string;
  let callbackId = '';
  const list = async () => {
    const res = await t.request('GET', `/api/v1/queues/${SUPPORT}/callbacks`, {
      cookie: supervisor,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.items as any[];
  };
  const reschedule = (id: string, dueAt: string | null, cookie = supervisor) =>
    t.request('POST', `/api/v1/callbacks/${id}/reschedule`, { cookie, body: { dueAt } });

  beforeAll(async () => {
    t = await startTestNode(backend);
    admin = await t.login();
    supervisor = await signIn(t, 'supervisor');
    agent = await signIn(t, 'agent', { agentId: 'agent-001' });
    const callers = [];
    for (const from of ['09022220001', '09022220002', '09022220003'])
      callers.push(await demoCall(t, admin, from));
    callbackId = (await requestCallback(t, admin, callers[0]!)).id;
  }, 60_000);
  afterAll(async () => {
    await t?.stop();
  });

  it('[BEY-02] a supervisor moves a pending request to a later time; it leaves the line until then', async () => {
    expect((await list())[0]).toMatchObject({ callbackId, state: 'pending', position: 1 });
    const later = new Date(Date.now() + 3_600_000);
    later.setUTCMilliseconds(0);
    const res = await reschedule(callbackId, later.toISOString());
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      callbackId,
      state: 'scheduled',
      position: null,
      dueAt: later.toISOString(),
    });
    const row = await t.node.db.query<{ due_at: Date; state: string; first_joined_at: Date }>(
      'SELECT due_at, state, first_joined_at FROM callbacks WHERE id = $1',
      [callbackId],
    );
    expect(row.rows[0]!.state).toBe('scheduled');
    expect(new Date(row.rows[0]!.due_at).getTime()).toBe(later.getTime());
    expect(new Date(row.rows[0]!.first_joined_at).getTime()).toBe(later.getTime());
    const hold = await t.request('GET', `/api/v1/centers/${TOKYO}/hold-queue`, {
      cookie: supervisor,
    });
    expect(hold.status).toBe(200);
    const entries = hold.body.queues.flatMap((q: any) => q.entries);
    expect(entries.map((e: any) => e.customerNumber)).toEqual(['09022220002', '09022220003']);
  });

  it('[BEY-02] "now" puts a scheduled request back in the line, behind those already waiting', async () => {
    const res = await reschedule(callbackId, null);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ callbackId, state: 'pending', dueAt: null, position: 3 });
    const items = await list();
    expect(items.map((i) => [i.callbackId, i.position])).toEqual([[callbackId, 3]]);
    const row = await t.node.db.query<{ due_at: Date | null; state: string }>(
      'SELECT due_at, state FROM callbacks WHERE id = $1',
      [callbackId],
    );
    expect(row.rows[0]).toMatchObject({ due_at: null, state: 'pending' });
  });

  it('[BEY-02] bad times and roles are refused and change nothing', async () => {
    const before = await list();
    expectError(
      await reschedule(callbackId, new Date(Date.now() - 60_000).toISOString()),
      400,
      'CC_ERR_SCHEDULE_INVALID',
    );
    expectError(await reschedule(callbackId, 'tomorrow morning'), 400, 'CC_ERR_VALIDATION');
    expectError(
      await reschedule(callbackId, new Date(Date.now() + 60_000).toISOString(), agent),
      403,
      'CC_ERR_FORBIDDEN',
    );
    expectError(await reschedule('cb-nope', null), 404, 'CC_ERR_CALLBACK_NOT_FOUND');
    expect(await list()).toEqual(before.map((b) => ({ ...b, waitMs: expect.any(Number) })));
  });
});
