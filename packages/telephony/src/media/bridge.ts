/**
 * Two sessions that hear each other. Each side's frame is the other side's received audio for
 * the same clock frame, re-sent on our own stream (outgoing-stream.ts) and transcoded when the
 * two far ends chose different G.711 laws.
 */
import { alawDecodeOne, alawEncodeOne, mulawDecodeOne, mulawEncodeOne } from './g711.js';
import { alawDecode, alawEncode, mulawDecode, mulawEncode } from './g711.js';
import type { G711Law } from './prompt-library.js';

/** Byte-to-byte tables: µ-law to A-law and back, through linear PCM. */
const MU_TO_A = Uint8Array.from({ length: 256 }, (_, c) => alawEncodeOne(mulawDecodeOne(c)));
const A_TO_MU = Uint8Array.from({ length: 256 }, (_, c) => mulawEncodeOne(alawDecodeOne(c)));

export function transcode(bytes: Uint8Array, from: G711Law, to: G711Law): Uint8Array {
  if (from === to) return bytes;
  const table = from === 'PCMU' ? MU_TO_A : A_TO_MU;
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = table[bytes[i]!]!;
  return out;
}

export const decodeLaw = (bytes: Uint8Array, law: G711Law): Int16Array =>
  law === 'PCMU' ? mulawDecode(bytes) : alawDecode(bytes);

export const encodeLaw = (pcm: Int16Array, law: G711Law): Uint8Array =>
  law === 'PCMU' ? mulawEncode(pcm) : alawEncode(pcm);

/** What a bridge or a conference needs from a member session. */
export interface AudioMember {
  /** The far end's audio for `frame` (160 bytes in `law`), or null if none arrived in time. */
  inboundFor(frame: number): { bytes: Uint8Array; law: G711Law } | null;
  /** Makes `link` the member's audio source, leaving any previous link and play. */
  attach(link: AudioLink): void;
  /** Called by the link when it lets go of the member (unbridge, conference close). */
  detach(link: AudioLink): void;
}

/** A bridge or a conference: where a member's outgoing audio comes from while it is linked. */
export interface AudioLink {
  frameFor(member: AudioMember, frame: number, law: G711Law): Uint8Array | null;
  /** The member leaves (unbridge, hang-up); the link lets go of the others as it sees fit. */
  leave(member: AudioMember): void;
}

export class Bridge implements AudioLink {
  private open = true;

  constructor(
    private readonly a: AudioMember,
    private readonly b: AudioMember,
  ) {}

  frameFor(member: AudioMember, frame: number, law: G711Law): Uint8Array | null {
    if (!this.open) return null;
    const other = member === this.a ? this.b : this.a;
    const heard = other.inboundFor(frame);
    return heard ? transcode(heard.bytes, heard.law, law) : null;
  }

  /** A bridge of one makes no sense: either side leaving ends it for both. */
  leave(): void {
    if (!this.open) return;
    this.open = false;
    this.a.detach(this);
    this.b.detach(this);
  }
}
