/**
 * The Authorization / Proxy-Authorization header a client answers a challenge with
 * (RFC 3261 §22.2, RFC 2617 §3.2.2). Parsing never throws: a malformed header is `undefined`.
 */
import { parseDigestHeader, quote } from './params.js';

export interface Credentials {
  username: string;
  realm: string;
  nonce: string;
  uri: string;
  response: string;
  /** As sent (case preserved); absent means MD5. The verifier decides whether it is supported. */
  algorithm?: string;
  cnonce?: string;
  nc?: string;
  qop?: string;
  opaque?: string;
}

const REQUIRED = ['username', 'realm', 'nonce', 'uri', 'response'] as const;
const OPTIONAL = ['algorithm', 'cnonce', 'nc', 'qop', 'opaque'] as const;

/** Parses the header value; unknown directives are ignored, missing required ones refuse it. */
export function parseCredentials(header: unknown): Credentials | undefined {
  const p = parseDigestHeader(header);
  if (p === undefined) return undefined;
  const out: Partial<Record<keyof Credentials, string>> = {};
  for (const name of REQUIRED) {
    const v = p.get(name);
    if (v === undefined) return undefined;
    out[name] = v;
  }
  for (const name of OPTIONAL) {
    const v = p.get(name);
    if (v !== undefined) out[name] = v;
  }
  return out as Credentials;
}

/** Builds the header value a client sends (our outbound trunks, and tests). */
export function buildCredentials(c: Credentials): string {
  const parts = [
    `username=${quote(c.username)}`,
    `realm=${quote(c.realm)}`,
    `nonce=${quote(c.nonce)}`,
    `uri=${quote(c.uri)}`,
    `response=${quote(c.response)}`,
  ];
  // algorithm, nc and qop are tokens; cnonce and opaque are quoted (RFC 2617 §3.2.2).
  if (c.algorithm !== undefined) parts.push(`algorithm=${c.algorithm}`);
  if (c.cnonce !== undefined) parts.push(`cnonce=${quote(c.cnonce)}`);
  if (c.opaque !== undefined) parts.push(`opaque=${quote(c.opaque)}`);
  if (c.qop !== undefined) parts.push(`qop=${c.qop}`);
  if (c.nc !== undefined) parts.push(`nc=${c.nc}`);
  return `Digest ${parts.join(', ')}`;
}
