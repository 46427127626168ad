/**
 * Building responses from requests (RFC 3261 section 8.2.6) and the reason phrases of
 * section 21. Pure: the transaction layer decides where a response goes.
 */
import { SipHeaders, type SipRequest, type SipResponse } from './message.js';
import { parseNameAddr } from './name-addr.js';
import { MAX_HEADER_BYTES } from './parser.js';

/** RFC 3261 section 21, plus 422 (RFC 4028), 489 (RFC 6665) and 491. */
export const REASON_PHRASES: Readonly<Record<number, string>> = {
  100: 'Trying',
  180: 'Ringing',
  181: 'Call Is Being Forwarded',
  182: 'Queued',
  183: 'Session Progress',
  200: 'OK',
  202: 'Accepted',
  300: 'Multiple Choices',
  301: 'Moved Permanently',
  302: 'Moved Temporarily',
  305: 'Use Proxy',
  380: 'Alternative Service',
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  407: 'Proxy Authentication Required',
  408: 'Request Timeout',
  410: 'Gone',
  413: 'Request Entity Too Large',
  414: 'Request-URI Too Long',
  415: 'Unsupported Media Type',
  416: 'Unsupported URI Scheme',
  420: 'Bad Extension',
  421: 'Extension Required',
  422: 'Session Interval Too Small',
  423: 'Interval Too Brief',
  480: 'Temporarily Unavailable',
  481: 'Call/Transaction Does Not Exist',
  482: 'Loop Detected',
  483: 'Too Many Hops',
  484: 'Address Incomplete',
  485: 'Ambiguous',
  486: 'Busy Here',
  487: 'Request Terminated',
  488: 'Not Acceptable Here',
  489: 'Bad Event',
  491: 'Request Pending',
  493: 'Undecipherable',
  500: 'Server Internal Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Server Time-out',
  505: 'Version Not Supported',
  513: 'Message Too Large',
  600: 'Busy Everywhere',
  603: 'Decline',
  604: 'Does Not Exist Anywhere',
  606: 'Not Acceptable',
};

/** The phrase for a status, falling back to its class (RFC 3261 8.1.3.2 treats x00 alike). */
export function reasonPhrase(status: number): string {
  return REASON_PHRASES[status] ?? REASON_PHRASES[Math.floor(status / 100) * 100] ?? 'Unknown';
}

/** Methods whose 1xx/2xx establish a dialog, so Record-Route is echoed (RFC 3261 12.1.1). */
const DIALOG_CREATING = new Set(['INVITE', 'SUBSCRIBE', 'REFER']);

export interface ResponseOptions {
  readonly reason?: string;
  /** Added to To when To has none (never on 100 Trying, RFC 3261 8.2.6.2). */
  readonly toTag?: string;
  /** Extra headers, appended after the copied ones. */
  readonly headers?: ReadonlyArray<readonly [string, string]>;
  readonly body?: Uint8Array;
  readonly contentType?: string;
}

function withTag(to: string, tag: string): string {
  const parsed = parseNameAddr(to);
  if (!parsed || parsed.params.has('tag')) return to;
  return `${to};tag=${tag}`;
}

export function createResponse(
  request: SipRequest,
  status: number,
  options: ResponseOptions = {},
): SipResponse {
  const headers = new SipHeaders();
  for (const via of request.headers.getAll('Via')) headers.add('Via', via);
  const from = request.headers.get('From');
  if (from !== undefined) headers.add('From', from);
  const to = request.headers.get('To');
  if (to !== undefined) {
    const tagged = options.toTag !== undefined && status !== 100;
    headers.add('To', tagged ? withTag(to, options.toTag!) : to);
  }
  const callId = request.headers.get('Call-ID');
  if (callId !== undefined) headers.add('Call-ID', callId);
  const cseq = request.headers.get('CSeq');
  if (cseq !== undefined) headers.add('CSeq', cseq);
  if (status > 100 && status < 300 && DIALOG_CREATING.has(request.method)) {
    for (const rr of request.headers.getAll('Record-Route')) headers.add('Record-Route', rr);
  }
  for (const [name, value] of options.headers ?? []) headers.add(name, value);
  const body = options.body ?? new Uint8Array(0);
  if (options.contentType !== undefined) headers.set('Content-Type', options.contentType);
  return {
    kind: 'response',
    status,
    reason: options.reason ?? reasonPhrase(status),
    headers,
    body,
  };
}

/** Header names (full and compact) a 400 must echo, mapped to how we write them. */
const ECHOED: Record<string, string> = {
  via: 'Via',
  v: 'Via',
  from: 'From',
  f: 'From',
  to: 'To',
  t: 'To',
  'call-id': 'Call-ID',
  i: 'Call-ID',
  cseq: 'CSeq',
};

/**
 * A best-effort 400 for a request the parser rejected, so the sender learns why instead of
 * retransmitting for 32 s. Works on text alone because the message did not parse; returns
 * undefined when the start line is not a request or a mandatory header cannot be found.
 */
export function badRequestFor(raw: Uint8Array, reason: string): SipResponse | undefined {
  const text = new TextDecoder('latin1').decode(raw.subarray(0, MAX_HEADER_BYTES));
  const head = text.replace(/^(\r?\n)+/, '').split(/\r?\n\r?\n/)[0] ?? '';
  // Folded lines are joined so a folded From is still found whole.
  const lines = head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/);
  const startLine = lines[0] ?? '';
  if (startLine.startsWith('SIP/') || !/^[A-Za-z0-9\-.!%*_+`'~]+ \S/.test(startLine)) {
    return undefined;
  }
  const found = new Map<string, string[]>();
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = ECHOED[line.slice(0, colon).trim().toLowerCase()];
    const value = line.slice(colon + 1).trim();
    // eslint-disable-next-line no-control-regex -- a control character would corrupt our reply
    if (!name || value === '' || /[\x00-\x1f\x7f]/.test(value)) continue;
    found.set(name, [...(found.get(name) ?? []), value]);
  }
  const headers = new SipHeaders();
  for (const name of ['Via', 'From', 'To', 'Call-ID', 'CSeq']) {
    const values = found.get(name);
    if (!values) return undefined;
    for (const value of name === 'Via' ? values : values.slice(0, 1)) headers.add(name, value);
  }
  // eslint-disable-next-line no-control-regex -- the reason goes into our status line
  const detail = reason.replace(/[\x00-\x1f\x7f]/g, ' ').slice(0, 100);
  return {
    kind: 'response',
    status: 400,
    reason: `Bad Request (${detail})`,
    headers,
    body: new Uint8Array(0),
  };
}
