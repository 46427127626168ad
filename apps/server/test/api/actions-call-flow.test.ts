import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, TEST_BACKENDS, type TestNode } from '../support/test-node.js';
import {
  SUPPORT,
  agent,
  answerNextOffer,
  demoCall,
  eventually,
  expectError,
  setStatus,
  signIn,
} from './resources-helpers.js';

describe.each(TEST_BACKENDS)('agent actions on %s', (backend) => {
  let t: TestNode;
  let admin: string;
  let supervisor: string;
  let a1: string;
  let a2: string;
  const call = (id: string) => t.node.runner.state.calls.get(id);
  const act = (cookie: string, path: string, body?: unknown) =>
    t.request('POST', `/api/v1/agents/${path}`, { cookie, body });

  beforeAll(async () => {
    t = await startTestNode(backend);
    admin = await t.login();
    supervisor = await signIn(t, 'supervisor');
    a1 = await signIn(t, 'agent', { agentId: 'agent-001' });
    a2 = await signIn(t, 'agent', { agentId: 'agent-002' });
    // A wrap-up long enough to set the disposition in it (AGT-06).
    const res = await t.request('PATCH', `/api/v1/queues/${SUPPORT}`, {
      cookie: admin,
      body: { wrapUpSec: 120 },
    });
    expect(res.status).toBe(200);
  }, 60_000);
  afterAll(async () => {
    await t?.stop();
  });

  it('[AGT-01] [CTI-08] [AGT-06] [SUP-05] available, answer, hold, resume, hang up, disposition in wrap-up, end wrap-up', async () => {
    const ready = await setStatus(t, a1, 'agent-001', 'available');
    expect(ready.presence).toBe('available');

    const { callId: inbound } = await demoCall(t, admin, '09011112222');
    const { callId, offerId } = await answerNextOffer(t, a1, 'agent-001');
    expect(callId).toBe(inbound);
    expect(offerId).toMatch(/\S/);
    await eventually(() => call(callId)?.state === 'talking', 'talking');

    const held = await act(a1, `agent-001/calls/${callId}/hold`);
    expect(held.status, JSON.stringify(held.body)).toBe(200);
    expect(held.body.presence).toBe('on-hold');
    expect(call(callId)!.state).toBe('held');

    const resumed = await act(a1, `agent-001/calls/${callId}/resume`);
    expect(resumed.body.presence).toBe('on-call');
    expect(call(callId)!.state).toBe('talking');

    const ended = await act(a1, `agent-001/calls/${callId}/hangup`);
    expect(ended.status, JSON.stringify(ended.body)).toBe(200);
    expect(ended.body).toMatchObject({ presence: 'wrap-up', callId: null, lastCallId: callId });

    const disposed = await act(a1, `agent-001/calls/${callId}/disposition`, {
      dispositionId: 'resolved',
    });
    expect(disposed.status, JSON.stringify(disposed.body)).toBe(200);
    const row = await t.node.db.query<{ disposition_id: string; end_reason: string }>(
      'SELECT disposition_id, end_reason FROM calls WHERE id = $1',
      [callId],
    );
    expect(row.rows[0]).toEqual({ disposition_id: 'resolved', end_reason: 'agent-hangup' });

    const back = await act(a1, 'agent-001/wrap-up/end');
    expect(back.body.presence).toBe('available');

    // AGT-01: every change is logged with its time and reason.
    const busy = await setStatus(t, a1, 'agent-001', 'busy', 'ticket processing');
    expect(busy).toMatchObject({ presence: 'busy', reason: 'ticket processing' });
    const log = await t.node.db.query<{ to_state: string; reason: string | null }>(
      `SELECT to_state, reason FROM agent_status_log WHERE agent_id = $1 ORDER BY id`,
      ['agent-001'],
    );
    expect(log.rows.map((r) => r.to_state)).toEqual([
      'available',
      'ringing',
      'on-call',
      'on-hold',
      'on-call',
      'wrap-up',
      'available',
      'busy',
    ]);
    expect(log.rows.at(-1)!.reason).toBe('ticket processing');
    await setStatus(t, a1, 'agent-001', 'logged-out');
  });

  it('[AGT-03] a rejected offer sets the agent off duty and goes to the next agent', async () => {
    await setStatus(t, a1, 'agent-001', 'available');
    await setStatus(t, a2, 'agent-002', 'available');
    const { callId } = await demoCall(t, admin, '09022223333');
    const offerId = await eventually(
      async () => (await agent(t, a1, 'agent-001')).offerId,
      'offer',
    );
    const rejected = await act(a1, `agent-001/offers/${offerId}/reject`);
    expect(rejected.status, JSON.stringify(rejected.body)).toBe(200);
    expect(rejected.body.presence).toBe('off-duty');
    const next = await answerNextOffer(t, a2, 'agent-002');
    expect(next.callId).toBe(callId);
    expectError(await act(a1, `agent-001/offers/${offerId}/answer`), 404, 'CC_ERR_OFFER_NOT_FOUND');
    await act(a2, `agent-002/calls/${callId}/hangup`);
    await act(a2, 'agent-002/wrap-up/end');
    await setStatus(t, a2, 'agent-002', 'logged-out');
    await setStatus(t, a1, 'agent-001', 'logged-out');
  });

  it('[AGT-01] refused actions answer their catalogue status and change nothing', async () => {
    await setStatus(t, a1, 'agent-001', 'available');
    expectError(await act(a1, 'agent-001/calls/call-x/hold'), 404, 'CC_ERR_CALL_NOT_FOUND');
    expectError(await act(a1, 'agent-001/wrap-up/end'), 409, 'CC_ERR_NOT_IN_WRAP_UP');
    expectError(await act(a1, 'agent-001/offers/nope/answer'), 404, 'CC_ERR_OFFER_NOT_FOUND');
    expectError(await act(a1, 'agent-001/status', { status: 'on-call' }), 400, 'CC_ERR_VALIDATION');
    expectError(
      await act(a1, 'agent-001/status', { status: 'busy', reason: 'x'.repeat(201) }),
      400,
      'CC_ERR_VALIDATION',
    );

    const { callId } = await demoCall(t, admin, '09033334444');
    await answerNextOffer(t, a1, 'agent-001');
    expectError(await act(a1, 'agent-001/status', { status: 'break' }), 409, 'CC_ERR_AGENT_BUSY');
    expectError(
      await act(a1, `agent-001/calls/${callId}/resume`),
      409,
      'CC_ERR_ILLEGAL_TRANSITION',
    );
    expectError(
      await act(a1, `agent-001/calls/${callId}/disposition`, { dispositionId: 'nope' }),
      400,
      'CC_ERR_DISPOSITION_UNKNOWN',
    );
    expect((await agent(t, a1, 'agent-001')).presence).toBe('on-call');
    expect(call(callId)!.dispositionId).toBeNull();
    await act(a1, `agent-001/calls/${callId}/hangup`);
    await act(a1, 'agent-001/wrap-up/end');
    await setStatus(t, a1, 'agent-001', 'logged-out');
  });

  it('[SUP-02] an agent acts only for themself; a supervisor of the center may act for any agent', async () => {
    expectError(
      await act(a1, 'agent-002/status', { status: 'available' }),
      403,
      'CC_ERR_FORBIDDEN',
    );
    expect((await agent(t, admin, 'agent-002')).presence).toBe('logged-out');
    const bySupervisor = await act(supervisor, 'agent-002/status', { status: 'break' });
    expect(bySupervisor.status).toBe(200);
    expect(bySupervisor.body.presence).toBe('break');
    await act(supervisor, 'agent-002/status', { status: 'logged-out' });
    expectError(
      await act(supervisor, 'ghost/status', { status: 'available' }),
      404,
      'CC_ERR_AGENT_NOT_FOUND',
    );
  });

  it('[AGT-05] dial out with an allowed caller ID, remembered next time; off duty stays off duty', async () => {
    const osakaOnly = await signIn(t, 'agent', {
      agentId: 'agent-003',
      callerIds: ['0698765432'],
    });
    await setStatus(t, osakaOnly, 'agent-003', 'available');
    expectError(
      await act(osakaOnly, 'agent-003/dial', { to: '0312223333', callerId: '0312345678' }),
      403,
      'CC_ERR_CALLER_ID_NOT_ALLOWED',
    );
    expect((await agent(t, osakaOnly, 'agent-003')).callId).toBeNull();
    expectError(
      await act(osakaOnly, 'agent-003/dial', { to: 'not a number', callerId: '0698765432' }),
      400,
      'CC_ERR_VALIDATION',
    );

    const dialled = await act(osakaOnly, 'agent-003/dial', {
      to: '0312223333',
      callerId: '0698765432',
    });
    expect(dialled.status, JSON.stringify(dialled.body)).toBe(200);
    expect(dialled.body).toMatchObject({ presence: 'dialing', lastCallerId: '0698765432' });
    const first = dialled.body.callId as string;
    expect(call(first)).toMatchObject({ kind: 'outbound', ourNumber: '0698765432' });
    await act(osakaOnly, `agent-003/calls/${first}/hangup`);
    await eventually(async () => (await agent(t, osakaOnly, 'agent-003')).callId === null, 'end');

    await setStatus(t, osakaOnly, 'agent-003', 'off-duty');
    const again = await act(osakaOnly, 'agent-003/dial', { to: '0312224444' });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body.presence).toBe('off-duty');
    expect(call(again.body.callId)!.ourNumber).toBe('0698765432');
    await act(osakaOnly, `agent-003/calls/${again.body.callId}/hangup`);
  });
});
