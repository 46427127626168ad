import { describe, expect, it } from 'vitest';
import type { SipMessage } from '../../../src/sip/message.js';
import { createResponse } from '../../../src/sip/response.js';
import { parseVia } from '../../../src/sip/via.js';
import { inviteText, requestText } from './fake-transport.js';
import { PEER_TCP, PEER_UDP, setup } from './setup.js';

const NATTED = { protocol: 'udp', host: '203.0.113.9', port: 41234 } as const;
const status = (code: number) => (m: SipMessage) => m.kind === 'response' && m.status === code;

describe('INVITE server transaction', () => {
  it('hands a new INVITE to the TU once and absorbs retransmissions by resending the last response', () => {
    const { transport, requests } = setup();
    transport.deliver(inviteText('z9hG4bKinv1'), PEER_UDP);
    const tx = requests[0]!;
    tx.respond(createResponse(tx.request, 180, { toTag: 'u1' }));
    transport.deliver(inviteText('z9hG4bKinv1'), PEER_UDP);
    expect(requests).toHaveLength(1);
    expect(transport.responses().map((r) => r.status)).toEqual([180, 180]);
  });

  it('sends 100 Trying after 200 ms unless the TU answered first', () => {
    const { scheduler, transport, requests } = setup();
    transport.deliver(inviteText('z9hG4bKslow'), PEER_UDP);
    transport.deliver(inviteText('z9hG4bKfast', { cseq: 2 }), PEER_UDP);
    requests[1]!.respond(createResponse(requests[1]!.request, 180, { toTag: 'u1' }));
    scheduler.runUntil(200);
    expect(transport.responses(100)).toHaveLength(1);
    expect(transport.responses(100)[0]!.headers.get('CSeq')).toBe('1 INVITE');
    expect(transport.responses(100)[0]!.headers.get('To')).not.toContain('tag=');
  });

  it('retransmits a non-2xx final with Timer G until the ACK, which it absorbs', () => {
    const { scheduler, transport, requests, acks } = setup();
    transport.deliver(inviteText('z9hG4bKg'), PEER_UDP);
    requests[0]!.respond(createResponse(requests[0]!.request, 486, { toTag: 'u1' }));
    scheduler.runUntil(8000);
    expect(transport.times(status(486))).toEqual([0, 500, 1500, 3500, 7500]);
    transport.deliver(requestText('ACK', 'z9hG4bKg', 1, 'u1'), PEER_UDP);
    scheduler.runUntil(60_000);
    expect(transport.times(status(486))).toHaveLength(5);
    expect(acks).toHaveLength(0);
    expect(requests[0]!.state).toBe('terminated');
  });

  it('gives up at Timer H (64*T1) without an ACK and reports it', () => {
    const { scheduler, transport, requests, errors, layer } = setup();
    transport.deliver(inviteText('z9hG4bKh'), PEER_UDP);
    requests[0]!.respond(createResponse(requests[0]!.request, 404, { toTag: 'u1' }));
    scheduler.runUntil(31_999);
    expect(requests[0]!.state).toBe('completed');
    scheduler.runUntil(32_000);
    expect(requests[0]!.state).toBe('terminated');
    expect(errors).toHaveLength(1);
    expect(layer.size.servers).toBe(0);
    // Timer G: 500, 1000, 2000, then T2 = 4000 apart.
    expect(transport.times(status(404))).toEqual([
      0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500,
    ]);
  });

  it('does not retransmit a non-2xx final over TCP and ends at once on the ACK', () => {
    const { scheduler, transport, requests } = setup();
    transport.deliver(inviteText('z9hG4bKt', { transport: 'TCP' }), PEER_TCP);
    requests[0]!.respond(createResponse(requests[0]!.request, 486, { toTag: 'u1' }));
    scheduler.runUntil(10_000);
    expect(transport.responses(486)).toHaveLength(1);
    expect(transport.sent.at(-1)!.to.connectionId).toBe('tcp-1');
    transport.deliver(
      requestText('ACK', 'z9hG4bKt', 1, 'u1').replace('SIP/2.0/UDP', 'SIP/2.0/TCP'),
      PEER_TCP,
    );
    expect(requests[0]!.state).toBe('terminated');
  });

  it('retransmits a 2xx from T1 to T2 until the ACK (new branch, same Call-ID and CSeq)', () => {
    const { scheduler, transport, requests, acks } = setup();
    let ackTimeouts = 0;
    transport.deliver(inviteText('z9hG4bKok'), PEER_UDP);
    const tx = requests[0]!;
    tx.respond(createResponse(tx.request, 200, { toTag: 'u1' }), {
      onAckTimeout: () => (ackTimeouts += 1),
    });
    scheduler.runUntil(12_000);
    expect(transport.times(status(200))).toEqual([0, 500, 1500, 3500, 7500, 11500]);
    expect(tx.state).toBe('accepted');
    // A retransmitted INVITE in Accepted is absorbed without a response or a TU call.
    transport.deliver(inviteText('z9hG4bKok'), PEER_UDP);
    expect(requests).toHaveLength(1);
    transport.deliver(requestText('ACK', 'z9hG4bKack', 1, 'u1'), PEER_UDP);
    expect(acks).toHaveLength(1);
    scheduler.runUntil(60_000);
    expect(transport.responses(200)).toHaveLength(6);
    expect(ackTimeouts).toBe(0);
    expect(tx.state).toBe('terminated');
  });

  it('calls onAckTimeout when a 2xx gets no ACK in 64*T1', () => {
    const { scheduler, transport, requests } = setup();
    let ackTimeouts = 0;
    transport.deliver(inviteText('z9hG4bKnoack'), PEER_UDP);
    requests[0]!.respond(createResponse(requests[0]!.request, 200, { toTag: 'u1' }), {
      onAckTimeout: () => (ackTimeouts += 1),
    });
    scheduler.runUntil(32_000);
    expect(ackTimeouts).toBe(1);
    const sentAfter = transport.sent.length;
    scheduler.runUntil(100_000);
    expect(transport.sent).toHaveLength(sentAfter);
  });
});

