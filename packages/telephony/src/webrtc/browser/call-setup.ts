import type { RtcEnvironment, RtcPeer } from './environment.js';
import type { ServerMessage } from './protocol.js';

/** How long we wait for our host candidates before offering without the rest. */
const GATHER_MS = 3000;

/** A peer with the microphone on it and our complete offer (every host candidate, no trickle). */
export async function offerWithMicrophone(
  env: RtcEnvironment,
): Promise<{ peer: RtcPeer; sdp: string; stopAudio: () => void }> {
  const peer = env.createPeer();
  try {
    await env.addMicrophone(peer);
    const stopAudio = env.playRemote(peer);
    await peer.setLocalDescription(await peer.createOffer());
    const deadline = Date.now() + GATHER_MS;
    while (peer.iceGatheringState !== 'complete' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const sdp = peer.localDescription?.sdp;
    if (!sdp) throw new Error('no local description');
    return { peer, sdp, stopAudio };
  } catch (err) {
    void peer.close();
    throw err;
  }
}

/**
 * Keys on the audio track as RFC 4733 events when the browser can, else as a message (the
 * server treats both alike).
 */
export function sendKeys(
  peer: RtcPeer | null,
  digits: string,
  asMessage: (digits: string) => void,
): void {
  const dtmf = peer?.getSenders?.().find((s) => s.dtmf)?.dtmf;
  if (dtmf) dtmf.insertDTMF(digits, 120, 80);
  else asMessage(digits);
}

/** `/api/v1/softphone` on the page's own host, ws: or wss: as the page. */
export function socketUrl(url: string): string {
  if (/^wss?:\/\//.test(url)) return url;
  const location = (globalThis as { location?: { protocol: string; host: string } }).location;
  if (!location) throw new Error(`a relative softphone URL needs a page: ${url}`);
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${url}`;
}

export function parseServerMessage(data: unknown): ServerMessage | null {
  if (typeof data !== 'string') return null;
  try {
    const message = JSON.parse(data) as ServerMessage;
    return typeof message === 'object' && message !== null && 'type' in message ? message : null;
  } catch {
    return null;
  }
}
