import { describe, expect, it } from 'vitest';
import { sip } from '../../src/index.js';
import { INVITE, JAPANESE, RESPONSE, TORTURE, VALID } from './fixtures.js';

const { parse, serialize } = sip;

function ok(input: string | Uint8Array): sip.SipMessage {
  const r = parse(input);
  if (!r.ok) throw new Error(r.error.reason);
  return r.message;
}

function reason(input: string): string {
  const r = parse(input);
  expect(r.ok).toBe(false);
  if (r.ok) return '';
  expect(r.error.status).toBe(400);
  return r.error.reason;
}

describe('SIP parser', () => {
  it('parses a plain INVITE with a body framed by Content-Length', () => {
    const m = ok(INVITE);
    expect(m.kind).toBe('request');
    if (m.kind !== 'request') return;
    expect(m.method).toBe('INVITE');
    expect(m.uri).toBe('sip:queue-100@pbx.example.jp');
    expect(new TextDecoder().decode(m.body)).toBe('v=0\n');
    expect(m.headers.get('call-id')).toBe('a84b4c76e66710@pc33.example.com');
    expect(m.headers.get('i')).toBe('a84b4c76e66710@pc33.example.com');
    expect(m.headers.has('Content-Length')).toBe(false);
    expect(sip.parseCSeq(m.headers.get('CSeq')!)).toEqual({ seq: 314159, method: 'INVITE' });
  });

  it('handles escapes, folding, compact names, odd whitespace and Vias on one line', () => {
    const m = ok(TORTURE);
    if (m.kind !== 'request') throw new Error('request expected');
    const uri = sip.parseUri(m.uri) as sip.SipUri;
    expect(uri.user).toBe('alice;transport=tcp');
    expect(uri.params.get('lr')).toBeNull();
    expect(uri.headers.get('Subject')).toBe('hi there');
    const vias = m.headers.getAll('Via').map((v) => sip.parseVia(v)!);
    expect(vias).toHaveLength(2);
    expect(vias[0]).toMatchObject({ transport: 'UDP', host: '192.0.2.1' });
    expect(vias[0]!.params.get('branch')).toBe('z9hG4bK1');
    expect(vias[1]).toMatchObject({ transport: 'TCP', host: '2001:db8::9', port: 5070 });
    const to = sip.parseNameAddr(m.headers.get('to')!)!;
    expect(to.displayName).toBe('Wile "E" Coyote');
    expect(to.params.get('tag')).toBe('x1');
    const from = sip.parseNameAddr(m.headers.get('From')!)!;
    expect(from.params.get('tag')).toBe('98asjd8');
    expect((from.uri as sip.SipUri).params.size).toBe(0);
    expect(m.headers.get('Subject')).toBe('a very long subject that is folded over three lines');
    expect(m.headers.get('cseq')).toBe('8 OPTIONS');
    const contacts = m.headers.getAll('Contact').map((c) => sip.parseNameAddr(c)!);
    expect(contacts.map((c) => c.displayName)).toEqual(['Quoted, with comma', undefined]);
    expect(contacts[1]!.uri).toMatchObject({ host: '2001:db8::1', port: 5061 });
    expect(contacts[1]!.params.get('q')).toBe('0.5');
    expect(m.headers.get('newfangledheader')).toBe('newfangled value');
  });

  it('reads Japanese display names and tel URIs', () => {
    const m = ok(JAPANESE);
    const from = sip.parseNameAddr(m.headers.get('From')!)!;
    expect(from.displayName).toBe('山田 太郎');
    expect(from.uri.scheme).toBe('sips');
    const to = sip.parseNameAddr(m.headers.get('To')!)!;
    expect(to.displayName).toBe('受付');
    expect(to.uri).toMatchObject({ scheme: 'tel', number: '+81-3-1234-5678' });
    expect(sip.formatNameAddr(from)).toBe('"山田 太郎" <sips:yamada@example.jp>;tag=jp1');
  });

  it('parses a response status line and Record-Route lists', () => {
    const m = ok(RESPONSE);
    expect(m).toMatchObject({ kind: 'response', status: 200, reason: 'OK' });
    expect(m.headers.getAll('record-route')).toEqual([
      '<sip:p1.example.com;lr>',
      '<sip:p2.example.com;lr>',
    ]);
    const via = sip.parseVia(m.headers.get('via')!)!;
    expect(via.params.get('received')).toBe('192.0.2.10');
    expect(via.params.get('rport')).toBe('5060');
  });

  it.each(VALID.map((v, i) => [i, v] as const))('round-trips fixture %i', (_i, wire) => {
    const first = ok(wire);
    const again = ok(serialize(first));
    expect(again).toEqual(first);
    expect(serialize(again)).toEqual(serialize(first));
  });

  it('treats methods as case-sensitive and header names as case-insensitive', () => {
    const lower = INVITE.replace('INVITE sip:', 'invite sip:');
    expect(reason(lower)).toMatch(/CSeq method/);
    const both = lower.replace('CSeq: 314159 INVITE', 'CSeq: 314159 invite');
    const m = ok(both);
    expect(m.kind === 'request' && m.method).toBe('invite');
  });

  it.each([
    ['Via', /Via/],
    ['To', /To/],
    ['From', /From/],
    ['Call-ID', /Call-ID/],
    ['CSeq', /CSeq/],
  ])('answers 400 when %s is missing', (name, why) => {
    const without = INVITE.split('\r\n')
      .filter((l) => !l.startsWith(`${name}:`))
      .join('\r\n');
    expect(reason(without)).toMatch(why);
  });

  it.each([
    ['a malformed Via', INVITE.replace('SIP/2.0/UDP 192.0.2.10:5060', 'SIP/2.0/UDP')],
    ['a bad Max-Forwards', INVITE.replace('Max-Forwards: 70', 'Max-Forwards: 300')],
    ['a bad CSeq', INVITE.replace('CSeq: 314159 INVITE', 'CSeq: -1 INVITE')],
    ['a bad From', INVITE.replace('<sip:alice@example.com>', '<sip:alice@example.com')],
    ['a short body', INVITE.replace('Content-Length: 4', 'Content-Length: 40')],
    ['two Content-Lengths', INVITE.replace('Content-Length: 4', 'Content-Length: 4\r\nl: 5')],
    ['extra spaces in the request line', INVITE.replace('INVITE sip', 'INVITE  sip')],
    ['an unknown SIP version', INVITE.replace('SIP/2.0\r\n', 'SIP/7.0\r\n')],
    ['a bad port', INVITE.replace('192.0.2.10:5060', '192.0.2.10:99999')],
    ['no blank line', INVITE.split('\r\n\r\n')[0]!],
    ['a header without a colon', INVITE.replace('Max-Forwards: 70', 'Max-Forwards 70')],
    ['a NUL byte', INVITE.replace('Call-ID: a8', 'Call-ID: a\x008')],
    ['a bad escape', INVITE.replace('queue-100@pbx', 'queue%G0@pbx')],
  ])('answers 400 for %s', (_name, wire) => {
    expect(reason(wire).length).toBeGreaterThan(0);
  });

  it('ignores CRLFs before the start line and takes the rest of a datagram as body', () => {
    const noLength = INVITE.replace('Content-Length: 4\r\n', '');
    const m = ok(`\r\n\r\n${noLength}`);
    expect(new TextDecoder().decode(m.body)).toBe('v=0\n');
    const shorter = ok(INVITE.replace('Content-Length: 4', 'Content-Length: 2'));
    expect(new TextDecoder().decode(shorter.body)).toBe('v=');
  });
});
