import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { sipUa } from '@tsunagu/telephony';
import { QUEUE_ID, QUEUE_NUMBER, eventOf, eventually, startSipNode } from './support/sip-node.js';
import type { SipTestNode } from './support/sip-node.js';
import { keyPressPcap } from './support/pcap.js';
import { describeRun, killAllSipp, received, startSipp } from './support/sipp.js';

/** press-2.pcap .. press-8.pcap for caller-callback.xml: key 1, each with its own timestamp. */
function morePressesOf1(): Record<string, Uint8Array> {
  const files: Record<string, Uint8Array> = {};
  for (let i = 2; i <= 8; i++) {
    files[`press-${i}.pcap`] = keyPressPcap({
      digit: '1',
      timestamp: 40_000 * i,
      sequence: 100 * i,
    });
  }
  return files;
}

/** A real caller (SIPp) dialling the demo queue over UDP: media, DTMF and hang-up. */
describe('a SIPp caller on the queue number', () => {
  let n: SipTestNode;

  beforeAll(async () => {
    n = await startSipNode();
  }, 60_000);
  afterEach(killAllSipp);
  afterAll(async () => {
    await killAllSipp();
    await n?.stop();
  });

  /** Keeps the first leg the UA creates, whose media counters outlive the leg's end. */
  const watchNewLeg = (): (() => sipUa.SipLeg | undefined) => {
    const before = new Set(n.sip.stack.telephony.legs.keys());
    let seen: sipUa.SipLeg | undefined;
    const timer = setInterval(() => {
      for (const [id, leg] of n.sip.stack.telephony.legs) if (!before.has(id)) seen ??= leg;
    }, 20);
    return () => {
      clearInterval(timer);
      return seen;
    };
  };

  it.each([
    ['udp', '0312341111'],
    ['tcp', '0312341112'],
  ] as const)(
    '[HQ-01] [HQ-02] over %s: the caller is answered, hears the queue (RTP both ways) and hangs up cleanly',
    async (transport, number) => {
      const legOf = watchNewLeg();
      const caller = await startSipp({
        scenario: 'caller-hangup.xml',
        remote: { host: '127.0.0.1', port: n.port },
        service: QUEUE_NUMBER,
        transport,
        keys: { caller: number },
        pauseMs: 3000,
        rtpEcho: true,
      });
      const result = await caller.done;
      const leg = legOf();
      expect(result.code, describeRun(result)).toBe(0);
      expect(received(result, /^SIP\/2\.0 200/), describeRun(result)).toMatch(
        /m=audio \d+ RTP\/AVP 0/,
      );
      // Prompts and music reached SIPp, which echoed them back to the leg.
      expect(leg, 'the UA made a leg for the INVITE').toBeDefined();
      expect(leg!.media!.counters.sent).toBeGreaterThan(20);
      expect(leg!.media!.counters.received).toBeGreaterThan(0);
      const created = await eventually(
        () => eventOf(n, 'call.created', (e) => e.customerNumber === number),
        'call.created',
      );
      const ended = await eventually(
        () => eventOf(n, 'call.ended', (e) => e.callId === created.callId),
        'call.ended',
      );
      expect(ended.reason).toBe('abandoned');
      await eventually(() => !n.t.node.runner.state.calls.has(created.callId), 'the call is gone');
    },
    45_000,
  );

  it('[QCB-01] [QCB-02] RFC 4733 key 1 while queued opens the callback menu, 1 confirms, the callback waits with the caller’s number', async () => {
    const caller = await startSipp({
      scenario: 'caller-callback.xml',
      remote: { host: '127.0.0.1', port: n.port },
      service: QUEUE_NUMBER,
      keys: { caller: '0312349999' },
      rtpEcho: true,
      timeoutSec: 40,
      files: morePressesOf1(),
    });
    const result = await caller.done;
    expect(result.code, describeRun(result)).toBe(0);
    const created = eventOf(n, 'call.created', (e) => e.customerNumber === '0312349999');
    expect(created).toBeDefined();
    const requested = eventOf(n, 'callback.requested', (e) => e.requestCallId === created!.callId);
    expect(requested, JSON.stringify(n.events.map((e) => e.type))).toBeDefined();
    const list = await n.t.request('GET', `/api/v1/queues/${QUEUE_ID}/callbacks`, {
      cookie: n.admin,
    });
    expect(list.status).toBe(200);
    expect(list.body.items).toContainEqual(
      expect.objectContaining({
        number: '+81312349999',
        requestCallId: created!.callId,
        state: 'pending',
      }),
    );
    // The node hung up after its goodbye: the call ended as a callback request.
    const ended = await eventually(
      () => eventOf(n, 'call.ended', (e) => e.callId === created!.callId),
      'call.ended',
    );
    expect(ended.reason).toBe('callback-requested');
  }, 60_000);
});
