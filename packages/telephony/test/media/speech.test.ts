import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PROMPTS, type Playable, type PromptId } from '@tsunagu/domain';
import {
  ALL_FRAGMENTS,
  FRAGMENT_TEXTS,
  fragmentsFor,
  MAX_SPOKEN_NUMBER,
  roundWait,
  SPOKEN_WAIT_MINUTES,
  type Language,
} from '../../src/media/speech.js';
import { JAPANESE_READINGS } from '../../src/media/speech/japanese-readings.js';
import { countMorae, isKanaOnly } from '../../src/media/speech/morae.js';

const LANGUAGES: Language[] = ['ja', 'en'];
const PROMPT_IDS = Object.keys(PROMPTS) as PromptId[];

/** The synthesised words of an item, space-separated: what the caller hears. */
function say(item: Playable, language: Language): string {
  return fragmentsFor(item, language)
    .map((name) => FRAGMENT_TEXTS[language][name]?.speak ?? `<missing ${name}>`)
    .join(' ');
}
const number = (value: number): Playable => ({ kind: 'number', value });
const digits = (value: string): Playable => ({ kind: 'digits', value });
const duration = (seconds: number): Playable => ({ kind: 'duration', seconds });

const fragmentValue = (name: string): number => {
  const match = /^number\.(\d+)$/.exec(name);
  if (!match) throw new Error(`not a number fragment: ${name}`);
  return Number(match[1]);
};

/** Reads Japanese number fragments back: place words add up, まん multiplies what came before. */
function japaneseValue(names: string[]): number {
  let total = 0;
  let group = 0;
  for (const name of names) {
    const value = fragmentValue(name);
    if (value === 10000) {
      expect(group).toBeGreaterThan(0);
      total += group * 10000;
      group = 0;
    } else {
      group += value;
    }
  }
  return total + group;
}

/** Reads English number fragments back: hundred multiplies, thousand and million close a group. */
function englishValue(names: string[]): number {
  let total = 0;
  let group = 0;
  for (const name of names) {
    const value = fragmentValue(name);
    if (value === 100) group *= 100;
    else if (value >= 1000) {
      total += group * value;
      group = 0;
    } else group += value;
  }
  return total + group;
}

describe('prompts', () => {
  it('every prompt id is its own fragment with a text in both languages', () => {
    for (const language of LANGUAGES) {
      for (const id of PROMPT_IDS) {
        expect(fragmentsFor({ kind: 'prompt', id }, language)).toEqual([id]);
        expect(ALL_FRAGMENTS[language]).toContain(id);
        expect(FRAGMENT_TEXTS[language][id]?.display).toBe(PROMPTS[id][language]);
      }
    }
  });

  it('every Japanese text given to the synthesiser is kana, and readings match the current prompts', () => {
    for (const name of ALL_FRAGMENTS.ja) {
      const speak = FRAGMENT_TEXTS.ja[name]?.speak ?? '';
      expect(isKanaOnly(speak), `${name}: ${speak}`).toBe(true);
      expect(countMorae(speak), name).toBeGreaterThan(0);
    }
    for (const id of PROMPT_IDS) expect(JAPANESE_READINGS[id].for, id).toBe(PROMPTS[id].ja);
  });

  it('prompt ids and spoken words never share a fragment name', () => {
    const words = (language: Language) =>
      ALL_FRAGMENTS[language].filter((name) => !(name in PROMPTS));
    for (const language of LANGUAGES) {
      expect(words(language).every((name) => /^(number|digit|wait)\./.test(name))).toBe(true);
      expect(ALL_FRAGMENTS[language].length).toBe(PROMPT_IDS.length + words(language).length);
    }
  });

  it('a beep is synthesised by the media layer, not a fragment', () => {
    for (const language of LANGUAGES) {
      expect(fragmentsFor({ kind: 'tone', name: 'beep' }, language)).toEqual([]);
    }
  });
});

