import { afterEach, describe, expect, it } from 'vitest';
import { newTag } from '../../src/sip/ids.js';
import { createResponse } from '../../src/sip/response.js';
import { decoder, encoder, OFFER, Peer, startHarness, until, type Harness } from './ua-harness.js';

const TRUNK = [{ name: 'local', inboundAddresses: ['127.0.0.1'] }];
let h: Harness | undefined;
let peer: Peer | undefined;
afterEach(async () => {
  await peer?.close();
  await h?.close();
  h = peer = undefined;
});

async function offeredCall(o: { headers?: [string, string][] } = {}) {
  h ??= await startHarness({ trunks: TRUNK });
  peer ??= await Peer.start();
  const call = peer.request(h.port, 'INVITE', { body: OFFER(), ...o });
  const offered = await h.next('leg.offered');
  if (offered.type !== 'leg.offered') throw new Error('unreachable');
  return { call, legId: offered.legId, offered };
}

describe('SIP user agent: calls from a trunk', () => {
  it('[SIP] offers the call with the dialled and calling numbers, early media by 183, answer by 200', async () => {
    const { call, legId, offered } = await offeredCall();
    expect(offered).toMatchObject({ from: '0311112222', to: '0312345678' });
    h!.stack.telephony.execute({ type: 'leg.answer', legId, earlyMedia: true });
    await until(() => call.responses.some((r) => r.status === 183), '183');
    const early = call.responses.find((r) => r.status === 183)!;
    expect(decoder.decode(early.body)).toContain('m=audio 40000 RTP/AVP 0');
    h!.stack.telephony.execute({ type: 'leg.answer', legId, earlyMedia: false });
    const ok = await call.final;
    expect(ok.status).toBe(200);
    expect(ok.headers.get('To')).toBe(early.headers.get('To'));
    await h!.next('leg.answered');
    // The engine hangs up: BYE goes to the caller, and no leg.ended comes back for it.
    h!.stack.telephony.execute({ type: 'leg.hangup', legId, reason: 'hangup' });
    await until(() => peer!.requests.some((r) => r.method === 'BYE'), 'BYE');
    expect(h!.events.filter((e) => e.type === 'leg.ended')).toEqual([]);
  });

  it('[SIP] a CANCEL before answer ends the leg (487 to the INVITE)', async () => {
    const { call, legId } = await offeredCall();
    await until(() => call.responses.length > 0, '100 Trying');
    call.tx.cancel();
    expect((await call.final).status).toBe(487);
    expect(await h!.next('leg.ended')).toEqual({ type: 'leg.ended', legId, reason: 'hangup' });
    expect(h!.stack.telephony.legs.size).toBe(0);
  });

  it('[HQ-04] the engine refusing an unanswered call gives 503 with Retry-After', async () => {
    const { call, legId } = await offeredCall();
    h!.stack.telephony.execute({ type: 'leg.hangup', legId, reason: 'rejected' });
    const final = await call.final;
    expect(final.status).toBe(503);
    expect(final.headers.get('Retry-After')).toBe('5');
  });

  it('[SIP] over the leg cap, a new INVITE is answered 503 at once and never offered', async () => {
    h = await startHarness({ trunks: TRUNK, maxLegs: 1 });
    const { call } = await offeredCall();
    const second = peer!.request(h.port, 'INVITE', { body: OFFER() });
    const refused = await second.final;
    expect(refused.status).toBe(503);
    expect(refused.headers.get('Retry-After')).toBe('5');
    expect(h.events.filter((e) => e.type === 'leg.offered')).toHaveLength(1);
    call.tx.cancel();
  });

  it('[BEY-08] refuses an INVITE from an address that is not a trunk (403), unknown callers are not challenged', async () => {
    h = await startHarness({ trunks: [{ name: 'carrier', inboundAddresses: ['192.0.2.1'] }] });
    peer = await Peer.start();
    const r = await peer.request(h.port, 'INVITE', { body: OFFER() }).final;
    expect(r.status).toBe(403);
    expect(h.events).toEqual([]);
  });

  it('[SIP] refuses SDP without a codec we speak (488) and garbage SDP (400)', async () => {
    h = await startHarness({ trunks: TRUNK });
    peer = await Peer.start();
    const g729 = encoder.encode(
      'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 18\r\na=rtpmap:18 G729/8000\r\n',
    );
    expect((await peer.request(h.port, 'INVITE', { body: g729 }).final).status).toBe(488);
    expect(
      (await peer.request(h.port, 'INVITE', { body: encoder.encode('nonsense') }).final).status,
    ).toBe(400);
  });
});

