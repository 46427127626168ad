import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { callIdOf, hasBaresip, startBaresip, stopAllBaresip } from './support/baresip.js';
import { countersOf, LegWatcher } from './support/phone.js';
import {
  QUEUE_NUMBER,
  eventOf,
  eventually,
  setAgentStatus,
  sipAgent,
  startSipNode,
} from './support/sip-node.js';
import type { SipTestNode } from './support/sip-node.js';
import { describeRun, killAllSipp, startSipp } from './support/sipp.js';

/** Interop with a real softphone: baresip registers as an agent's desk phone and takes a call. */
describe('an agent on a baresip softphone', () => {
  let n: SipTestNode | undefined;
  let watcher: LegWatcher | undefined;

  beforeAll(async () => {
    if (hasBaresip) n = await startSipNode();
  }, 60_000);
  afterEach(async () => {
    watcher?.stop();
    await stopAllBaresip();
    await killAllSipp();
  });
  afterAll(async () => {
    await stopAllBaresip();
    await killAllSipp();
    await n?.stop();
  });

  it.skipIf(!hasBaresip)(
    '[CTI-03] a baresip softphone registers with digest, auto-answers the offer, RTP flows both ways, and the caller’s hang-up ends its leg with BYE',
    async () => {
      const node = n!;
      const username = '1101';
      // No spaces: baresip's accounts file ends a parameter value at the first one.
      const password = 'baresip-phone-secret';
      await sipAgent(node, 'agent-004', username, password);
      // The registrar's default MD5-only challenge is what baresip 1.0 (libre 1.1) accepts.
      const phone = await startBaresip({ registrarPort: node.port, username, password });
      await phone.until(() => node.sip.stack.registrar.lookup(username).length === 1, 'registered');
      await setAgentStatus(node, 'agent-004', 'available');
      watcher = new LegWatcher(node);

      // The caller listens (echoing what it hears) for a while after the node answers it, then
      // hangs up: long enough for the offer, baresip's answer and a few seconds of talk.
      const caller = await startSipp({
        scenario: 'caller-hangup.xml',
        remote: { host: '127.0.0.1', port: node.port },
        service: QUEUE_NUMBER,
        keys: { caller: '0312345555' },
        pauseMs: 12_000,
        rtpEcho: true,
        timeoutSec: 60,
      });

      const callId = await eventually(
        () => eventOf(node, 'call.created', (e) => e.customerNumber === '0312345555')?.callId,
        'the call',
        30_000,
      );
      const connected = await phone.until(
        () => eventOf(node, 'call.connected', (e) => e.callId === callId),
        'call.connected',
      );
      expect(connected.agentId).toBe('agent-004');
      // baresip rang with the customer's number and answered by itself (answermode=auto).
      const invite = await phone.until(() => phone.received(/^INVITE /), 'the INVITE to baresip');
      expect(invite.text).toMatch(/^From: "0312345555" <sip:0312345555@/m);
      const dialog = callIdOf(invite);
      if (dialog === undefined) throw new Error(`an INVITE without Call-ID:\n${invite.text}`);
      const answer = await phone.until(
        () => phone.sent(/^SIP\/2\.0 200 /, 'INVITE', dialog),
        'baresip’s 200 to the INVITE',
      );
      expect(answer.text, 'an SDP answer with PCMU').toMatch(/^m=audio \d+ RTP\/AVP 0\b/m);
      // baresip's microphone is a sine (50 packets a second): wait until a second's worth has
      // come through the bridge to the caller and back.
      await eventually(() => {
        const agent = countersOf(watcher!.outbound());
        const customer = countersOf(watcher!.inbound());
        return agent.received > 50 && agent.sent > 50 && customer.received > 50;
      }, 'RTP both ways on both legs');

      const callerRun = await caller.done;
      expect(callerRun.code, describeRun(callerRun)).toBe(0);
      const ended = await eventually(
        () => eventOf(node, 'call.ended', (e) => e.callId === callId),
        'call.ended',
      );
      expect(ended.reason).toBe('caller-hangup');
      // The node hung up baresip's leg (the same dialog) with a BYE, and baresip said 200.
      const bye = await phone.until(() => phone.received(/^BYE /), 'the BYE to baresip');
      expect(callIdOf(bye)).toBe(dialog);
      await phone.until(
        () => phone.sent(/^SIP\/2\.0 200 /, 'BYE', dialog),
        'baresip’s 200 to the BYE',
      );

      const customer = countersOf(watcher.inbound());
      const agent = countersOf(watcher.outbound());
      expect(customer.sent, 'RTP to the caller').toBeGreaterThan(50);
      expect(customer.received, 'RTP from the caller').toBeGreaterThan(50);
      expect(agent.sent, 'RTP to baresip').toBeGreaterThan(50);
      expect(agent.received, 'RTP from baresip').toBeGreaterThan(50);
      await eventually(() => node.callCount() === 0, 'no calls left');
      await eventually(() => node.sip.stack.telephony.legs.size === 0, 'no legs left');
    },
    90_000,
  );
});
