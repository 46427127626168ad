import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  NonceCounts,
  buildChallenge,
  buildCredentials,
  computeHA1,
  computeResponseFromPassword,
  createNonce,
  nonceIssuedAt,
  parseChallenge,
  verify,
  type DigestAlgorithm,
  type Secret,
  type VerifyOptions,
} from '../../src/sip-auth/index.js';

const SECRET = 'cluster-shared-secret';
const REALM = 'tsunagu.example';
const T0 = Date.UTC(2026, 0, 1, 9, 0, 0);
const users: Record<string, string> = { alice: 'wonderland', bob: 'builder' };
const lookup = (user: string): Secret | undefined =>
  users[user] === undefined ? undefined : { password: users[user] };

/** A client answering a challenge header, as a phone would. */
function answer(
  challengeHeader: string,
  opts: {
    user?: string;
    password?: string;
    method?: string;
    uri?: string;
    nc?: string;
    realm?: string;
  } = {},
): string {
  const ch = parseChallenge(challengeHeader);
  if (ch === undefined) throw new Error('unparseable challenge');
  const algorithm: DigestAlgorithm = ch.algorithm ?? 'MD5';
  const username = opts.user ?? 'alice';
  const realm = opts.realm ?? ch.realm;
  const uri = opts.uri ?? 'sip:tsunagu.example';
  const nc = opts.nc ?? '00000001';
  const cnonce = 'deadbeef';
  const response = computeResponseFromPassword({
    algorithm,
    username,
    realm,
    password: opts.password ?? users[username] ?? 'x',
    method: opts.method ?? 'REGISTER',
    uri,
    nonce: ch.nonce,
    qop: { nc, cnonce },
  });
  return buildCredentials({
    username,
    realm,
    nonce: ch.nonce,
    uri,
    response,
    algorithm,
    cnonce,
    nc,
    qop: 'auth',
    ...(ch.opaque === undefined ? {} : { opaque: ch.opaque }),
  });
}

function check(header: string, extra: Partial<VerifyOptions> = {}) {
  return verify({
    method: 'REGISTER',
    header,
    secret: SECRET,
    realm: REALM,
    lookup,
    now: T0 + 1_000,
    ...extra,
  });
}

const challengeAt = (now: number, algorithm: DigestAlgorithm = 'MD5'): string =>
  buildChallenge({ realm: REALM, nonce: createNonce(SECRET, REALM, now), algorithm });

describe('stateless nonces', () => {
  it('carry their issue time and verify on any node with the secret', () => {
    const nonce = createNonce(SECRET, REALM, T0);
    expect(nonce).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(nonceIssuedAt(SECRET, REALM, nonce)).toBe(T0);
    expect(nonceIssuedAt('other-secret', REALM, nonce)).toBeUndefined();
    expect(nonceIssuedAt(SECRET, 'other.realm', nonce)).toBeUndefined();
  });
});

