import { describe, expect, it } from 'vitest';
import type { SipMessage } from '../../../src/sip/message.js';
import { parseVia } from '../../../src/sip/via.js';
import { responseTextFor } from './fake-transport.js';
import { outgoing, PEER_TCP, PEER_UDP, recorder, setup } from './setup.js';

const isInvite = (m: SipMessage) => m.kind === 'request' && m.method === 'INVITE';

describe('INVITE client transaction', () => {
  it('retransmits with Timer A doubling from T1 over UDP and times out with Timer B at 64*T1', () => {
    const { scheduler, transport, layer } = setup();
    const { log, handlers } = recorder();
    const tx = layer.sendRequest(outgoing('INVITE'), PEER_UDP, handlers);
    scheduler.runUntil(31_999);
    expect(log.timeouts).toBe(0);
    scheduler.runUntil(32_000);
    expect(transport.times(isInvite)).toEqual([0, 500, 1500, 3500, 7500, 15500, 31500]);
    expect(log.timeouts).toBe(1);
    expect(tx.state).toBe('terminated');
    expect(layer.size.clients).toBe(0);
  });

  it('puts its own Via with a fresh branch and rport on top and adds Max-Forwards', () => {
    const { transport, layer } = setup();
    const a = layer.sendRequest(outgoing('INVITE'), PEER_UDP, recorder().handlers);
    const b = layer.sendRequest(outgoing('INVITE', 2), PEER_UDP, recorder().handlers);
    const via = parseVia(a.request.headers.get('Via')!)!;
    expect(via.transport).toBe('UDP');
    expect(via.host).toBe('192.0.2.1');
    expect(via.port).toBe(5060);
    expect(via.params.has('rport')).toBe(true);
    expect(via.params.get('branch')).toMatch(/^z9hG4bK[A-Za-z0-9_-]{16,}$/);
    expect(b.request.headers.get('Via')).not.toBe(a.request.headers.get('Via'));
    expect(a.request.headers.get('Max-Forwards')).toBe('70');
    expect(transport.sent[0]!.to).toEqual(PEER_UDP);
  });

  it('sends INVITE once over TCP, still timing out with Timer B', () => {
    const { scheduler, transport, layer } = setup();
    const { log, handlers } = recorder();
    layer.sendRequest(outgoing('INVITE'), PEER_TCP, handlers);
    scheduler.runUntil(40_000);
    expect(transport.times(isInvite)).toEqual([0]);
    expect(log.timeouts).toBe(1);
  });

  it('stops retransmitting on a provisional and ACKs a non-2xx final with the same branch', () => {
    const { scheduler, transport, layer } = setup();
    const { log, handlers } = recorder();
    const tx = layer.sendRequest(outgoing('INVITE'), PEER_UDP, handlers);
    scheduler.runUntil(600);
    transport.deliver(responseTextFor(tx.request, 180), PEER_UDP);
    scheduler.runUntil(60_000);
    expect(transport.requests('INVITE')).toHaveLength(2);
    expect(log.timeouts).toBe(0);

    transport.deliver(responseTextFor(tx.request, 486), PEER_UDP);
    transport.deliver(responseTextFor(tx.request, 486), PEER_UDP);
    const acks = transport.requests('ACK');
    expect(acks).toHaveLength(2);
    expect(acks[0]!.headers.get('Via')).toBe(tx.request.headers.get('Via'));
    expect(acks[0]!.headers.get('To')).toContain('tag=b2');
    expect(acks[0]!.headers.get('CSeq')).toBe('1 ACK');
    expect(acks[0]!.headers.getAll('Route')).toEqual(['<sip:proxy.example.com;lr>']);
    expect(log.responses.map((r) => r.status)).toEqual([180, 486]);
    expect(tx.state).toBe('completed');
    scheduler.runUntil(60_000 + 32_000);
    expect(tx.state).toBe('terminated');
  });

  it('passes 2xx retransmissions to the TU in Accepted, and later ones to onStray2xx', () => {
    const { scheduler, transport, layer, stray } = setup();
    const { log, handlers } = recorder();
    const tx = layer.sendRequest(outgoing('INVITE'), PEER_UDP, handlers);
    transport.deliver(responseTextFor(tx.request, 200), PEER_UDP);
    transport.deliver(responseTextFor(tx.request, 200), PEER_UDP);
    expect(tx.state).toBe('accepted');
    expect(log.responses.map((r) => r.status)).toEqual([200, 200]);
    expect(transport.requests('ACK')).toHaveLength(0);
    scheduler.runUntil(32_000);
    expect(tx.state).toBe('terminated');
    transport.deliver(responseTextFor(tx.request, 200), PEER_UDP);
    expect(stray).toHaveLength(1);
    expect(log.responses).toHaveLength(2);
  });

  it('CANCEL waits for a provisional, reuses the INVITE branch, and is matched separately', () => {
    const { transport, layer } = setup();
    const { log, handlers } = recorder();
    const tx = layer.sendRequest(outgoing('INVITE'), PEER_UDP, handlers);
    tx.cancel();
    expect(transport.requests('CANCEL')).toHaveLength(0);
    transport.deliver(responseTextFor(tx.request, 180), PEER_UDP);
    const [cancel] = transport.requests('CANCEL');
    expect(cancel).toBeDefined();
    expect(cancel!.headers.getAll('Via')).toEqual([tx.request.headers.get('Via')]);
    expect(cancel!.headers.get('CSeq')).toBe('1 CANCEL');
    expect(cancel!.uri).toBe(tx.request.uri);
    // The CANCEL's 200 goes to the CANCEL transaction, not to the INVITE's TU.
    transport.deliver(responseTextFor(cancel!, 200), PEER_UDP);
    expect(log.responses.map((r) => r.status)).toEqual([180]);
    transport.deliver(responseTextFor(tx.request, 487), PEER_UDP);
    expect(log.responses.map((r) => r.status)).toEqual([180, 487]);
    expect(transport.requests('ACK')).toHaveLength(1);
  });

  it('gives up on a CANCELled INVITE that never gets a final response after 64*T1', () => {
    const { scheduler, transport, layer } = setup();
    const { log, handlers } = recorder();
    const tx = layer.sendRequest(outgoing('INVITE'), PEER_UDP, handlers);
    transport.deliver(responseTextFor(tx.request, 180), PEER_UDP);
    scheduler.runUntil(1000);
    tx.cancel();
    scheduler.runUntil(1000 + 32_000);
    expect(log.timeouts).toBe(1);
    expect(tx.state).toBe('terminated');
  });

  it('cancel() after a final response is a no-op', () => {
    const { transport, layer } = setup();
    const tx = layer.sendRequest(outgoing('INVITE'), PEER_UDP, recorder().handlers);
    transport.deliver(responseTextFor(tx.request, 603), PEER_UDP);
    tx.cancel();
    expect(transport.requests('CANCEL')).toHaveLength(0);
  });

  it('reports a transport error once and terminates', async () => {
    const { transport, layer } = setup();
    const { log, handlers } = recorder();
    transport.failSends = true;
    const tx = layer.sendRequest(outgoing('INVITE'), PEER_TCP, handlers);
    await Promise.resolve();
    expect(log.transportErrors).toBe(1);
    expect(tx.state).toBe('terminated');
  });
});

