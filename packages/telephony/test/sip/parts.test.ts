import { describe, expect, it } from 'vitest';
import { sip } from '../../src/index.js';
import { INVITE } from './fixtures.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('SIP URIs', () => {
  it.each([
    'sip:alice@example.com',
    'sips:alice:secret@example.com:5061;transport=tls',
    'sip:[2001:db8::10]:5070;maddr=[2001:db8::1];lr',
    'sip:+81312345678;phone-context=example.jp@gw.example.jp;user=phone',
    'sip:bob@example.com?Subject=hello%20world&Priority=urgent',
    'tel:+81-3-1234-5678;phone-context=example.jp',
    'sip:%E5%B1%B1%E7%94%B0@example.jp',
  ])('round-trips %s', (text) => {
    const uri = sip.parseUri(text)!;
    expect(uri).toBeDefined();
    expect(sip.parseUri(sip.formatUri(uri))).toEqual(uri);
  });

  it('decodes escapes and reads IPv6 hosts', () => {
    expect(sip.parseUri('sip:%E5%B1%B1%E7%94%B0@example.jp')).toMatchObject({ user: '山田' });
    expect(sip.parseUri('sip:[2001:db8::10]:5070')).toMatchObject({
      host: '2001:db8::10',
      port: 5070,
    });
    expect(sip.parseUri('sips:a:pw@h.example.com')).toMatchObject({ user: 'a', password: 'pw' });
  });

  it.each(['http://x', 'sip:', 'sip:a@', 'sip:a@[::1', 'sip:a@h:port', 'sip:a@h;=x', 'tel:abc!'])(
    'rejects %s',
    (text) => expect(sip.parseUri(text)).toBeUndefined(),
  );
});

describe('SIP name-addr and Via', () => {
  it('reads display names quoted, as tokens, or absent', () => {
    expect(sip.parseNameAddr('Bob Smith <sip:bob@example.com>;tag=1')).toMatchObject({
      displayName: 'Bob Smith',
    });
    const plain = sip.parseNameAddr('sip:bob@example.com;tag=2')!;
    expect(plain.displayName).toBeUndefined();
    expect(plain.params.get('tag')).toBe('2');
    expect(sip.parseNameAddr('"a\\\\b" <sip:x@y>')!.displayName).toBe('a\\b');
    expect(sip.formatNameAddr(sip.parseNameAddr('"a\\"b" <sip:x@y>;tag=t')!)).toBe(
      '"a\\"b" <sip:x@y>;tag=t',
    );
    expect(sip.parseNameAddr('"unterminated <sip:x@y>')).toBeUndefined();
    expect(sip.parseNameAddr('bad"name <sip:x@y>')).toBeUndefined();
  });

  it('reads and formats Via with every standard parameter', () => {
    const text =
      'SIP/2.0/UDP [2001:db8::9]:5060;branch=z9hG4bKa;received=2001:db8::7;rport;maddr=224.2.0.1;ttl=16';
    const via = sip.parseVia(text)!;
    expect(via).toMatchObject({ protocol: 'SIP', version: '2.0', transport: 'UDP', port: 5060 });
    expect(Object.fromEntries(via.params)).toEqual({
      branch: 'z9hG4bKa',
      received: '2001:db8::7',
      rport: null,
      maddr: '224.2.0.1',
      ttl: '16',
    });
    expect(sip.formatVia(via)).toBe(text);
    expect(sip.parseVia('SIP/2.0/UDP h;ttl=256')).toBeUndefined();
    expect(sip.parseVia('SIP/2.0/UDP h;received=nohost')).toBeUndefined();
    expect(sip.parseVia('SIP/2.0 h')).toBeUndefined();
  });

  it('splits lists on commas outside quotes and brackets', () => {
    expect(sip.splitHeaderValues('"a, \\"b," <sip:x@y;p=1,2>;q=1 , <sip:z@w>')).toEqual([
      '"a, \\"b," <sip:x@y;p=1,2>;q=1',
      '<sip:z@w>',
    ]);
  });

  it('keeps headers ordered with case-insensitive and compact names', () => {
    const h = new sip.SipHeaders([
      ['v', 'one'],
      ['Subject', 's'],
      ['VIA', 'two'],
    ]);
    expect(h.getAll('via')).toEqual(['one', 'two']);
    h.set('Via', 'only');
    expect(h.entries().map((e) => e.name)).toEqual(['Via', 'Subject']);
    expect(sip.parseCSeq('1 INVITE x')).toBeUndefined();
    expect(sip.parseCSeq(`${2 ** 31} INVITE`)).toBeUndefined();
  });
});

describe('SIP stream framing', () => {
  it('cuts messages on Content-Length and keeps the remainder', () => {
    const wire = enc(`\r\n${INVITE}${INVITE}`);
    const first = sip.frameFromStream(wire);
    if (first.kind !== 'message') throw new Error(first.kind);
    expect(sip.parse(first.message).ok).toBe(true);
    const second = sip.frameFromStream(first.rest);
    if (second.kind !== 'message') throw new Error(second.kind);
    expect(second.rest.length).toBe(0);
    expect(sip.frameFromStream(second.rest)).toEqual({ kind: 'need-more' });
  });

  it('asks for more data until the body is complete, byte by byte', () => {
    const wire = enc(INVITE);
    for (let n = 0; n < wire.length; n++) {
      expect(sip.frameFromStream(wire.subarray(0, n)).kind).toBe('need-more');
    }
    expect(sip.frameFromStream(wire).kind).toBe('message');
  });

  it('bounds the header section so garbage cannot grow a buffer for ever', () => {
    const junk = enc(`INVITE sip:a@b SIP/2.0\r\nX: ${'a'.repeat(sip.MAX_HEADER_BYTES)}`);
    expect(sip.frameFromStream(junk).kind).toBe('error');
    expect(sip.parse(new Uint8Array([...junk, 13, 10, 13, 10]))).toMatchObject({ ok: false });
  });

  it('refuses a stream message without Content-Length', () => {
    const frame = sip.frameFromStream(enc(INVITE.replace('Content-Length: 4\r\n', '')));
    expect(frame.kind).toBe('error');
  });
});
