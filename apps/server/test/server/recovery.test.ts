import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { TEST_BACKENDS } from '../support/test-node.js';
import {
  eventually,
  freshStore,
  removeStores,
  startProcessNode,
  type ProcessNode,
} from '../support/process-node.js';

const QUEUE_NUMBER = '0312345678';
const AGENT = 'agent-001';

interface Entry {
  entryId: string;
  position: number;
  kind: 'call' | 'callback';
  callId: string | null;
  callbackId: string | null;
  customerNumber: string;
  firstJoinedAt: string;
  state: string;
}

/** The support queue's hold-queue view (HQ-05): waiting callers and callback requests in order. */
async function holdQueue(node: ProcessNode, cookie: string): Promise<Entry[]> {
  const res = await node.request('GET', '/api/v1/centers/tokyo/hold-queue?queueId=support', {
    cookie,
  });
  expect(res.status).toBe(200);
  return res.body.queues[0].entries;
}

async function placeCall(node: ProcessNode, cookie: string, from: string) {
  const res = await node.request('POST', '/api/v1/demo/calls', {
    cookie,
    body: { from, to: QUEUE_NUMBER },
  });
  expect(res.status).toBe(201);
  const { legId, callId } = res.body as { legId: string; callId: string };
  // Wait until the caller holds a place, so each caller joins at its own time.
  const entry = await eventually(
    async () => (await holdQueue(node, cookie)).find((e) => e.callId === callId),
    `${from} in the hold queue`,
  );
  return { legId, callId, entryId: entry.entryId };
}

/** The caller presses the callback key, then 1 in the confirmation menu (QCB-02). */
async function requestCallback(
  node: ProcessNode,
  cookie: string,
  call: { legId: string; callId: string; entryId: string },
) {
  const { legId, callId, entryId } = call;
  const press = (digits: string) =>
    node.request('POST', `/api/v1/demo/calls/${legId}/keys`, { cookie, body: { digits } });
  expect((await press('1')).status).toBe(202);
  // The menu is committed (calls table), so its digit collection has started: the engine's
  // state alone would say 'menu' before the collect command runs (ADR 10).
  await eventually(async () => {
    const res = await node.request('GET', '/api/v1/centers/tokyo/calls?kind=inbound', { cookie });
    const row = res.body.items.find((c: { callId: string }) => c.callId === callId);
    return row?.state === 'menu' ? true : undefined;
  }, 'the callback confirmation menu');
  expect((await press('1')).status).toBe(202);
  await eventually(
    async () =>
      (await holdQueue(node, cookie)).find((e) => e.entryId === entryId)?.kind === 'callback'
        ? true
        : undefined,
    'the callback request',
  );
}

const nodes: ProcessNode[] = [];
afterEach(async (ctx) => {
  if (process.env.DUMP_LOGS && ctx.task.result?.state === 'fail')
    for (const node of nodes)
      console.log(
        node.lines
          .filter((l) => !l.includes('hold-queue') && !l.includes('request completed'))
          .slice(-60)
          .join('\n'),
      );
  for (const node of nodes.splice(0)) {
    if (node.child.exitCode !== null || node.child.signalCode !== null) continue;
    node.kill('SIGKILL');
    await node.exited;
  }
});
afterAll(() => removeStores());

