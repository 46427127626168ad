/**
 * Japanese numbers, digit keys and waits as fragment names.
 *
 * Numbers are built from whole recorded words for each digit in each place (いち..きゅう,
 * じゅう..きゅうじゅう, ひゃく..きゅうひゃく, せん..きゅうせん) plus まん: recording the place words
 * whole keeps the sound changes right (さんびゃく, ろっぴゃく, はっぴゃく, さんぜん, はっせん) without
 * splicing morae, for 38 short files. Phone-number digits use the long forms people say when
 * reading a number aloud (にー, ごー). Waits say 約 + a whole "N分" word, because 分 itself
 * changes with the number before it (いっぷん, にふん, さんぷん, じゅっぷん).
 */

import type { FragmentText, LanguageSpeech } from './types.js';
import type { SpokenWait } from './wait-rounding.js';
import { SPOKEN_WAIT_MINUTES } from './wait-rounding.js';

const KANJI_DIGITS = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const UNITS = ['ぜろ', 'いち', 'に', 'さん', 'よん', 'ご', 'ろく', 'なな', 'はち', 'きゅう'];
const TENS = [
  '',
  'じゅう',
  'にじゅう',
  'さんじゅう',
  'よんじゅう',
  'ごじゅう',
  'ろくじゅう',
  'ななじゅう',
  'はちじゅう',
  'きゅうじゅう',
];
const HUNDREDS = [
  '',
  'ひゃく',
  'にひゃく',
  'さんびゃく',
  'よんひゃく',
  'ごひゃく',
  'ろっぴゃく',
  'ななひゃく',
  'はっぴゃく',
  'きゅうひゃく',
];
const THOUSANDS = [
  '',
  'せん',
  'にせん',
  'さんぜん',
  'よんせん',
  'ごせん',
  'ろくせん',
  'ななせん',
  'はっせん',
  'きゅうせん',
];

/** The minute words of SPOKEN_WAIT_MINUTES, with 分's sound change after each number. */
const MINUTE_READINGS: Readonly<Record<number, string>> = {
  1: 'いっぷん',
  2: 'にふん',
  3: 'さんぷん',
  4: 'よんぷん',
  5: 'ごふん',
  6: 'ろっぷん',
  7: 'ななふん',
  8: 'はっぷん',
  9: 'きゅうふん',
  10: 'じゅっぷん',
  15: 'じゅうごふん',
  20: 'にじゅっぷん',
  25: 'にじゅうごふん',
  30: 'さんじゅっぷん',
  35: 'さんじゅうごふん',
  40: 'よんじゅっぷん',
  45: 'よんじゅうごふん',
  50: 'ごじゅっぷん',
  55: 'ごじゅうごふん',
  60: 'ろくじゅっぷん',
};

function placeWords(): Record<string, FragmentText> {
  const words: Record<string, FragmentText> = {};
  const places: [number, string, readonly string[]][] = [
    [1000, '千', THOUSANDS],
    [100, '百', HUNDREDS],
    [10, '十', TENS],
  ];
  for (let d = 0; d <= 9; d++) {
    words[`number.${d}`] = { display: KANJI_DIGITS[d] as string, speak: UNITS[d] as string };
  }
  for (const [place, kanji, readings] of places) {
    for (let d = 1; d <= 9; d++) {
      const display = (d === 1 ? '' : KANJI_DIGITS[d]) + kanji;
      words[`number.${d * place}`] = { display, speak: readings[d] as string };
    }
  }
  words['number.10000'] = { display: '万', speak: 'まん' };
  return words;
}

function otherWords(): Record<string, FragmentText> {
  const words: Record<string, FragmentText> = {
    'digit.2': { display: '2', speak: 'にー' },
    'digit.5': { display: '5', speak: 'ごー' },
    'digit.star': { display: '*', speak: 'アスタリスク' },
    'digit.hash': { display: '#', speak: 'シャープ' },
    'wait.about': { display: '約', speak: 'やく' },
    'wait.under-minute': { display: '1分以内', speak: 'いっぷんいない' },
    'wait.over-hour': { display: '1時間以上', speak: 'いちじかんいじょう' },
  };
  for (const minutes of SPOKEN_WAIT_MINUTES) {
    words[`wait.minutes.${minutes}`] = {
      display: `${minutes}分`,
      speak: MINUTE_READINGS[minutes] as string,
    };
  }
  return words;
}

/** 1..9999 as place words: 1234 → 千, 二百, 三十, 四. */
function belowTenThousand(value: number): string[] {
  const out: string[] = [];
  for (const place of [1000, 100, 10, 1]) {
    const digit = Math.floor(value / place) % 10;
    if (digit > 0) out.push(`number.${digit * place}`);
  }
  return out;
}

export const japanese: LanguageSpeech = {
  words: { ...placeWords(), ...otherWords() },

  number(value) {
    if (value === 0) return ['number.0'];
    const man = Math.floor(value / 10000);
    const rest = value % 10000;
    // 10000 is いちまん, unlike 1000 (せん): the count of 万 always says its いち.
    const upper = man > 0 ? [...belowTenThousand(man), 'number.10000'] : [];
    return [...upper, ...belowTenThousand(rest)];
  },

  digit(key) {
    if (key === '2' || key === '5') return `digit.${key}`;
    if (key >= '0' && key <= '9' && key.length === 1) return `number.${key}`;
    if (key === '*') return 'digit.star';
    if (key === '#') return 'digit.hash';
    return undefined;
  },

  wait(wait: SpokenWait) {
    if (wait.kind === 'under-minute') return ['wait.under-minute'];
    if (wait.kind === 'over-hour') return ['wait.over-hour'];
    return ['wait.about', `wait.minutes.${wait.minutes}`];
  },
};