describe('CANCEL matching', () => {
  it('answers CANCEL 200 and tells the TU, which answers the INVITE 487', () => {
    const { transport, requests, cancels } = setup();
    transport.deliver(inviteText('z9hG4bKc'), PEER_UDP);
    transport.deliver(requestText('CANCEL', 'z9hG4bKc'), PEER_UDP);
    expect(transport.responses(200)).toHaveLength(1);
    expect(transport.responses(200)[0]!.headers.get('CSeq')).toBe('1 CANCEL');
    expect(cancels).toHaveLength(1);
    expect(cancels[0]!.invite).toBe(requests[0]);
    expect(requests).toHaveLength(1);
    // A retransmitted CANCEL gets the same 200 and no second onCancel.
    transport.deliver(requestText('CANCEL', 'z9hG4bKc'), PEER_UDP);
    expect(transport.responses(200)).toHaveLength(2);
    expect(cancels).toHaveLength(1);
  });

  it('answers 481 to a CANCEL that matches no INVITE', () => {
    const { transport, cancels } = setup();
    transport.deliver(inviteText('z9hG4bKone'), PEER_UDP);
    transport.deliver(requestText('CANCEL', 'z9hG4bKother'), PEER_UDP);
    expect(transport.responses(481)).toHaveLength(1);
    expect(cancels).toHaveLength(0);
  });

  it('answers 200 but does not bother the TU when the INVITE already has its final', () => {
    const { transport, requests, cancels } = setup();
    transport.deliver(inviteText('z9hG4bKlate'), PEER_UDP);
    requests[0]!.respond(createResponse(requests[0]!.request, 200, { toTag: 'u1' }));
    transport.deliver(requestText('CANCEL', 'z9hG4bKlate'), PEER_UDP);
    expect(cancels).toHaveLength(0);
    expect(transport.responses(200).map((r) => r.headers.get('CSeq'))).toEqual([
      '1 INVITE',
      '1 CANCEL',
    ]);
  });
});

describe('non-INVITE server transaction and response routing', () => {
  it('ignores retransmissions before the final and repeats the final after it', () => {
    const { scheduler, transport, requests } = setup();
    transport.deliver(requestText('OPTIONS', 'z9hG4bKo'), PEER_UDP);
    transport.deliver(requestText('OPTIONS', 'z9hG4bKo'), PEER_UDP);
    expect(transport.sent).toHaveLength(0);
    requests[0]!.respond(createResponse(requests[0]!.request, 200));
    transport.deliver(requestText('OPTIONS', 'z9hG4bKo'), PEER_UDP);
    expect(transport.responses(200)).toHaveLength(2);
    expect(requests).toHaveLength(1);
    scheduler.runUntil(32_000);
    expect(requests[0]!.state).toBe('terminated');
    // After Timer J the same branch is a new transaction again.
    transport.deliver(requestText('OPTIONS', 'z9hG4bKo'), PEER_UDP);
    expect(requests).toHaveLength(2);
  });

  it('stamps received and rport into the top Via and answers the source port (RFC 3581)', () => {
    const { transport, requests } = setup();
    transport.deliver(requestText('OPTIONS', 'z9hG4bKnat'), NATTED);
    const via = parseVia(requests[0]!.request.headers.get('Via')!)!;
    expect(via.params.get('received')).toBe('203.0.113.9');
    expect(via.params.get('rport')).toBe('41234');
    requests[0]!.respond(createResponse(requests[0]!.request, 200));
    expect(transport.sent[0]!.to).toEqual(NATTED);
    expect(transport.responses(200)[0]!.headers.get('Via')).toContain('received=203.0.113.9');
  });

  it('answers an unparseable request 400 and drops garbage', () => {
    const { transport, requests } = setup();
    transport.deliver(
      requestText('OPTIONS', 'z9hG4bKbad').replace('Max-Forwards: 70', 'Max-Forwards: lots'),
      PEER_UDP,
    );
    transport.deliver('\u0001\u0002 not sip at all\r\n\r\n', PEER_UDP);
    expect(requests).toHaveLength(0);
    expect(transport.responses(400)).toHaveLength(1);
    expect(transport.responses(400)[0]!.reason).toContain('Max-Forwards');
    expect(transport.sent[0]!.to).toEqual(PEER_UDP);
  });

  it('logs a throwing TU instead of throwing out of the layer', () => {
    const { transport, errors } = setup({
      onRequest: () => {
        throw new Error('TU bug');
      },
    });
    expect(() => transport.deliver(requestText('OPTIONS', 'z9hG4bKboom'), PEER_UDP)).not.toThrow();
    expect(errors).toHaveLength(1);
  });
});
