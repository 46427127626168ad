/**
 * Rebuilds the default voice prompts and the music on hold:
 *   assets/prompts/{ja,en}/<fragment>.wav   every name in ALL_FRAGMENTS, spoken by espeak-ng
 *   assets/music/hold.wav                   a loopable chord progression synthesised with sox
 * All files are 8 kHz mono G.711 µ-law WAV: what a phone call carries anyway, at half the size of
 * 16-bit PCM. Run from the repository root: node --import tsx scripts/make-prompts.ts
 * Needs espeak-ng and sox (Debian: apt-get install espeak-ng sox).
 */

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ALL_FRAGMENTS, FRAGMENT_TEXTS } from '../packages/telephony/src/media/speech.js';
import type { Language } from '../packages/telephony/src/media/speech.js';
import {
  countMorae,
  plausibleJapaneseSeconds,
} from '../packages/telephony/src/media/speech/morae.js';

const ROOT = resolve(import.meta.dirname, '..');
const PROMPTS_DIR = join(ROOT, 'assets/prompts');
const MUSIC_DIR = join(ROOT, 'assets/music');

/** espeak-ng voice and words per minute; a little slower than default for a phone line. */
const VOICES: Record<Language, { voice: string; speed: number }> = {
  ja: { voice: 'ja', speed: 150 },
  en: { voice: 'en-us', speed: 150 },
};

/** The encoding sox writes: 8 kHz mono µ-law, no dither (it would only add hiss to silence). */
const OUTPUT_FORMAT = ['-D', '-r', '8000', '-c', '1', '-e', 'mu-law', '-b', '8'];

