/**
 * Counts the morae (beats) of a kana reading. Synthesised Japanese runs at roughly 0.1–0.2 s a
 * mora, so duration per mora is a cheap check that espeak-ng read the kana and did not fall
 * back to spelling out symbols, which makes a fragment several times too long.
 */

/** Small kana join the previous one into a single mora (きゃ is one beat; っ and ー are beats). */
const JOINING_SMALL_KANA = new Set('ぁぃぅぇぉゃゅょゎァィゥェォャュョヮ');

const isKana = (ch: string): boolean => /[\u3041-\u3096\u30a1-\u30fa\u30fc]/u.test(ch);

export function countMorae(kana: string): number {
  let count = 0;
  for (const ch of kana) {
    if (isKana(ch) && !JOINING_SMALL_KANA.has(ch)) count++;
  }
  return count;
}

/** True when text is kana, spaces and Japanese punctuation only: safe to give the synthesiser. */
export function isKanaOnly(text: string): boolean {
  return /^[\u3041-\u3096\u30a1-\u30fa\u30fc\s、。]*$/u.test(text);
}

/**
 * Whether a synthesised Japanese fragment's length fits its reading: about 0.06–0.25 s a mora,
 * plus up to 0.3 s for the gaps around it and the lengthened last mora of a lone word (に alone
 * takes 0.38 s). A kanji the synthesiser spelled out adds about a second and falls outside.
 */
export function plausibleJapaneseSeconds(seconds: number, morae: number): boolean {
  return seconds >= 0.06 * morae && seconds <= 0.25 * morae + 0.3;
}
