/**
 * Sans-I/O SIP parser (RFC 3261 section 7) and stream framing (section 18.3).
 * `parse` never throws: anything malformed comes back as a 400 with a reason, so a transport
 * can answer or drop it and carry on.
 */
import {
  headerKey,
  isToken,
  parseCSeq,
  SipHeaders,
  splitHeaderValues,
  type ParseResult,
  type SipMessage,
} from './message.js';
import { parseNameAddr } from './name-addr.js';
import { parseUri } from './uri.js';
import { parseVia } from './via.js';

/** Headers whose comma-separated values are split into one entry each (RFC 3261 7.3.1). */
const LIST_HEADERS = new Set(['via', 'contact', 'route', 'record-route']);
/** A bound on the header section, so a stream of garbage cannot grow a buffer for ever. */
export const MAX_HEADER_BYTES = 65_536;
export const MAX_BODY_BYTES = 1_048_576;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

class Malformed extends Error {}

function fail(reason: string): never {
  throw new Malformed(reason);
}

/** Index just past the blank line ending the headers (CRLFCRLF, or bare LFs), or -1. */
function headerEnd(bytes: Uint8Array, from: number): { head: number; body: number } | undefined {
  for (let i = from; i < bytes.length; i++) {
    if (bytes[i] !== 0x0a) continue;
    const next = bytes[i + 1] === 0x0d ? i + 2 : i + 1;
    if (bytes[next] === 0x0a) return { head: i, body: next + 1 };
  }
  return undefined;
}

/** Leading CRLFs are keep-alives or slop and are ignored (RFC 3261 7.5). */
function skipCrlf(bytes: Uint8Array): number {
  let i = 0;
  while (bytes[i] === 0x0d || bytes[i] === 0x0a) i++;
  return i;
}

