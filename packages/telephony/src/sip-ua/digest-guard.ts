import type { SipRequest } from '../sip/index.js';
import {
  buildChallenge,
  createNonce,
  NonceCounts,
  verify,
  type Secret,
  type DigestAlgorithm,
} from '../sip-auth/index.js';

export type GuardResult =
  | { readonly kind: 'ok'; readonly username: string }
  /** Ask (again) for credentials: no Authorization, a nonce we do not know, or a stale one. */
  | { readonly kind: 'challenge'; readonly headers: readonly [string, string][] }
  | { readonly kind: 'forbidden'; readonly reason: string };

export interface DigestGuardOptions {
  readonly realm: string;
  readonly secret: string;
  readonly lookup: (username: string, algorithm: DigestAlgorithm) => Secret | undefined;
  readonly now: () => number;
  /** Challenges offered, in order; one per algorithm (RFC 8760). Default: MD5 only. */
  readonly algorithms?: readonly DigestAlgorithm[];
}

/**
 * Digest authentication of one request (RFC 3261 §22): 401/407 challenges with stateless
 * nonces, so any node behind the same address can check the retried request. A wrong password
 * is refused (403) instead of challenged again, which would invite guessing.
 */
export class DigestGuard {
  private readonly counts = new NonceCounts(10_000);

  constructor(private readonly options: DigestGuardOptions) {}

  check(request: SipRequest, proxy: boolean): GuardResult {
    const header = request.headers.get(proxy ? 'Proxy-Authorization' : 'Authorization');
    if (header === undefined) return this.challenge(proxy, false);
    const result = verify({
      method: request.method,
      header,
      secret: this.options.secret,
      realm: this.options.realm,
      lookup: (username, _realm, algorithm) => this.options.lookup(username, algorithm),
      now: this.options.now(),
      nonceCounts: this.counts,
    });
    if (result.result === 'ok') return { kind: 'ok', username: result.username };
    if (result.result === 'stale') return this.challenge(proxy, true);
    // A nonce from before a restart (another secret) or a different realm: ask once more.
    if (result.reason === 'bad nonce' || result.reason === 'wrong realm')
      return this.challenge(proxy, false);
    return { kind: 'forbidden', reason: result.reason };
  }

  private challenge(proxy: boolean, stale: boolean): GuardResult {
    const nonce = createNonce(this.options.secret, this.options.realm, this.options.now());
    const name = proxy ? 'Proxy-Authenticate' : 'WWW-Authenticate';
    const realm = this.options.realm;
    return {
      kind: 'challenge',
      // MD5 alone by default: many desk phones read only the first challenge, and some
      // (libre-based, e.g. baresip 1.0) give up when any challenge names another algorithm.
      headers: (this.options.algorithms ?? ['MD5']).map(
        (algorithm) =>
          [name, buildChallenge({ realm, nonce, algorithm, stale })] as [string, string],
      ),
    };
  }
}
