import { randomInt } from 'node:crypto';
import { parseNameAddr, parseUri, type SipRequest } from '../sip/index.js';
import { newTag } from '../sip/ids.js';
import { createResponse } from '../sip/response.js';
import type { ServerTransaction } from '../sip/transaction/layer.js';
import { addressAllowed } from './address-match.js';
import type { SipLeg, UaContext } from './context.js';
import { dialogAsUas } from './dialog.js';
import { listenForDigits } from './digits.js';
import { localSdp, ourDirection, readRemoteSdp } from './local-sdp.js';
import { negotiateSessionTimer, sessionTimerHeaders, startSessionTimer } from './session-timer.js';

export const ALLOW = 'INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, REFER, NOTIFY, UPDATE';
export const SUPPORTED = 'timer, replaces';

let nextInbound = 0;

/** The user part of a SIP or tel URI: the number dialled or calling. */
export function numberOf(uriText: string | undefined): string {
  if (uriText === undefined) return '';
  const uri = parseUri(uriText) ?? parseNameAddr(uriText)?.uri;
  if (uri === undefined) return '';
  return uri.scheme === 'tel' ? uri.number : (uri.user ?? '');
}

function isTrustedTrunk(ctx: UaContext, tx: ServerTransaction): boolean {
  return ctx.options.settings.trunks.some((t) =>
    addressAllowed(tx.source.host, t.inboundAddresses),
  );
}

/** Who sent an admitted INVITE: a trunk, or one of our phone accounts (by its digest login). */
interface Caller {
  readonly phone: string | null;
}

/**
 * May this INVITE in? Trunks by address, everyone else (phones, trunks with auth) by digest.
 * A phone is known by the account it authenticated as, never by its From header.
 */
function authorize(ctx: UaContext, tx: ServerTransaction): Caller | null {
  const request = tx.request;
  if (isTrustedTrunk(ctx, tx)) return { phone: null };
  const fromUser = numberOf(request.headers.get('From'));
  const digestTrunk = ctx.options.settings.trunks.some((t) => t.inboundAuth !== undefined);
  const knownPhone = ctx.options.registrar.lookup(fromUser).length > 0 || isAccount(ctx, fromUser);
  // Strangers get 403 at once, not a challenge that invites password guessing.
  if (!digestTrunk && !knownPhone && !request.headers.has('Proxy-Authorization')) {
    ctx.options.onRefused?.('forbidden');
    tx.respond(createResponse(request, 403, { reason: 'Forbidden (unknown trunk)' }));
    return null;
  }
  const result = ctx.options.inviteGuard.check(request, true);
  if (result.kind === 'ok')
    return { phone: isAccount(ctx, result.username) ? result.username : null };
  if (result.kind === 'challenge') {
    ctx.options.onRefused?.('unauthenticated');
    tx.respond(createResponse(request, 407, { headers: [...result.headers] }));
  } else {
    ctx.options.onRefused?.('forbidden');
    tx.respond(createResponse(request, 403));
  }
  return null;
}

function isAccount(ctx: UaContext, user: string): boolean {
  return ctx.options.accounts.find(user) !== undefined;
}

