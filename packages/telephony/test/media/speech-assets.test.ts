import { readdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ALL_FRAGMENTS,
  FRAGMENT_TEXTS,
  fragmentsFor,
  type Language,
} from '../../src/media/speech.js';
import { countMorae, plausibleJapaneseSeconds } from '../../src/media/speech/morae.js';
import { readWav } from '../../src/media/wav.js';

/** The generated files of scripts/make-prompts.ts, checked in under assets/. */
const ASSETS = fileURLToPath(new URL('../../../../assets/', import.meta.url));
const LANGUAGES: Language[] = ['ja', 'en'];

function readSamples(file: string): Int16Array {
  const wav = readWav(readFileSync(file));
  if (!wav.ok) throw new Error(`${file}: ${wav.error}`);
  expect(wav.sampleRate).toBe(8000);
  return wav.samples;
}

const seconds = (samples: Int16Array): number => samples.length / 8000;
const peak = (samples: Int16Array): number => samples.reduce((m, s) => Math.max(m, Math.abs(s)), 0);

describe('prompt assets', () => {
  it.each(LANGUAGES)(
    '[HQ-03] every %s fragment is an 8 kHz WAV of sensible length and level',
    (language) => {
      for (const name of ALL_FRAGMENTS[language]) {
        const samples = readSamples(join(ASSETS, 'prompts', language, `${name}.wav`));
        const length = seconds(samples);
        expect(length, name).toBeGreaterThanOrEqual(0.2);
        expect(length, name).toBeLessThanOrEqual(20);
        const speak = FRAGMENT_TEXTS[language][name]?.speak ?? '';
        // An empty text records a pause; anything else must be audible and not clipped.
        if (speak !== '') {
          expect(peak(samples), name).toBeGreaterThan(8000);
          expect(peak(samples), name).toBeLessThan(32767);
        }
        if (language === 'ja') {
          expect(plausibleJapaneseSeconds(length, countMorae(speak)), `${name}: ${length} s`).toBe(
            true,
          );
        }
      }
    },
  );

  it('[HQ-03] holds no file that no fragment uses', () => {
    for (const language of LANGUAGES) {
      const files = readdirSync(join(ASSETS, 'prompts', language)).sort();
      expect(files).toEqual(ALL_FRAGMENTS[language].map((name) => `${name}.wav`).sort());
    }
  });

  it('[HQ-02] the position announcement has recorded audio in Japanese and English for positions 1..9999', () => {
    for (const language of LANGUAGES) {
      const recorded = new Set(readdirSync(join(ASSETS, 'prompts', language)));
      for (let position = 1; position <= 9999; position++) {
        const names = [
          ...fragmentsFor({ kind: 'prompt', id: 'queue.position' }, language),
          ...fragmentsFor({ kind: 'number', value: position }, language),
          ...fragmentsFor({ kind: 'prompt', id: 'queue.position-suffix' }, language),
        ];
        const missing = names.filter((name) => !recorded.has(`${name}.wav`));
        expect(missing, `${language} position ${position}`).toEqual([]);
      }
    }
  });

  it('[HQ-03] stays small enough to keep in the repository', () => {
    let bytes = 0;
    for (const language of LANGUAGES) {
      for (const name of ALL_FRAGMENTS[language]) {
        bytes += statSync(join(ASSETS, 'prompts', language, `${name}.wav`)).size;
      }
    }
    bytes += statSync(join(ASSETS, 'music', 'hold.wav')).size;
    expect(bytes).toBeLessThan(4 * 1024 * 1024);
  });
});

describe('music on hold', () => {
  it('[HQ-03] is 20-30 s of 8 kHz audio, audible, unclipped and seamless when looped', () => {
    const samples = readSamples(join(ASSETS, 'music', 'hold.wav'));
    expect(seconds(samples)).toBeGreaterThanOrEqual(20);
    expect(seconds(samples)).toBeLessThanOrEqual(30);
    expect(peak(samples)).toBeGreaterThan(4000);
    expect(peak(samples)).toBeLessThan(32767);
    // Looping joins the last sample to the first: the step must be no bigger than the music's own.
    let largestStep = 0;
    for (let i = 1; i < samples.length; i++) {
      largestStep = Math.max(
        largestStep,
        Math.abs((samples[i] as number) - (samples[i - 1] as number)),
      );
    }
    const seam = Math.abs((samples[0] as number) - (samples[samples.length - 1] as number));
    expect(seam).toBeLessThanOrEqual(largestStep);
  });
});
