import { describe, expect, it } from 'vitest';
import { newBranch, newCallId, newTag } from '../../../src/sip/ids.js';
import type { SipRequest } from '../../../src/sip/message.js';
import { parse } from '../../../src/sip/parser.js';
import { badRequestFor, createResponse, reasonPhrase } from '../../../src/sip/response.js';
import { serialize } from '../../../src/sip/serializer.js';
import { crlf } from './fake-transport.js';

const INVITE = crlf([
  'INVITE sip:queue@192.0.2.1 SIP/2.0',
  'Via: SIP/2.0/UDP proxy.example.com;branch=z9hG4bKp1;received=192.0.2.99',
  'Via: SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bKa1',
  'Max-Forwards: 69',
  'Record-Route: <sip:proxy.example.com;lr>',
  'From: <sip:alice@example.com>;tag=a1',
  'To: <sip:queue@192.0.2.1>',
  'Call-ID: call-1@example.com',
  'CSeq: 7 INVITE',
  'Contact: <sip:alice@198.51.100.7>',
]);

function request(text: string): SipRequest {
  const result = parse(text);
  if (!result.ok || result.message.kind !== 'request') throw new Error('fixture does not parse');
  return result.message;
}

describe('ids', () => {
  it('makes branches with the magic cookie and enough randomness, and distinct tags', () => {
    const branches = new Set(Array.from({ length: 1000 }, () => newBranch()));
    expect(branches.size).toBe(1000);
    for (const b of branches) expect(b).toMatch(/^z9hG4bK[A-Za-z0-9_-]{16,}$/);
    expect(newTag()).not.toBe(newTag());
    expect(newCallId('pbx.example.jp')).toMatch(/^[A-Za-z0-9_-]{16,}@pbx\.example\.jp$/);
  });
});

describe('createResponse', () => {
  it('copies Via in order, From, To, Call-ID, CSeq and Record-Route for a 2xx to INVITE', () => {
    const invite = request(INVITE);
    const ok = createResponse(invite, 200, {
      toTag: 'u1',
      headers: [['Contact', '<sip:queue@192.0.2.1>']],
      body: new TextEncoder().encode('v=0\r\n'),
      contentType: 'application/sdp',
    });
    expect(ok.reason).toBe('OK');
    expect(ok.headers.getAll('Via')).toEqual(invite.headers.getAll('Via'));
    expect(ok.headers.get('To')).toBe('<sip:queue@192.0.2.1>;tag=u1');
    expect(ok.headers.get('From')).toBe('<sip:alice@example.com>;tag=a1');
    expect(ok.headers.get('CSeq')).toBe('7 INVITE');
    expect(ok.headers.getAll('Record-Route')).toEqual(['<sip:proxy.example.com;lr>']);
    expect(ok.headers.get('Content-Type')).toBe('application/sdp');
    // Round trip: what we build is what our parser reads.
    const back = parse(serialize(ok));
    expect(back.ok && back.message.kind === 'response' && back.message.status).toBe(200);
  });

  it('never tags a 100, keeps an existing tag, and leaves Record-Route off errors', () => {
    const invite = request(INVITE);
    expect(createResponse(invite, 100, { toTag: 'u1' }).headers.get('To')).not.toContain('tag');
    const busy = createResponse(invite, 486, { toTag: 'u1' });
    expect(busy.reason).toBe('Busy Here');
    expect(busy.headers.has('Record-Route')).toBe(false);
    const inDialog = request(
      INVITE.replace('To: <sip:queue@192.0.2.1>', 'To: <sip:queue@192.0.2.1>;tag=x9'),
    );
    expect(createResponse(inDialog, 200, { toTag: 'u1' }).headers.get('To')).toBe(
      '<sip:queue@192.0.2.1>;tag=x9',
    );
  });

  it('has reason phrases for RFC 3261 codes and the extensions we use', () => {
    expect(reasonPhrase(422)).toBe('Session Interval Too Small');
    expect(reasonPhrase(489)).toBe('Bad Event');
    expect(reasonPhrase(491)).toBe('Request Pending');
    expect(reasonPhrase(499)).toBe('Bad Request');
  });
});

describe('badRequestFor', () => {
  const enc = (s: string) => new TextEncoder().encode(s);

  it('builds a 400 echoing Via, From, To, Call-ID and CSeq of a request that did not parse', () => {
    const raw = enc(INVITE.replace('Max-Forwards: 69', 'Max-Forwards: many').replace('Via:', 'v:'));
    expect(parse(raw).ok).toBe(false);
    const reply = badRequestFor(raw, 'malformed Max-Forwards')!;
    expect(reply.status).toBe(400);
    expect(reply.reason).toBe('Bad Request (malformed Max-Forwards)');
    expect(reply.headers.getAll('Via')).toHaveLength(2);
    expect(reply.headers.get('CSeq')).toBe('7 INVITE');
    expect(parse(serialize(reply)).ok).toBe(true);
  });

  it('gives up on responses, on garbage and when a mandatory header is missing', () => {
    expect(badRequestFor(enc('SIP/2.0 200 OK\r\nVia: x\r\n\r\n'), 'x')).toBeUndefined();
    expect(badRequestFor(enc('\u0000\u0001\u0002'), 'x')).toBeUndefined();
    expect(badRequestFor(enc(INVITE.replace(/Call-ID:[^\r]*\r\n/, '')), 'x')).toBeUndefined();
  });
});
