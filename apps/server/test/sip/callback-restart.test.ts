import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  freshStore,
  removeStores,
  startProcessNode,
  type ProcessNode,
} from '../support/process-node.js';
import { TEST_BACKENDS } from '../support/test-node.js';
import {
  callerWithKeys,
  call,
  customerPhones,
  holdQueue,
  openCallbacks,
  setStatus,
  shortPrompts,
  type AdminApi,
} from './support/callback-center.js';
import { eventually, QUEUE_ID, QUEUE_NUMBER, SIP_REALM } from './support/sip-node.js';
import { describeRun, freeSipPort, killAllSipp, tracedMessages } from './support/sipp.js';

/** The SIP port a `tsunagu serve` process picked (`--sip-port 0`), from its start-up log. */
function sipPortOf(node: ProcessNode): number {
  for (const line of node.lines) {
    if (!line.includes('SIP is listening')) continue;
    const port = (JSON.parse(line) as { udp?: number }).udp;
    if (port) return port;
  }
  throw new Error(`no SIP port in the log:\n${node.lines.join('\n')}`);
}

async function adminOf(node: ProcessNode): Promise<AdminApi> {
  return { url: node.url, cookie: await node.login(), request: node.request };
}

const nodes: ProcessNode[] = [];
const recordings = mkdtempSync(join(tmpdir(), 'tsunagu-restart-'));
afterEach(async () => {
  await killAllSipp();
  for (const node of nodes.splice(0)) {
    if (node.child.exitCode !== null || node.child.signalCode !== null) continue;
    node.kill('SIGKILL');
    await node.exited;
  }
});
afterAll(() => {
  removeStores();
  rmSync(recordings, { recursive: true, force: true });
});

/**
 * Durability of callback requests over real SIP (QCB-02, BEY-07): SIPp callers book callbacks
 * on a `tsunagu serve` process, which is killed with SIGKILL; a new process on the same data
 * calls the customers back through the trunk in the callers' first-join order.
 */
describe.each(TEST_BACKENDS)('a node killed while callbacks are pending, on %s', (backend) => {
  it('[QCB-02] [BEY-07] after SIGKILL and a restart on the same data, the pending callbacks are dialled in first-join order', async () => {
    const store = await freshStore(backend);
    const customerPort = await freeSipPort();
    const flags = {
      'sip-realm': SIP_REALM,
      'recordings-dir': recordings,
      'sip-trunks': JSON.stringify([
        {
          name: 'local',
          inboundAddresses: ['127.0.0.1'],
          outbound: { host: '127.0.0.1', port: customerPort, protocol: 'udp' },
        },
      ]),
    };
    const first = await startProcessNode(store, flags);
    nodes.push(first);
    const api = await adminOf(first);
    await shortPrompts(api);

    // They join in the order A, B, C and book in the order B, C, A (A first presses a key that
    // means nothing here). Their numbers end in 4: the customers' phones answer busy.
    const callers = [
      { from: '09010100004', steps: ['*', '1', '1'] },
      { from: '09010200004', steps: ['1', '1'] },
      { from: '09010300004', steps: ['1', '1'] },
    ];
    const runs = [];
    for (const c of callers) {
      runs.push(await callerWithKeys(sipPortOf(first), { to: QUEUE_NUMBER, holdSec: 3, ...c }));
      await eventually(
        async () => (await holdQueue(api, QUEUE_ID)).some((e) => e.customerNumber === c.from),
        `${c.from} in the queue`,
      );
    }
    for (const run of await Promise.all(runs.map((r) => r.done)))
      expect(run.code, describeRun(run)).toBe(0);
    const [a, b, c] = callers.map((x) => `+81${x.from.slice(1)}`);
    const booked = await call(api, 'GET', '/api/v1/events?types=callback.requested');
    expect(booked.body.events.map((e: { data: { number: string } }) => e.data.number)).toEqual([
      b,
      c,
      a,
    ]);
    const before = await openCallbacks(api, QUEUE_ID);
    expect(before.map((cb) => cb.number)).toEqual([a, b, c]);

    first.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    const second = await startProcessNode(store, flags);
    nodes.push(second);
    const again = await adminOf(second);
    const after = await openCallbacks(again, QUEUE_ID);
    const place = (cb: any) => [cb.callbackId, cb.number, cb.firstJoinedAt, cb.state];
    expect(after.map(place)).toEqual(before.map(place));
    expect(after.map((cb) => cb.position)).toEqual([1, 2, 3]);

    // One agent: each callback is placed when the one before is done (busy), oldest first.
    const customers = await customerPhones(customerPort, 3);
    await setStatus(again, 'agent-001', 'available');
    const run = await customers.done;
    expect(run.code, describeRun(run)).toBe(0);
    const dialled = tracedMessages(run)
      .filter((m) => !m.sent && m.text.startsWith('INVITE '))
      .map((m) => /^INVITE sip:(?:%2B|\+)(\d+)@/.exec(m.text)?.[1]);
    expect(dialled.map((d) => `+${d}`)).toEqual([a, b, c]);
    await eventually(
      async () => (await openCallbacks(again, QUEUE_ID)).length === 0,
      'every request closed',
    );
  }, 90_000);
});
