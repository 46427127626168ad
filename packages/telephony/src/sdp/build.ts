/** Writing our offer or answer: one G.711 audio stream plus RFC 4733 telephone-events. */
import { isIP } from 'node:net';
import { write } from 'sdp-transform';
import type { G711Codec } from './negotiate.js';
import type { MediaDirection } from './parse.js';

export interface LocalAudio {
  /** o= session id; stays the same for the whole dialog. */
  readonly sessionId: number | string;
  /** o= version; the caller increments it on every changed re-offer (RFC 3264 8). */
  readonly version: number;
  readonly address: string;
  readonly port: number;
  readonly codec: G711Codec;
  readonly payloadType: number;
  readonly telephoneEventPt: number | null;
  readonly direction: MediaDirection;
  /**
   * Further laws to list in an offer after `codec`, at their static payload types, so the far
   * end can choose; an answer lists only the chosen one.
   */
  readonly alsoOffer?: readonly G711Codec[];
}

const STATIC_PT: Readonly<Record<G711Codec, number>> = { PCMU: 0, PCMA: 8 };

export function buildSdp(local: LocalAudio): string {
  const ipVer = isIP(local.address) === 6 ? 6 : 4;
  const rtp: { payload: number; codec: string; rate: number }[] = [
    { payload: local.payloadType, codec: local.codec, rate: 8000 },
  ];
  const fmtp: { payload: number; config: string }[] = [];
  let payloads = String(local.payloadType);
  for (const codec of local.alsoOffer ?? []) {
    const pt = STATIC_PT[codec];
    if (codec === local.codec || rtp.some((r) => r.payload === pt)) continue;
    rtp.push({ payload: pt, codec, rate: 8000 });
    payloads += ` ${pt}`;
  }
  if (local.telephoneEventPt !== null) {
    rtp.push({ payload: local.telephoneEventPt, codec: 'telephone-event', rate: 8000 });
    fmtp.push({ payload: local.telephoneEventPt, config: '0-16' });
    payloads += ` ${local.telephoneEventPt}`;
  }
  return write({
    version: 0,
    origin: {
      username: 'tsunagu',
      sessionId: local.sessionId,
      sessionVersion: local.version,
      netType: 'IN',
      ipVer,
      address: local.address,
    },
    name: 'tsunagu',
    connection: { version: ipVer, ip: local.address },
    timing: { start: 0, stop: 0 },
    media: [
      {
        type: 'audio',
        port: local.port,
        protocol: 'RTP/AVP',
        payloads,
        rtp,
        fmtp,
        ptime: 20,
        direction: local.direction,
      },
    ],
  });
}
