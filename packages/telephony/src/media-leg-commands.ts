/**
 * The engine's commands that only touch a leg's media, carried out the same way on every
 * adapter whose legs carry real audio (SIP and WebRTC): prompts and music, key collection,
 * hold and resume, recording, DTMF towards the party, and bridging two legs.
 */
import { join } from 'node:path';
import type { TelephonyCommand } from '@tsunagu/domain';
import { cancelCollect, startCollect, type KeyContext, type KeyLeg } from './key-collector.js';
import type { LegMedia, LegRecording } from './sip-ua/media-port.js';

export interface MediaLeg extends KeyLeg {
  readonly media: LegMedia | null;
  bridgedTo: string | null;
  heldByUs: boolean;
  recording: { readonly id: string; readonly handle: LegRecording } | null;
}

export interface MediaLegPort<L extends MediaLeg> extends KeyContext {
  leg(legId: string): L | undefined;
  readonly recordingsDir: string;
  onError(err: unknown, context: string): void;
}

type MediaCommand = Extract<
  TelephonyCommand,
  {
    type:
      | 'leg.play'
      | 'leg.stop-play'
      | 'leg.collect'
      | 'leg.hold'
      | 'leg.resume'
      | 'leg.record'
      | 'leg.send-dtmf';
  }
>;

export function isMediaCommand(c: TelephonyCommand): c is MediaCommand {
  return (
    c.type === 'leg.play' ||
    c.type === 'leg.stop-play' ||
    c.type === 'leg.collect' ||
    c.type === 'leg.hold' ||
    c.type === 'leg.resume' ||
    c.type === 'leg.record' ||
    c.type === 'leg.send-dtmf'
  );
}

export function executeMediaCommand<L extends MediaLeg>(
  port: MediaLegPort<L>,
  leg: L,
  c: MediaCommand,
): void {
  switch (c.type) {
    case 'leg.play': {
      const playId = c.playId;
      const done = (): void => {
        if (leg.state !== 'ended') port.emit({ type: 'leg.play-done', legId: leg.id, playId });
      };
      return leg.media?.play(c.items, c.language, c.then, done, c.centerId);
    }
    case 'leg.stop-play':
      return leg.media?.stopPlay();
    case 'leg.collect':
      return startCollect(port, leg, c);
    case 'leg.hold':
      // The party hears our music; the other side hears nothing (the bridge is cut, not the call).
      leg.heldByUs = true;
      leg.media?.unbridge();
      return leg.media?.playMusic();
    case 'leg.resume': {
      leg.heldByUs = false;
      leg.media?.stopPlay();
      const partner = leg.bridgedTo === null ? undefined : port.leg(leg.bridgedTo);
      if (partner?.media && leg.media) leg.media.bridge(partner.media);
      return;
    }
    case 'leg.record':
      return record(port, leg, c.recordingId, c.action);
    case 'leg.send-dtmf':
      return leg.media?.sendDigits(c.digits);
  }
}

/** Bridges two legs' audio (a listening collect stops), or cuts a bridge. */
export function bridgeLegs<L extends MediaLeg>(
  port: MediaLegPort<L>,
  c: { type: 'leg.bridge' | 'leg.unbridge'; legA: string; legB: string },
): void {
  const a = port.leg(c.legA);
  const b = port.leg(c.legB);
  if (c.type === 'leg.unbridge') {
    for (const leg of [a, b]) {
      if (!leg) continue;
      leg.bridgedTo = null;
      leg.media?.unbridge();
    }
    return;
  }
  if (!a?.media || !b?.media || a.state === 'ended' || b.state === 'ended') return;
  cancelCollect(a);
  cancelCollect(b);
  a.bridgedTo = b.id;
  b.bridgedTo = a.id;
  a.media.bridge(b.media);
}

function record<L extends MediaLeg>(
  port: MediaLegPort<L>,
  leg: L,
  recordingId: string,
  action: 'start' | 'stop' | 'pause' | 'resume',
): void {
  if (action === 'start') {
    if (leg.recording !== null || leg.media === null) return;
    const path = join(port.recordingsDir, `${recordingId.replace(/[^\w.-]/g, '_')}.wav`);
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
    (err: unknown) => port.onError(err, 'recording'),
  );
}
