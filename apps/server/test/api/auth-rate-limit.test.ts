import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressKey, LoginThrottle, SlidingWindow } from '@tsunagu/api';
import {
  ADMIN_PASSWORD,
  startTestNode,
  TEST_BACKENDS,
  type TestNode,
} from '../support/test-node.js';
import { addUser, loginFrom } from './security-fixtures.js';

describe('the login throttle', () => {
  it('[BEY-08] counts failures in a sliding minute, per address and per login', () => {
    const th = new LoginThrottle({ attemptsPerMinute: 3 });
    for (const [i, login] of ['a', 'b', 'c'].entries()) {
      expect(th.attempt('10.0.0.1', login, i * 10_000).allowed).toBe(true);
    }
    // Three failures from one address, whatever the logins: the fourth waits for the first to age.
    expect(th.attempt('10.0.0.1', 'd', 30_000)).toEqual({ allowed: false, retryAfterSec: 30 });
    expect(th.attempt('10.0.0.1', 'd', 59_999)).toEqual({ allowed: false, retryAfterSec: 1 });
    expect(th.attempt('10.0.0.1', 'd', 60_001).allowed).toBe(true);
    // Refused attempts were not counted: only the first (aged out) made room.
    expect(th.attempt('10.0.0.1', 'e', 60_002).allowed).toBe(false);

    // One login from many addresses.
    for (let i = 0; i < 3; i += 1)
      expect(th.attempt(`10.1.0.${i}`, 'victim', 0).allowed).toBe(true);
    expect(th.attempt('10.1.0.99', 'Victim ', 1).allowed).toBe(false);
  });

  it('[BEY-08] a success takes back its own count but resets nothing', () => {
    const th = new LoginThrottle({ attemptsPerMinute: 3 });
    const ok = (addr: string, login: string, now: number) => {
      const v = th.attempt(addr, login, now);
      if (v.allowed) th.succeeded(addr, login, v.at, now);
      return v.allowed;
    };
    expect(th.attempt('10.0.0.2', 'x', 0).allowed).toBe(true);
    expect(th.attempt('10.0.0.2', 'y', 1).allowed).toBe(true);
    // Many successes (an office signing in) do not use up the allowance...
    for (let i = 0; i < 20; i += 1) expect(ok('10.0.0.2', `agent${i}`, 2 + i)).toBe(true);
    // ...nor give any back: one more failure, and the address is throttled.
    expect(th.attempt('10.0.0.2', 'z', 30).allowed).toBe(true);
    expect(th.attempt('10.0.0.2', 'agent0', 31).allowed).toBe(false);
  });

  it('[BEY-08] the address a user signed in from is exempt from the per-login limit only', () => {
    const th = new LoginThrottle({ attemptsPerMinute: 2 });
    const v = th.attempt('192.0.2.7', 'sato', 0);
    if (v.allowed) th.succeeded('192.0.2.7', 'sato', v.at, 0);
    th.attempt('203.0.113.1', 'sato', 1);
    th.attempt('203.0.113.2', 'sato', 2);
    expect(th.attempt('203.0.113.3', 'sato', 3).allowed).toBe(false);
    expect(th.attempt('192.0.2.7', 'sato', 4).allowed).toBe(true);
    expect(th.attempt('192.0.2.7', 'sato', 5).allowed).toBe(true);
    // Its own failures still count against the address.
    expect(th.attempt('192.0.2.7', 'sato', 6).allowed).toBe(false);
  });

  it('[BEY-08] keys IPv6 clients by /64 and IPv4-mapped addresses as IPv4', () => {
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe(addressKey('2001:db8:1:2:ffff:1:2:3'));
    expect(addressKey('2001:db8:1:2::1')).not.toBe(addressKey('2001:db8:1:3::1'));
    expect(addressKey('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(addressKey('192.0.2.1')).toBe('192.0.2.1');
    const th = new LoginThrottle({ attemptsPerMinute: 1 });
    th.attempt('2001:db8:1:2::1', 'a', 0);
    expect(th.attempt('2001:db8:1:2::9999', 'b', 1).allowed).toBe(false);
  });

  it('[BEY-08] memory stays bounded under a flood of distinct keys', () => {
    const w = new SlidingWindow(3, 60_000, 1000);
    for (let i = 0; i < 50_000; i += 1) w.record(`k${i}`, i);
    expect(w.size).toBeLessThanOrEqual(1000);
  });
});

describe.each(TEST_BACKENDS)('login rate limiting on a node (%s)', (backend) => {
  let t: TestNode;
  beforeAll(async () => {
    t = await startTestNode(backend, { 'login-attempts-per-minute': '3' });
    const admin = await t.login();
    for (const login of ['victim', 'stuffed']) {
      await addUser(t, admin, {
        login,
        password: 'victim passphrase',
        role: 'agent',
        centers: ['tokyo'],
      });
    }
  }, 60_000);
  afterAll(async () => {
    await t?.stop();
  });

  it('[BEY-08] credential stuffing from one address is stopped with 429 and Retry-After', async () => {
    for (const login of ['alice', 'bob', 'carol']) {
      expect((await loginFrom(t, '127.0.0.11', login, 'guess guess guess')).status).toBe(401);
    }
    // Even the right password is refused now (and not checked: no oracle for the attacker).
    const res = await loginFrom(t, '127.0.0.11', 'admin', ADMIN_PASSWORD);
    expect(res.status).toBe(429);
    expect(res.body.error.code).toBe('CC_ERR_RATE_LIMITED');
    expect(Number(res.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(res.retryAfter)).toBeLessThanOrEqual(60);
    // A forged forwarding header does not make a new client.
    const forged = await loginFrom(t, '127.0.0.11', 'dave', 'x', {
      'x-forwarded-for': '198.51.100.9',
    });
    expect(forged.status).toBe(429);
    // Another client is not affected.
    expect((await loginFrom(t, '127.0.0.12', 'admin', ADMIN_PASSWORD)).status).toBe(200);
  });

  it('[BEY-08] a success between guesses does not reset the address window', async () => {
    expect((await loginFrom(t, '127.0.0.13', 'stuffed', 'wrong one 1')).status).toBe(401);
    expect((await loginFrom(t, '127.0.0.13', 'admin', 'wrong one 2')).status).toBe(401);
    expect((await loginFrom(t, '127.0.0.13', 'stuffed', 'victim passphrase')).status).toBe(200);
    expect((await loginFrom(t, '127.0.0.13', 'nobody', 'wrong one 3')).status).toBe(401);
    expect((await loginFrom(t, '127.0.0.13', 'stuffed', 'victim passphrase')).status).toBe(429);
  });

  it('[BEY-08] one login attacked from many addresses is throttled, but not from where its user signs in', async () => {
    expect((await loginFrom(t, '127.0.0.20', 'victim', 'victim passphrase')).status).toBe(200);
    for (const ip of ['127.0.0.21', '127.0.0.22', '127.0.0.23']) {
      expect((await loginFrom(t, ip, 'victim', 'not the passphrase')).status).toBe(401);
    }
    const fromNew = await loginFrom(t, '127.0.0.24', 'victim', 'victim passphrase');
    expect(fromNew.status).toBe(429);
    expect(fromNew.retryAfter).toBeDefined();
    expect((await loginFrom(t, '127.0.0.20', 'victim', 'victim passphrase')).status).toBe(200);
  });

  it('[BEY-08] a burst of concurrent guesses gets no more than the allowance', async () => {
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => loginFrom(t, '127.0.0.30', `burst${i}`, 'guess guess')),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(9);
  });
});
