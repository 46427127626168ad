/**
 * Server side of digest auth, stateless across nodes: the nonce carries its own issue time and
 * an HMAC over (time, realm), so any node holding the secret can check a nonce it did not issue,
 * and nothing is stored per challenge. Time comes in as `now` (ms since epoch); no clock is read.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { computeHA1, computeResponse, parseAlgorithm, type DigestAlgorithm } from './digest.js';
import { parseCredentials, type Credentials } from './credentials.js';

const TIME_BYTES = 8;
/** Per-challenge salt: two phones challenged in the same millisecond get distinct nonces, so
 * their nonce counts (replay protection) never collide. */
const SALT_BYTES = 8;
const MAC_BYTES = 32; // full HMAC-SHA-256; the nonce is opaque to clients, length is harmless.

function mac(secret: string | Uint8Array, time: Buffer, realm: string): Buffer {
  return createHmac('sha256', secret).update(time).update(realm, 'utf8').digest();
}

/**
 * nonce = base64url(timestamp (8 bytes, big-endian ms) || salt (8 random bytes) ||
 * HMAC-SHA-256(secret, timestamp || salt || realm)).
 */
export function createNonce(secret: string | Uint8Array, realm: string, now: number): string {
  const time = Buffer.alloc(TIME_BYTES);
  time.writeBigUInt64BE(BigInt(Math.max(0, Math.floor(now))));
  const stamp = Buffer.concat([time, randomBytes(SALT_BYTES)]);
  return Buffer.concat([stamp, mac(secret, stamp, realm)]).toString('base64url');
}

/** The issue time of a nonce we made for this realm, or undefined if it is forged or mangled. */
export function nonceIssuedAt(
  secret: string | Uint8Array,
  realm: string,
  nonce: string,
): number | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(nonce)) return undefined;
  const raw = Buffer.from(nonce, 'base64url');
  if (raw.length !== TIME_BYTES + SALT_BYTES + MAC_BYTES) return undefined;
  // Re-encoding must give the same text, so two spellings of one nonce cannot share a count.
  if (raw.toString('base64url') !== nonce) return undefined;
  const stamp = raw.subarray(0, TIME_BYTES + SALT_BYTES);
  if (!timingSafeEqual(raw.subarray(TIME_BYTES + SALT_BYTES), mac(secret, stamp, realm)))
    return undefined;
  return Number(stamp.readBigUInt64BE(0));
}

/**
 * Highest nonce-count seen per nonce, so a captured request cannot be replayed (RFC 2617 §3.2.2:
 * the server should reject a repeated nc). Bounded in memory: an LRU of `capacity` nonces
 * (a few thousand by default). A nonce pushed out of it loses its mark, so a replay of an old
 * request could pass until the nonce expires: capacity must cover the nonces live within
 * `maxAgeMs`. Per process: a replay to another node is not caught (the nonce age bounds it).
 */
export class NonceCounts {
  private readonly marks = new Map<string, number>();
  constructor(private readonly capacity = 4096) {}

  /** Records nc for nonce; false when nc is not above the nonce's high-water mark (a replay). */
  accept(nonce: string, nc: number): boolean {
    const seen = this.marks.get(nonce);
    if (seen !== undefined && nc <= seen) return false;
    // Map keeps insertion order: delete and re-set moves the nonce to the young end.
    this.marks.delete(nonce);
    this.marks.set(nonce, nc);
    while (this.marks.size > this.capacity) {
      const oldest = this.marks.keys().next();
      if (oldest.done === true) break;
      this.marks.delete(oldest.value);
    }
    return true;
  }

  get size(): number {
    return this.marks.size;
  }
}

/** What the registrar knows about a user: the password, or (better) the stored HA1. */
export type Secret = { password: string } | { ha1: string };