describe('SIP user agent: inside a call', () => {
  async function answered() {
    const c = await offeredCall({ headers: [['Supported', 'timer']] });
    h!.stack.telephony.execute({ type: 'leg.answer', legId: c.legId, earlyMedia: false });
    const ok = await c.call.final;
    await h!.next('leg.answered');
    const dialog = {
      callId: ok.headers.get('Call-ID')!,
      from: c.call.tx.request.headers.get('From')!,
      toHeader: ok.headers.get('To')!,
    };
    return { ...c, ok, dialog };
  }

  it('[SIP] INFO application/dtmf-relay keys reach an active collect, or come as leg.digit', async () => {
    const { legId, dialog } = await answered();
    const info = (digit: string, cseq: number) =>
      peer!.request(h!.port, 'INFO', {
        ...dialog,
        cseq,
        contentType: 'application/dtmf-relay',
        body: encoder.encode(`Signal=${digit}\r\nDuration=160\r\n`),
      }).final;
    expect((await info('5', 2)).status).toBe(200);
    expect(await h!.next('leg.digit')).toEqual({ type: 'leg.digit', legId, digit: '5', seq: 1 });
    h!.stack.telephony.execute({
      type: 'leg.collect',
      legId,
      collectId: 'k1',
      maxDigits: 4,
      terminator: '#',
      timeoutMs: 5_000,
    });
    await info('1', 3);
    await info('2', 4);
    await info('#', 5);
    expect(await h!.next('leg.digits-collected')).toEqual({
      type: 'leg.digits-collected',
      legId,
      collectId: 'k1',
      digits: '12',
      timedOut: false,
    });
  });

  it('[QCB-02] keys typed ahead of a collect count toward it; keys the engine already saw do not', async () => {
    const { legId } = await answered();
    const media = h!.media[0]!;
    // "1" opens the callback menu; the caller presses "1" again to confirm before the engine's
    // collect for the menu has started.
    media.digit('1');
    media.digit('1');
    expect(await h!.next('leg.digit')).toEqual({ type: 'leg.digit', legId, digit: '1', seq: 1 });
    h!.stack.telephony.execute({
      type: 'leg.collect',
      legId,
      collectId: 'menu',
      maxDigits: 1,
      terminator: null,
      timeoutMs: 5_000,
      afterDigit: 1,
    });
    expect(await h!.next('leg.digits-collected')).toEqual({
      type: 'leg.digits-collected',
      legId,
      collectId: 'menu',
      digits: '1',
      timedOut: false,
    });
    // Without type-ahead (afterDigit absent) earlier keys never leak into a new collect.
    media.digit('7');
    await h!.next('leg.digit');
    h!.stack.telephony.execute({
      type: 'leg.collect',
      legId,
      collectId: 'fresh',
      maxDigits: 1,
      terminator: null,
      timeoutMs: 300,
    });
    expect(await h!.next('leg.digits-collected')).toMatchObject({
      collectId: 'fresh',
      digits: '',
      timedOut: true,
    });
  });

  it('[SIP] RFC 4733 keys from the media stream go the same way', async () => {
    const { legId } = await answered();
    h!.media[0]!.digit('9');
    expect(await h!.next('leg.digit')).toEqual({ type: 'leg.digit', legId, digit: '9', seq: 1 });
  });

  it('[CTI-08] a re-INVITE with sendonly is a hold from the phone, sendrecv resumes it', async () => {
    const { legId, dialog } = await answered();
    const hold = await peer!.request(h!.port, 'INVITE', {
      ...dialog,
      cseq: 2,
      body: OFFER(30000, 'sendonly'),
    }).final;
    expect(hold.status).toBe(200);
    expect(decoder.decode(hold.body)).toContain('a=recvonly');
    expect(await h!.next('leg.remote-hold')).toEqual({
      type: 'leg.remote-hold',
      legId,
      held: true,
    });
    const resume = await peer!.request(h!.port, 'INVITE', {
      ...dialog,
      cseq: 3,
      body: OFFER(30000, 'sendrecv'),
    }).final;
    expect(decoder.decode(resume.body)).toContain('a=sendrecv');
    expect(await h!.next('leg.remote-hold')).toEqual({
      type: 'leg.remote-hold',
      legId,
      held: false,
    });
  });

  it('[AGT-07] a REFER from the phone is accepted (202, NOTIFY) and handed to the engine', async () => {
    const { legId, dialog } = await answered();
    const refer = await peer!.request(h!.port, 'REFER', {
      ...dialog,
      cseq: 2,
      headers: [['Refer-To', '<sip:0399990000@127.0.0.1>']],
    }).final;
    expect(refer.status).toBe(202);
    expect(await h!.next('leg.transfer-requested')).toEqual({
      type: 'leg.transfer-requested',
      legId,
      to: '0399990000',
      replaces: null,
    });
    await until(() => peer!.requests.some((r) => r.method === 'NOTIFY'), 'NOTIFY');
    const notify = peer!.requests.find((r) => r.method === 'NOTIFY')!;
    expect(decoder.decode(notify.body)).toContain('SIP/2.0 200 OK');
  });

  it('[AGT-07] a REFER with Replaces names the phone’s other call by its dialog (RFC 3891); an unknown one gets NOTIFY 481', async () => {
    const first = await answered();
    const second = await answered();
    const tag = (header: string) => /;tag=([^;>\s]+)/.exec(header)![1]!;
    const replaces = (callId: string, ours: string, theirs: string) =>
      encodeURIComponent(`${callId};to-tag=${ours};from-tag=${theirs}`);
    const secondDialog = replaces(
      second.dialog.callId,
      tag(second.dialog.toHeader),
      tag(second.dialog.from),
    );
    const refer = await peer!.request(h!.port, 'REFER', {
      ...first.dialog,
      cseq: 2,
      headers: [['Refer-To', `<sip:0399990000@127.0.0.1?Replaces=${secondDialog}>`]],
    }).final;
    expect(refer.status).toBe(202);
    expect(await h!.next('leg.transfer-requested')).toEqual({
      type: 'leg.transfer-requested',
      legId: first.legId,
      to: '0399990000',
      replaces: second.legId,
    });

    const unknown = replaces('no-such-call@127.0.0.1', 'x', 'y');
    const stray = await peer!.request(h!.port, 'REFER', {
      ...first.dialog,
      cseq: 3,
      headers: [['Refer-To', `<sip:0399990000@127.0.0.1?Replaces=${unknown}>`]],
    }).final;
    expect(stray.status).toBe(202);
    await until(
      () => peer!.requests.filter((r) => r.method === 'NOTIFY').length >= 2,
      'two NOTIFYs',
    );
    const notify = peer!.requests.filter((r) => r.method === 'NOTIFY')[1]!;
    expect(decoder.decode(notify.body)).toContain('SIP/2.0 481');
    expect(h!.events.filter((e) => e.type === 'leg.transfer-requested')).toHaveLength(1);
  });

  it('[SIP] a BYE from the far end ends the leg; requests in an unknown dialog get 481', async () => {
    const { legId, dialog } = await answered();
    expect((await peer!.request(h!.port, 'BYE', { ...dialog, cseq: 2 }).final).status).toBe(200);
    expect(await h!.next('leg.ended')).toEqual({ type: 'leg.ended', legId, reason: 'hangup' });
    expect(h!.media[0]!.calls).toContain('close');
    expect((await peer!.request(h!.port, 'BYE', { ...dialog, cseq: 3 }).final).status).toBe(481);
  });

  it('[SIP] session timer: without the refresh the caller promised, the call is ended with BYE', async () => {
    h = await startHarness({ trunks: TRUNK, minSessionExpiresSec: 1, sessionExpiresSec: 2 });
    const { legId } = await answered_with_timer();
    const ended = await h.next('leg.ended', 5_000);
    expect(ended).toEqual({ type: 'leg.ended', legId, reason: 'media-lost' });
    expect(peer!.requests.some((r) => r.method === 'BYE')).toBe(true);

    async function answered_with_timer() {
      const c = await offeredCall({
        headers: [
          ['Supported', 'timer'],
          ['Session-Expires', '2;refresher=uac'],
        ],
      });
      h!.stack.telephony.execute({ type: 'leg.answer', legId: c.legId, earlyMedia: false });
      const ok = await c.call.final;
      expect(ok.headers.get('Session-Expires')).toBe('2;refresher=uac');
      expect(ok.headers.get('Require')).toBe('timer');
      return c;
    }
  });

  it('[SIP] a too-short Session-Expires is refused with 422 and our Min-SE', async () => {
    h = await startHarness({ trunks: TRUNK });
    peer = await Peer.start();
    const r = await peer.request(h.port, 'INVITE', {
      body: OFFER(),
      headers: [
        ['Supported', 'timer'],
        ['Session-Expires', '30'],
      ],
    }).final;
    expect(r.status).toBe(422);
    expect(r.headers.get('Min-SE')).toBe('90');
  });

  it('[SIP] OPTIONS outside a dialog is answered 200 with what we allow', async () => {
    h = await startHarness({ trunks: TRUNK });
    peer = await Peer.start();
    const r = await peer.request(h.port, 'OPTIONS').final;
    expect(r.status).toBe(200);
    expect(r.headers.get('Allow')).toContain('REFER');
  });

  it('[SIP] the peer answering 200 to a BYE we send is all it takes (no stray events)', async () => {
    const { legId } = await answered();
    peer!.onRequest = (tx) => tx.respond(createResponse(tx.request, 200, { toTag: newTag() }));
    h!.stack.telephony.execute({ type: 'leg.hangup', legId, reason: 'hangup' });
    await until(() => peer!.requests.some((r) => r.method === 'BYE'), 'BYE');
    expect(h!.stack.telephony.legs.size).toBe(0);
  });
});