describe('non-INVITE client transaction', () => {
  it('retransmits with Timer E doubling to T2 and times out with Timer F', () => {
    const { scheduler, transport, layer } = setup();
    const { log, handlers } = recorder();
    layer.sendRequest(outgoing('OPTIONS'), PEER_UDP, handlers);
    scheduler.runUntil(32_000);
    expect(transport.times(() => true)).toEqual([
      0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500,
    ]);
    expect(log.timeouts).toBe(1);
  });

  it('retransmits every T2 in Proceeding and waits Timer K after the final', () => {
    const { scheduler, transport, layer } = setup();
    const { log, handlers } = recorder();
    const tx = layer.sendRequest(outgoing('BYE'), PEER_UDP, handlers);
    transport.deliver(responseTextFor(tx.request, 100), PEER_UDP);
    scheduler.runUntil(10_000);
    expect(transport.times(() => true)).toEqual([0, 500, 4500, 8500]);
    transport.deliver(responseTextFor(tx.request, 200), PEER_UDP);
    transport.deliver(responseTextFor(tx.request, 200), PEER_UDP);
    expect(log.responses.map((r) => r.status)).toEqual([100, 200]);
    expect(tx.state).toBe('completed');
    scheduler.runUntil(15_000);
    expect(tx.state).toBe('terminated');
    expect(transport.sent).toHaveLength(4);
  });

  it('sends once over TCP and terminates at once on the final', () => {
    const { scheduler, transport, layer } = setup();
    const { handlers } = recorder();
    const tx = layer.sendRequest(outgoing('REGISTER'), PEER_TCP, handlers);
    scheduler.runUntil(20_000);
    transport.deliver(responseTextFor(tx.request, 200), PEER_TCP);
    expect(transport.sent).toHaveLength(1);
    expect(tx.state).toBe('terminated');
  });

  it('keeps a throwing TU handler from escaping the layer', () => {
    const { transport, layer, errors } = setup();
    const tx = layer.sendRequest(outgoing('OPTIONS'), PEER_UDP, {
      onResponse: () => {
        throw new Error('TU bug');
      },
      onTimeout: () => {},
      onTransportError: () => {},
    });
    expect(() => transport.deliver(responseTextFor(tx.request, 200), PEER_UDP)).not.toThrow();
    expect(errors).toHaveLength(1);
  });

  it('close() stops every retransmission and ignores later traffic', () => {
    const { scheduler, transport, layer, requests } = setup();
    layer.sendRequest(outgoing('OPTIONS'), PEER_UDP, recorder().handlers);
    layer.close();
    scheduler.runUntil(60_000);
    expect(transport.sent).toHaveLength(1);
    transport.deliver(responseTextFor(outgoing('OPTIONS'), 200), PEER_UDP);
    expect(requests).toHaveLength(0);
  });
});
