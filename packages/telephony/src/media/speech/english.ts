/**
 * English numbers, digit keys and waits as fragment names.
 *
 * Numbers are said the American way without "and" (115 → "one hundred fifteen", 2020 → "two
 * thousand twenty") from zero..nineteen, twenty..ninety, hundred, thousand and million: 32 words.
 * Phone-number digits reuse zero..nine; star and hash match the wording of the prompts.
 */

import type { FragmentText, LanguageSpeech } from './types.js';
import type { SpokenWait } from './wait-rounding.js';

const SMALL = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

function numberWords(): Record<string, FragmentText> {
  const words: Record<string, FragmentText> = {};
  const add = (value: number, word: string): void => {
    words[`number.${value}`] = { display: word, speak: word };
  };
  SMALL.forEach((word, value) => add(value, word));
  for (let tens = 2; tens <= 9; tens++) add(tens * 10, TENS[tens] as string);
  add(100, 'hundred');
  add(1000, 'thousand');
  add(1_000_000, 'million');
  return words;
}

const OTHER_WORDS: Record<string, FragmentText> = {
  'digit.star': { display: 'star', speak: 'star' },
  'digit.hash': { display: 'hash', speak: 'hash' },
  'wait.about': { display: 'about', speak: 'about' },
  'wait.minute': { display: 'minute', speak: 'minute' },
  'wait.minutes': { display: 'minutes', speak: 'minutes' },
  'wait.under-minute': { display: 'less than one minute', speak: 'less than one minute' },
  'wait.over-hour': { display: 'more than an hour', speak: 'more than an hour' },
};

/** 1..999: 115 → one, hundred, fifteen. */
function belowThousand(value: number): string[] {
  const out: string[] = [];
  const hundreds = Math.floor(value / 100);
  const rest = value % 100;
  if (hundreds > 0) out.push(`number.${hundreds}`, 'number.100');
  if (rest >= 20) {
    out.push(`number.${Math.floor(rest / 10) * 10}`);
    if (rest % 10 > 0) out.push(`number.${rest % 10}`);
  } else if (rest > 0) {
    out.push(`number.${rest}`);
  }
  return out;
}

export const english: LanguageSpeech = {
  words: { ...numberWords(), ...OTHER_WORDS },

  number(value) {
    if (value === 0) return ['number.0'];
    const out: string[] = [];
    const millions = Math.floor(value / 1_000_000);
    const thousands = Math.floor(value / 1000) % 1000;
    if (millions > 0) out.push(...belowThousand(millions), 'number.1000000');
    if (thousands > 0) out.push(...belowThousand(thousands), 'number.1000');
    out.push(...belowThousand(value % 1000));
    return out;
  },

  digit(key) {
    if (key.length === 1 && key >= '0' && key <= '9') return `number.${key}`;
    if (key === '*') return 'digit.star';
    if (key === '#') return 'digit.hash';
    return undefined;
  },

  wait(wait: SpokenWait) {
    if (wait.kind === 'under-minute') return ['wait.under-minute'];
    if (wait.kind === 'over-hour') return ['wait.over-hour'];
    const unit = wait.minutes === 1 ? 'wait.minute' : 'wait.minutes';
    return ['wait.about', ...english.number(wait.minutes), unit];
  },
};
