import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, type TestNode } from '../support/test-node.js';
import {
  answerNextOffer,
  demoCall,
  eventually,
  expectError,
  setStatus,
  signIn,
} from './resources-helpers.js';

describe('the agent keypad (OUT-01)', () => {
  let t: TestNode;
  let admin: string;
  let a1: string;
  let a2: string;
  const dtmf = (cookie: string, agentId: string, callId: string, digits: unknown) =>
    t.request('POST', `/api/v1/agents/${agentId}/calls/${callId}/dtmf`, {
      cookie,
      body: { digits },
    });

  beforeAll(async () => {
    t = await startTestNode('pglite');
    admin = await t.login();
    a1 = await signIn(t, 'agent', { agentId: 'agent-001' });
    a2 = await signIn(t, 'agent', { agentId: 'agent-002' });
  }, 60_000);
  afterAll(async () => {
    await t?.stop();
  });

  it('[OUT-01] keys go to the customer and into the call history; bad keys and other agents are refused', async () => {
    await setStatus(t, a1, 'agent-001', 'available');
    await demoCall(t, admin, '09055556666');
    const { callId } = await answerNextOffer(t, a1, 'agent-001');

    const sent = await dtmf(a1, 'agent-001', callId, '12#*A');
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(sent.body.presence).toBe('on-call');
    const row = await eventually(
      async () =>
        (
          await t.node.db.query<{ agent_id: string; data: { digits: string } }>(
            `SELECT agent_id, data FROM events WHERE type = 'call.dtmf-sent' AND call_id = $1`,
            [callId],
          )
        ).rows[0],
      'call.dtmf-sent stored',
    );
    expect(row.agent_id).toBe('agent-001');
    expect(row.data.digits).toBe('12#*A');

    expectError(await dtmf(a1, 'agent-001', callId, '12x'), 400, 'CC_ERR_VALIDATION');
    expectError(await dtmf(a1, 'agent-001', callId, '1'.repeat(33)), 400, 'CC_ERR_VALIDATION');
    // Another agent cannot press keys on this agent's call, nor on their own behalf.
    expectError(await dtmf(a2, 'agent-001', callId, '1'), 403, 'CC_ERR_FORBIDDEN');
    expectError(await dtmf(a2, 'agent-002', callId, '1'), 409, 'CC_ERR_AGENT_NOT_ON_CALL');
  });
});
