import type { Digit } from '@tsunagu/domain';
import { parseNameAddr, type SipRequest } from '../sip/index.js';
import { createResponse } from '../sip/response.js';
import type { ServerTransaction } from '../sip/transaction/layer.js';
import type { SipLeg, UaContext } from './context.js';
import { digitPressed } from './digits.js';
import { ALLOW, numberOf, SUPPORTED } from './inbound-calls.js';
import { isHold, localSdp, ourDirection, readRemoteSdp } from './local-sdp.js';
import { refreshedByPeer } from './session-timer.js';

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** A request inside one of our dialogs (the dialog was found by Call-ID and tags). */
export function handleInDialog(ctx: UaContext, leg: SipLeg, tx: ServerTransaction): void {
  const request = tx.request;
  const dialog = leg.dialog!;
  const seq = Number((request.headers.get('CSeq') ?? '').trim().split(/\s+/)[0]);
  // Out-of-order or repeated requests are refused (§12.2.2).
  if (dialog.remoteSeq !== null && seq <= dialog.remoteSeq && request.method !== 'ACK') {
    return tx.respond(createResponse(request, 500, { reason: 'Out of order CSeq' }));
  }
  dialog.remoteSeq = seq;
  switch (request.method) {
    case 'BYE':
      tx.respond(createResponse(request, 200));
      return ctx.finish(leg, 'hangup');
    case 'INVITE':
      return reinvite(ctx, leg, tx);
    case 'UPDATE': {
      const headers = refreshedByPeer(ctx, leg, request);
      // Only a refresh that spoke of session timers is answered in their terms (RFC 4028 §9).
      const timer = request.headers.has('Session-Expires');
      return tx.respond(
        createResponse(request, 200, { headers: timer ? [...headers, ['Require', 'timer']] : [] }),
      );
    }
    case 'INFO':
      return info(ctx, leg, tx);
    case 'REFER':
      return refer(ctx, leg, tx);
    case 'NOTIFY':
      return notify(ctx, leg, tx);
    case 'OPTIONS':
      return tx.respond(createResponse(request, 200, { headers: [['Allow', ALLOW]] }));
    default:
      return tx.respond(createResponse(request, 501, { headers: [['Allow', ALLOW]] }));
  }
}

/** re-INVITE: hold and resume by direction (sendonly/inactive), target and session refresh. */
function reinvite(ctx: UaContext, leg: SipLeg, tx: ServerTransaction): void {
  const request = tx.request;
  const wasHeld = isHold(leg.remoteDirection, leg.remote?.address ?? '');
  if (request.body.length > 0) {
    const reading = readRemoteSdp(request.body);
    if (!reading.ok) return tx.respond(createResponse(request, 488));
    leg.remote = reading.remote;
    leg.remoteDirection = reading.direction;
    if (reading.remote.address !== '0.0.0.0') leg.media?.setRemote(reading.remote);
    leg.media?.setDirection(ourDirection(reading.direction));
  }
  const contact = parseNameAddr(request.headers.get('Contact') ?? '');
  if (contact !== undefined && leg.dialog)
    leg.dialog.remoteTarget = request.headers.get('Contact')!.replace(/^.*<|>.*$/g, '');
  const timerHeaders = refreshedByPeer(ctx, leg, request);
  const body = localSdp(ctx, leg, ourDirection(leg.remoteDirection));
  tx.respond(
    createResponse(request, 200, {
      headers: [
        ['Contact', ctx.contact(tx.source.protocol)],
        ['Allow', ALLOW],
        ['Supported', SUPPORTED],
        ...timerHeaders,
      ],
      body,
      contentType: 'application/sdp',
    }),
  );
  const held = isHold(leg.remoteDirection, leg.remote?.address ?? '');
  if (held !== wasHeld) ctx.emit({ type: 'leg.remote-hold', legId: leg.id, held });
}

