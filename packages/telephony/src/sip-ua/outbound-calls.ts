import { randomInt } from 'node:crypto';
import type { TelephonyCommand } from '@tsunagu/domain';
import {
  formatCSeq,
  parseNameAddr,
  SipHeaders,
  type SipRequest,
  type SipResponse,
} from '../sip/index.js';
import { newCallId, newTag } from '../sip/ids.js';
import {
  buildCredentials,
  computeResponseFromPassword,
  parseChallenge,
} from '../sip-auth/index.js';
import type { TransportAddress } from '../sip/transaction/layer.js';
import type { SipLeg, UaContext } from './context.js';
import { dialogAsUac } from './dialog.js';
import { listenForDigits } from './digits.js';
import { ALLOW, SUPPORTED } from './inbound-calls.js';
import { localSdp, readRemoteSdp } from './local-sdp.js';
import { adoptFromAnswer, startSessionTimer } from './session-timer.js';
import type { TrunkOutbound } from './settings.js';

type Originate = Extract<TelephonyCommand, { type: 'leg.originate' }>;
type Failure = 'busy' | 'no-answer' | 'rejected' | 'unreachable';

interface Route {
  readonly uri: string;
  readonly destination: TransportAddress;
  readonly trunk: TrunkOutbound | null;
}

/** Where an originate goes: a registered phone, or out through the first outbound trunk. */
function routeFor(ctx: UaContext, c: Originate): Route | null {
  const target = c.target;
  if (target.kind === 'agent') {
    const device = ctx.options.agentDevice(target.agentId);
    if (device?.kind === 'sip') {
      const user = parseNameAddr(device.aor)?.uri;
      const username = user && user.scheme !== 'tel' ? user.user : device.aor;
      const binding = ctx.options.registrar.lookup(username ?? device.aor)[0];
      if (binding === undefined) return null;
      return { uri: binding.contact, destination: binding.source, trunk: null };
    }
    if (device?.kind === 'external') return trunkRoute(ctx, device.number);
    return null;
  }
  return trunkRoute(ctx, target.number);
}

function trunkRoute(ctx: UaContext, number: string): Route | null {
  const trunk = ctx.options.settings.trunks.find((t) => t.outbound !== undefined)?.outbound;
  if (trunk === undefined) return null;
  const domain = trunk.domain ?? trunk.host;
  return {
    uri: `sip:${encodeURIComponent(number)}@${domain}:${trunk.port}`,
    destination: { protocol: trunk.protocol, host: trunk.host, port: trunk.port },
    trunk,
  };
}

function failureOf(status: number): Failure {
  if (status === 486 || status === 600) return 'busy';
  if (status === 603) return 'rejected';
  if (status === 408 || status === 480 || status === 487) return 'no-answer';
  return 'unreachable';
}

function displayName(c: Originate): string | null {
  if (c.display === null) return null;
  const label =
    c.display.origin === 'callback'
      ? '折返 Callback'
      : c.display.origin === 'transfer'
        ? '転送 Transfer'
        : '';
  return `${label} ${c.display.customerNumber}`.trim();
}

/** `leg.originate`: an INVITE with our offer; ringing, answer or failure come back as events. */
export function originate(ctx: UaContext, c: Originate): void {
  const leg: SipLeg = {
    id: c.legId,
    direction: 'outbound',
    state: 'calling',
    invite: null,
    outgoing: null,
    dialog: null,
    localTag: newTag(),
    media: null,
    remote: null,
    remoteDirection: 'sendrecv',
    sdpVersion: 0,
    sdpSessionId: randomInt(1e9),
    bridgedTo: null,
    heldByUs: false,
    collect: null,
    digitSeq: 0,
    typedAhead: [],
    recording: null,
    sessionTimer: null,
    sessionExpiresSec: ctx.options.settings.sessionExpiresSec,
    refresher: 'uac',
    timers: [],
    endedByUs: false,
    transferPending: false,
  };
  ctx.legs.set(leg.id, leg);
  const route = routeFor(ctx, c);
  const fail = (reason: Failure): void => {
    if (leg.state === 'ended') return;
    ctx.finish(leg, null);
    if (!leg.endedByUs) ctx.emit({ type: 'leg.failed', legId: leg.id, reason });
  };
  if (route === null) return fail('unreachable');
  ctx.options.media.open().then(
    (media) => {
      if (leg.state === 'ended') return media.close();
      leg.media = media;
      listenForDigits(ctx, leg, media);
      const request = buildInvite(ctx, leg, c, route);
      leg.timers.push(
        ctx.options.scheduler.after(c.ringTimeoutMs, () => {
          if (leg.state !== 'calling' && leg.state !== 'ringing') return;
          leg.outgoing?.cancel();
          fail('no-answer');
        }),
      );
      send(ctx, leg, request, route, fail, false);
    },
    (err: unknown) => {
      ctx.options.onError?.(err, 'media allocation');
      fail('unreachable');
    },
  );
}

