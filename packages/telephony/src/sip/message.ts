/**
 * SIP message model (RFC 3261 section 7). Plain data: no I/O, no clock.
 *
 * Headers are an ordered multimap because SIP gives meaning to order (the top Via is ours,
 * Route is a path) and lets the same header appear on several lines.
 */

/** Compact forms of RFC 3261 section 7.3.3 (and RFC 3515 for Refer-To), keyed lower case. */
const COMPACT: Record<string, string> = {
  i: 'Call-ID',
  m: 'Contact',
  e: 'Content-Encoding',
  l: 'Content-Length',
  c: 'Content-Type',
  f: 'From',
  s: 'Subject',
  k: 'Supported',
  t: 'To',
  v: 'Via',
  r: 'Refer-To',
};

/** The full name for a compact one; any other name is returned as written. */
export function expandHeaderName(name: string): string {
  return name.length === 1 ? (COMPACT[name.toLowerCase()] ?? name) : name;
}

/** The key under which names compare: case-insensitive and compact forms folded in. */
export function headerKey(name: string): string {
  return expandHeaderName(name).toLowerCase();
}

export interface SipHeader {
  readonly name: string;
  readonly value: string;
}

export class SipHeaders {
  private readonly list: SipHeader[] = [];

  constructor(entries: Iterable<readonly [string, string]> = []) {
    for (const [name, value] of entries) this.add(name, value);
  }

  /** Appends a value; compact names are stored under their full name. */
  add(name: string, value: string): this {
    this.list.push({ name: expandHeaderName(name), value });
    return this;
  }

  /** The first value of a header, or undefined. */
  get(name: string): string | undefined {
    const key = headerKey(name);
    return this.list.find((h) => h.name.toLowerCase() === key)?.value;
  }

  getAll(name: string): string[] {
    const key = headerKey(name);
    return this.list.filter((h) => h.name.toLowerCase() === key).map((h) => h.value);
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  /** Replaces every value of a header with one, keeping the position of the first. */
  set(name: string, value: string): this {
    const key = headerKey(name);
    const at = this.list.findIndex((h) => h.name.toLowerCase() === key);
    this.delete(name);
    const entry = { name: expandHeaderName(name), value };
    if (at < 0) this.list.push(entry);
    else this.list.splice(at, 0, entry);
    return this;
  }

  delete(name: string): this {
    const key = headerKey(name);
    for (let i = this.list.length - 1; i >= 0; i--) {
      if (this.list[i]!.name.toLowerCase() === key) this.list.splice(i, 1);
    }
    return this;
  }

  entries(): readonly SipHeader[] {
    return this.list;
  }

  get size(): number {
    return this.list.length;
  }
}

export interface SipRequest {
  readonly kind: 'request';
  /** Case-sensitive token (RFC 3261 7.1): `INVITE` and `invite` are different methods. */
  readonly method: string;
  readonly uri: string;
  readonly headers: SipHeaders;
  /** Content-Length is not kept in `headers`: the body length is the only truth. */
  readonly body: Uint8Array;
}

export interface SipResponse {
  readonly kind: 'response';
  readonly status: number;
  readonly reason: string;
  readonly headers: SipHeaders;
  readonly body: Uint8Array;
}

export type SipMessage = SipRequest | SipResponse;

export interface SipError {
  readonly reason: string;
  readonly status: 400;
}

export type ParseResult = { ok: true; message: SipMessage } | { ok: false; error: SipError };

export interface CSeq {
  readonly seq: number;
  readonly method: string;
}

const TOKEN = /^[A-Za-z0-9\-.!%*_+`'~]+$/;

export function isToken(s: string): boolean {
  return TOKEN.test(s);
}

/** CSeq = 1*DIGIT LWS Method; the number is below 2**31 (RFC 3261 8.1.1.5). */
export function parseCSeq(value: string): CSeq | undefined {
  const m = /^([0-9]{1,10})[ \t]+(\S+)$/.exec(value.trim());
  if (!m || !isToken(m[2]!)) return undefined;
  const seq = Number(m[1]);
  return seq < 2 ** 31 ? { seq, method: m[2]! } : undefined;
}

export function formatCSeq(cseq: CSeq): string {
  return `${cseq.seq} ${cseq.method}`;
}

/**
 * Splits a comma-separated header value into its elements, ignoring commas inside quoted
 * strings (with backslash escapes) and inside <...>, where URIs may carry commas.
 */
export function splitHeaderValues(value: string): string[] {
  const out: string[] = [];
  let start = 0;
  let quoted = false;
  let angle = false;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (quoted) {
      if (ch === '\\') i++;
      else if (ch === '"') quoted = false;
    } else if (ch === '"') quoted = true;
    else if (ch === '<') angle = true;
    else if (ch === '>') angle = false;
    else if (ch === ',' && !angle) {
      out.push(value.slice(start, i));
      start = i + 1;
    }
  }
  out.push(value.slice(start));
  return out.map((s) => s.trim()).filter((s) => s.length > 0);
}

/** Splits `;name=value` parameters, ignoring ';' inside quoted strings. Names are lower-cased. */
export function parseParams(text: string): Map<string, string | null> | undefined {
  const params = new Map<string, string | null>();
  const parts: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '\\') i++;
      else if (ch === '"') quoted = false;
    } else if (ch === '"') quoted = true;
    else if (ch === ';') {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  if (quoted) return undefined;
  parts.push(text.slice(start));
  for (const raw of parts.slice(1)) {
    const eq = raw.indexOf('=');
    const name = (eq < 0 ? raw : raw.slice(0, eq)).trim();
    const value = eq < 0 ? null : raw.slice(eq + 1).trim();
    if (!isToken(name) || value === '') return undefined;
    params.set(name.toLowerCase(), value);
  }
  return params;
}

export function formatParams(params: ReadonlyMap<string, string | null>): string {
  let out = '';
  for (const [name, value] of params) out += value === null ? `;${name}` : `;${name}=${value}`;
  return out;
}
