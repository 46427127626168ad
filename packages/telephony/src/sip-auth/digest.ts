/**
 * The digest computation of RFC 2617 §3.2.2 (MD5) and RFC 7616 / RFC 8760 (SHA-256), as SIP
 * uses it (RFC 3261 §22.4). Only qop=auth: SIP bodies are not integrity-protected (auth-int) by
 * any phone we target. node:crypto is allowed in the telephony ring.
 */
import { createHash } from 'node:crypto';

export type DigestAlgorithm = 'MD5' | 'SHA-256';

/** The algorithms we can check, by their header spelling (case-insensitive on the wire). */
export function parseAlgorithm(value: string | undefined): DigestAlgorithm | undefined {
  // Absent means MD5 (RFC 2617 §3.2.1).
  if (value === undefined) return 'MD5';
  const upper = value.toUpperCase();
  if (upper === 'MD5') return 'MD5';
  if (upper === 'SHA-256') return 'SHA-256';
  return undefined;
}

/** H(data) as lower-case hex. */
export function hashHex(algorithm: DigestAlgorithm, data: string): string {
  return createHash(algorithm === 'MD5' ? 'md5' : 'sha256')
    .update(data, 'utf8')
    .digest('hex');
}

/** HA1 = H(username:realm:password); this is what a registrar should store instead of passwords. */
export function computeHA1(
  algorithm: DigestAlgorithm,
  username: string,
  realm: string,
  password: string,
): string {
  return hashHex(algorithm, `${username}:${realm}:${password}`);
}

/** HA2 = H(method:digest-uri) for qop=auth or no qop. */
export function computeHA2(algorithm: DigestAlgorithm, method: string, uri: string): string {
  return hashHex(algorithm, `${method}:${uri}`);
}

export interface ResponseInput {
  algorithm: DigestAlgorithm;
  ha1: string;
  method: string;
  uri: string;
  nonce: string;
  /** With qop=auth, the client's nonce-count (8 hex digits) and cnonce; without, RFC 2069 style. */
  qop?: { nc: string; cnonce: string };
}

/** request-digest: H(HA1:nonce:nc:cnonce:auth:HA2) with qop, H(HA1:nonce:HA2) without. */
export function computeResponse(input: ResponseInput): string {
  const ha2 = computeHA2(input.algorithm, input.method, input.uri);
  const ha1 = input.ha1.toLowerCase();
  if (input.qop === undefined) return hashHex(input.algorithm, `${ha1}:${input.nonce}:${ha2}`);
  const { nc, cnonce } = input.qop;
  return hashHex(input.algorithm, `${ha1}:${input.nonce}:${nc}:${cnonce}:auth:${ha2}`);
}

/** Convenience for clients (and tests): the response straight from a password. */
export function computeResponseFromPassword(
  input: Omit<ResponseInput, 'ha1'> & { username: string; realm: string; password: string },
): string {
  const ha1 = computeHA1(input.algorithm, input.username, input.realm, input.password);
  return computeResponse({ ...input, ha1 });
}
