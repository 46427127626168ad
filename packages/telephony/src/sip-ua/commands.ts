import { join } from 'node:path';
import type { TelephonyCommand } from '@tsunagu/domain';
import { createResponse } from '../sip/response.js';
import type { SipLeg } from './context.js';
import type { SipTelephony } from './sip-telephony.js';
import { startCollect } from './digits.js';
import { answerInbound, refuseInbound } from './inbound-calls.js';
import { originate } from './outbound-calls.js';
import { transferTarget } from './transfer.js';

/** Carries out one engine command on the SIP side. Unknown or ended legs are ignored. */
export function executeCommand(ua: SipTelephony, c: TelephonyCommand): void {
  if (c.type === 'leg.originate') return originate(ua, c);
  if (c.type === 'leg.bridge' || c.type === 'leg.unbridge') return bridge(ua, c);
  if (c.type === 'leg.conference') return conference(ua, c.conferenceId, c.legIds);
  const leg = ua.legs.get(c.legId);
  if (leg === undefined || leg.state === 'ended') return;
  switch (c.type) {
    case 'leg.answer':
      if (leg.direction === 'inbound') answerInbound(ua, leg, c.earlyMedia);
      return;
    case 'leg.play': {
      const playId = c.playId;
      leg.media?.play(
        c.items,
        c.language,
        c.then,
        () => {
          if (leg.state !== 'ended') ua.emit({ type: 'leg.play-done', legId: leg.id, playId });
        },
        c.centerId,
      );
      return;
    }
    case 'leg.stop-play':
      return leg.media?.stopPlay();
    case 'leg.collect':
      return startCollect(ua, leg, c);
    case 'leg.hold':
      // The party hears our music; the agent hears nothing (the bridge is cut, not the dialog).
      leg.heldByUs = true;
      leg.media?.unbridge();
      leg.media?.playMusic();
      return;
    case 'leg.resume': {
      leg.heldByUs = false;
      leg.media?.stopPlay();
      const partner = leg.bridgedTo === null ? undefined : ua.legs.get(leg.bridgedTo);
      if (partner?.media && leg.media) leg.media.bridge(partner.media);
      return;
    }
    case 'leg.record':
      return record(ua, leg, c.recordingId, c.action);
    case 'leg.send-dtmf':
      return leg.media?.sendDigits(c.digits);
    case 'leg.redirect':
      return redirect(ua, leg, c.to);
    case 'leg.transfer':
      return transfer(ua, leg, transferTarget(ua, c.target));
    case 'leg.hangup':
      return hangup(ua, leg, c.reason);
  }
}

function bridge(
  ua: SipTelephony,
  c: { type: 'leg.bridge' | 'leg.unbridge'; legA: string; legB: string },
): void {
  const a = ua.legs.get(c.legA);
  const b = ua.legs.get(c.legB);
  if (c.type === 'leg.unbridge') {
    for (const leg of [a, b]) {
      if (!leg) continue;
      leg.bridgedTo = null;
      leg.media?.unbridge();
    }
    return;
  }
  if (!a?.media || !b?.media || a.state === 'ended' || b.state === 'ended') return;
  for (const leg of [a, b]) {
    leg.collect?.cancelTimer();
    leg.collect = null;
  }
  a.bridgedTo = b.id;
  b.bridgedTo = a.id;
  a.media.bridge(b.media);
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

function record(
  ua: SipTelephony,
  leg: SipLeg,
  recordingId: string,
  action: 'start' | 'stop' | 'pause' | 'resume',
): void {
  if (action === 'start') {
    if (leg.recording !== null || leg.media === null) return;
    const path = join(
      ua.options.settings.recordingsDir,
      `${recordingId.replace(/[^\w.-]/g, '_')}.wav`,
    );
    leg.recording = { id: recordingId, handle: leg.media.record(path) };
    return;
  }
  const current = leg.recording;
  if (current === null) return;
  if (action === 'pause') return current.handle.pause();
  if (action === 'resume') return current.handle.resume();
  leg.recording = null;
  current.handle.stop().then(
    ({ durationMs }) =>
      ua.emit({ type: 'leg.recording-done', legId: leg.id, recordingId: current.id, durationMs }),
    (err: unknown) => ua.options.onError?.(err, 'recording'),
  );
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
