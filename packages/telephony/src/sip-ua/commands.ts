import type { TelephonyCommand } from '@tsunagu/domain';
import { createResponse } from '../sip/response.js';
import type { SipLeg } from './context.js';
import type { SipTelephony } from './sip-telephony.js';
import { answerInbound, refuseInbound } from './inbound-calls.js';
import { originate } from './outbound-calls.js';
import { transferTarget } from './transfer.js';
import {
  bridgeLegs,
  executeMediaCommand,
  isMediaCommand,
  type MediaLegPort,
} from '../media-leg-commands.js';

/** The user agent as the shared media commands see it. */
function mediaPort(ua: SipTelephony): MediaLegPort<SipLeg> {
  return {
    leg: (id) => ua.legs.get(id),
    recordingsDir: ua.options.settings.recordingsDir,
    after: (ms, task) => ua.options.scheduler.after(ms, task),
    emit: (e) => ua.emit(e),
    onError: (err, context) => ua.options.onError?.(err, context),
  };
}

/** Carries out one engine command on the SIP side. Unknown or ended legs are ignored. */
export function executeCommand(ua: SipTelephony, c: TelephonyCommand): void {
  if (c.type === 'leg.originate') return originate(ua, c);
  if (c.type === 'leg.bridge' || c.type === 'leg.unbridge') return bridgeLegs(mediaPort(ua), c);
  if (c.type === 'leg.conference') return conference(ua, c.conferenceId, c.legIds);
  const leg = ua.legs.get(c.legId);
  if (leg === undefined || leg.state === 'ended') return;
  if (isMediaCommand(c)) return executeMediaCommand(mediaPort(ua), leg, c);
  switch (c.type) {
    case 'leg.answer':
      if (leg.direction === 'inbound') answerInbound(ua, leg, c.earlyMedia);
      return;
    case 'leg.redirect':
      return redirect(ua, leg, c.to);
    case 'leg.transfer':
      return transfer(ua, leg, transferTarget(ua, c.target));
    case 'leg.hangup':
      return hangup(ua, leg, c.reason);
  }
}

function conference(ua: SipTelephony, conferenceId: string, legIds: readonly string[]): void {
  const byId = ua.conferences;
  byId.get(conferenceId)?.close();
  const legs = legIds.flatMap((id) => {
    const leg = ua.legs.get(id);
    return leg?.media ? [leg] : [];
  });
  const media = legs.map((leg) => leg.media!);
  if (media.length < 2) return void byId.delete(conferenceId);
  // A mixed leg has no bridge partner: a later resume must not re-bridge it behind the mix.
  for (const leg of legs) leg.bridgedTo = null;
  for (const m of media) m.unbridge();
  byId.set(conferenceId, ua.options.media.mix(media));
}

/** Sends the party elsewhere: 302 before answer, REFER after (the engine forgets the leg). */
function redirect(ua: SipTelephony, leg: SipLeg, to: string): void {
  const target = transferTarget(ua, { kind: 'number', number: to });
  if (leg.invite !== null && target !== null) {
    const invite = leg.invite;
    leg.invite = null;
    invite.respond(
      createResponse(invite.request, 302, {
        toTag: leg.localTag,
        headers: [['Contact', `<${target}>`]],
      }),
    );
    leg.endedByUs = true;
    return ua.finish(leg, null);
  }
  transfer(ua, leg, target);
}

function transfer(ua: SipTelephony, leg: SipLeg, target: string | null): void {
  leg.endedByUs = true;
  if (leg.state !== 'up' || target === null) return hangup(ua, leg, 'transferred');
  leg.transferPending = true;
  ua.send(leg, 'REFER', {
    headers: [
      ['Refer-To', `<${target}>`],
      ['Referred-By', ua.contact(leg.dialog!.destination.protocol)],
    ],
    onResponse: (r) => {
      // Refused: we cannot hand the party over, so the call ends rather than hangs.
      if (r.status >= 300) hangup(ua, leg, 'transferred');
    },
    onFailure: () => hangup(ua, leg, 'transferred'),
  });
  // A phone that accepts but never NOTIFYs must not keep the leg forever.
  leg.timers.push(ua.options.scheduler.after(32_000, () => hangup(ua, leg, 'transferred')));
}

function hangup(ua: SipTelephony, leg: SipLeg, reason: string): void {
  if (leg.state === 'ended') return;
  leg.endedByUs = true;
  if (leg.invite !== null) refuseInbound(ua, leg, reason);
  else if (leg.outgoing !== null) leg.outgoing.cancel();
  else if (leg.state === 'up') ua.send(leg, 'BYE');
  ua.finish(leg, null);
}
