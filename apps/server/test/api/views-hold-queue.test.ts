import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, TEST_BACKENDS, type TestNode } from '../support/test-node.js';
import {
  SUPPORT,
  TOKYO,
  answerNextOffer,
  demoCall,
  eventually,
  expectError,
  requestCallback,
  setStatus,
  signIn,
} from './resources-helpers.js';

describe.each(TEST_BACKENDS)('supervisor views on %s', (backend) => {
  let t: TestNode;
  let admin: string;
  let supervisor: string;
  let a1: string;
  const callers: { legId: string; callId: string }[] = [];
  let firstJoins: string[] = [];
  const holdQueue = async (cookie = supervisor) => {
    const res = await t.request('GET', `/api/v1/centers/${TOKYO}/hold-queue?queueId=${SUPPORT}`, {
      cookie,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.queues[0];
  };

  beforeAll(async () => {
    t = await startTestNode(backend);
    admin = await t.login();
    supervisor = await signIn(t, 'supervisor');
    a1 = await signIn(t, 'agent', { agentId: 'agent-001' });
    // Nobody is available: every caller waits in the hold queue.
    for (const from of ['09011110001', '09011110002', '09011110003'])
      callers.push(await demoCall(t, admin, from));
    await eventually(
      () =>
        callers.every((c) => t.node.runner.state.calls.get(c.callId)?.state === 'queued') &&
        callers,
      'three callers on hold',
    );
  }, 60_000);
  afterAll(async () => {
    await t?.stop();
  });

  it('[HQ-05] the hold queue lists waiting callers in order with their place, wait and estimate', async () => {
    const q = await holdQueue();
    expect(q).toMatchObject({ queueId: SUPPORT, name: 'サポート', waiting: 3, callbacks: 0 });
    expect(q.entries.map((e: any) => [e.position, e.kind, e.customerNumber, e.state])).toEqual([
      [1, 'call', '09011110001', 'queued'],
      [2, 'call', '09011110002', 'queued'],
      [3, 'call', '09011110003', 'queued'],
    ]);
    expect(q.entries.map((e: any) => e.callId)).toEqual(callers.map((c) => c.callId));
    for (const e of q.entries) {
      expect(e.onHold).toBe(true);
      expect(e.waitMs).toBeGreaterThanOrEqual(0);
      expect(e.offeredTo).toBeNull();
      // Nobody staffs the queue: no honest estimate (BEY-01).
      expect(e.estimatedWaitMs).toBeNull();
    }
    expect(q.entries[0].waitMs).toBeGreaterThanOrEqual(q.entries[2].waitMs);
    expect(q.longestWaitMs).toBe(q.entries[0].waitMs);
    firstJoins = q.entries.map((e: any) => e.firstJoinedAt);
  });

  it('[HQ-05] [QCB-02] a callback request keeps the caller’s place in the hold-queue view', async () => {
    const second = callers[1]!;
    await requestCallback(t, admin, second);
    const q = await eventually(async () => {
      const view = await holdQueue();
      return view.callbacks === 1 ? view : null;
    }, 'the callback request');
    expect(q.entries.map((e: any) => [e.position, e.kind, e.customerNumber])).toEqual([
      [1, 'call', '09011110001'],
      [2, 'callback', '+819011110002'],
      [3, 'call', '09011110003'],
    ]);
    const cb = q.entries[1];
    expect(cb).toMatchObject({ callId: null, state: 'pending', ourNumber: '0312345678' });
    // Its place is the caller's first-join time, not the time of the request.
    expect(cb.firstJoinedAt).toBe(firstJoins[1]);

    const list = await t.request('GET', `/api/v1/queues/${SUPPORT}/callbacks`, {
      cookie: supervisor,
    });
    expect(list.body.items).toEqual([
      expect.objectContaining({
        callbackId: cb.callbackId,
        number: '+819011110002',
        callerId: '0312345678',
        state: 'pending',
        position: 2,
        attempts: 0,
        dueAt: null,
        requestCallId: second.callId,
        firstJoinedAt: cb.firstJoinedAt,
      }),
    ]);
    expect(list.body.items[0].waitMs).toBeGreaterThanOrEqual(0);
  });

  it('[QCB-14] a supervisor cancels a pending callback request; it ends as "no callback"', async () => {
    const { items } = (
      await t.request('GET', `/api/v1/queues/${SUPPORT}/callbacks`, { cookie: supervisor })
    ).body;
    const id = items[0].callbackId;
    expectError(
      await t.request('POST', `/api/v1/callbacks/${id}/cancel`, { cookie: a1 }),
      403,
      'CC_ERR_FORBIDDEN',
    );
    const res = await t.request('POST', `/api/v1/callbacks/${id}/cancel`, { cookie: supervisor });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ callbackId: id, outcome: 'no-callback', reason: 'cancelled' });
    expectError(
      await t.request('POST', `/api/v1/callbacks/${id}/cancel`, { cookie: supervisor }),
      404,
      'CC_ERR_CALLBACK_NOT_FOUND',
    );
    const row = await t.node.db.query<{ outcome: string }>(
      'SELECT outcome FROM callbacks WHERE id = $1',
      [id],
    );
    expect(row.rows[0]!.outcome).toBe('no-callback');
    const q = await holdQueue();
    expect(q.entries.map((e: any) => [e.position, e.customerNumber])).toEqual([
      [1, '09011110001'],
      [2, '09011110003'],
    ]);
  });

  it('[SUP-01] [AGT-09] live calls and agent status follow an offer and an answer', async () => {
    await setStatus(t, a1, 'agent-001', 'available');
    const first = callers[0]!;
    const offered = await eventually(async () => {
      const q = await holdQueue();
      return q.entries[0]?.offeredTo === 'agent-001' ? q : null;
    }, 'the first caller offered to agent-001');
    expect(offered.entries[0].callId).toBe(first.callId);
    await answerNextOffer(t, a1, 'agent-001');

    const live = await t.request('GET', `/api/v1/centers/${TOKYO}/live-calls`, {
      cookie: supervisor,
    });
    expect(live.status).toBe(200);
    const talking = live.body.items.find((c: any) => c.callId === first.callId);
    expect(talking).toMatchObject({
      kind: 'inbound',
      state: 'talking',
      queueId: SUPPORT,
      agentId: 'agent-001',
      customerNumber: '09011110001',
      ourNumber: '0312345678',
    });
    expect(talking.connectedAt).not.toBeNull();
    const waiting = live.body.items.find((c: any) => c.callId === callers[2]!.callId);
    expect(waiting).toMatchObject({ state: 'queued', agentId: null });

    const agents = await t.request('GET', `/api/v1/centers/${TOKYO}/agent-status`, {
      cookie: supervisor,
    });
    expect(agents.status).toBe(200);
    expect(agents.body.items.find((a: any) => a.agentId === 'agent-001')).toMatchObject({
      presence: 'on-call',
      callId: first.callId,
      customerNumber: '09011110001',
      queues: [SUPPORT],
    });
    expect(agents.body.items.find((a: any) => a.agentId === 'agent-002')).toMatchObject({
      presence: 'logged-out',
      callId: null,
    });
    const q = await holdQueue();
    expect(q.entries.map((e: any) => [e.position, e.customerNumber])).toEqual([[1, '09011110003']]);
  });

  it('[SUP-02] views are for supervisors of the center, and show only the caller IDs they may see', async () => {
    for (const path of ['hold-queue', 'live-calls', 'agent-status']) {
      expectError(
        await t.request('GET', `/api/v1/centers/${TOKYO}/${path}`, { cookie: a1 }),
        403,
        'CC_ERR_FORBIDDEN',
      );
    }
    const osakaNumbersOnly = await signIn(t, 'supervisor', { callerIds: ['0698765432'] });
    const q = await holdQueue(osakaNumbersOnly);
    expect(q.entries).toEqual([]);
    const live = await t.request('GET', `/api/v1/centers/${TOKYO}/live-calls`, {
      cookie: osakaNumbersOnly,
    });
    expect(live.body.items).toEqual([]);
    expectError(
      await t.request('GET', `/api/v1/centers/${TOKYO}/hold-queue?queueId=elsewhere`, {
        cookie: supervisor,
      }),
      404,
      'CC_ERR_QUEUE_NOT_FOUND',
    );
    const other = await signIn(t, 'supervisor', { centers: ['osaka'] });
    expectError(
      await t.request('GET', `/api/v1/centers/${TOKYO}/hold-queue`, { cookie: other }),
      403,
      'CC_ERR_FORBIDDEN',
    );
  });
});