describe.each(TEST_BACKENDS)('a node killed with SIGKILL, on %s', (backend) => {
  it('[QCB-02] [BEY-07] keeps every pending callback at its place, ends dead calls with media-lost, and serves the callbacks in order', async () => {
    const store = await freshStore(backend);
    const first = await startProcessNode(store);
    nodes.push(first);
    let cookie = await first.login();

    // Nobody is available (the demo agents start logged out): five callers wait.
    const callers = ['09011110001', '09011110002', '09011110003', '09011110004', '09011110005'];
    const calls: Awaited<ReturnType<typeof placeCall>>[] = [];
    for (const from of callers) calls.push(await placeCall(first, cookie, from));
    // Callers 4, 1 and 3 ask for a callback, in that order; 2 and 5 keep waiting on the line.
    for (const i of [3, 0, 2]) await requestCallback(first, cookie, calls[i]!);

    const before = await holdQueue(first, cookie);
    expect(before.map((e) => [e.kind, e.customerNumber])).toEqual([
      ['callback', '+819011110001'],
      ['call', '09011110002'],
      ['callback', '+819011110003'],
      ['callback', '+819011110004'],
      ['call', '09011110005'],
    ]);
    const pendingBefore = before.filter((e) => e.kind === 'callback');
    // The callers who asked hear their confirmation and hang up; the other two stay on.
    const endReasons = async () => {
      const res = await first.request('GET', '/api/v1/centers/tokyo/calls?kind=inbound', {
        cookie,
      });
      return new Map<string, string | null>(
        res.body.items.map((c: { callId: string; endReason: string | null }) => [
          c.callId,
          c.endReason,
        ]),
      );
    };
    await eventually(async () => {
      const reasons = await endReasons();
      return [0, 2, 3].every((i) => reasons.get(calls[i]!.callId) === 'callback-requested')
        ? true
        : undefined;
    }, 'the callback requests to hang up');
    expect((await endReasons()).get(calls[1]!.callId)).toBeNull();

    first.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');

    const second = await startProcessNode(store);
    nodes.push(second);
    cookie = await second.login();

    // Every pending callback is back, in the same order, at the same place (first-join time).
    const after = await holdQueue(second, cookie);
    expect(after.map((e) => [e.kind, e.callbackId, e.customerNumber, e.firstJoinedAt])).toEqual(
      pendingBefore.map((e) => ['callback', e.callbackId, e.customerNumber, e.firstJoinedAt]),
    );
    expect(after.map((e) => [e.position, e.state])).toEqual([
      [1, 'pending'],
      [2, 'pending'],
      [3, 'pending'],
    ]);

    // The two callers who were on the line lost their media with the process.
    const history = await second.request('GET', '/api/v1/centers/tokyo/calls?kind=inbound', {
      cookie,
    });
    expect(history.status).toBe(200);
    const reasons = new Map<string, string>(
      history.body.items.map((c: { callId: string; endReason: string }) => [c.callId, c.endReason]),
    );
    expect(reasons.get(calls[1]!.callId)).toBe('media-lost');
    expect(reasons.get(calls[4]!.callId)).toBe('media-lost');
    for (const i of [0, 2, 3]) expect(reasons.get(calls[i]!.callId)).toBe('callback-requested');

    // An agent becomes available: the callbacks are served oldest first.
    const served: string[] = [];
    const status = await second.request('POST', `/api/v1/agents/${AGENT}/status`, {
      cookie,
      body: { status: 'available' },
    });
    expect(status.status).toBe(200);
    for (let n = 0; n < pendingBefore.length; n += 1) {
      // The customer is dialled, answers, presses 1; then the agent is offered the call.
      const offered = await eventually(
        async () => {
          const res = await second.request('GET', `/api/v1/agents/${AGENT}`, { cookie });
          return res.body.offerId ? (res.body as { offerId: string }) : undefined;
        },
        `offer ${n + 1} to the agent`,
      );
      const line = await holdQueue(second, cookie);
      const serving = line.find((e) => e.state === 'waiting-agent');
      expect(serving?.entryId).toBe(line[0]!.entryId);
      served.push(serving!.callbackId!);
      // The rest are still waiting at their places.
      expect(line.slice(1).every((e) => e.state === 'pending')).toBe(true);
      const answer = await second.request(
        'POST',
        `/api/v1/agents/${AGENT}/offers/${offered.offerId}/answer`,
        { cookie },
      );
      expect(answer.status).toBe(200);
      const talking = await eventually(async () => {
        const res = await second.request('GET', `/api/v1/agents/${AGENT}`, { cookie });
        return res.body.presence === 'on-call' ? (res.body as { callId: string }) : undefined;
      }, 'the agent on the call');
      const hangup = await second.request(
        'POST',
        `/api/v1/agents/${AGENT}/calls/${talking.callId}/hangup`,
        { cookie },
      );
      expect(hangup.status).toBe(200);
    }
    expect(served).toEqual(pendingBefore.map((e) => e.callbackId));
    await eventually(
      async () => ((await holdQueue(second, cookie)).length === 0 ? true : undefined),
      'an empty hold queue',
    );

    second.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
  }, 180_000);
});
