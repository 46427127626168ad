/** Choosing the codec of an answer, and the direction that mirrors the far end's (RFC 3264 6.1). */
import type { MediaDirection, RemoteAudio } from './parse.js';

export type G711Codec = 'PCMU' | 'PCMA';

export interface NegotiatedAudio {
  readonly codec: G711Codec;
  readonly payloadType: number;
  readonly telephoneEventPt: number | null;
}

/**
 * The first of our preferred codecs that the far end offers at 8 kHz, or null when there is none
 * (the caller answers 488). We keep our own order: RFC 3264 lets the answerer pick, and the two
 * G.711 laws cost the same, so the preference only expresses the operator's choice.
 */
export function negotiate(
  remote: RemoteAudio,
  preferred: readonly G711Codec[] = ['PCMU', 'PCMA'],
): NegotiatedAudio | null {
  for (const codec of preferred) {
    // Static types without an rtpmap already carry their RFC 3551 name (see parse.ts).
    const match = remote.payloads.find((p) => p.rate === 8000 && p.name.toUpperCase() === codec);
    if (match) return { codec, payloadType: match.pt, telephoneEventPt: remote.telephoneEventPt };
  }
  return null;
}

/** What we answer to the far end's direction: its send is our receive and vice versa. */
export function answerDirection(remote: MediaDirection): MediaDirection {
  switch (remote) {
    case 'sendonly':
      return 'recvonly';
    case 'recvonly':
      return 'sendonly';
    default:
      return remote;
  }
}