/** SIP INFO with application/dtmf-relay (`Signal=5`) or application/dtmf (`5`). */
function info(ctx: UaContext, leg: SipLeg, tx: ServerTransaction): void {
  const request = tx.request;
  const type = (request.headers.get('Content-Type') ?? '').toLowerCase();
  const text = decoder.decode(request.body);
  let signal: string | undefined;
  if (type.startsWith('application/dtmf-relay')) signal = /^\s*signal\s*=\s*(\S)/im.exec(text)?.[1];
  else if (type.startsWith('application/dtmf')) signal = text.trim()[0];
  else
    return tx.respond(
      createResponse(request, 415, {
        headers: [['Accept', 'application/dtmf-relay, application/dtmf']],
      }),
    );
  tx.respond(createResponse(request, 200));
  if (signal !== undefined && /^[0-9*#A-D]$/i.test(signal))
    digitPressed(ctx, leg, signal.toUpperCase() as Digit);
}

/**
 * The leg a Replaces header (RFC 3891 §6.1) names: `call-id;to-tag=..;from-tag=..`. The to-tag is
 * the tag of the side receiving the INVITE that would carry it, which for a dialog the phone set
 * up with us is our tag; some phones swap the two, so both readings are tried.
 */
function replacedLeg(ctx: UaContext, value: string): SipLeg | undefined {
  const [callId, ...params] = value.split(';').map((p) => p.trim());
  const param = (name: string) =>
    params.find((p) => p.toLowerCase().startsWith(`${name}=`))?.slice(name.length + 1);
  const toTag = param('to-tag');
  const fromTag = param('from-tag');
  if (!callId || toTag === undefined || fromTag === undefined) return undefined;
  return ctx.legByDialog(callId, toTag, fromTag) ?? ctx.legByDialog(callId, fromTag, toTag);
}

function sipfrag(ctx: UaContext, leg: SipLeg, status: string): void {
  // The implicit subscription ends with the outcome; the engine carries the transfer out.
  ctx.send(leg, 'NOTIFY', {
    headers: [
      ['Event', 'refer'],
      ['Subscription-State', 'terminated;reason=noresource'],
    ],
    contentType: 'message/sipfrag;version=2.0',
    body: encoder.encode(`SIP/2.0 ${status}\r\n`),
  });
}

/**
 * REFER from a phone (an agent transferring): 202, then tell the engine (RFC 3515). With
 * Replaces the phone asks us to join its two calls' other parties (attended transfer): we are
 * the B2BUA in the middle of both dialogs, so the engine bridges the two partners itself.
 */
function refer(ctx: UaContext, leg: SipLeg, tx: ServerTransaction): void {
  const request = tx.request;
  const referTo = parseNameAddr(request.headers.get('Refer-To') ?? '');
  if (referTo === undefined)
    return tx.respond(createResponse(request, 400, { reason: 'Bad Refer-To' }));
  const replacesHeader =
    referTo.uri.scheme === 'tel' ? undefined : referTo.uri.headers.get('Replaces');
  const replaced = replacesHeader === undefined ? undefined : replacedLeg(ctx, replacesHeader);
  tx.respond(
    createResponse(request, 202, { headers: [['Contact', ctx.contact(tx.source.protocol)]] }),
  );
  if (replacesHeader !== undefined && (replaced === undefined || replaced.id === leg.id)) {
    return sipfrag(ctx, leg, '481 Call/Transaction Does Not Exist');
  }
  ctx.emit({
    type: 'leg.transfer-requested',
    legId: leg.id,
    to: numberOf(request.headers.get('Refer-To')),
    replaces: replaced?.id ?? null,
  });
  sipfrag(ctx, leg, '200 OK');
}

/** NOTIFY about a REFER we sent: a 2xx sipfrag means the party is on its way elsewhere. */
function notify(ctx: UaContext, leg: SipLeg, tx: ServerTransaction): void {
  const request: SipRequest = tx.request;
  tx.respond(createResponse(request, 200));
  if (!leg.transferPending) return;
  const status = Number(/^SIP\/2\.0\s+(\d{3})/.exec(decoder.decode(request.body))?.[1] ?? 0);
  if (status >= 200) {
    leg.transferPending = false;
    ctx.send(leg, 'BYE');
    ctx.finish(leg, null);
  }
}
