import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countersOf, LegWatcher, registeredPhone } from './support/phone.js';
import {
  QUEUE_NUMBER,
  eventOf,
  eventually,
  setAgentStatus,
  startSipNode,
} from './support/sip-node.js';
import type { SipTestNode } from './support/sip-node.js';
import { describeRun, freeSipPort, killAllSipp, received, startSipp } from './support/sipp.js';

/**
 * Attended transfer from a desk phone (RFC 5589 §7, REFER with Replaces, RFC 3891): the phone
 * holds the customer, calls a number through the node, talks, then joins the two. The trunk is
 * 127.0.0.2 (the customer's SIPp binds there), so the phone on 127.0.0.1 is known only by its
 * digest login, as on a real network.
 */
describe('attended transfer from an agent’s desk phone', () => {
  let n: SipTestNode;
  let outboundPort: number;

  beforeAll(async () => {
    outboundPort = await freeSipPort();
    n = await startSipNode({ trunkAddresses: ['127.0.0.2'], outboundPort });
  }, 60_000);
  afterAll(async () => {
    await killAllSipp();
    await n?.stop();
  });

  it('[AGT-07] [CTI-06] hold, consult a number from the phone, REFER with Replaces: the customer talks to the target', async () => {
    const phone = await registeredPhone(n, 'agent-001', '1001');
    const target = await startSipp({
      scenario: 'carrier-answers-then-hangs-up.xml',
      localPort: outboundPort,
      pauseMs: 3000,
      rtpEcho: true,
      timeoutSec: 60,
    });
    const phoneRun = await startSipp({
      scenario: 'phone-attended-transfer.xml',
      localPort: phone.port,
      keys: { user: phone.username, target: '0399990000', node: `127.0.0.1:${n.port}` },
      auth: { username: phone.username, password: `phone ${phone.username} secret pass` },
      rtpEcho: true,
      timeoutSec: 60,
    });
    await setAgentStatus(n, 'agent-001', 'available');
    const watcher = new LegWatcher(n);
    const caller = await startSipp({
      scenario: 'caller-waits.xml',
      remote: { host: '127.0.0.1', port: n.port },
      service: QUEUE_NUMBER,
      keys: { caller: '0312345555' },
      rtpEcho: true,
      timeoutSec: 60,
      extraArgs: ['-i', '127.0.0.2'],
    });

    const callId = await eventually(
      () => eventOf(n, 'call.created', (e) => e.customerNumber === '0312345555')?.callId,
      'the call',
    );
    await eventually(
      () => eventOf(n, 'call.consult-answered', (e) => e.callId === callId),
      'the phone’s consultation answered',
      30_000,
    );
    const transferred = await eventually(
      () => eventOf(n, 'call.transferred', (e) => e.callId === callId),
      'the transfer',
      30_000,
    );
    expect(transferred).toMatchObject({
      how: 'phone',
      agentId: 'agent-001',
      // Numbers pass the number policy (domestic only) and go on in E.164.
      target: { kind: 'number', number: '+81399990000' },
    });
    // The customer now talks to the target through the node: RTP both ways on both legs.
    const customerLeg = watcher.inbound();
    const targetLeg = [...watcher.seen.values()].find(
      (l) => l.direction === 'outbound' && l.id !== watcher.outbound()?.id,
    );
    const before = { customer: countersOf(customerLeg), target: countersOf(targetLeg) };
    await new Promise((r) => setTimeout(r, 1000));
    const after = { customer: countersOf(customerLeg), target: countersOf(targetLeg) };
    expect(after.customer.sent - before.customer.sent, 'RTP to the customer').toBeGreaterThan(20);
    expect(after.customer.received - before.customer.received).toBeGreaterThan(20);
    expect(after.target.sent - before.target.sent, 'RTP to the target').toBeGreaterThan(20);
    expect(after.target.received - before.target.received).toBeGreaterThan(20);

    const phoneDone = await phoneRun.done;
    expect(phoneDone.code, describeRun(phoneDone)).toBe(0);
    expect(received(phoneDone, /^NOTIFY /)).toMatch(/SIP\/2\.0 200/);
    const targetDone = await target.done;
    expect(targetDone.code, describeRun(targetDone)).toBe(0);
    expect(received(targetDone, /^INVITE /)).toMatch(/^To: <sip:(\+81399990000|%2B81399990000)@/m);
    const callerDone = await caller.done;
    expect(callerDone.code, describeRun(callerDone)).toBe(0);

    // Two call records (seed 000): the agent's ends transferred, the customer's next one ends
    // when the target hangs up. The agent is in wrap-up or back, never still on the call.
    expect(eventOf(n, 'call.ended', (e) => e.callId === callId)?.reason).toBe('transferred');
    const next = await eventually(
      () => eventOf(n, 'call.ended', (e) => e.callId === transferred.newCallId),
      'the transferred call’s end',
    );
    expect(next.reason).toBe('party-hangup');
    expect(n.t.node.runner.state.agents.get('agent-001')?.callId).toBeNull();
    await eventually(() => n.callCount() === 0, 'no calls left');
    watcher.stop();
  }, 90_000);
});