/** Unfolds continuation lines and returns [name, value] pairs (RFC 3261 7.3.1). */
function headerLines(text: string): Array<[string, string]> {
  const lines = text === '' ? [] : text.split(/\r?\n/);
  const out: Array<[string, string]> = [];
  for (const line of lines) {
    if (/^[ \t]/.test(line)) {
      const last = out[out.length - 1];
      if (!last) fail('continuation line before any header');
      // A fold is one SP (RFC 3261 7.3.1); a blank continuation adds nothing.
      const more = line.trim();
      if (more !== '') last[1] = last[1] === '' ? more : `${last[1]} ${more}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon < 0) fail('header line without a colon');
    const name = line.slice(0, colon).trimEnd();
    if (!isToken(name)) fail(`bad header name: ${JSON.stringify(name.slice(0, 40))}`);
    out.push([name, line.slice(colon + 1).trim()]);
  }
  return out;
}

function parseStartLine(line: string): { request?: [string, string]; status?: [number, string] } {
  if (line.startsWith('SIP/')) {
    const m = /^SIP\/2\.0 ([1-6][0-9]{2}) (.*)$/.exec(line);
    if (!m) fail('malformed status line');
    return { status: [Number(m[1]), m[2]!] };
  }
  const parts = line.split(' ');
  if (parts.length !== 3) fail('request line is not Method SP Request-URI SP SIP-Version');
  const [method, uri, version] = parts as [string, string, string];
  if (!isToken(method)) fail('method is not a token');
  if (version !== 'SIP/2.0') fail(`unsupported SIP version: ${version.slice(0, 20)}`);
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$/.test(uri)) fail('Request-URI is not an absolute URI');
  const scheme = uri.slice(0, uri.indexOf(':')).toLowerCase();
  if ((scheme === 'sip' || scheme === 'sips' || scheme === 'tel') && !parseUri(uri)) {
    fail('malformed Request-URI');
  }
  return { request: [method, uri] };
}

function contentLength(pairs: Array<[string, string]>): number | undefined {
  let found: number | undefined;
  for (const [name, value] of pairs) {
    if (headerKey(name) !== 'content-length') continue;
    if (!/^[0-9]{1,9}$/.test(value)) fail('malformed Content-Length');
    if (found !== undefined && found !== Number(value)) fail('conflicting Content-Length');
    found = Number(value);
  }
  return found;
}

/** The mandatory headers of a request (RFC 3261 8.1.1, 8.2.2) with their syntax. */
function validateRequest(method: string, headers: SipHeaders): void {
  const vias = headers.getAll('via');
  if (vias.length === 0) fail('missing Via');
  if (vias.some((v) => !parseVia(v))) fail('malformed Via');
  for (const name of ['From', 'To'] as const) {
    const values = headers.getAll(name);
    if (values.length === 0) fail(`missing ${name}`);
    if (values.length > 1) fail(`more than one ${name}`);
    if (!parseNameAddr(values[0]!)) fail(`malformed ${name}`);
  }
  const callIds = headers.getAll('call-id');
  if (callIds.length !== 1 || !/^\S+$/.test(callIds[0]!)) fail('missing or malformed Call-ID');
  const cseqs = headers.getAll('cseq');
  const cseq = cseqs.length === 1 ? parseCSeq(cseqs[0]!) : undefined;
  if (!cseq) fail('missing or malformed CSeq');
  // ACK and CANCEL reuse the INVITE's number but carry their own method name (section 17).
  if (cseq.method !== method) fail('CSeq method does not match the request method');
  const maxForwards = headers.getAll('max-forwards');
  if (maxForwards.length > 1) fail('more than one Max-Forwards');
  const mf = maxForwards[0];
  if (mf !== undefined && (!/^[0-9]{1,10}$/.test(mf) || Number(mf) > 255)) {
    fail('malformed Max-Forwards');
  }
}

function parseOrThrow(input: Uint8Array | string): SipMessage {
  const bytes = typeof input === 'string' ? encoder.encode(input) : input;
  const start = skipCrlf(bytes);
  if (start === bytes.length) fail('empty message');
  const end = headerEnd(bytes, start);
  if (!end) fail('no blank line after the headers');
  if (end.head - start > MAX_HEADER_BYTES) fail('header section too large');
  let head: string;
  try {
    head = decoder.decode(bytes.subarray(start, end.head));
  } catch {
    fail('header section is not UTF-8');
  }
  head = head.replace(/\r$/, '');
  // Controls other than HT have no place in a start line or header (RFC 3261 25.1).
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  if (/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\r(?!\n)/.test(head)) fail('control character in headers');
  const firstBreak = head.search(/\r?\n|$/);
  const startLine = parseStartLine(head.slice(0, firstBreak));
  const pairs = headerLines(head.slice(firstBreak).replace(/^\r?\n/, ''));
  const length = contentLength(pairs);
  // On a datagram the body is the rest of it; Content-Length, if present, may only shorten it.
  const available = bytes.length - end.body;
  if (length !== undefined && length > available) fail('Content-Length beyond the end of message');
  const body = bytes.slice(end.body, end.body + (length ?? available));
  if (body.length > MAX_BODY_BYTES) fail('body too large');
  const headers = new SipHeaders();
  for (const [name, value] of pairs) {
    const key = headerKey(name);
    // Content-Length is dropped: the body's length is the truth and the serializer writes it.
    if (key === 'content-length') continue;
    if (LIST_HEADERS.has(key)) {
      for (const item of splitHeaderValues(value)) headers.add(name, item);
    } else headers.add(name, value);
  }
  if (startLine.status) {
    const [status, reason] = startLine.status;
    return { kind: 'response', status, reason, headers, body };
  }
  const [method, uri] = startLine.request!;
  validateRequest(method, headers);
  return { kind: 'request', method, uri, headers, body };
}

/** Parses one whole message (a UDP datagram, or a frame from `frameFromStream`). */
export function parse(input: Uint8Array | string): ParseResult {
  try {
    return { ok: true, message: parseOrThrow(input) };
  } catch (e) {
    // Anything unexpected is still a malformed message to the caller, never an exception.
    const reason = e instanceof Malformed ? e.message : 'unparseable message';
    return { ok: false, error: { reason, status: 400 } };
  }
}

export type Frame =
  | { kind: 'message'; message: Uint8Array; rest: Uint8Array }
  | { kind: 'need-more' }
  | { kind: 'error'; error: { reason: string; status: 400 } };

/**
 * Cuts one message off the front of a stream buffer (TCP, TLS). Content-Length is mandatory
 * on streams (RFC 3261 18.3); without it the stream cannot be re-synchronised, so the caller
 * should answer 400 if it can and close the connection.
 */
export function frameFromStream(buffer: Uint8Array): Frame {
  const start = skipCrlf(buffer);
  const end = headerEnd(buffer, start);
  if (!end) {
    if (buffer.length - start > MAX_HEADER_BYTES) {
      return { kind: 'error', error: { reason: 'header section too large', status: 400 } };
    }
    return { kind: 'need-more' };
  }
  // latin1 is enough to find an ASCII header, and cannot fail on arbitrary bytes.
  const head = new TextDecoder('latin1').decode(buffer.subarray(start, end.head));
  const m = /(?:^|\n)(?:content-length|l)[ \t]*:[ \t]*([0-9]+)[ \t]*\r?(?:\n|$)/i.exec(head);
  if (!m) return { kind: 'error', error: { reason: 'missing Content-Length', status: 400 } };
  const length = Number(m[1]);
  if (length > MAX_BODY_BYTES) {
    return { kind: 'error', error: { reason: 'body too large', status: 400 } };
  }
  const total = end.body + length;
  if (buffer.length < total) return { kind: 'need-more' };
  return {
    kind: 'message',
    message: buffer.subarray(start, total),
    rest: buffer.subarray(total),
  };
}