function buildInvite(ctx: UaContext, leg: SipLeg, c: Originate, route: Route): SipRequest {
  const local = ctx.options.localAddress(route.destination.protocol);
  const name = displayName(c);
  const from = `${name === null ? '' : `"${name.replace(/["\\]/g, '')}" `}<sip:${encodeURIComponent(c.callerId)}@${local.host}>;tag=${leg.localTag}`;
  const headers = new SipHeaders()
    .add('From', from)
    .add('To', `<${route.uri}>`)
    .add('Call-ID', newCallId(local.host))
    .add('CSeq', formatCSeq({ seq: 1, method: 'INVITE' }))
    .add('Max-Forwards', '70')
    .add('Contact', ctx.contact(route.destination.protocol))
    .add('Allow', ALLOW)
    .add('Supported', SUPPORTED)
    .add('Session-Expires', `${ctx.options.settings.sessionExpiresSec}`)
    .add('User-Agent', ctx.options.settings.product)
    .add('P-Asserted-Identity', `<sip:${encodeURIComponent(c.callerId)}@${local.host}>`)
    .add('Content-Type', 'application/sdp');
  if (c.display !== null) headers.add('X-Tsunagu-Origin', c.display.origin);
  return {
    kind: 'request',
    method: 'INVITE',
    uri: route.uri,
    headers,
    body: localSdp(ctx, leg, 'sendrecv'),
  };
}

function send(
  ctx: UaContext,
  leg: SipLeg,
  request: SipRequest,
  route: Route,
  fail: (reason: Failure) => void,
  authenticated: boolean,
): void {
  leg.outgoing = ctx.options.layer.sendRequest(request, route.destination, {
    onResponse: (response) => {
      if (response.status < 200) return provisional(ctx, leg, response);
      leg.outgoing = null;
      if (response.status < 300) return answered(ctx, leg, request, response, route.destination);
      if ((response.status === 401 || response.status === 407) && !authenticated && route.trunk) {
        const retry = withCredentials(request, response, route.trunk);
        if (retry !== null && leg.state !== 'ended')
          return send(ctx, leg, retry, route, fail, true);
      }
      fail(failureOf(response.status));
    },
    onTimeout: () => fail('unreachable'),
    onTransportError: () => fail('unreachable'),
  });
}

function provisional(ctx: UaContext, leg: SipLeg, response: SipResponse): void {
  if (response.status === 100 || leg.state !== 'calling') return;
  leg.state = 'ringing';
  ctx.emit({ type: 'leg.ringing', legId: leg.id });
}

function answered(
  ctx: UaContext,
  leg: SipLeg,
  request: SipRequest,
  response: SipResponse,
  destination: TransportAddress,
): void {
  const dialog = dialogAsUac(request, response, destination);
  if (dialog === undefined) return;
  leg.dialog = dialog;
  ctx.indexDialog(leg);
  const seq = Number((request.headers.get('CSeq') ?? '1').split(/\s+/)[0]);
  ctx.sendAck(leg, seq);
  if (leg.state === 'ended') {
    // Answered as we gave up (ring timeout, CANCEL race): end it properly.
    ctx.send(leg, 'BYE');
    return;
  }
  const reading = readRemoteSdp(response.body);
  if (reading.ok) {
    leg.remote = reading.remote;
    leg.remoteDirection = reading.direction;
    leg.media?.setRemote(reading.remote);
  }
  for (const cancel of leg.timers.splice(0)) cancel();
  leg.state = 'up';
  adoptFromAnswer(leg, response);
  startSessionTimer(ctx, leg);
  ctx.emit({ type: 'leg.answered', legId: leg.id });
}

/** The same INVITE again with digest credentials for the trunk's challenge (§22.2). */
function withCredentials(
  request: SipRequest,
  response: SipResponse,
  trunk: TrunkOutbound,
): SipRequest | null {
  const proxy = response.status === 407;
  const challenge = parseChallenge(
    response.headers.get(proxy ? 'Proxy-Authenticate' : 'WWW-Authenticate'),
  );
  if (challenge === undefined || trunk.username === undefined || trunk.password === undefined)
    return null;
  const cnonce = randomInt(2 ** 40).toString(16);
  const qop = challenge.qop === false ? undefined : { nc: '00000001', cnonce };
  const algorithm = challenge.algorithm ?? 'MD5';
  const response_ = computeResponseFromPassword({
    algorithm,
    username: trunk.username,
    realm: challenge.realm,
    password: trunk.password,
    method: request.method,
    uri: request.uri,
    nonce: challenge.nonce,
    qop,
  });
  const headers = new SipHeaders(request.headers.entries().map((h) => [h.name, h.value] as const));
  headers.delete('Via');
  const cseq = Number((request.headers.get('CSeq') ?? '1').split(/\s+/)[0]) + 1;
  headers.set('CSeq', formatCSeq({ seq: cseq, method: request.method }));
  headers.add(
    proxy ? 'Proxy-Authorization' : 'Authorization',
    buildCredentials({
      username: trunk.username,
      realm: challenge.realm,
      nonce: challenge.nonce,
      uri: request.uri,
      response: response_,
      algorithm,
      ...(challenge.opaque !== undefined && { opaque: challenge.opaque }),
      ...(qop !== undefined && { qop: 'auth', nc: qop.nc, cnonce: qop.cnonce }),
    }),
  );
  return { ...request, headers };
}