/** A new INVITE from the network: admission, authentication, SDP, then `leg.offered`. */
export function acceptInvite(ctx: UaContext, tx: ServerTransaction): void {
  const { request } = tx;
  const settings = ctx.options.settings;
  if (ctx.legs.size >= settings.maxLegs || ctx.options.admit?.() === false) {
    ctx.options.onRefused?.('capacity');
    return tx.respond(
      createResponse(request, 503, { headers: [['Retry-After', String(settings.retryAfterSec)]] }),
    );
  }
  const caller = authorize(ctx, tx);
  if (caller === null) return;
  const timer = negotiateSessionTimer(request, settings);
  if (!timer.ok) {
    return tx.respond(
      createResponse(request, 422, {
        headers: [['Min-SE', String(settings.minSessionExpiresSec)]],
      }),
    );
  }
  let offer: ReturnType<typeof readRemoteSdp> | null = null;
  if (request.body.length > 0) {
    offer = readRemoteSdp(request.body);
    if (!offer.ok) return tx.respond(createResponse(request, offer.status));
  }
  tx.respond(createResponse(request, 100));
  const leg: SipLeg = {
    id: `sip-${++nextInbound}-${randomInt(1e9).toString(36)}`,
    direction: 'inbound',
    state: 'offered',
    invite: tx,
    outgoing: null,
    dialog: null,
    localTag: newTag(),
    media: null,
    remote: offer?.ok ? offer.remote : null,
    remoteDirection: offer?.ok ? offer.direction : 'sendrecv',
    sdpVersion: 0,
    sdpSessionId: randomInt(1e9),
    bridgedTo: null,
    heldByUs: false,
    collect: null,
    digitSeq: 0,
    typedAhead: [],
    recording: null,
    sessionTimer: null,
    sessionExpiresSec: timer.expiresSec,
    refresher: timer.refresher,
    timers: [],
    endedByUs: false,
    transferPending: false,
  };
  ctx.legs.set(leg.id, leg);
  ctx.options.media.open().then(
    (media) => {
      if (leg.state === 'ended') return media.close();
      leg.media = media;
      listenForDigits(ctx, leg, media);
      if (leg.remote !== null) media.setRemote(leg.remote);
      ctx.emit({
        type: 'leg.offered',
        legId: leg.id,
        from: numberOf(request.headers.get('From')),
        to: numberOf(request.uri),
        ...(caller.phone === null ? {} : { phone: caller.phone }),
      });
    },
    (err: unknown) => {
      ctx.options.onError?.(err, 'media allocation');
      leg.state = 'ended';
      ctx.legs.delete(leg.id);
      tx.respond(
        createResponse(request, 503, {
          headers: [['Retry-After', String(settings.retryAfterSec)]],
        }),
      );
    },
  );
}

/** `leg.answer`: 183 with SDP for early media, or 200 (which creates the dialog). */
export function answerInbound(ctx: UaContext, leg: SipLeg, earlyMedia: boolean): void {
  const tx = leg.invite;
  if (tx === null || leg.media === null || (leg.state !== 'offered' && leg.state !== 'early'))
    return;
  const request = tx.request;
  const body = localSdp(ctx, leg, ourDirection(leg.remoteDirection));
  const headers: [string, string][] = [
    ['Contact', ctx.contact(tx.source.protocol)],
    ['Allow', ALLOW],
    ['Supported', SUPPORTED],
  ];
  if (earlyMedia) {
    leg.state = 'early';
    tx.respond(
      createResponse(request, 183, {
        toTag: leg.localTag,
        headers,
        body,
        contentType: 'application/sdp',
      }),
    );
    return;
  }
  headers.push(...sessionTimerHeaders(leg));
  const dialog = dialogAsUas(request, leg.localTag, tx.source);
  if (dialog === undefined) return;
  leg.dialog = dialog;
  ctx.indexDialog(leg);
  leg.state = 'up';
  leg.invite = null;
  tx.respond(
    createResponse(request, 200, {
      toTag: leg.localTag,
      headers,
      body,
      contentType: 'application/sdp',
    }),
    {
      // No ACK within 64*T1: the caller never saw our answer; the call cannot go on.
      onAckTimeout: () => {
        if (leg.state === 'ended') return;
        ctx.send(leg, 'BYE');
        ctx.finish(leg, 'media-lost');
      },
    },
  );
  startSessionTimer(ctx, leg);
  ctx.emit({ type: 'leg.answered', legId: leg.id });
}

/** A final refusal of an inbound leg the engine hung up before answering. */
export function refuseInbound(ctx: UaContext, leg: SipLeg, reason: string): void {
  const tx = leg.invite;
  if (tx === null) return;
  leg.invite = null;
  const settings = ctx.options.settings;
  const request: SipRequest = tx.request;
  if (reason === 'rejected') {
    tx.respond(
      createResponse(request, 503, {
        toTag: leg.localTag,
        headers: [['Retry-After', String(settings.retryAfterSec)]],
      }),
    );
  } else if (reason === 'busy') {
    tx.respond(createResponse(request, 486, { toTag: leg.localTag }));
  } else {
    tx.respond(createResponse(request, 480, { toTag: leg.localTag }));
  }
}
