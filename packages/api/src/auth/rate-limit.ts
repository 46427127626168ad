/**
 * Login rate limiting (BEY-08), written here rather than with @fastify/rate-limit: that plugin
 * counts every request per key, while the rules below count failures only, key them two ways,
 * and exempt a login's own known address from the per-login limit. In memory, for one node.
 */

import { isIPv6 } from 'node:net';

const WINDOW_MS = 60_000;

/** Keys kept at most per window; above this the oldest go (memory stays bounded under a flood). */
const MAX_KEYS = 100_000;

/**
 * A sliding window log: the times of the events of the last minute, per key. Exact (no
 * bucket edges an attacker can straddle) and small: at most `limit` times per key.
 */
export class SlidingWindow {
  private readonly hits = new Map<string, number[]>();
  private lastSweep = 0;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number = WINDOW_MS,
    private readonly maxKeys: number = MAX_KEYS,
  ) {}

  /** Milliseconds until `key` may try again; 0 when it may now. */
  retryAfterMs(key: string, now: number): number {
    const times = this.live(key, now);
    if (times.length < this.limit) return 0;
    // The window frees a slot when the oldest counted event leaves it.
    return times[times.length - this.limit]! + this.windowMs - now;
  }

  record(key: string, now: number): void {
    const times = this.live(key, now);
    times.push(now);
    // Only the last `limit` matter for the decision; older ones would only cost memory.
    if (times.length > this.limit) times.splice(0, times.length - this.limit);
    this.hits.set(key, times);
    this.sweep(now);
  }

  /** Takes back one event recorded at `at` (an attempt that turned out to succeed). */
  forget(key: string, at: number): void {
    const times = this.hits.get(key);
    const i = times ? times.lastIndexOf(at) : -1;
    if (times && i >= 0) times.splice(i, 1);
    if (times && times.length === 0) this.hits.delete(key);
  }

  get size(): number {
    return this.hits.size;
  }

  private live(key: string, now: number): number[] {
    const times = this.hits.get(key);
    if (!times) return [];
    const from = now - this.windowMs;
    let i = 0;
    while (i < times.length && times[i]! <= from) i += 1;
    if (i > 0) times.splice(0, i);
    if (times.length === 0) this.hits.delete(key);
    return times;
  }

  /**
   * Expired keys go once a window; past `maxKeys` (a flood of distinct keys) the oldest-
   * inserted go one by one, so memory stays bounded and no request pays for a full scan twice.
   */
  private sweep(now: number): void {
    if (now - this.lastSweep >= this.windowMs) {
      this.lastSweep = now;
      for (const key of [...this.hits.keys()]) this.live(key, now);
    }
    while (this.hits.size > this.maxKeys) {
      const oldest = this.hits.keys().next().value;
      if (oldest === undefined) break;
      this.hits.delete(oldest);
    }
  }
}

export interface LoginThrottleOptions {
  /** Failed attempts allowed per client address, and per login, in any 60 seconds. */
  readonly attemptsPerMinute: number;
  /** How long a successful (login, address) pair stays exempt from the per-login limit. */
  readonly trustMs?: number;
  readonly maxKeys?: number;
}

export type ThrottleVerdict =
  | { readonly allowed: true; readonly at: number }
  | { readonly allowed: false; readonly retryAfterSec: number };

/**
 * The two limits, and why they count what they count:
 * - Per client address, failures only. Credential stuffing tries many logins from one address;
 *   every failure counts whatever the login, and a success does NOT reset the count (an
 *   attacker holding one valid account could otherwise log in between guesses to clear it).
 *   Successes do not count, so an office behind one NAT address can sign 200 agents in at 9:00.
 * - Per login, failures only. One account attacked from many addresses is slowed whatever the
 *   addresses. That lets an attacker lock a user out for as long as they keep failing, so an
 *   address the user has signed in from successfully (within `trustMs`) is exempt from the
 *   per-login limit, though never from the per-address one.
 * Throttled attempts are answered before the password is checked (no scrypt work, and no
 * answer that tells a right password from a wrong one) and are not themselves counted, so the
 * window reopens a minute after the last counted failure.
 */
export class LoginThrottle {
  private readonly byAddress: SlidingWindow;
  private readonly byLogin: SlidingWindow;
  private readonly trusted = new Map<string, number>();
  private readonly trustMs: number;
  private readonly maxKeys: number;

  constructor(options: LoginThrottleOptions) {
    this.maxKeys = options.maxKeys ?? MAX_KEYS;
    this.byAddress = new SlidingWindow(options.attemptsPerMinute, WINDOW_MS, this.maxKeys);
    this.byLogin = new SlidingWindow(options.attemptsPerMinute, WINDOW_MS, this.maxKeys);
    this.trustMs = options.trustMs ?? 24 * 3_600_000;
  }

  /**
   * Asks to try a password. When allowed, the attempt is counted at once as a failure, before
   * the password is checked, so a burst of concurrent attempts cannot all pass the check
   * while none has failed yet; `succeeded` takes the count back.
   */
  attempt(address: string, login: string, now: number): ThrottleVerdict {
    const ip = addressKey(address);
    const waitAddress = this.byAddress.retryAfterMs(ip, now);
    const waitLogin = this.isTrusted(ip, login, now)
      ? 0
      : this.byLogin.retryAfterMs(loginKey(login), now);
    const wait = Math.max(waitAddress, waitLogin);
    if (wait > 0) return { allowed: false, retryAfterSec: Math.ceil(wait / 1000) };
    this.byAddress.record(ip, now);
    this.byLogin.record(loginKey(login), now);
    return { allowed: true, at: now };
  }

  /** The attempt made at `at` was right: it does not count, and the pair becomes known. */
  succeeded(address: string, login: string, at: number, now: number): void {
    const ip = addressKey(address);
    this.byAddress.forget(ip, at);
    this.byLogin.forget(loginKey(login), at);
    const key = pairKey(ip, login);
    this.trusted.delete(key); // re-inserted last: the Map's order is then oldest-first
    this.trusted.set(key, now + this.trustMs);
    for (const [k, until] of this.trusted) {
      if (this.trusted.size <= this.maxKeys && until > now) break;
      this.trusted.delete(k);
    }
  }

  private isTrusted(address: string, login: string, now: number): boolean {
    const until = this.trusted.get(pairKey(address, login));
    return until !== undefined && until > now;
  }
}

/**
 * The per-address key. IPv4 (also when mapped into IPv6) is one address; IPv6 is its /64,
 * since one subscriber usually holds a whole /64 and could otherwise rotate through it.
 */
export function addressKey(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  if (!isIPv6(ip)) return ip;
  const [head = '', tail = ''] = ip.split('::');
  const left = head ? head.split(':') : [];
  const right = ip.includes('::') && tail ? tail.split(':') : [];
  const groups = ip.includes('::')
    ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}

/** Logins differing only in case or surrounding spaces count as one. */
function loginKey(login: string): string {
  return login.trim().toLowerCase().slice(0, 200);
}

function pairKey(address: string, login: string): string {
  return `${address}\u0000${loginKey(login)}`;
}