describe('numbers', () => {
  it('say Japanese numbers with their sound changes', () => {
    const cases: [number, string][] = [
      [0, 'ぜろ'],
      [1, 'いち'],
      [11, 'じゅう いち'],
      [20, 'にじゅう'],
      [100, 'ひゃく'],
      [300, 'さんびゃく'],
      [600, 'ろっぴゃく'],
      [800, 'はっぴゃく'],
      [1000, 'せん'],
      [3000, 'さんぜん'],
      [8000, 'はっせん'],
      [1234, 'せん にひゃく さんじゅう よん'],
      [10000, 'いち まん'],
      [12345, 'いち まん にせん さんびゃく よんじゅう ご'],
    ];
    for (const [value, words] of cases) expect(say(number(value), 'ja'), String(value)).toBe(words);
  });

  it('say English numbers the American way', () => {
    const cases: [number, string][] = [
      [0, 'zero'],
      [13, 'thirteen'],
      [21, 'twenty one'],
      [100, 'one hundred'],
      [115, 'one hundred fifteen'],
      [999, 'nine hundred ninety nine'],
      [1000, 'one thousand'],
      [2020, 'two thousand twenty'],
      [1_000_000, 'one million'],
    ];
    for (const [value, words] of cases) expect(say(number(value), 'en'), String(value)).toBe(words);
  });

  it('every number 0..9999 uses existing fragments and reads back as itself', () => {
    const known = { ja: new Set(ALL_FRAGMENTS.ja), en: new Set(ALL_FRAGMENTS.en) };
    for (let value = 0; value <= 9999; value++) {
      const ja = fragmentsFor(number(value), 'ja');
      const en = fragmentsFor(number(value), 'en');
      expect(ja.every((name) => known.ja.has(name))).toBe(true);
      expect(en.every((name) => known.en.has(name))).toBe(true);
      expect(japaneseValue(ja)).toBe(value);
      expect(englishValue(en)).toBe(value);
    }
  });

  it('larger numbers up to the limit read back as themselves too', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_SPOKEN_NUMBER }), (value) => {
        expect(japaneseValue(fragmentsFor(number(value), 'ja'))).toBe(value);
        expect(englishValue(fragmentsFor(number(value), 'en'))).toBe(value);
      }),
    );
  });

  it('beyond the limit digit by digit; fractions rounded; negative or non-finite silent', () => {
    expect(say(number(MAX_SPOKEN_NUMBER + 1), 'en')).toBe(
      'one zero zero zero zero zero zero zero zero',
    );
    expect(say(number(2.6), 'en')).toBe('three');
    for (const value of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(fragmentsFor(number(value), 'ja')).toEqual([]);
      expect(fragmentsFor(number(value), 'en')).toEqual([]);
    }
  });
});

describe('digits', () => {
  it('read a phone number key by key, with star and hash, skipping separators', () => {
    expect(say(digits('03-1234 5*#'), 'ja')).toBe(
      'ぜろ さん いち にー さん よん ごー アスタリスク シャープ',
    );
    expect(say(digits('03-1234 5*#'), 'en')).toBe('zero three one two three four five star hash');
  });

  it('every key 0-9, * and # has a fragment in both languages', () => {
    for (const language of LANGUAGES) {
      for (const key of '0123456789*#') {
        const names = fragmentsFor(digits(key), language);
        expect(names, `${language} ${key}`).toHaveLength(1);
        expect(ALL_FRAGMENTS[language]).toContain(names[0]);
      }
    }
  });
});

describe('waits', () => {
  it('round as documented in wait-rounding.ts', () => {
    const minutes = (seconds: number) => {
      const wait = roundWait(seconds);
      return wait?.kind === 'about-minutes' ? wait.minutes : wait?.kind;
    };
    expect(minutes(0)).toBe('under-minute');
    expect(minutes(-5)).toBe('under-minute');
    expect(minutes(59)).toBe('under-minute');
    expect(minutes(60)).toBe(1);
    expect(minutes(89)).toBe(1);
    expect(minutes(90)).toBe(2);
    expect(minutes(9 * 60 + 29)).toBe(9);
    expect(minutes(9 * 60 + 30)).toBe(10);
    expect(minutes(12 * 60)).toBe(10);
    expect(minutes(13 * 60)).toBe(15);
    expect(minutes(62 * 60)).toBe(60);
    expect(minutes(63 * 60)).toBe('over-hour');
    expect(minutes(Number.POSITIVE_INFINITY)).toBe('over-hour');
    expect(roundWait(Number.NaN)).toBeUndefined();
  });

  it('[HQ-03] estimated waits are spoken as about N minutes, from recorded words', () => {
    expect(say(duration(300), 'ja')).toBe('やく ごふん');
    expect(say(duration(30), 'ja')).toBe('いっぷんいない');
    expect(say(duration(20 * 60), 'ja')).toBe('やく にじゅっぷん');
    expect(say(duration(2 * 3600), 'ja')).toBe('いちじかんいじょう');
    expect(say(duration(300), 'en')).toBe('about five minutes');
    expect(say(duration(60), 'en')).toBe('about one minute');
    expect(say(duration(25 * 60), 'en')).toBe('about twenty five minutes');
    expect(say(duration(45), 'en')).toBe('less than one minute');
    expect(say(duration(2 * 3600), 'en')).toBe('more than an hour');
    expect(fragmentsFor(duration(Number.NaN), 'en')).toEqual([]);
  });

  it('any wait uses only existing fragments, and only the listed minute counts', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4 * 3600 }), (seconds) => {
        const wait = roundWait(seconds);
        if (wait?.kind === 'about-minutes') expect(SPOKEN_WAIT_MINUTES).toContain(wait.minutes);
        for (const language of LANGUAGES) {
          const names = fragmentsFor(duration(seconds), language);
          expect(names.length).toBeGreaterThan(0);
          for (const name of names) expect(ALL_FRAGMENTS[language]).toContain(name);
        }
      }),
    );
  });
});
