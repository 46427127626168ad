/**
 * What a session plays when it is not bridged: prompt items, then hold music or silence.
 * A source hands out one 20 ms frame (160 G.711 bytes) per call, in the law the session sends.
 */
import type { Playable } from '@tsunagu/domain';
import { ALAW_SILENCE, MULAW_SILENCE } from './g711.js';
import type { G711Law, PromptLanguage, PromptLibrary } from './prompt-library.js';

const FRAME = 160;

const SILENCE: Readonly<Record<G711Law, Uint8Array>> = {
  PCMU: new Uint8Array(FRAME).fill(MULAW_SILENCE),
  PCMA: new Uint8Array(FRAME).fill(ALAW_SILENCE),
};

/** A frame of silence in one law; shared and never written to. */
export const silenceFrame = (law: G711Law): Uint8Array => SILENCE[law];

export type AfterPlay = 'music' | 'silence';

/**
 * Plays items once, then music in a loop or nothing. `onDone` fires once, on the frame after the
 * last item frame was handed out, and never if the player is replaced or stopped first.
 */
export class Player {
  private chunks: Uint8Array[] = [];
  private law: G711Law | null = null;
  /** Samples of the items handed out so far (law-independent: one byte per sample). */
  private position = 0;
  private total = 0;
  private itemsDone = false;
  private musicPosition = 0;

  constructor(
    private readonly library: PromptLibrary,
    private readonly items: readonly Playable[],
    private readonly language: PromptLanguage,
    private readonly then: AfterPlay | 'nothing',
    private readonly onDone: () => void,
    private readonly centerId: string | null = null,
  ) {}

  /** Music on hold alone, looping until replaced. */
  static music(library: PromptLibrary): Player {
    return new Player(library, [], 'en', 'music', () => {});
  }

  /** The next frame, or null when there is nothing more to play (items done, then silence). */
  next(law: G711Law): Uint8Array | null {
    if (!this.itemsDone) {
      if (law !== this.law) this.load(law);
      if (this.position < this.total) return this.itemFrame(law);
      this.itemsDone = true;
      this.onDone();
    }
    if (this.then !== 'music') return null;
    const music = this.library.holdMusic(law);
    // Music is padded to whole frames (prompt-library.ts), so a frame never wraps.
    if (this.musicPosition >= music.length) this.musicPosition = 0;
    const frame = music.subarray(this.musicPosition, this.musicPosition + FRAME);
    this.musicPosition += FRAME;
    return frame;
  }

  get finished(): boolean {
    return this.itemsDone && this.then !== 'music';
  }

  private load(law: G711Law): void {
    // A codec change mid-prompt (re-INVITE) carries on at the same sample in the new law.
    this.law = law;
    this.chunks = this.library.resolveEncoded(this.items, this.language, law, this.centerId);
    this.total = this.chunks.reduce((n, c) => n + c.length, 0);
  }

  private itemFrame(law: G711Law): Uint8Array {
    let skip = this.position;
    let index = 0;
    while (index < this.chunks.length && skip >= this.chunks[index]!.length) {
      skip -= this.chunks[index]!.length;
      index += 1;
    }
    this.position += FRAME;
    const chunk = this.chunks[index]!;
    if (skip + FRAME <= chunk.length) return chunk.subarray(skip, skip + FRAME);
    // The frame spans fragments (or runs past the end): copy, pad the tail with silence.
    const out = new Uint8Array(SILENCE[law]);
    let filled = 0;
    for (let i = index; i < this.chunks.length && filled < FRAME; i++) {
      const part = this.chunks[i]!.subarray(i === index ? skip : 0);
      const n = Math.min(part.length, FRAME - filled);
      out.set(part.subarray(0, n), filled);
      filled += n;
    }
    return out;
  }
}
