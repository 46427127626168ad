import { describe, expect, it } from 'vitest';
import { sip, sipAuth, sipUa } from '../../src/index.js';
import type { ServerTransaction } from '../../src/sip/transaction/layer.js';

const REALM = 'tsunagu';
const SOURCE = { protocol: 'udp' as const, host: '127.0.0.1', port: 5062 };

function register(
  user: string,
  o: { cseq?: number; expires?: string; contact?: string; auth?: string; to?: string } = {},
): sip.SipRequest {
  const headers = new sip.SipHeaders([
    ['Via', 'SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bK-r1'],
    ['From', `<sip:${user}@tsunagu>;tag=a1`],
    ['To', o.to ?? `<sip:${user}@tsunagu>`],
    ['Call-ID', `reg-${user}`],
    ['CSeq', `${o.cseq ?? 1} REGISTER`],
    ['Contact', o.contact ?? `<sip:${user}@127.0.0.1:5062>`],
  ]);
  if (o.expires !== undefined) headers.add('Expires', o.expires);
  if (o.auth !== undefined) headers.add('Authorization', o.auth);
  return {
    kind: 'request',
    method: 'REGISTER',
    uri: 'sip:tsunagu',
    headers,
    body: new Uint8Array(),
  };
}

function transaction(request: sip.SipRequest): {
  tx: ServerTransaction;
  responses: sip.SipResponse[];
} {
  const responses: sip.SipResponse[] = [];
  const tx: ServerTransaction = {
    request,
    source: SOURCE,
    state: 'trying',
    respond: (r) => void responses.push(r),
  };
  return { tx, responses };
}

/** Answers the registrar's challenge the way a phone does. */
function answer(
  challenge: sip.SipResponse,
  user: string,
  password: string,
  nc = '00000001',
): string {
  const c = sipAuth.parseChallenge(challenge.headers.getAll('WWW-Authenticate').at(-1))!;
  const algorithm = c.algorithm ?? 'MD5';
  const response = sipAuth.computeResponseFromPassword({
    algorithm,
    username: user,
    realm: c.realm,
    password,
    method: 'REGISTER',
    uri: 'sip:tsunagu',
    nonce: c.nonce,
    qop: { nc, cnonce: 'abc' },
  });
  return sipAuth.buildCredentials({
    username: user,
    realm: c.realm,
    nonce: c.nonce,
    uri: 'sip:tsunagu',
    response,
    algorithm,
    qop: 'auth',
    nc,
    cnonce: 'abc',
  });
}

function setup(
  now = { t: 1_000_000 },
  algorithms?: ('MD5' | 'SHA-256')[],
  onChange?: (username: string, bindings: readonly sipUa.Binding[]) => void,
) {
  const accounts = new sipUa.MemoryAccounts();
  accounts.set(sipUa.accountFromPassword('1001', REALM, 'phone-secret-1001'));
  accounts.set(sipUa.accountFromPassword('1002', REALM, 'phone-secret-1002'));
  const guard = new sipUa.DigestGuard({
    realm: REALM,
    secret: 'test-secret',
    now: () => now.t,
    ...(algorithms && { algorithms }),
    lookup: (u, algorithm) => {
      const a = accounts.find(u);
      return a && { ha1: a.ha1[algorithm] };
    },
  });
  const registrar = new sipUa.Registrar({
    guard,
    now: () => now.t,
    minExpiresSec: 60,
    maxExpiresSec: 3600,
    ...(onChange && { onChange }),
  });
  const run = (request: sip.SipRequest): sip.SipResponse => {
    const { tx, responses } = transaction(request);
    registrar.handle(tx);
    expect(responses).toHaveLength(1);
    return responses[0]!;
  };
  const login = (user: string, password: string, o: Parameters<typeof register>[1] = {}) => {
    const challenge = run(register(user, o));
    expect(challenge.status).toBe(401);
    return run(
      register(user, { ...o, cseq: (o.cseq ?? 1) + 1, auth: answer(challenge, user, password) }),
    );
  };
  return { registrar, run, login, now };
}