describe('verify', () => {
  it('[BEY-08] round trip: challenge → client computes → verifier accepts (MD5 and SHA-256)', () => {
    for (const alg of ['MD5', 'SHA-256'] as const) {
      const r = check(answer(challengeAt(T0, alg)));
      expect(r).toMatchObject({ result: 'ok', username: 'alice' });
    }
  });

  it('[BEY-08] accepts a stored HA1 instead of a password', () => {
    const r = check(answer(challengeAt(T0, 'SHA-256'), { user: 'bob' }), {
      lookup: (u, realm, alg) => ({ ha1: computeHA1(alg, u, realm, 'builder') }),
    });
    expect(r.result).toBe('ok');
  });

  it('[BEY-08] wrong password is invalid (answer 401/403)', () => {
    const r = check(answer(challengeAt(T0), { password: 'guess' }));
    expect(r).toEqual({ result: 'invalid', reason: 'wrong response' });
  });

  it('[BEY-08] unknown user is invalid', () => {
    expect(check(answer(challengeAt(T0), { user: 'mallory' }))).toEqual({
      result: 'invalid',
      reason: 'unknown user',
    });
  });

  it('[BEY-08] wrong realm is invalid', () => {
    expect(check(answer(challengeAt(T0), { realm: 'evil.example' }))).toEqual({
      result: 'invalid',
      reason: 'wrong realm',
    });
  });

  it('[BEY-08] a tampered or forged nonce is invalid', () => {
    const nonce = createNonce(SECRET, REALM, T0);
    const flipped = (nonce[3] === 'A' ? 'B' : 'A') + '';
    const tampered = nonce.slice(0, 3) + flipped + nonce.slice(4);
    const forged = createNonce('attacker-secret', REALM, T0);
    for (const n of [tampered, forged, 'not-a-nonce', nonce + 'A', '']) {
      const header = answer(buildChallenge({ realm: REALM, nonce: n }));
      expect(check(header), n).toEqual({ result: 'invalid', reason: 'bad nonce' });
    }
  });

  it('[BEY-08] a nonce dated in the future beyond the skew is invalid', () => {
    expect(check(answer(challengeAt(T0 + 60_000)))).toMatchObject({ result: 'invalid' });
    expect(check(answer(challengeAt(T0 + 10_000))).result).toBe('ok');
  });

  it('[BEY-08] expired nonce with right credentials is stale; re-challenge with stale=TRUE', () => {
    const header = answer(challengeAt(T0));
    expect(check(header, { now: T0 + 5 * 60_000 }).result).toBe('ok');
    expect(check(header, { now: T0 + 5 * 60_000 + 1 })).toEqual({
      result: 'stale',
      username: 'alice',
    });
    expect(check(header, { now: T0 + 2_000, maxAgeMs: 1_000 }).result).toBe('stale');
    // A stale nonce with the wrong password is plain invalid: stale would confirm the password.
    const wrong = answer(challengeAt(T0), { password: 'guess' });
    expect(check(wrong, { now: T0 + 3_600_000 }).result).toBe('invalid');
    const rechallenge = buildChallenge({
      realm: REALM,
      nonce: createNonce(SECRET, REALM, T0 + 3_600_000),
      stale: true,
    });
    expect(parseChallenge(rechallenge)?.stale).toBe(true);
  });

  it('[BEY-08] a replayed nonce-count is invalid; a higher one is accepted', () => {
    const nonceCounts = new NonceCounts();
    const challenge = challengeAt(T0);
    const first = answer(challenge, { nc: '00000001' });
    expect(check(first, { nonceCounts }).result).toBe('ok');
    expect(check(first, { nonceCounts })).toEqual({ result: 'invalid', reason: 'replayed nc' });
    expect(check(answer(challenge, { nc: '00000002' }), { nonceCounts }).result).toBe('ok');
    expect(check(answer(challenge, { nc: '00000002' }), { nonceCounts }).result).toBe('invalid');
    expect(check(answer(challenge, { nc: '00000001' }), { nonceCounts }).result).toBe('invalid');
    expect(check(answer(challenge, { nc: '00000000' }), { nonceCounts }).result).toBe('invalid');
  });

  it('keeps the nonce-count map bounded (LRU)', () => {
    const counts = new NonceCounts(3);
    for (const n of ['a', 'b', 'c']) expect(counts.accept(n, 1)).toBe(true);
    expect(counts.accept('a', 2)).toBe(true); // refreshes a
    expect(counts.accept('d', 1)).toBe(true); // evicts b, the least recently used
    expect(counts.size).toBe(3);
    expect(counts.accept('a', 2)).toBe(false);
    expect(counts.accept('c', 1)).toBe(false);
    expect(counts.accept('b', 1)).toBe(true); // b was forgotten
  });

  it('[BEY-08] the method is part of the digest: a REGISTER answer does not authorize INVITE', () => {
    const header = answer(challengeAt(T0), { method: 'REGISTER' });
    expect(check(header, { method: 'INVITE' }).result).toBe('invalid');
  });

  it('[BEY-08] checks the request URI and opaque when asked', () => {
    const header = answer(challengeAt(T0), { uri: 'sip:other.example' });
    expect(check(header, { requestUri: 'sip:tsunagu.example' })).toEqual({
      result: 'invalid',
      reason: 'wrong uri',
    });
    const withOpaque = answer(
      buildChallenge({ realm: REALM, nonce: createNonce(SECRET, REALM, T0), opaque: 'op1' }),
    );
    expect(check(withOpaque, { opaque: 'op1' }).result).toBe('ok');
    expect(check(withOpaque, { opaque: 'op2' }).result).toBe('invalid');
  });

  it('[BEY-08] requires qop=auth unless RFC 2069 answers are allowed', () => {
    const nonce = createNonce(SECRET, REALM, T0);
    const uri = 'sip:tsunagu.example';
    const response = computeResponseFromPassword({
      algorithm: 'MD5',
      username: 'alice',
      realm: REALM,
      password: 'wonderland',
      method: 'REGISTER',
      uri,
      nonce,
    });
    const header = buildCredentials({ username: 'alice', realm: REALM, nonce, uri, response });
    expect(check(header)).toEqual({ result: 'invalid', reason: 'qop required' });
    expect(check(header, { allowNoQop: true }).result).toBe('ok');
  });

  it('[BEY-08] malformed headers and unsupported algorithms are invalid, never thrown', () => {
    for (const h of [undefined, '', 'Digest', 'Basic abc', 'Digest username="a"']) {
      expect(check(h as string)).toEqual({ result: 'invalid', reason: 'malformed' });
    }
    const sha512 = answer(challengeAt(T0)).replace('algorithm=MD5', 'algorithm=SHA-512-256');
    expect(check(sha512)).toEqual({ result: 'invalid', reason: 'unsupported algorithm' });
    const badNc = answer(challengeAt(T0)).replace('nc=00000001', 'nc=1');
    expect(check(badNc)).toEqual({ result: 'invalid', reason: 'malformed nc' });
  });

  it('[BEY-08] never throws on random headers (fast-check)', () => {
    const good = answer(challengeAt(T0));
    const mutated = fc
      .tuple(fc.nat(good.length), fc.nat(8), fc.string({ unit: 'binary', maxLength: 4 }))
      .map(([at, cut, ins]) => good.slice(0, at) + ins + good.slice(at + cut));
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), mutated), (h) => {
        const r = check(h, { nonceCounts: new NonceCounts() });
        expect(['ok', 'invalid']).toContain(r.result);
      }),
      { numRuns: 3_000 },
    );
  });
});
