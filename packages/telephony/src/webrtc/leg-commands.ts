import type { TelephonyCommand } from '@tsunagu/domain';
import { mix } from '../media/mixer.js';
import type { BrowserLeg } from './browser-leg.js';
import {
  bridgeLegs,
  executeMediaCommand,
  isMediaCommand,
  type MediaLegPort,
} from '../media-leg-commands.js';
import type { WebRtcTelephony } from './webrtc-telephony.js';

/**
 * Carries out one engine command on a browser leg, as the SIP adapter does on a SIP leg
 * (sip-ua/commands.ts). Unknown or ended legs are ignored. A browser cannot be sent elsewhere
 * (no REFER): a redirect or transfer of a browser leg ends it.
 */
export function executeBrowserCommand(port: WebRtcTelephony, c: TelephonyCommand): void {
  if (c.type === 'leg.originate') return port.ring(c);
  if (c.type === 'leg.bridge' || c.type === 'leg.unbridge') return bridgeLegs(mediaPort(port), c);
  if (c.type === 'leg.conference') return conference(port, c.conferenceId, c.legIds);
  const leg = port.legs.get(c.legId);
  if (leg === undefined || leg.state === 'ended') return;
  if (isMediaCommand(c)) return executeMediaCommand(mediaPort(port), leg, c);
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
    case 'leg.redirect':
    case 'leg.transfer':
    case 'leg.hangup':
      leg.endedByUs = true;
      return port.finish(leg, null);
  }
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

/** The browser adapter as the shared media commands see it. */
function mediaPort(port: WebRtcTelephony): MediaLegPort<BrowserLeg> {
  return {
    leg: (id) => port.legs.get(id),
    recordingsDir: port.options.media.recordingsDir,
    after: (ms, task) => port.scheduler.after(ms, task),
    emit: (e) => port.emit(e),
    onError: (err, context) => port.options.onError?.(err, context),
  };
}
