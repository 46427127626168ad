import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { answeringPhone, countersOf, LegWatcher, registeredPhone } from './support/phone.js';
import {
  QUEUE_NUMBER,
  eventOf,
  eventually,
  setAgentStatus,
  startSipNode,
} from './support/sip-node.js';
import type { SipTestNode } from './support/sip-node.js';
import { describeRun, killAllSipp, received, startSipp } from './support/sipp.js';

/** Agents on SIP desk phones (SIPp UAS) taking calls from SIPp callers through the node. */
describe('an agent on a SIP desk phone', () => {
  let n: SipTestNode;
  let watcher: LegWatcher | undefined;

  beforeAll(async () => {
    n = await startSipNode();
  }, 60_000);
  afterEach(async () => {
    watcher?.stop();
    await killAllSipp();
    // One agent available at a time: the next test's agent gets the next call.
    for (const id of ['agent-001', 'agent-002', 'agent-003']) {
      await n.t.request('POST', `/api/v1/agents/${id}/status`, {
        cookie: n.admin,
        body: { status: 'logged-out' },
      });
    }
  });
  afterAll(async () => {
    await killAllSipp();
    await n?.stop();
  });

  const callQueue = (scenario: string, caller: string) =>
    startSipp({
      scenario,
      remote: { host: '127.0.0.1', port: n.port },
      service: QUEUE_NUMBER,
      keys: { caller },
      rtpEcho: true,
      timeoutSec: 60,
    });

  it('[CTI-03] the registered phone rings with the customer’s number, answers, and RTP flows both ways', async () => {
    const phone = await registeredPhone(n, 'agent-001', '1001');
    // Operators see registrations on /metrics.
    const metrics = await n.t.request('GET', '/metrics', { cookie: n.admin });
    expect(String(metrics.body)).toMatch(/^tsunagu_sip_registered_phones [1-9]/m);
    const answering = await answeringPhone(phone, 'phone-talk.xml', { pauseMs: 4000 });
    await setAgentStatus(n, 'agent-001', 'available');
    watcher = new LegWatcher(n);
    const caller = await callQueue('caller-waits.xml', '0312342222');

    const phoneRun = await answering.done;
    expect(phoneRun.code, describeRun(phoneRun)).toBe(0);
    const callerRun = await caller.done;
    expect(callerRun.code, describeRun(callerRun)).toBe(0);

    const invite = received(phoneRun, /^INVITE /);
    expect(invite, describeRun(phoneRun)).toMatch(/^From: "[^"\r\n]*312342222[^"\r\n]*"/m);
    const customer = countersOf(watcher.inbound());
    const agent = countersOf(watcher.outbound());
    expect(customer.sent, 'RTP to the caller').toBeGreaterThan(0);
    expect(customer.received, 'RTP from the caller').toBeGreaterThan(0);
    expect(agent.sent, 'RTP to the phone').toBeGreaterThan(0);
    expect(agent.received, 'RTP from the phone').toBeGreaterThan(0);

    const created = eventOf(n, 'call.created', (e) => e.customerNumber === '0312342222');
    const ended = await eventually(
      () => eventOf(n, 'call.ended', (e) => e.callId === created?.callId),
      'call.ended',
    );
    expect(ended.reason).toBe('agent-hangup');
    await eventually(() => n.callCount() === 0, 'no calls left');
  }, 90_000);

  it('[CTI-08] hold and resume by re-INVITE from the phone: held, the caller hears music, then talking', async () => {
    const phone = await registeredPhone(n, 'agent-002', '1002');
    const answering = await answeringPhone(phone, 'phone-hold.xml', { pauseMs: 4000 });
    await setAgentStatus(n, 'agent-002', 'available');
    watcher = new LegWatcher(n);
    const caller = await callQueue('caller-waits.xml', '0312343333');

    const callId = await eventually(
      () => eventOf(n, 'call.created', (e) => e.customerNumber === '0312343333')?.callId,
      'the call',
    );
    const state = () => n.t.node.runner.state.calls.get(callId)?.state;
    await eventually(() => state() === 'held', 'held', 30_000);
    const customerBefore = countersOf(watcher.inbound());
    const agentBefore = countersOf(watcher.outbound());
    await new Promise((r) => setTimeout(r, 1000));
    const customerAfter = countersOf(watcher.inbound());
    const agentAfter = countersOf(watcher.outbound());
    expect(state(), 'still held while measuring').toBe('held');
    // Music to the caller (50 packets a second); nothing to the phone that asked for sendonly.
    expect(customerAfter.sent - customerBefore.sent).toBeGreaterThan(20);
    expect(agentAfter.sent - agentBefore.sent).toBeLessThanOrEqual(2);

    await eventually(
      () =>
        eventOf(
          n,
          'call.state-changed',
          (e) => e.callId === callId && e.from === 'held' && e.to === 'talking',
        ),
      'talking again',
      30_000,
    );
    const phoneRun = await answering.done;
    expect(phoneRun.code, describeRun(phoneRun)).toBe(0);
    const callerRun = await caller.done;
    expect(callerRun.code, describeRun(callerRun)).toBe(0);
    await eventually(() => n.callCount() === 0, 'no calls left');
  }, 90_000);

  it('[AGT-07] a blind transfer by REFER from the phone: 202 and NOTIFY to the phone, REFER to the caller, the call ends transferred', async () => {
    const phone = await registeredPhone(n, 'agent-003', '1003');
    const answering = await answeringPhone(phone, 'phone-transfer.xml', {
      pauseMs: 3000,
      keys: { target: '0399990000' },
    });
    await setAgentStatus(n, 'agent-003', 'available');
    const caller = await callQueue('caller-transferred.xml', '0312344444');

    const phoneRun = await answering.done;
    expect(phoneRun.code, describeRun(phoneRun)).toBe(0);
    const callerRun = await caller.done;
    expect(callerRun.code, describeRun(callerRun)).toBe(0);
    expect(received(phoneRun, /^NOTIFY /)).toMatch(/SIP\/2\.0 200/);
    expect(received(callerRun, /^REFER /)).toMatch(/^Refer-To: <sip:0399990000@/m);

    const created = eventOf(n, 'call.created', (e) => e.customerNumber === '0312344444');
    const ended = await eventually(
      () => eventOf(n, 'call.ended', (e) => e.callId === created?.callId),
      'call.ended',
    );
    expect(ended.reason).toBe('transferred');
    await eventually(() => n.callCount() === 0, 'no calls left');
  }, 90_000);
});
