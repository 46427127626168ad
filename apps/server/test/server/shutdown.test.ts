import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startTestNode } from '../support/test-node.js';
import {
  eventually,
  freshStore,
  removeStores,
  startProcessNode,
  type ProcessNode,
} from '../support/process-node.js';

const AGENT = 'agent-001';

const nodes: ProcessNode[] = [];
afterEach(async () => {
  for (const node of nodes.splice(0)) {
    if (node.child.exitCode !== null || node.child.signalCode !== null) continue;
    node.kill('SIGKILL');
    await node.exited;
  }
});
afterAll(() => removeStores());

async function agent(node: ProcessNode, cookie: string) {
  return (await node.request('GET', `/api/v1/agents/${AGENT}`, { cookie })).body as {
    presence: string;
    offerId: string | null;
    callId: string | null;
  };
}

/** An agent available, a caller connected to them: one live call in progress. */
async function liveCall(node: ProcessNode, cookie: string): Promise<string> {
  const status = await node.request('POST', `/api/v1/agents/${AGENT}/status`, {
    cookie,
    body: { status: 'available' },
  });
  expect(status.status).toBe(200);
  const placed = await node.request('POST', '/api/v1/demo/calls', {
    cookie,
    body: { from: '09011112222', to: '0312345678' },
  });
  expect(placed.status).toBe(201);
  const offer = await eventually(
    async () => (await agent(node, cookie)).offerId ?? undefined,
    'the offer',
  );
  const answer = await node.request('POST', `/api/v1/agents/${AGENT}/offers/${offer}/answer`, {
    cookie,
  });
  expect(answer.status).toBe(200);
  return eventually(async () => {
    const a = await agent(node, cookie);
    return a.presence === 'on-call' ? a.callId! : undefined;
  }, 'the agent on the call');
}

describe('graceful shutdown of a real process (SIGTERM)', () => {
  it('[BEY-07] stops taking calls, lets the live call finish, then exits 0', async () => {
    const node = await startProcessNode(await freshStore('pglite'), { 'drain-timeout-sec': '60' });
    nodes.push(node);
    const cookie = await node.login();
    const callId = await liveCall(node, cookie);
    expect((await node.request('GET', '/readyz')).status).toBe(200);

    node.kill('SIGTERM');
    // Not ready any more (load balancers stop sending), still alive, still serving the API.
    const ready = await eventually(async () => {
      const res = await node.request('GET', '/readyz');
      return res.status === 503 ? res : undefined;
    }, 'readiness to turn 503');
    expect(ready.body.error.code).toBe('CC_ERR_UNAVAILABLE');
    expect(ready.body.error.details).toMatchObject({ draining: true });
    expect((await node.request('GET', '/healthz')).status).toBe(200);

    // A new caller is refused at the door: the leg is hung up and never becomes a call.
    const refused = await node.request('POST', '/api/v1/demo/calls', {
      cookie,
      body: { from: '09033334444', to: '0312345678' },
    });
    expect(refused.status).toBe(201);
    expect(refused.body.callId).toBeNull();
    const keys = await node.request('POST', `/api/v1/demo/calls/${refused.body.legId}/keys`, {
      cookie,
      body: { digits: '1' },
    });
    expect(keys.status).toBe(404);
    expect(node.lines.some((l) => l.includes('"reason":"draining"') && l.includes('refused'))).toBe(
      true,
    );

    // The live call goes on during the drain.
    await new Promise((r) => setTimeout(r, 1_500));
    expect(node.child.exitCode).toBeNull();
    expect(await agent(node, cookie)).toMatchObject({ presence: 'on-call', callId });

    // It ends; the node closes and exits cleanly.
    const hangup = await node.request('POST', `/api/v1/agents/${AGENT}/calls/${callId}/hangup`, {
      cookie,
    });
    expect(hangup.status).toBe(200);
    const ended = Date.now();
    expect(await node.exited).toEqual({ code: 0, signal: null });
    expect(Date.now() - ended).toBeLessThan(10_000);
  }, 90_000);

  it('[BEY-07] closes at the drain timeout when a call does not end, and the restart ends it as media-lost', async () => {
    const store = await freshStore('pglite');
    const node = await startProcessNode(store, { 'drain-timeout-sec': '2' });
    nodes.push(node);
    const cookie = await node.login();
    const callId = await liveCall(node, cookie);
    const signalled = Date.now();
    node.kill('SIGTERM');
    expect((await node.exited).code).toBe(0);
    expect(Date.now() - signalled).toBeGreaterThanOrEqual(2_000);
    expect(node.lines.some((l) => l.includes('drain timeout'))).toBe(true);

    const again = await startProcessNode(store);
    nodes.push(again);
    const cookie2 = await again.login();
    const history = await again.request('GET', '/api/v1/centers/tokyo/calls', { cookie: cookie2 });
    const call = history.body.items.find((c: { callId: string }) => c.callId === callId);
    expect(call).toMatchObject({ state: 'ended', endReason: 'media-lost' });
    again.kill('SIGTERM');
    expect((await again.exited).code).toBe(0);
  }, 90_000);
});

describe('admission control', () => {
  it('refuses new inbound calls above --max-calls and counts them', async () => {
    const t = await startTestNode('pglite', { 'max-calls': '2' });
    try {
      const telephony = t.node.virtual;
      const script = { patienceMs: Infinity, talkMs: Infinity };
      const legs = ['09011110001', '09011110002', '09011110003'].map((from) =>
        telephony.placeCall(from, '0312345678', script),
      );
      await new Promise((r) => setTimeout(r, 500));
      await t.node.runner.flush();
      expect(t.node.runner.state.calls.size).toBe(2);
      expect(legs.map((id) => telephony.legs.get(id)!.state === 'ended')).toEqual([
        false,
        false,
        true,
      ]);
      const cookie = await t.login();
      const metrics = await t.request('GET', '/metrics', { cookie });
      expect(metrics.body).toContain('tsunagu_calls_refused_total{reason="capacity"} 1');
      // Room again once a call ends.
      telephony.hangupFromParty(legs[0]!);
      await new Promise((r) => setTimeout(r, 300));
      const next = telephony.placeCall('09011110004', '0312345678', script);
      await new Promise((r) => setTimeout(r, 300));
      expect(telephony.legs.get(next)!.state).not.toBe('ended');
    } finally {
      await t.stop();
    }
  }, 60_000);
});
