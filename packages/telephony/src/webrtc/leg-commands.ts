import { join } from 'node:path';
import type { TelephonyCommand } from '@tsunagu/domain';
import { mix } from '../media/mixer.js';
import type { BrowserLeg } from './browser-leg.js';
import { cancelCollect, startCollect } from './digits.js';
import type { WebRtcTelephony } from './webrtc-telephony.js';

/**
 * Carries out one engine command on a browser leg, as the SIP adapter does on a SIP leg
 * (sip-ua/commands.ts). Unknown or ended legs are ignored. A browser cannot be sent elsewhere
 * (no REFER): a redirect or transfer of a browser leg ends it.
 */
export function executeBrowserCommand(port: WebRtcTelephony, c: TelephonyCommand): void {
  if (c.type === 'leg.originate') return port.ring(c);
  if (c.type === 'leg.bridge' || c.type === 'leg.unbridge') return bridge(port, c);
  if (c.type === 'leg.conference') return conference(port, c.conferenceId, c.legIds);
  const leg = port.legs.get(c.legId);
  if (leg === undefined || leg.state === 'ended') return;
  switch (c.type) {
    case 'leg.answer':
      // An offer answered from the desktop or the API: the softphone picks up.
      if (leg.direction === 'outbound' && leg.state === 'ringing')
        leg.line.send({ type: 'answer-requested', legId: leg.id });
      if (leg.direction === 'inbound' && leg.state === 'connecting') {
        leg.state = 'up';
        leg.line.send({ type: 'connected', legId: leg.id });
      }
      return;
    case 'leg.play': {
      const playId = c.playId;
      leg.media?.play(
        c.items,
        c.language,
        c.then,
        () => {
          if (leg.state !== 'ended') port.emit({ type: 'leg.play-done', legId: leg.id, playId });
        },
        c.centerId,
      );
      return;
    }
    case 'leg.stop-play':
      return leg.media?.stopPlay();
    case 'leg.collect':
      return startCollect(port, leg, c);
    case 'leg.hold':
      // The party hears our music; the other side hears nothing (the bridge is cut).
      leg.heldByUs = true;
      leg.media?.unbridge();
      leg.media?.playMusic();
      return;
    case 'leg.resume': {
      leg.heldByUs = false;
      leg.media?.stopPlay();
      const partner = leg.bridgedTo === null ? undefined : port.legs.get(leg.bridgedTo);
      if (partner?.media && leg.media) leg.media.bridge(partner.media);
      return;
    }
    case 'leg.record':
      return record(port, leg, c.recordingId, c.action);
    case 'leg.send-dtmf':
      return leg.media?.sendDigits(c.digits);
    case 'leg.redirect':
    case 'leg.transfer':
    case 'leg.hangup':
      leg.endedByUs = true;
      return port.finish(leg, null);
  }
}

function bridge(
  port: WebRtcTelephony,
  c: { type: 'leg.bridge' | 'leg.unbridge'; legA: string; legB: string },
): void {
  const a = port.legs.get(c.legA);
  const b = port.legs.get(c.legB);
  if (c.type === 'leg.unbridge') {
    for (const leg of [a, b]) {
      if (!leg) continue;
      leg.bridgedTo = null;
      leg.media?.unbridge();
    }
    return;
  }
  for (const leg of [a, b]) if (leg) cancelCollect(leg);
  if (!a?.media || !b?.media || a.state === 'ended' || b.state === 'ended') return;
  a.bridgedTo = b.id;
  b.bridgedTo = a.id;
  a.media.bridge(b.media);
}

function conference(port: WebRtcTelephony, conferenceId: string, legIds: readonly string[]): void {
  port.conferences.get(conferenceId)?.close();
  const legs = legIds.flatMap((id) => {
    const leg = port.legs.get(id);
    return leg?.media ? [leg] : [];
  });
  if (legs.length < 2) return void port.conferences.delete(conferenceId);
  for (const leg of legs) leg.bridgedTo = null;
  port.conferences.set(conferenceId, mix(legs.map((leg) => leg.media!)));
}

function record(
  port: WebRtcTelephony,
  leg: BrowserLeg,
  recordingId: string,
  action: 'start' | 'stop' | 'pause' | 'resume',
): void {
  if (action === 'start') {
    if (leg.recording !== null || leg.media === null) return;
    const path = join(
      port.options.media.recordingsDir,
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
      port.emit({ type: 'leg.recording-done', legId: leg.id, recordingId: current.id, durationMs }),
    (err: unknown) => port.options.onError?.(err, 'recording'),
  );
}
