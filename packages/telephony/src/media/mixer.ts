/**
 * N-party mixing (three-way calls, barge-in): each member hears the sum of everyone else, decoded
 * to linear, summed with clipping, and re-encoded in the member's own law.
 */
import type { AudioLink, AudioMember } from './bridge.js';
import { decodeLaw, encodeLaw } from './bridge.js';
import type { G711Law } from './prompt-library.js';

const FRAME = 160;

/** Sum of signals, clipped to 16 bits (wrapping would turn loud speech into crackle). */
export function mixFrames(frames: readonly Int16Array[], length = FRAME): Int16Array {
  const sum = new Int32Array(length);
  for (const f of frames) for (let i = 0; i < length && i < f.length; i++) sum[i]! += f[i]!;
  const out = new Int16Array(length);
  for (let i = 0; i < length; i++) out[i] = Math.max(-32768, Math.min(32767, sum[i]!));
  return out;
}

export class Conference implements AudioLink {
  private readonly members: AudioMember[];
  /** Decoded inbound audio per member for the frame being mixed, so each is decoded once. */
  private cacheFrame = -1;
  private readonly decoded = new Map<AudioMember, Int16Array | null>();

  constructor(members: readonly AudioMember[]) {
    this.members = [...new Set(members)];
  }

  get size(): number {
    return this.members.length;
  }

  frameFor(member: AudioMember, frame: number, law: G711Law): Uint8Array | null {
    if (!this.members.includes(member)) return null;
    if (frame !== this.cacheFrame) {
      this.cacheFrame = frame;
      this.decoded.clear();
    }
    const others: Int16Array[] = [];
    for (const m of this.members) {
      if (m === member) continue;
      let pcm = this.decoded.get(m);
      if (pcm === undefined) {
        const heard = m.inboundFor(frame);
        pcm = heard ? decodeLaw(heard.bytes, heard.law) : null;
        this.decoded.set(m, pcm);
      }
      if (pcm) others.push(pcm);
    }
    return others.length === 0 ? null : encodeLaw(mixFrames(others), law);
  }

  /** One member leaves; the others keep hearing each other. */
  leave(member: AudioMember): void {
    const i = this.members.indexOf(member);
    if (i < 0) return;
    this.members.splice(i, 1);
    member.detach(this);
  }

  /** Ends the conference: every member goes back to its own prompts or silence. */
  close(): void {
    for (const m of [...this.members]) this.leave(m);
  }
}

/** Links the sessions into one conference; each leaves its bridge or player first. */
export function mix(members: readonly AudioMember[]): Conference {
  const conference = new Conference(members);
  for (const m of members) m.attach(conference);
  return conference;
}
