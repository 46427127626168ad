import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  buildChallenge,
  buildCredentials,
  parseChallenge,
  parseCredentials,
  parseDigestHeader,
} from '../../src/sip-auth/index.js';

describe('challenge header', () => {
  it('builds the 401/407 value with qop="auth" and stale only when true', () => {
    expect(buildChallenge({ realm: 'tsunagu', nonce: 'n1', opaque: 'o' })).toBe(
      'Digest realm="tsunagu", nonce="n1", opaque="o", algorithm=MD5, qop="auth"',
    );
    expect(
      buildChallenge({ realm: 'tsunagu', nonce: 'n1', algorithm: 'SHA-256', stale: true }),
    ).toBe('Digest realm="tsunagu", nonce="n1", algorithm=SHA-256, qop="auth", stale=TRUE');
  });

  it('round-trips through the parser, including a realm with quotes and backslashes', () => {
    const c = {
      realm: 'a "quoted" \\ realm',
      nonce: 'xyz',
      opaque: 'op',
      algorithm: 'SHA-256' as const,
      qop: true,
      stale: true,
    };
    expect(parseChallenge(buildChallenge(c))).toEqual(c);
  });

  it('parses a carrier challenge with a qop list, lower-case algorithm and no stale', () => {
    expect(
      parseChallenge(
        'Digest realm="sip.carrier.net",nonce="abc",qop="auth,auth-int",algorithm=md5',
      ),
    ).toEqual({ realm: 'sip.carrier.net', nonce: 'abc', algorithm: 'MD5', qop: true });
  });

  it('refuses challenges it cannot answer', () => {
    expect(parseChallenge('Basic realm="x"')).toBeUndefined();
    expect(parseChallenge('Digest realm="x"')).toBeUndefined();
    expect(parseChallenge('Digest realm="x", nonce="n", algorithm=SHA-512-256')).toBeUndefined();
    expect(parseChallenge('Digest realm="x", nonce="n", qop="auth-int"')).toBeUndefined();
  });
});

describe('build → parse round trip (fast-check)', () => {
  const value = fc.string({ unit: 'binary' }).map((v) => v.replace(/[\r\n]/g, ''));

  it('any realm, nonce and opaque survive quoting', () => {
    fc.assert(
      fc.property(value, value, value, fc.boolean(), (realm, nonce, opaque, stale) => {
        const c = { realm, nonce, opaque, algorithm: 'MD5' as const, qop: true, stale };
        const parsed = parseChallenge(buildChallenge(c));
        expect(parsed).toEqual(stale ? c : { realm, nonce, opaque, algorithm: 'MD5', qop: true });
      }),
      { numRuns: 1_000 },
    );
  });

  it('[BEY-08] header injection: CR/LF never reach the built header', () => {
    const h = buildChallenge({ realm: 'a\r\nVia: evil', nonce: 'n' });
    expect(h).not.toMatch(/[\r\n]/);
  });
});

describe('Authorization header', () => {
  const full = {
    username: 'alice',
    realm: 'tsunagu',
    nonce: 'abc',
    uri: 'sip:tsunagu.example',
    response: '0123456789abcdef0123456789abcdef',
    algorithm: 'MD5',
    cnonce: 'c1',
    nc: '00000001',
    qop: 'auth',
    opaque: 'op',
  };

  it('round-trips every field', () => {
    expect(parseCredentials(buildCredentials(full))).toEqual(full);
  });

  it('[BEY-08] reads escaped quotes, extra spaces, tabs and upper-case names', () => {
    const header =
      'DIGEST   USERNAME = "al\\"ice" ,Realm="tsu\\\\nagu",\tNonce="abc",  URI="sip:x;transport=tcp", ' +
      'response="ff", QOP=auth, NC=00000002, CNonce="a, b", Algorithm=sha-256 , ';
    expect(parseCredentials(header)).toEqual({
      username: 'al"ice',
      realm: 'tsu\\nagu',
      nonce: 'abc',
      uri: 'sip:x;transport=tcp',
      response: 'ff',
      qop: 'auth',
      nc: '00000002',
      cnonce: 'a, b',
      algorithm: 'sha-256',
    });
  });

  it('ignores unknown parameters and accepts a quoted qop', () => {
    const c = parseCredentials(
      'Digest username="bob", realm="r", nonce="n", uri="sip:r", response="00", ' +
        'x-vendor="a=b, c", auth-param=tok, qop="auth"',
    );
    expect(c).toEqual({
      username: 'bob',
      realm: 'r',
      nonce: 'n',
      uri: 'sip:r',
      response: '00',
      qop: 'auth',
    });
  });

  it('[BEY-08] refuses malformed headers without throwing', () => {
    const bad: unknown[] = [
      undefined,
      null,
      42,
      '',
      'Digest',
      'Basic dXNlcjpwYXNz',
      'Digestusername="a"',
      'Digest username="a", realm="r", nonce="n", uri="u"', // no response
      'Digest username="a, realm="r", nonce="n", uri="u", response="x"', // unterminated
      'Digest username="a", realm="r", nonce="n", uri="u", response="x\\', // dangling escape
      'Digest username="a" realm="r", nonce="n", uri="u", response="x"', // missing comma
      'Digest username="a", username="b", realm="r", nonce="n", uri="u", response="x"', // duplicate
      'Digest =x',
      'Digest username=',
    ];
    for (const h of bad) expect(parseCredentials(h), String(h)).toBeUndefined();
  });

  it('[BEY-08] never throws on random input (fast-check)', () => {
    const pieces = fc.constantFrom(
      'Digest ',
      'digest',
      'username',
      'realm',
      'nonce',
      'uri',
      'response',
      'qop',
      'nc',
      '=',
      '"',
      '\\',
      ',',
      ' ',
      '\t',
      'auth',
      'MD5',
    );
    const tricky = fc
      .array(fc.oneof(pieces, fc.string()), { maxLength: 30 })
      .map((a) => a.join(''));
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), tricky), (s) => {
        parseCredentials(s);
        parseChallenge(s);
        parseDigestHeader(s);
      }),
      { numRuns: 5_000 },
    );
  });
});
