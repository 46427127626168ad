import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, TEST_BACKENDS, type TestNode } from '../support/test-node.js';
import {
  TOKYO,
  answerNextOffer,
  demoCall,
  eventually,
  expectError,
  setStatus,
  signIn,
} from './resources-helpers.js';

describe.each(TEST_BACKENDS)(
  'transfer, consultation and conference over the API on %s',
  (backend) => {
    let t: TestNode;
    let admin: string;
    let supervisor: string;
    let a1: string;
    let a2: string;
    const act = (cookie: string, path: string, body?: unknown) =>
      t.request('POST', `/api/v1/agents/${path}`, { cookie, body });
    const callRow = async (id: string) =>
      (
        await t.node.db.query<{ kind: string; agent_id: string | null; end_reason: string | null }>(
          'SELECT kind, agent_id, end_reason FROM calls WHERE id = $1',
          [id],
        )
      ).rows[0];

    beforeAll(async () => {
      t = await startTestNode(backend);
      admin = await t.login();
      supervisor = await signIn(t, 'supervisor');
      a1 = await signIn(t, 'agent', { agentId: 'agent-001' });
      a2 = await signIn(t, 'agent', { agentId: 'agent-002' });
    }, 60_000);
    afterAll(async () => {
      await t?.stop();
    });

    /** Agent 1 talks to a fresh caller; agent 2 is ready. */
    async function talking(from: string): Promise<string> {
      await setStatus(t, a1, 'agent-001', 'available');
      await demoCall(t, admin, from);
      const { callId } = await answerNextOffer(t, a1, 'agent-001');
      await setStatus(t, a2, 'agent-002', 'available');
      return callId;
    }

    async function loggedOut(): Promise<void> {
      for (const [cookie, id] of [
        [a1, 'agent-001'],
        [a2, 'agent-002'],
      ] as const) {
        const a = t.node.runner.state.agents.get(id)!;
        if (a.callId !== null) await act(cookie, `${id}/calls/${a.callId}/end-all`);
        if (t.node.runner.state.agents.get(id)!.presence === 'wrap-up')
          await act(cookie, `${id}/wrap-up/end`);
        await setStatus(t, cookie, id, 'logged-out');
      }
    }

    it('[CTI-06][AGT-07] consult, the target answers, connect: the history says transferred, and to whom', async () => {
      const callId = await talking('09011112222');
      const consult = await act(a1, `agent-001/calls/${callId}/consult`, {
        target: { kind: 'agent', agentId: 'agent-002' },
      });
      expect(consult.status, JSON.stringify(consult.body)).toBe(200);
      expect(consult.body.presence).toBe('consulting');
      const offered = await answerNextOffer(t, a2, 'agent-002');
      expect(offered.callId).toBe(callId);

      const connected = await act(a1, `agent-001/calls/${callId}/consult/connect`);
      expect(connected.status, JSON.stringify(connected.body)).toBe(200);
      expect(connected.body).toMatchObject({ callId: null, lastCallId: callId });
      const next = t.node.runner.state.agents.get('agent-002')!.callId!;
      expect(next).not.toBe(callId);
      await eventually(async () => (await callRow(callId))?.end_reason, 'first call ended');
      expect(await callRow(callId)).toEqual({
        kind: 'inbound',
        agent_id: 'agent-001',
        end_reason: 'transferred',
      });
      expect(await callRow(next)).toMatchObject({ kind: 'transfer', agent_id: 'agent-002' });
      const history = await t.request('GET', `/api/v1/centers/${TOKYO}/calls?kind=transfer`, {
        cookie: supervisor,
      });
      expect(history.status, JSON.stringify(history.body)).toBe(200);
      expect(history.body.items.map((c: { callId: string }) => c.callId)).toContain(next);
      await loggedOut();
    });

    it('[AGT-07][OUT-01] cold transfer to a queue, and conference then end for all, as a supervisor', async () => {
      const callId = await talking('09022223333');
      const toQueue = await act(supervisor, `agent-001/calls/${callId}/transfer`, {
        target: { kind: 'queue', queueId: 'support' },
      });
      expect(toQueue.status, JSON.stringify(toQueue.body)).toBe(200);
      expect(toQueue.body.callId).toBeNull();
      // The customer comes back through the queue: agent 1, first in order and free again,
      // is offered them as a transfer.
      const { callId: again } = await answerNextOffer(t, a1, 'agent-001');
      expect(t.node.runner.state.calls.get(again)?.kind).toBe('transfer');

      const consult = await act(a1, `agent-001/calls/${again}/consult`, {
        target: { kind: 'agent', agentId: 'agent-002' },
      });
      expect(consult.status, JSON.stringify(consult.body)).toBe(200);
      await answerNextOffer(t, a2, 'agent-002');
      const conference = await act(a1, `agent-001/calls/${again}/conference`);
      expect(conference.status, JSON.stringify(conference.body)).toBe(200);
      expect(conference.body.presence).toBe('on-call');
      const ended = await act(a1, `agent-001/calls/${again}/end-all`);
      expect(ended.status, JSON.stringify(ended.body)).toBe(200);
      expect(t.node.runner.state.agents.get('agent-002')).toMatchObject({
        callId: null,
        presence: 'available',
      });
      await loggedOut();
    });

    it('[AGT-07][CTI-06][SUP-02] refusals answer their catalogue codes and change nothing', async () => {
      const callId = await talking('09033334444');
      const path = `agent-001/calls/${callId}`;
      await setStatus(t, a2, 'agent-002', 'break');
      const agentTarget = { target: { kind: 'agent', agentId: 'agent-002' } };
      expectError(
        await act(a1, `${path}/transfer`, agentTarget),
        409,
        'CC_ERR_TRANSFER_TARGET_NOT_READY',
      );
      expectError(
        await act(a1, `${path}/transfer`, { target: { kind: 'number', number: '+14155550123' } }),
        400,
        'CC_ERR_NUMBER_NOT_DOMESTIC',
      );
      expectError(
        await act(a1, `${path}/consult`, { target: { kind: 'queue', queueId: 'support' } }),
        400,
        'CC_ERR_VALIDATION',
      );
      expectError(await act(a1, `${path}/consult/connect`), 409, 'CC_ERR_NO_CONSULTATION');
      expectError(await act(a2, `${path}/consult/release`), 403, 'CC_ERR_FORBIDDEN');
      expect(t.node.runner.state.agents.get('agent-001')!.presence).toBe('on-call');
      expect(t.node.runner.state.calls.get(callId)!.state).toBe('talking');
      await loggedOut();
    });
  },
);
