import { describe, expect, it } from 'vitest';
import {
  answerDirection,
  buildSdp,
  negotiate,
  parseSessionDescription,
  type RemoteAudio,
} from '../../src/sdp/index.js';
import {
  BARESIP,
  HOLD_INACTIVE,
  HOLD_SENDONLY,
  HOLD_ZERO_ADDRESS,
  IPV6_DYNAMIC,
  SIPP_PCAP,
  SIPP_UAC,
  STATIC_NO_RTPMAP,
} from './fixtures.js';

function audioOf(text: string): RemoteAudio {
  const r = parseSessionDescription(text);
  if (!r.ok) throw new Error(r.reason);
  return r.audio;
}

describe('parseSessionDescription', () => {
  it("reads sipp's offer: session-level address, PCMU only", () => {
    const a = audioOf(SIPP_UAC);
    expect(a).toMatchObject({ address: '127.0.1.1', port: 6000, direction: 'sendrecv' });
    expect(a.payloads).toEqual([{ pt: 0, name: 'PCMU', rate: 8000 }]);
    expect(a.telephoneEventPt).toBeNull();
    expect(a.hold).toBe(false);
  });

  it("reads baresip's offer: media-level c= wins, events, ptime", () => {
    const a = audioOf(BARESIP);
    expect(a.address).toBe('192.168.1.21');
    expect(a.port).toBe(10774);
    expect(a.payloads.map((p) => p.pt)).toEqual([9, 0, 8, 101]);
    expect(a.telephoneEventPt).toBe(101);
    expect(a.ptime).toBe(20);
  });

  it('recognises static payload types offered without rtpmap', () => {
    const a = audioOf(STATIC_NO_RTPMAP);
    expect(a.payloads).toEqual([
      { pt: 8, name: 'PCMA', rate: 8000 },
      { pt: 0, name: 'PCMU', rate: 8000 },
      { pt: 18, name: 'G729', rate: 8000 },
    ]);
    expect(a.direction).toBe('recvonly');
    expect(a.hold).toBe(false);
  });

  it('sees hold in sendonly, inactive and c=0.0.0.0', () => {
    expect(audioOf(HOLD_SENDONLY)).toMatchObject({ direction: 'sendonly', hold: true });
    expect(audioOf(HOLD_INACTIVE)).toMatchObject({ direction: 'inactive', hold: true });
    expect(audioOf(HOLD_ZERO_ADDRESS)).toMatchObject({ direction: 'sendrecv', hold: true });
  });

  it('reads IPv6 and dynamic payload types', () => {
    const a = audioOf(IPV6_DYNAMIC);
    expect(a.address).toBe('2001:db8::1');
    expect(negotiate(a)).toEqual({ codec: 'PCMU', payloadType: 96, telephoneEventPt: 97 });
  });

  it.each([
    ['', 'not SDP'],
    ['hello world', 'not SDP'],
    ['v=0\r\nm=video 5000 RTP/AVP 96\r\nc=IN IP4 1.2.3.4\r\n', 'no active audio'],
    [SIPP_UAC.replace('m=audio 6000', 'm=audio 0'), 'no active audio'],
    [SIPP_UAC.replace('RTP/AVP', 'RTP/SAVP'), 'unsupported media protocol'],
    [SIPP_UAC.replace('c=IN IP4 127.0.1.1\r\n', ''), 'no connection address'],
    [SIPP_UAC.replace('127.0.1.1\r\nt=', 'example.com\r\nt='), 'not an IP'],
    [SIPP_UAC.replace('RTP/AVP 0', 'RTP/AVP 96'), 'no usable payload'],
  ])('refuses %j with a reason', (text, reason) => {
    const r = parseSessionDescription(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(reason);
  });
});

describe('negotiate', () => {
  it('keeps our preference order and the far end’s payload numbers', () => {
    expect(negotiate(audioOf(BARESIP))).toEqual({
      codec: 'PCMU',
      payloadType: 0,
      telephoneEventPt: 101,
    });
    expect(negotiate(audioOf(BARESIP), ['PCMA', 'PCMU'])?.codec).toBe('PCMA');
    expect(negotiate(audioOf(SIPP_PCAP))).toEqual({
      codec: 'PCMA',
      payloadType: 8,
      telephoneEventPt: 101,
    });
  });

  it('returns null when nothing G.711 is offered', () => {
    const g729 = audioOf(
      SIPP_UAC.replace('RTP/AVP 0', 'RTP/AVP 18').replace('a=rtpmap:0 PCMU/8000', ''),
    );
    expect(negotiate(g729)).toBeNull();
    expect(negotiate(audioOf(SIPP_UAC), ['PCMA'])).toBeNull();
  });

  it('mirrors the direction', () => {
    expect(answerDirection('sendrecv')).toBe('sendrecv');
    expect(answerDirection('sendonly')).toBe('recvonly');
    expect(answerDirection('recvonly')).toBe('sendonly');
    expect(answerDirection('inactive')).toBe('inactive');
  });
});

describe('buildSdp', () => {
  const local = {
    sessionId: 4242,
    version: 3,
    address: '198.51.100.4',
    port: 30000,
    codec: 'PCMA' as const,
    payloadType: 8,
    telephoneEventPt: 101,
    direction: 'recvonly' as const,
  };

  it('writes one audio stream with events, ptime and direction', () => {
    const text = buildSdp(local);
    expect(text.split('\r\n')).toEqual([
      'v=0',
      'o=tsunagu 4242 3 IN IP4 198.51.100.4',
      's=tsunagu',
      'c=IN IP4 198.51.100.4',
      't=0 0',
      'm=audio 30000 RTP/AVP 8 101',
      'a=rtpmap:8 PCMA/8000',
      'a=rtpmap:101 telephone-event/8000',
      'a=fmtp:101 0-16',
      'a=ptime:20',
      'a=recvonly',
      '',
    ]);
  });

  it('lists the other law in an offer so the far end can choose', () => {
    const offer = audioOf(
      buildSdp({ ...local, codec: 'PCMU', payloadType: 0, alsoOffer: ['PCMA', 'PCMU'] }),
    );
    expect(offer.payloads.map((p) => [p.pt, p.name])).toEqual([
      [0, 'PCMU'],
      [8, 'PCMA'],
      [101, 'telephone-event'],
    ]);
    expect(negotiate(offer, ['PCMA'])?.payloadType).toBe(8);
  });

  it('round-trips through the parser and the negotiator', () => {
    const a = audioOf(buildSdp({ ...local, telephoneEventPt: null, direction: 'sendrecv' }));
    expect(a).toMatchObject({ address: '198.51.100.4', port: 30000, telephoneEventPt: null });
    expect(negotiate(a)).toEqual({ codec: 'PCMA', payloadType: 8, telephoneEventPt: null });
    expect(audioOf(buildSdp({ ...local, address: '2001:db8::9' })).address).toBe('2001:db8::9');
  });
});
