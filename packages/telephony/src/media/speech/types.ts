/** Shared shapes of the speech tables (kept apart so the language files need not import each other). */

import type { SpokenWait } from './wait-rounding.js';

export type Language = 'ja' | 'en';

/** A recorded fragment: the words as shown to admins, and the text the synthesiser is given. */
export interface FragmentText {
  /** The words as written (kanji for Japanese), shown next to the audio in the admin UI. */
  readonly display: string;
  /**
   * What espeak-ng is asked to say. Japanese is kana only, because the synthesiser reads kanji
   * badly (letter by letter names); an empty string records a short pause.
   */
  readonly speak: string;
}

/** The language-specific half of the mapping: numbers, digits and waits as fragment names. */
export interface LanguageSpeech {
  /** A whole number 0..MAX_SPOKEN_NUMBER as fragment names. */
  number(value: number): string[];
  /** One key of a digit string ('0'-'9', '*', '#'); undefined for characters not spoken. */
  digit(key: string): string | undefined;
  /** An already-rounded wait (see wait-rounding.ts). */
  wait(wait: SpokenWait): string[];
  /** Every number, digit and wait fragment with its text. */
  readonly words: Readonly<Record<string, FragmentText>>;
}

/** Both languages speak whole numbers up to here; larger ones are read digit by digit. */
export const MAX_SPOKEN_NUMBER = 99_999_999;
