/**
 * How messages find their transactions (RFC 3261 17.1.3, 17.2.3) and where responses go
 * (18.2.1, 18.2.2 and RFC 3581). Pure functions of the message and its source address.
 */
import type { TransportAddress } from '../../sip-transport/transport.js';
import { parseCSeq, SipHeaders, type SipMessage, type SipRequest } from '../message.js';
import { parseNameAddr } from '../name-addr.js';
import { BRANCH_COOKIE, formatVia, parseVia, type Via } from '../via.js';

export function topVia(message: SipMessage): Via | undefined {
  const first = message.headers.get('Via');
  return first === undefined ? undefined : parseVia(first);
}

/** A client transaction is its branch plus the CSeq method, since CANCEL shares the branch. */
export function clientKey(message: SipMessage): string | undefined {
  const branch = topVia(message)?.params.get('branch');
  const cseq = parseCSeq(message.headers.get('CSeq') ?? '');
  if (!branch || !cseq) return undefined;
  return `${branch}|${cseq.method}`;
}

function fromTag(request: SipRequest): string {
  const from = parseNameAddr(request.headers.get('From') ?? '');
  return from?.params.get('tag') ?? '';
}

/**
 * A server transaction is branch + sent-by + method, with ACK folded into INVITE. Requests
 * from RFC 2543 elements (no magic cookie) fall back to the dialog and CSeq identifiers.
 */
export function serverKey(
  request: SipRequest,
  method = request.method === 'ACK' ? 'INVITE' : request.method,
): string | undefined {
  const via = topVia(request);
  const cseq = parseCSeq(request.headers.get('CSeq') ?? '');
  if (!via || !cseq) return undefined;
  const sentBy = `${via.host}:${via.port ?? ''}`;
  const branch = via.params.get('branch');
  if (branch && branch.startsWith(BRANCH_COOKIE)) return `${branch}|${sentBy}|${method}`;
  const callId = request.headers.get('Call-ID') ?? '';
  return `2543|${request.uri}|${fromTag(request)}|${callId}|${cseq.seq}|${sentBy}|${method}`;
}

/** The end-to-end identity of an INVITE and the ACK for its 2xx: Call-ID + CSeq number. */
export function ackKey(request: SipRequest): string | undefined {
  const cseq = parseCSeq(request.headers.get('CSeq') ?? '');
  const callId = request.headers.get('Call-ID');
  return cseq && callId ? `${callId}|${cseq.seq}` : undefined;
}

/**
 * Records where a request really came from in its top Via: `received` when the address
 * differs from sent-by (RFC 3261 18.2.1), and `received` plus the port when the client
 * asked with an empty `rport` (RFC 3581 4).
 */
export function stampReceived(request: SipRequest, source: TransportAddress): SipRequest {
  const via = topVia(request);
  if (!via) return request;
  const params = new Map(via.params);
  const wantsRport = params.has('rport');
  if (via.host !== source.host || wantsRport) params.set('received', source.host);
  if (wantsRport) params.set('rport', String(source.port));
  const stamped = formatVia({ ...via, params });
  const headers = new SipHeaders();
  let replaced = false;
  for (const { name, value } of request.headers.entries()) {
    const isVia = name.toLowerCase() === 'via';
    headers.add(name, isVia && !replaced ? stamped : value);
    if (isVia) replaced = true;
  }
  return { ...request, headers };
}

/**
 * Where the responses of a server transaction go. TCP and WS reuse the connection the request
 * came on (the transport falls back to received:sent-by-port when it is gone); UDP goes to
 * maddr, else to the source port when rport was asked for, else to received:sent-by-port.
 */
export function responseDestination(
  request: SipRequest,
  source: TransportAddress,
): TransportAddress {
  const via = topVia(request);
  if (!via) return source;
  const defaultPort = via.transport === 'TLS' || via.transport === 'WSS' ? 5061 : 5060;
  const received = via.params.get('received') ?? source.host;
  if (source.protocol !== 'udp') {
    return { ...source, host: received, port: via.port ?? defaultPort };
  }
  const maddr = via.params.get('maddr');
  if (maddr) return { protocol: 'udp', host: maddr, port: via.port ?? defaultPort };
  const rport = via.params.get('rport');
  if (rport) return { protocol: 'udp', host: received, port: Number(rport) };
  return { protocol: 'udp', host: received, port: via.port ?? defaultPort };
}
