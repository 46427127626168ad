import { answerDirection, buildSdp, negotiate, parseSessionDescription } from '../sdp/index.js';
import type { UaContext, SipLeg } from './context.js';
import type { MediaDirection, RemoteMedia } from './media-port.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Our SDP for the leg: an answer to `remote`, or an offer of both G.711 laws. */
export function localSdp(ctx: UaContext, leg: SipLeg, direction: MediaDirection): Uint8Array {
  const media = leg.media!;
  leg.sdpVersion += 1;
  const remote = leg.remote;
  return encoder.encode(
    buildSdp({
      sessionId: leg.sdpSessionId,
      version: leg.sdpVersion,
      address: ctx.options.settings.advertisedHost,
      port: media.localPort,
      codec: remote?.codec ?? 'PCMU',
      payloadType: remote?.payloadType ?? 0,
      telephoneEventPt: remote === null ? 101 : remote.telephoneEventPt,
      direction,
      // An offer lists both laws so the far end can choose.
      ...(remote === null && { alsoOffer: ['PCMA'] as const }),
    }),
  );
}

export type OfferReading =
  | { readonly ok: true; readonly remote: RemoteMedia; readonly direction: MediaDirection }
  | { readonly ok: false; readonly status: 400 | 488 };

/** Reads an offer or answer body: the remote media to use and the direction asked for. */
export function readRemoteSdp(body: Uint8Array): OfferReading {
  const parsed = parseSessionDescription(decoder.decode(body));
  if (!parsed.ok) return { ok: false, status: 400 };
  const chosen = negotiate(parsed.audio);
  if (chosen === null) return { ok: false, status: 488 };
  return {
    ok: true,
    remote: {
      address: parsed.audio.address,
      port: parsed.audio.port,
      codec: chosen.codec,
      payloadType: chosen.payloadType,
      telephoneEventPt: chosen.telephoneEventPt,
    },
    direction: parsed.audio.direction,
  };
}

export function ourDirection(remote: MediaDirection): MediaDirection {
  return answerDirection(remote);
}

/** Hold as the far end means it: it stopped sending to us, or asked us to stop. */
export function isHold(direction: MediaDirection, address: string): boolean {
  return direction === 'sendonly' || direction === 'inactive' || address === '0.0.0.0';
}