function run(command: string, args: string[], input?: string): string {
  // sox -R seeds its random generators (pluck noise) with a fixed number: a rebuild gives the
  // same bytes, so regenerating does not churn the repository.
  const fullArgs = command === 'sox' ? ['-R', ...args] : args;
  return execFileSync(command, fullArgs, {
    input,
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

function requireTool(command: string): void {
  try {
    run(command, ['--version']);
  } catch {
    console.error(`${command} not found; install it (Debian: apt-get install ${command})`);
    process.exit(1);
  }
}

function seconds(file: string): number {
  return Number(run('soxi', ['-D', file]).trim());
}

/** One fragment: synthesise, trim the synthesiser's silence, normalise, add a tiny gap. */
function synthesise(language: Language, text: string, out: string, scratch: string): void {
  if (text === '') {
    // A punctuation-only prompt (English "."): a short pause keeps the sentence rhythm.
    run('sox', ['-n', ...OUTPUT_FORMAT, out, 'trim', '0', '0.3']);
    return;
  }
  const raw = join(scratch, 'raw.wav');
  const { voice, speed } = VOICES[language];
  // Text on stdin (-b 1: UTF-8) so nothing in it can be taken for an option.
  run('espeak-ng', ['-v', voice, '-s', String(speed), '-b', '1', '-w', raw], text);
  run('sox', [
    raw,
    ...OUTPUT_FORMAT,
    out,
    'highpass', '100',
    // Trim and fade in, then the same on the reversed audio: the end, whose length sox
    // cannot know after 'silence', gets its 10 ms fade-out too.
    'silence', '1', '0.02', '0.5%', 'fade', 't', '0.01',
    'reverse',
    'silence', '1', '0.02', '0.5%', 'fade', 't', '0.01',
    'reverse',
    'norm', '-3',
    // 30 ms each side: fragments are played back to back, and words need a breath between them.
    'pad', '0.03', '0.03',
  ]); // prettier-ignore
}

/**
 * Two listening proxies for a Japanese fragment: espeak-ng switching to English ("(en)" in its
 * phonemes) means it met something it reads as a foreign letter; an implausible length for the
 * reading's morae means it read something else than the kana.
 */
function checkJapanese(name: string, kana: string, file: string): void {
  const phonemes = run('espeak-ng', ['-v', VOICES.ja.voice, '-q', '-x', '-b', '1'], kana);
  if (phonemes.includes('(en)')) console.warn(`warning: ja/${name} has non-Japanese text`);
  const duration = seconds(file);
  if (!plausibleJapaneseSeconds(duration, countMorae(kana))) {
    console.warn(`warning: ja/${name} lasts ${duration.toFixed(2)} s; check its reading`);
  }
}

function removeStale(dir: string, keep: ReadonlySet<string>): void {
  for (const file of readdirSync(dir)) {
    if (file.endsWith('.wav') && !keep.has(file)) rmSync(join(dir, file));
  }
}

function makePrompts(scratch: string): number {
  let bytes = 0;
  for (const language of ['ja', 'en'] as const) {
    const dir = join(PROMPTS_DIR, language);
    mkdirSync(dir, { recursive: true });
    const names = ALL_FRAGMENTS[language];
    for (const name of names) {
      const text = FRAGMENT_TEXTS[language][name];
      if (!text) throw new Error(`no text for ${language}/${name}`);
      const out = join(dir, `${name}.wav`);
      synthesise(language, text.speak, out, scratch);
      bytes += statSync(out).size;
      if (language === 'ja' && text.speak !== '') checkJapanese(name, text.speak, out);
    }
    removeStale(dir, new Set(names.map((name) => `${name}.wav`)));
    console.log(`${language}: ${names.length} fragments`);
  }
  return bytes;
}

/** Equal-tempered frequency of a MIDI note (69 = A4 = 440 Hz). */
const hz = (midi: number): string => (440 * 2 ** ((midi - 69) / 12)).toFixed(2);

/**
 * I–vi–IV–V in C with sevenths and sixths for softness; the last chord leads back to the first.
 * Everything sits above C4: a phone line cuts what is below about 300 Hz.
 */
const CHORDS: { pad: number[]; arpeggio: number[] }[] = [
  { pad: [60, 64, 67, 71], arpeggio: [84, 79, 76, 79] }, // Cmaj7
  { pad: [57, 60, 64, 67], arpeggio: [81, 76, 72, 76] }, // Am7
  { pad: [65, 69, 72, 76], arpeggio: [81, 77, 72, 77] }, // Fmaj7
  { pad: [55, 59, 62, 64], arpeggio: [83, 79, 74, 79] }, // G6
];
const CHORD_SECONDS = 6;
const NOTE_SECONDS = CHORD_SECONDS / 4;
/** Intermediate files stay 16-bit linear at 8 kHz; only the result is µ-law. */
const WORK_FORMAT = ['-r', '8000', '-c', '1', '-e', 'signed-integer', '-b', '16'];

function makeChord(index: number, scratch: string): string {
  const chord = CHORDS[index] as (typeof CHORDS)[number];
  const pad = join(scratch, `pad${index}.wav`);
  // A soft pad: one sine per note, mixed down, swelling in and out over the chord.
  run('sox', [
    '-n', '-r', '8000', '-c', String(chord.pad.length), '-b', '16', pad,
    'synth', String(CHORD_SECONDS), ...chord.pad.flatMap((note) => ['sine', hz(note)]),
    'remix', '-', 'fade', 'h', '1.5', String(CHORD_SECONDS), '1.5', 'vol', '0.5',
  ]); // prettier-ignore
  const notes = chord.arpeggio.map((note, i) => {
    const file = join(scratch, `note${index}-${i}.wav`);
    // Plucked notes decaying over their length: a music-box line above the pad.
    run('sox', [
      '-n', ...WORK_FORMAT, file,
      'synth', String(NOTE_SECONDS), 'pluck', hz(note),
      'fade', 'q', '0.03', String(NOTE_SECONDS), String(NOTE_SECONDS - 0.1), 'vol', '0.5',
    ]); // prettier-ignore
    return file;
  });
  const arpeggio = join(scratch, `arp${index}.wav`);
  run('sox', [...notes, arpeggio]);
  const out = join(scratch, `chord${index}.wav`);
  run('sox', ['-m', pad, arpeggio, out]);
  return out;
}

/**
 * The progression is played twice with reverb and the second pass kept: its start then already
 * holds the reverb tail of the last chord, so the file loops without a seam.
 */
function makeHoldMusic(scratch: string): number {
  mkdirSync(MUSIC_DIR, { recursive: true });
  const chords = CHORDS.map((_, i) => makeChord(i, scratch));
  const twice = join(scratch, 'twice.wav');
  run('sox', [...chords, ...chords, twice, 'reverb', '40', 'lowpass', '3000']);
  const loop = CHORDS.length * CHORD_SECONDS;
  const out = join(MUSIC_DIR, 'hold.wav');
  run('sox', [twice, ...OUTPUT_FORMAT, out, 'trim', String(loop), String(loop), 'norm', '-6']);
  console.log(`music: ${seconds(out).toFixed(1)} s`);
  return statSync(out).size;
}

function main(): void {
  requireTool('espeak-ng');
  requireTool('sox');
  const scratch = mkdtempSync(join(tmpdir(), 'tsunagu-prompts-'));
  try {
    const bytes = makePrompts(scratch) + makeHoldMusic(scratch);
    console.log(`total ${(bytes / 1024 / 1024).toFixed(2)} MB`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

main();
