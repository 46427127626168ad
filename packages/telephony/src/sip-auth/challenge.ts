/**
 * The challenge a registrar or trunk sends in a 401 (WWW-Authenticate) or 407
 * (Proxy-Authenticate) (RFC 3261 §22.1, §22.3). The value is the same for both headers.
 */
import { parseAlgorithm, type DigestAlgorithm } from './digest.js';
import { parseDigestHeader, quote } from './params.js';

export interface Challenge {
  realm: string;
  nonce: string;
  opaque?: string;
  /** Defaults to MD5, which every SIP phone speaks; offer SHA-256 as a second challenge. */
  algorithm?: DigestAlgorithm;
  /** We always offer qop="auth" (nonce counts give replay protection); false only for parsing. */
  qop?: boolean;
  /** True when the client's credentials were right but its nonce had expired (RFC 2617 §3.2.1). */
  stale?: boolean;
}

/** Builds the header value, e.g. `Digest realm="x", nonce="y", algorithm=MD5, qop="auth"`. */
export function buildChallenge(c: Challenge): string {
  const parts = [`realm=${quote(c.realm)}`, `nonce=${quote(c.nonce)}`];
  if (c.opaque !== undefined) parts.push(`opaque=${quote(c.opaque)}`);
  parts.push(`algorithm=${c.algorithm ?? 'MD5'}`);
  if (c.qop !== false) parts.push('qop="auth"');
  // stale is a token, not a quoted-string (RFC 2617 §3.2.1); only sent when true.
  if (c.stale === true) parts.push('stale=TRUE');
  return `Digest ${parts.join(', ')}`;
}

/**
 * Parses a challenge (what a client, e.g. our outbound trunk, receives). Undefined when it is not
 * a Digest challenge we can answer: no realm or nonce, an unknown algorithm, or a qop list
 * without "auth" (auth-int only).
 */
export function parseChallenge(header: unknown): Challenge | undefined {
  const p = parseDigestHeader(header);
  if (p === undefined) return undefined;
  const realm = p.get('realm');
  const nonce = p.get('nonce');
  if (realm === undefined || nonce === undefined) return undefined;
  const algorithm = parseAlgorithm(p.get('algorithm'));
  if (algorithm === undefined) return undefined;
  const qopValue = p.get('qop');
  let qop = false;
  if (qopValue !== undefined) {
    const options = qopValue.split(',').map((q) => q.trim().toLowerCase());
    if (!options.includes('auth')) return undefined;
    qop = true;
  }
  const challenge: Challenge = { realm, nonce, algorithm, qop };
  const opaque = p.get('opaque');
  if (opaque !== undefined) challenge.opaque = opaque;
  if (p.get('stale')?.toLowerCase() === 'true') challenge.stale = true;
  return challenge;
}
