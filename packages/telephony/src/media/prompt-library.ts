/**
 * The audio of prompts and hold music, loaded once and kept in memory.
 *
 * Fragments are WAV files at `<promptDir>/<language>/<name>.wav`, decoded to PCM16 on first use.
 * Sessions send G.711, so each fragment is also kept encoded in each law the first time a call in
 * that law needs it: 1,500 held callers then share one encoded copy and a frame is a subarray.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Playable, PromptId } from '@tsunagu/domain';
import { alawEncode, mulawEncode } from './g711.js';
import { readWav } from './wav.js';
import { beep, synthesizedHoldMusic } from './tones.js';

export type PromptLanguage = 'ja' | 'en';
export type G711Law = 'PCMU' | 'PCMA';

/** Names of the fragment files that speak one item (speech.ts's fragmentsFor). */
export type FragmentResolver = (item: Playable, language: PromptLanguage) => readonly string[];

/** Admin-uploaded replacement audio for a prompt (QCB-16), or undefined to use the built-in. */
export type PromptOverrides = (
  promptId: PromptId,
  language: PromptLanguage,
  /** Uploads belong to a center; null when the play has no center (tests, music). */
  centerId: string | null,
) => Int16Array | undefined;

export interface PromptLibraryOptions {
  readonly promptDir: string;
  /** Holds `music/hold.wav`; without it, hold music is synthesised. */
  readonly assetsDir?: string;
  readonly fragmentsFor: FragmentResolver;
  readonly overrides?: PromptOverrides;
  /** Told about missing or unreadable audio; the item is skipped and the call goes on. */
  readonly warn?: (message: string) => void;
}

const encoders: Readonly<Record<G711Law, (s: Int16Array) => Uint8Array>> = {
  PCMU: mulawEncode,
  PCMA: alawEncode,
};

/** One piece of audio in PCM16, with its G.711 forms made on demand. */
class Clip {
  private readonly encoded: Partial<Record<G711Law, Uint8Array>> = {};
  constructor(readonly pcm: Int16Array) {}
  in(law: G711Law): Uint8Array {
    return (this.encoded[law] ??= encoders[law](this.pcm));
  }
}

export class PromptLibrary {
  /** Hook for uploaded prompts; settable so the composition root can wire it after creation. */
  overrides: PromptOverrides | undefined;
  private readonly fragments = new Map<string, Clip | null>();
  private readonly overrideClips = new WeakMap<Int16Array, Clip>();
  private readonly beepClip = new Clip(beep());
  private music: Clip | null = null;

  constructor(private readonly options: PromptLibraryOptions) {
    this.overrides = options.overrides;
  }

  /** The items' audio as PCM16 pieces, in order; missing fragments are skipped (and warned). */
  resolve(
    items: readonly Playable[],
    language: PromptLanguage,
    centerId: string | null = null,
  ): Int16Array[] {
    return this.clips(items, language, centerId).map((c) => c.pcm);
  }

  /** The same, encoded in one G.711 law (cached per fragment). */
  resolveEncoded(
    items: readonly Playable[],
    language: PromptLanguage,
    law: G711Law,
    centerId: string | null = null,
  ): Uint8Array[] {
    return this.clips(items, language, centerId).map((c) => c.in(law));
  }

  /** Hold music: `<assetsDir>/music/hold.wav`, or a synthesised pattern when that is missing. */
  holdMusic(law: G711Law): Uint8Array {
    return this.holdMusicClip().in(law);
  }

  holdMusicPcm(): Int16Array {
    return this.holdMusicClip().pcm;
  }

  /**
   * Reads every fragment of the languages now, so the first calls after start-up do not block
   * the event loop on file reads. Optional: fragments load lazily anyway.
   */
  preload(languages: readonly PromptLanguage[] = ['ja', 'en']): number {
    let loaded = 0;
    for (const language of languages) {
      const dir = join(this.options.promptDir, language);
      if (!existsSync(dir)) continue;
      for (const file of readdirSync(dir)) {
        if (!file.endsWith('.wav')) continue;
        if (this.fragment(file.slice(0, -4), language)) loaded += 1;
      }
    }
    this.holdMusicClip();
    return loaded;
  }

  private clips(
    items: readonly Playable[],
    language: PromptLanguage,
    centerId: string | null,
  ): Clip[] {
    const out: Clip[] = [];
    for (const item of items) {
      if (item.kind === 'tone') {
        out.push(this.beepClip);
        continue;
      }
      if (item.kind === 'prompt') {
        const uploaded = this.overrides?.(item.id, language, centerId);
        if (uploaded) {
          let clip = this.overrideClips.get(uploaded);
          if (!clip) this.overrideClips.set(uploaded, (clip = new Clip(uploaded)));
          out.push(clip);
          continue;
        }
      }
      let names: readonly string[];
      try {
        names = this.options.fragmentsFor(item, language);
      } catch (e) {
        this.warn(`cannot speak ${JSON.stringify(item)} in ${language}: ${String(e)}`);
        continue;
      }
      for (const name of names) {
        const clip = this.fragment(name, language);
        if (clip) out.push(clip);
      }
    }
    return out;
  }

  private fragment(name: string, language: PromptLanguage): Clip | null {
    const key = `${language}/${name}`;
    const cached = this.fragments.get(key);
    if (cached !== undefined) return cached;
    // Names come from our own resolver, but a path separator would still escape the directory.
    const clip = /[\\/]|\.\./.test(name)
      ? (this.warn(`refusing prompt fragment name ${JSON.stringify(name)}`), null)
      : this.load(join(this.options.promptDir, language, `${name}.wav`));
    this.fragments.set(key, clip);
    return clip;
  }

  private load(path: string): Clip | null {
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(path);
    } catch {
      this.warn(`prompt audio missing: ${path}`);
      return null;
    }
    const wav = readWav(bytes);
    if (!wav.ok) {
      this.warn(`prompt audio unreadable: ${path}: ${wav.error}`);
      return null;
    }
    return new Clip(wav.samples);
  }

  private holdMusicClip(): Clip {
    if (this.music) return this.music;
    const path = this.options.assetsDir ? join(this.options.assetsDir, 'music', 'hold.wav') : null;
    const loaded = path && existsSync(path) ? this.load(path) : null;
    this.music = padToFrames(loaded ?? new Clip(synthesizedHoldMusic()));
    return this.music;
  }

  private warn(message: string): void {
    this.options.warn?.(message);
  }
}

/** Music padded with silence to whole 20 ms frames, so every looped frame is a plain subarray. */
function padToFrames(clip: Clip): Clip {
  const frames = Math.max(1, Math.ceil(clip.pcm.length / 160));
  if (clip.pcm.length === frames * 160) return clip;
  const pcm = new Int16Array(frames * 160);
  pcm.set(clip.pcm);
  return new Clip(pcm);
}
