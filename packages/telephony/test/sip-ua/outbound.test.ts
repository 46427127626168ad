import { afterEach, describe, expect, it } from 'vitest';
import { newTag } from '../../src/sip/ids.js';
import { createResponse } from '../../src/sip/response.js';
import { sipAuth } from '../../src/index.js';
import { decoder, OFFER, Peer, startHarness, until, type Harness } from './ua-harness.js';

let h: Harness | undefined;
let peer: Peer | undefined;
afterEach(async () => {
  await peer?.close();
  await h?.close();
  h = peer = undefined;
});

const originate = (
  legId: string,
  target: { kind: 'number'; number: string } | { kind: 'agent'; agentId: string },
  ringTimeoutMs = 5_000,
) => ({
  type: 'leg.originate' as const,
  legId,
  callId: 'call-1',
  target,
  callerId: '0312345678',
  ringTimeoutMs,
  display: { origin: 'callback' as const, customerNumber: '0311112222', queueName: 'サポート' },
});

async function trunkPeer(o: { username?: string; password?: string } = {}) {
  peer = await Peer.start();
  h = await startHarness({
    trunks: [
      {
        name: 'carrier',
        inboundAddresses: [],
        outbound: { host: '127.0.0.1', port: peer.port, protocol: 'udp', ...o },
      },
    ],
  });
  return peer;
}

