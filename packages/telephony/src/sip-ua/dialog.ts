import {
  formatCSeq,
  parseNameAddr,
  SipHeaders,
  type SipRequest,
  type SipResponse,
} from '../sip/index.js';
import type { TransportAddress } from '../sip/transaction/layer.js';

/**
 * One SIP dialog (RFC 3261 §12) as the user agent keeps it: identifiers, sequence numbers,
 * route set, and where in-dialog requests go.
 */
export interface Dialog {
  readonly callId: string;
  /** Our From (as UAC) or To (as UAS) header value, with our tag. */
  readonly local: string;
  /** Theirs, with their tag. */
  remote: string;
  readonly localTag: string;
  remoteTag: string;
  localSeq: number;
  remoteSeq: number | null;
  /** The remote Contact URI (changes on target refresh). */
  remoteTarget: string;
  readonly routeSet: readonly string[];
  /** Where requests are sent: the peer's transport address as we saw it. */
  destination: TransportAddress;
}

export function tagOf(headerValue: string | undefined): string | undefined {
  const addr = headerValue === undefined ? undefined : parseNameAddr(headerValue);
  return addr?.params.get('tag') ?? undefined;
}

function contactUri(message: SipRequest | SipResponse): string | undefined {
  const contact = message.headers.get('Contact');
  if (contact === undefined) return undefined;
  const start = contact.indexOf('<');
  return start >= 0
    ? contact.slice(start + 1, contact.indexOf('>', start))
    : contact.split(';')[0]!.trim();
}

/** The dialog a UAS creates when it answers `request` with `localTag` (§12.1.1). */
export function dialogAsUas(
  request: SipRequest,
  localTag: string,
  source: TransportAddress,
): Dialog | undefined {
  const to = request.headers.get('To');
  const from = request.headers.get('From');
  const callId = request.headers.get('Call-ID');
  const remoteTag = tagOf(from);
  const target = contactUri(request);
  if (to === undefined || from === undefined || callId === undefined || target === undefined)
    return undefined;
  return {
    callId,
    local: tagOf(to) === undefined ? `${to};tag=${localTag}` : to,
    remote: from,
    localTag,
    remoteTag: remoteTag ?? '',
    localSeq: Math.floor(Math.random() * 10_000) + 1,
    remoteSeq: Number((request.headers.get('CSeq') ?? '0').trim().split(/\s+/)[0]),
    remoteTarget: target,
    routeSet: request.headers.getAll('Record-Route'),
    destination: source,
  };
}

/** The dialog a UAC's INVITE creates when `response` (1xx with tag, or 2xx) arrives (§12.1.2). */
export function dialogAsUac(
  request: SipRequest,
  response: SipResponse,
  destination: TransportAddress,
): Dialog | undefined {
  const remoteTag = tagOf(response.headers.get('To'));
  const target = contactUri(response);
  const to = response.headers.get('To');
  if (remoteTag === undefined || target === undefined || to === undefined) return undefined;
  const seq = Number((request.headers.get('CSeq') ?? '1').trim().split(/\s+/)[0]);
  return {
    callId: request.headers.get('Call-ID') ?? '',
    local: request.headers.get('From') ?? '',
    remote: to,
    localTag: tagOf(request.headers.get('From')) ?? '',
    remoteTag,
    localSeq: seq,
    remoteSeq: null,
    remoteTarget: target,
    routeSet: [...response.headers.getAll('Record-Route')].reverse(),
    destination,
  };
}

export interface InDialogOptions {
  readonly contact: string;
  readonly headers?: readonly (readonly [string, string])[];
  readonly body?: Uint8Array;
  readonly contentType?: string;
  /** ACK and CANCEL reuse the INVITE's sequence number instead of taking the next one. */
  readonly seq?: number;
}

/** A request inside the dialog (§12.2.1.1): next CSeq, remote target, route set. */
export function requestInDialog(dialog: Dialog, method: string, o: InDialogOptions): SipRequest {
  const seq = o.seq ?? ++dialog.localSeq;
  const headers = new SipHeaders();
  for (const route of dialog.routeSet) headers.add('Route', route);
  headers
    .add('From', dialog.local)
    .add('To', dialog.remote)
    .add('Call-ID', dialog.callId)
    .add('CSeq', formatCSeq({ seq, method }))
    .add('Max-Forwards', '70')
    .add('Contact', o.contact);
  for (const [name, value] of o.headers ?? []) headers.add(name, value);
  if (o.contentType !== undefined) headers.add('Content-Type', o.contentType);
  return {
    kind: 'request',
    method,
    uri: dialog.remoteTarget,
    headers,
    body: o.body ?? new Uint8Array(),
  };
}

/** Does this in-dialog request belong to `dialog`? (Call-ID and both tags.) */
export function dialogKey(callId: string, localTag: string, remoteTag: string): string {
  return `${callId}\u0000${localTag}\u0000${remoteTag}`;
}