export interface VerifyOptions {
  /** The request method (REGISTER, INVITE, ...): part of HA2. */
  method: string;
  /** The Authorization or Proxy-Authorization header value. */
  header: unknown;
  /** The HMAC key shared by every node that may receive the retried request. */
  secret: string | Uint8Array;
  /** Our realm: credentials for another realm are refused. */
  realm: string;
  /** Looks up the user; undefined for an unknown user. HA1 depends on the algorithm. */
  lookup: (username: string, realm: string, algorithm: DigestAlgorithm) => Secret | undefined;
  now: number;
  /** How long a nonce is good for; older ones are answered stale. Default 5 minutes. */
  maxAgeMs?: number;
  /** Nonces dated further ahead than this (clock skew between nodes) are refused. Default 30 s. */
  maxSkewMs?: number;
  /** Replay protection; without it nc is not checked (e.g. one-shot INVITE challenges). */
  nonceCounts?: NonceCounts;
  /** When given, the digest-uri must equal it (RFC 2617 §3.2.2.5 says the server should check). */
  requestUri?: string;
  /** When we challenged with an opaque, the client must echo it. */
  opaque?: string;
  /** Accept RFC 2069 responses without qop (no replay protection). Default false. */
  allowNoQop?: boolean;
}

export type VerifyResult =
  | { result: 'ok'; username: string; credentials: Credentials }
  /** Right credentials on an expired nonce: re-challenge with stale=TRUE, no new password prompt. */
  | { result: 'stale'; username: string }
  | { result: 'invalid'; reason: string };

const DEFAULT_MAX_AGE_MS = 5 * 60_000;
const DEFAULT_MAX_SKEW_MS = 30_000;

function invalid(reason: string): VerifyResult {
  return { result: 'invalid', reason };
}

function hexEqual(a: string, b: string): boolean {
  const x = Buffer.from(a.toLowerCase(), 'utf8');
  const y = Buffer.from(b.toLowerCase(), 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Checks a digest response. Never throws: anything unreadable is `invalid`. */
export function verify(o: VerifyOptions): VerifyResult {
  const c = parseCredentials(o.header);
  if (c === undefined) return invalid('malformed');
  if (c.realm !== o.realm) return invalid('wrong realm');
  const algorithm = parseAlgorithm(c.algorithm);
  if (algorithm === undefined) return invalid('unsupported algorithm');
  if (o.opaque !== undefined && c.opaque !== o.opaque) return invalid('wrong opaque');
  if (o.requestUri !== undefined && c.uri !== o.requestUri) return invalid('wrong uri');

  let qop: { nc: string; cnonce: string } | undefined;
  let nc = 0;
  if (c.qop === undefined) {
    if (o.allowNoQop !== true) return invalid('qop required');
    if (c.nc !== undefined || c.cnonce !== undefined) return invalid('malformed');
  } else {
    if (c.qop.toLowerCase() !== 'auth') return invalid('unsupported qop');
    if (c.nc === undefined || c.cnonce === undefined) return invalid('malformed');
    if (!/^[0-9a-fA-F]{8}$/.test(c.nc)) return invalid('malformed nc');
    nc = parseInt(c.nc, 16);
    if (nc === 0) return invalid('malformed nc'); // counting starts at 00000001
    qop = { nc: c.nc, cnonce: c.cnonce };
  }

  const issuedAt = nonceIssuedAt(o.secret, o.realm, c.nonce);
  if (issuedAt === undefined) return invalid('bad nonce');
  if (issuedAt > o.now + (o.maxSkewMs ?? DEFAULT_MAX_SKEW_MS)) return invalid('bad nonce');

  const secret = o.lookup(c.username, c.realm, algorithm);
  if (secret === undefined) return invalid('unknown user');
  const ha1 =
    'ha1' in secret ? secret.ha1 : computeHA1(algorithm, c.username, c.realm, secret.password);
  const expected = computeResponse({
    algorithm,
    ha1,
    method: o.method,
    uri: c.uri,
    nonce: c.nonce,
    qop,
  });
  if (!hexEqual(expected, c.response)) return invalid('wrong response');

  // Only after the response checks out: stale=TRUE tells the client its password was right.
  if (o.now - issuedAt > (o.maxAgeMs ?? DEFAULT_MAX_AGE_MS)) {
    return { result: 'stale', username: c.username };
  }
  if (qop !== undefined && o.nonceCounts !== undefined && !o.nonceCounts.accept(c.nonce, nc)) {
    return invalid('replayed nc');
  }
  return { result: 'ok', username: c.username, credentials: c };
}
