import { describe, it, expect } from 'vitest';
import { createHash } from 'node:crypto';
import {
  computeHA1,
  computeResponse,
  computeResponseFromPassword,
} from '../../src/sip-auth/index.js';

/** Independent of the code under test: plain createHash, written out longhand. */
const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

describe('digest computation', () => {
  it('[BEY-08] reproduces the RFC 2617 §3.5 worked example (MD5, qop=auth)', () => {
    const response = computeResponseFromPassword({
      algorithm: 'MD5',
      username: 'Mufasa',
      realm: 'testrealm@host.com',
      password: 'Circle Of Life',
      method: 'GET',
      uri: '/dir/index.html',
      nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
      qop: { nc: '00000001', cnonce: '0a4f113b' },
    });
    expect(response).toBe('6629fae49393a05397450978507c4ef1');
  });

  it('[BEY-08] computes SHA-256 responses (RFC 7616 / RFC 8760) as an independent hash does', () => {
    const nonce = '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v';
    const ha1 = sha256('Mufasa:http-auth@example.org:Circle of Life');
    const ha2 = sha256('REGISTER:sip:example.org');
    const expected = sha256(
      `${ha1}:${nonce}:00000001:f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ:auth:${ha2}`,
    );
    expect(computeHA1('SHA-256', 'Mufasa', 'http-auth@example.org', 'Circle of Life')).toBe(ha1);
    const got = computeResponseFromPassword({
      algorithm: 'SHA-256',
      username: 'Mufasa',
      realm: 'http-auth@example.org',
      password: 'Circle of Life',
      method: 'REGISTER',
      uri: 'sip:example.org',
      nonce,
      qop: { nc: '00000001', cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ' },
    });
    expect(got).toBe(expected);
    expect(got).toHaveLength(64);
  });

  it('[BEY-08] matches the RFC 7616 §3.9.1 SHA-256 example (HTTP, qop=auth)', () => {
    const got = computeResponseFromPassword({
      algorithm: 'SHA-256',
      username: 'Mufasa',
      realm: 'http-auth@example.org',
      password: 'Circle of Life',
      method: 'GET',
      uri: '/dir/index.html',
      nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
      qop: { nc: '00000001', cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ' },
    });
    expect(got).toBe('753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1');
  });

  it('computes the RFC 2069 form (no qop) as H(HA1:nonce:HA2)', () => {
    const md5 = (s: string): string => createHash('md5').update(s).digest('hex');
    const ha1 = md5('alice:atlanta.com:secret');
    const expected = md5(`${ha1}:abc:${md5('INVITE:sip:bob@biloxi.com')}`);
    expect(
      computeResponse({
        algorithm: 'MD5',
        ha1,
        method: 'INVITE',
        uri: 'sip:bob@biloxi.com',
        nonce: 'abc',
      }),
    ).toBe(expected);
  });
});
