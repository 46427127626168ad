import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PROMPTS, type Playable, type PromptId } from '@tsunagu/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { media } from '../../src/index.js';

const { ALL_FRAGMENTS, FRAGMENT_TEXTS, fragmentsFor, readWav, roundWait } = media;
const ASSETS = resolve(import.meta.dirname, '../../../../assets');
const LANGUAGES = ['ja', 'en'] as const;

const words = (item: Playable, language: 'ja' | 'en'): string[] =>
  fragmentsFor(item, language).map((name) => FRAGMENT_TEXTS[language][name]!.speak);
const number = (value: number): Playable => ({ kind: 'number', value });

describe('spoken fragments (speech.ts)', () => {
  it('[HQ-02] every prompt, and the words for positions and waits, exist in Japanese and English', () => {
    for (const language of LANGUAGES) {
      for (const id of Object.keys(PROMPTS) as PromptId[]) {
        expect(fragmentsFor({ kind: 'prompt', id }, language)).toEqual([id]);
        expect(ALL_FRAGMENTS[language]).toContain(id);
      }
      for (let n = 0; n <= 9_999; n++) {
        for (const name of fragmentsFor(number(n), language))
          expect(ALL_FRAGMENTS[language]).toContain(name);
      }
    }
  });

  it('every fragment is a readable 8 kHz WAV of a sensible length in assets/prompts', () => {
    for (const language of LANGUAGES) {
      for (const name of ALL_FRAGMENTS[language]) {
        const path = join(ASSETS, 'prompts', language, `${name}.wav`);
        expect(existsSync(path), path).toBe(true);
        const wav = readWav(readFileSync(path));
        expect(wav.ok, path).toBe(true);
        if (!wav.ok) continue;
        const seconds = wav.samples.length / 8000;
        expect(seconds, path).toBeGreaterThan(0.15);
        expect(seconds, path).toBeLessThan(20);
      }
    }
    const music = readWav(readFileSync(join(ASSETS, 'music', 'hold.wav')));
    expect(music.ok && music.samples.length / 8000).toBeGreaterThan(10);
  });

  it('speaks Japanese numbers with their sound changes', () => {
    expect(words(number(1), 'ja')).toEqual(['いち']);
    expect(words(number(11), 'ja')).toEqual(['じゅう', 'いち']);
    expect(words(number(20), 'ja')).toEqual(['にじゅう']);
    expect(words(number(100), 'ja')).toEqual(['ひゃく']);
    expect(words(number(300), 'ja')).toEqual(['さんびゃく']);
    expect(words(number(600), 'ja')).toEqual(['ろっぴゃく']);
    expect(words(number(800), 'ja')).toEqual(['はっぴゃく']);
    expect(words(number(1000), 'ja')).toEqual(['せん']);
    expect(words(number(3000), 'ja')).toEqual(['さんぜん']);
    expect(words(number(8000), 'ja')).toEqual(['はっせん']);
    expect(words(number(1234), 'ja')).toEqual(['せん', 'にひゃく', 'さんじゅう', 'よん']);
  });

  it('speaks English numbers', () => {
    expect(words(number(0), 'en').join(' ')).toBe('zero');
    expect(words(number(13), 'en').join(' ')).toBe('thirteen');
    expect(words(number(21), 'en').join(' ')).toBe('twenty one');
    expect(words(number(100), 'en').join(' ')).toBe('one hundred');
    expect(words(number(115), 'en').join(' ')).toBe('one hundred fifteen');
    expect(words(number(999), 'en').join(' ')).toBe('nine hundred ninety nine');
    expect(words(number(1000), 'en').join(' ')).toBe('one thousand');
    expect(words(number(2020), 'en').join(' ')).toBe('two thousand twenty');
  });

  it('reads phone numbers key by key, with star and hash, skipping separators', () => {
    expect(fragmentsFor({ kind: 'digits', value: '03-1*#' }, 'en')).toHaveLength(5);
    expect(words({ kind: 'digits', value: '*#' }, 'en')).toEqual(['star', 'hash']);
    expect(fragmentsFor({ kind: 'digits', value: '0312345678' }, 'ja')).toHaveLength(10);
  });

  it('[HQ-03] rounds estimated waits to what can honestly be said', () => {
    expect(roundWait(30)).toEqual({ kind: 'under-minute' });
    expect(roundWait(89)).toEqual({ kind: 'about-minutes', minutes: 1 });
    expect(roundWait(12 * 60)).toEqual({ kind: 'about-minutes', minutes: 10 });
    expect(roundWait(13 * 60)).toEqual({ kind: 'about-minutes', minutes: 15 });
    expect(roundWait(2 * 3600)).toEqual({ kind: 'over-hour' });
    expect(words({ kind: 'duration', seconds: 30 }, 'en').join(' ')).toBe('less than one minute');
    expect(fragmentsFor({ kind: 'duration', seconds: 300 }, 'ja')).toEqual([
      'wait.about',
      'wait.minutes.5',
    ]);
    // Every wait, in both languages, is made only of recorded fragments.
    fc.assert(
      fc.property(fc.integer({ min: -100, max: 100_000 }), (seconds) => {
        for (const language of LANGUAGES) {
          const names = fragmentsFor({ kind: 'duration', seconds }, language);
          expect(names.length).toBeGreaterThan(0);
          for (const name of names) expect(ALL_FRAGMENTS[language]).toContain(name);
        }
      }),
    );
  });

  it('a beep is synthesised by the media layer, not a fragment', () => {
    expect(fragmentsFor({ kind: 'tone', name: 'beep' }, 'ja')).toEqual([]);
  });
});