describe('SIP user agent: calls out', () => {
  it('[QCB-04] dials a number through the trunk, answering its digest challenge, with our caller ID', async () => {
    const p = await trunkPeer({ username: 'acct', password: 'trunk-secret' });
    const nonce = 'n0nce';
    let challenged = false;
    p.onRequest = (tx) => {
      const auth = tx.request.headers.get('Proxy-Authorization');
      if (!auth) {
        challenged = true;
        return tx.respond(
          createResponse(tx.request, 407, {
            toTag: newTag(),
            headers: [['Proxy-Authenticate', sipAuth.buildChallenge({ realm: 'carrier', nonce })]],
          }),
        );
      }
      const c = sipAuth.parseCredentials(auth)!;
      const expected = sipAuth.computeResponseFromPassword({
        algorithm: 'MD5',
        username: 'acct',
        realm: 'carrier',
        password: 'trunk-secret',
        method: 'INVITE',
        uri: c.uri,
        nonce,
        qop: { nc: c.nc!, cnonce: c.cnonce! },
      });
      if (c.response !== expected) return tx.respond(createResponse(tx.request, 403));
      const toTag = newTag();
      tx.respond(createResponse(tx.request, 180, { toTag, headers: [['Contact', p.contact]] }));
      tx.respond(
        createResponse(tx.request, 200, {
          toTag,
          headers: [['Contact', p.contact]],
          body: OFFER(31000),
          contentType: 'application/sdp',
        }),
      );
    };
    h!.stack.telephony.execute(originate('out-1', { kind: 'number', number: '0311112222' }));
    expect(await h!.next('leg.ringing')).toEqual({ type: 'leg.ringing', legId: 'out-1' });
    expect(await h!.next('leg.answered')).toEqual({ type: 'leg.answered', legId: 'out-1' });
    expect(challenged).toBe(true);
    const invites = p.requests.filter((r) => r.method === 'INVITE');
    expect(invites).toHaveLength(2);
    expect(invites[1]!.uri).toBe(`sip:0311112222@127.0.0.1:${p.port}`);
    expect(invites[1]!.headers.get('P-Asserted-Identity')).toContain('sip:0312345678@');
    expect(decoder.decode(invites[1]!.body)).toMatch(/m=audio \d+ RTP\/AVP 0 8 101/);
    await until(() => p.requests.some((r) => r.method === 'ACK'), 'ACK');
    expect(h!.media[0]!.calls).toContain('setRemote');
  });

  it('[QCB-07] a busy number fails as busy; an unanswered one is cancelled at the ring timeout', async () => {
    const p = await trunkPeer();
    p.onRequest = (tx) => tx.respond(createResponse(tx.request, 486, { toTag: newTag() }));
    h!.stack.telephony.execute(originate('busy-1', { kind: 'number', number: '0311112222' }));
    expect(await h!.next('leg.failed')).toEqual({
      type: 'leg.failed',
      legId: 'busy-1',
      reason: 'busy',
    });
    p.onRequest = (tx) =>
      tx.respond(
        createResponse(tx.request, 180, { toTag: newTag(), headers: [['Contact', p.contact]] }),
      );
    h!.stack.telephony.execute(originate('ring-1', { kind: 'number', number: '0311113333' }, 300));
    expect(await h!.next('leg.failed')).toEqual({
      type: 'leg.failed',
      legId: 'ring-1',
      reason: 'no-answer',
    });
    await until(() => p.requests.some((r) => r.method === 'CANCEL'), 'CANCEL');
  });

  it('[SIP] with no trunk to dial out on, an originate fails as unreachable at once', async () => {
    h = await startHarness();
    h.stack.telephony.execute(originate('x-1', { kind: 'number', number: '0311112222' }));
    expect(await h.next('leg.failed')).toEqual({
      type: 'leg.failed',
      legId: 'x-1',
      reason: 'unreachable',
    });
  });

  it('[CTI-03] offers reach the agent’s registered phone, showing “callback” and the customer’s number', async () => {
    h = await startHarness();
    peer = await Peer.start();
    h.devices.set('agent-1', { kind: 'sip', aor: 'sip:1001@tsunagu' });
    // Register as the phone would (the registrar's own tests cover the digest exchange).
    const { accountFromPassword } = await import('../../src/sip-ua/accounts.js');
    h.accounts.set(accountFromPassword('1001', 'tsunagu', 'phone-secret-1001'));
    const first = await peer.request(h.port, 'REGISTER', {
      uri: 'sip:tsunagu',
      toHeader: '<sip:1001@tsunagu>',
      from: `<sip:1001@tsunagu>;tag=${newTag()}`,
    }).final;
    const challenge = sipAuth.parseChallenge(first.headers.getAll('WWW-Authenticate').at(-1))!;
    const response = sipAuth.computeResponseFromPassword({
      algorithm: 'MD5',
      username: '1001',
      realm: 'tsunagu',
      password: 'phone-secret-1001',
      method: 'REGISTER',
      uri: 'sip:tsunagu',
      nonce: challenge.nonce,
      qop: { nc: '00000001', cnonce: 'c' },
    });
    const auth = sipAuth.buildCredentials({
      username: '1001',
      realm: 'tsunagu',
      nonce: challenge.nonce,
      uri: 'sip:tsunagu',
      response,
      algorithm: 'MD5',
      qop: 'auth',
      nc: '00000001',
      cnonce: 'c',
    });
    const ok = await peer.request(h.port, 'REGISTER', {
      uri: 'sip:tsunagu',
      toHeader: '<sip:1001@tsunagu>',
      from: `<sip:1001@tsunagu>;tag=${newTag()}`,
      cseq: 2,
      headers: [['Authorization', auth]],
    }).final;
    expect(ok.status).toBe(200);
    peer.onRequest = (tx) =>
      tx.respond(
        createResponse(tx.request, 180, { toTag: newTag(), headers: [['Contact', peer!.contact]] }),
      );
    h.stack.telephony.execute(originate('agent-leg-1', { kind: 'agent', agentId: 'agent-1' }));
    expect(await h.next('leg.ringing')).toEqual({ type: 'leg.ringing', legId: 'agent-leg-1' });
    const invite = peer.requests.find((r) => r.method === 'INVITE')!;
    expect(invite.uri).toBe(`sip:peer@127.0.0.1:${peer.port}`);
    expect(invite.headers.get('From')).toContain('"折返 Callback 0311112222"');
    expect(invite.headers.get('X-Tsunagu-Origin')).toBe('callback');
    // A colleague's transfer or consultation says so on the display (AGT-07, CTI-06).
    h.stack.telephony.execute({
      ...originate('agent-leg-3', { kind: 'agent', agentId: 'agent-1' }),
      display: { origin: 'transfer', customerNumber: '0311114444', queueName: null },
    });
    expect(await h.next('leg.ringing')).toEqual({ type: 'leg.ringing', legId: 'agent-leg-3' });
    const transfer = peer.requests.filter((r) => r.method === 'INVITE').at(-1)!;
    expect(transfer.headers.get('From')).toContain('"転送 Transfer 0311114444"');
    // An agent whose phone is not registered cannot be reached.
    h.devices.set('agent-2', { kind: 'sip', aor: 'sip:1002@tsunagu' });
    h.stack.telephony.execute(originate('agent-leg-2', { kind: 'agent', agentId: 'agent-2' }));
    expect(await h.next('leg.failed')).toEqual({
      type: 'leg.failed',
      legId: 'agent-leg-2',
      reason: 'unreachable',
    });
  });
});
