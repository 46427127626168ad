/**
 * What the engine asks to play (`Playable`), as the names of recorded audio fragments.
 *
 * Prompts map to their id; numbers, digit strings and waits are spoken from a small fixed set of
 * words per language (speech/japanese.ts, speech/english.ts), so a caller's position or a wait
 * needs no synthesis at call time. Fragment files live in assets/prompts/<language>/<name>.wav
 * and are rebuilt by scripts/make-prompts.ts from the texts exported here. A beep is no
 * fragment: the media layer synthesises tones.
 */

import { PROMPTS } from '@tsunagu/domain';
import type { Playable, PromptId } from '@tsunagu/domain';
import { english } from './speech/english.js';
import { japanese } from './speech/japanese.js';
import { JAPANESE_READINGS } from './speech/japanese-readings.js';
import type { FragmentText, Language, LanguageSpeech } from './speech/types.js';
import { MAX_SPOKEN_NUMBER } from './speech/types.js';
import { roundWait } from './speech/wait-rounding.js';

export type { FragmentText, Language } from './speech/types.js';
export { MAX_SPOKEN_NUMBER } from './speech/types.js';
export { roundWait, SPOKEN_WAIT_MINUTES, type SpokenWait } from './speech/wait-rounding.js';

const SPEECH: Readonly<Record<Language, LanguageSpeech>> = { ja: japanese, en: english };

const PROMPT_IDS = Object.keys(PROMPTS) as PromptId[];

/** The English texts are fine for the synthesiser as written; one is only punctuation. */
function englishSpeak(text: string): string {
  return /[a-z0-9]/i.test(text) ? text : '';
}

function promptTexts(language: Language): Record<string, FragmentText> {
  const texts: Record<string, FragmentText> = {};
  for (const id of PROMPT_IDS) {
    const display = PROMPTS[id][language];
    const speak = language === 'ja' ? JAPANESE_READINGS[id].kana : englishSpeak(display);
    texts[id] = { display, speak };
  }
  return texts;
}

/** Every fragment of each language with its display text and the text to synthesise. */
export const FRAGMENT_TEXTS: Readonly<Record<Language, Readonly<Record<string, FragmentText>>>> = {
  ja: { ...promptTexts('ja'), ...japanese.words },
  en: { ...promptTexts('en'), ...english.words },
};

/** Every fragment name `fragmentsFor` can return, per language. */
export const ALL_FRAGMENTS: Readonly<Record<Language, readonly string[]>> = {
  ja: Object.keys(FRAGMENT_TEXTS.ja),
  en: Object.keys(FRAGMENT_TEXTS.en),
};

function digitFragments(speech: LanguageSpeech, digits: string): string[] {
  const out: string[] = [];
  // Separators such as '-', ' ' or '+' and letters are skipped: they carry no key to press.
  for (const key of digits) {
    const name = speech.digit(key);
    if (name !== undefined) out.push(name);
  }
  return out;
}

/**
 * Whole numbers up to MAX_SPOKEN_NUMBER are spoken as numbers; larger ones digit by digit (still
 * true, if slower); fractions are rounded; negative and non-finite values say nothing, because
 * no count the engine announces (a queue position) can be one and a wrong word is worse.
 */
function numberFragments(speech: LanguageSpeech, value: number): string[] {
  if (!Number.isFinite(value) || value < 0) return [];
  const whole = Math.round(value);
  if (whole > MAX_SPOKEN_NUMBER) return digitFragments(speech, String(whole));
  return speech.number(whole);
}

/** The fragment names, in order, that say `item` in `language`. */
export function fragmentsFor(item: Playable, language: Language): string[] {
  const speech = SPEECH[language];
  switch (item.kind) {
    case 'prompt':
      return [item.id];
    case 'number':
      return numberFragments(speech, item.value);
    case 'digits':
      return digitFragments(speech, item.value);
    case 'duration': {
      const wait = roundWait(item.seconds);
      return wait ? speech.wait(wait) : [];
    }
    case 'tone':
      return [];
  }
}
