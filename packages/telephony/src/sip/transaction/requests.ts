/**
 * Requests the transaction layer builds itself: the ACK for a non-2xx final (RFC 3261
 * 17.1.1.3) and CANCEL (9.1). Both reuse the INVITE's top Via so they share its branch.
 */
import { parseCSeq, SipHeaders, type SipRequest, type SipResponse } from '../message.js';

function copyCommon(invite: SipRequest, method: string, to: string | undefined): SipHeaders {
  const headers = new SipHeaders();
  const via = invite.headers.get('Via');
  if (via !== undefined) headers.add('Via', via);
  headers.add('Max-Forwards', '70');
  for (const name of ['From', 'Call-ID'] as const) {
    const value = invite.headers.get(name);
    if (value !== undefined) headers.add(name, value);
  }
  if (to !== undefined) headers.add('To', to);
  const cseq = parseCSeq(invite.headers.get('CSeq') ?? '');
  if (cseq) headers.add('CSeq', `${cseq.seq} ${method}`);
  // The same route as the INVITE, so the CANCEL or ACK reaches the same next hop.
  for (const route of invite.headers.getAll('Route')) headers.add('Route', route);
  return headers;
}

/** ACK for a 300-699 answer: To comes from the response, since it carries the UAS's tag. */
export function buildNon2xxAck(invite: SipRequest, response: SipResponse): SipRequest {
  const to = response.headers.get('To') ?? invite.headers.get('To');
  return {
    kind: 'request',
    method: 'ACK',
    uri: invite.uri,
    headers: copyCommon(invite, 'ACK', to),
    body: new Uint8Array(0),
  };
}

/** CANCEL for a pending INVITE: same Request-URI, Call-ID, From, To and CSeq number. */
export function buildCancel(invite: SipRequest): SipRequest {
  return {
    kind: 'request',
    method: 'CANCEL',
    uri: invite.uri,
    headers: copyCommon(invite, 'CANCEL', invite.headers.get('To')),
    body: new Uint8Array(0),
  };
}