describe('registrar (digest REGISTER for agents’ phones)', () => {
  it('[SIP] challenges, then binds the phone with the granted lifetime', () => {
    const { registrar, login } = setup();
    const ok = login('1001', 'phone-secret-1001', { expires: '600' });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('Contact')).toBe('<sip:1001@127.0.0.1:5062>;expires=600');
    const [binding] = registrar.lookup('1001');
    expect(binding).toMatchObject({ contact: 'sip:1001@127.0.0.1:5062', source: SOURCE });
  });

  it('[SIP] offers MD5 alone by default, or the configured algorithms in order', () => {
    expect(setup().run(register('1001')).headers.getAll('WWW-Authenticate')).toEqual([
      expect.stringContaining('algorithm=MD5'),
    ]);
    const both = setup(undefined, ['SHA-256', 'MD5']);
    const challenges = both.run(register('1001')).headers.getAll('WWW-Authenticate');
    expect(challenges.map((c) => sipAuth.parseChallenge(c)?.algorithm)).toEqual(['SHA-256', 'MD5']);
    // answer() uses the last challenge: MD5 here; SHA-256 is proved by the ordering above.
    expect(both.login('1001', 'phone-secret-1001').status).toBe(200);
  });

  it('[BEY-08] refuses a wrong password with 403 and binds nothing', () => {
    const { registrar, login } = setup();
    expect(login('1001', 'wrong-password').status).toBe(403);
    expect(registrar.lookup('1001')).toEqual([]);
  });

  it('[BEY-08] refuses a phone registering somebody else’s address', () => {
    const { registrar, login } = setup();
    const r = login('1001', 'phone-secret-1001', { to: '<sip:1002@tsunagu>' });
    expect(r.status).toBe(403);
    expect(registrar.lookup('1002')).toEqual([]);
  });

  it('[BEY-08] refuses a replayed request (same nonce count)', () => {
    const { run } = setup();
    const challenge = run(register('1001'));
    const auth = answer(challenge, '1001', 'phone-secret-1001');
    expect(run(register('1001', { cseq: 2, auth })).status).toBe(200);
    expect(run(register('1001', { cseq: 3, auth })).status).toBe(403);
  });

  it('[SIP] answers 423 with Min-Expires to a too-brief lifetime, and caps long ones', () => {
    const { login } = setup();
    const brief = login('1001', 'phone-secret-1001', { expires: '10' });
    expect(brief.status).toBe(423);
    expect(brief.headers.get('Min-Expires')).toBe('60');
    const long = login('1002', 'phone-secret-1002', { expires: '86400' });
    expect(long.headers.get('Contact')).toContain('expires=3600');
  });

  it('[SIP] forgets a binding when it expires or the phone unregisters', () => {
    const { registrar, login, now } = setup();
    login('1001', 'phone-secret-1001', { expires: '120' });
    now.t += 119_000;
    expect(registrar.lookup('1001')).toHaveLength(1);
    now.t += 2_000;
    expect(registrar.lookup('1001')).toEqual([]);
    login('1002', 'phone-secret-1002', { expires: '600', cseq: 10 });
    const gone = login('1002', 'phone-secret-1002', { expires: '0', cseq: 20 });
    expect(gone.status).toBe(200);
    expect(registrar.lookup('1002')).toEqual([]);
  });
});

describe('registrar bindings across a restart', () => {
  it('[BEY-07] takes back live UDP bindings only: expired ones and TCP connections are gone', () => {
    const now = { t: 5_000_000 };
    const { registrar } = setup(now);
    const binding = (contact: string, protocol: 'udp' | 'tcp', expiresAt: number) => ({
      contact,
      source: { protocol, host: '192.0.2.10', port: 5062, connectionId: 'old-process' },
      expiresAt,
      callId: 'reg-1001',
      cseq: 7,
    });
    const taken = registrar.restore('1001', [
      binding('sip:1001@192.0.2.10:5062', 'udp', now.t + 60_000),
      binding('sip:1001@192.0.2.10:5063', 'tcp', now.t + 60_000),
      binding('sip:1001@192.0.2.10:5064', 'udp', now.t - 1),
    ]);
    expect(taken).toBe(1);
    const [live] = registrar.lookup('1001');
    expect(live).toMatchObject({ username: '1001', contact: 'sip:1001@192.0.2.10:5062', cseq: 7 });
    // The old process's connection id means nothing here.
    expect(live!.source).toEqual({ protocol: 'udp', host: '192.0.2.10', port: 5062 });
    now.t += 60_000;
    expect(registrar.lookup('1001')).toEqual([]);
  });

  it('[BEY-08] drops the bindings of an account that was deleted, and says so', () => {
    const changes: [string, number][] = [];
    const { registrar: hooked, login } = setup(undefined, undefined, (user, bindings) =>
      changes.push([user, bindings.length]),
    );
    hooked.restore('1001', [
      {
        contact: 'sip:1001@127.0.0.1:5062',
        source: SOURCE,
        expiresAt: Number.MAX_SAFE_INTEGER,
        callId: 'c',
        cseq: 1,
      },
    ]);
    login('1002', 'phone-secret-1002');
    changes.length = 0;
    hooked.retain((user) => user !== '1001');
    expect(hooked.lookup('1001')).toEqual([]);
    expect(hooked.lookup('1002')).toHaveLength(1);
    expect(changes).toEqual([['1001', 0]]);
  });
});

describe('trunk address allowlist', () => {
  it('[SIP] matches plain addresses, IPv4 and IPv6 prefixes, and IPv4-mapped peers', () => {
    expect(sipUa.addressAllowed('203.0.113.7', ['203.0.113.0/24'])).toBe(true);
    expect(sipUa.addressAllowed('203.0.114.7', ['203.0.113.0/24'])).toBe(false);
    expect(sipUa.addressAllowed('::ffff:127.0.0.1', ['127.0.0.1'])).toBe(true);
    expect(sipUa.addressAllowed('2001:db8::1', ['2001:db8::/32'])).toBe(true);
    expect(sipUa.addressAllowed('2001:db9::1', ['2001:db8::/32'])).toBe(false);
    expect(sipUa.addressAllowed('10.0.0.1', ['not-an-address', '10.0.0.0/33'])).toBe(false);
  });
});
