/**
 * How an estimated wait is rounded before it is spoken. Callers hear a coarse, honest figure:
 * an estimate is never precise to the second, and "about 13 minutes" promises more than we know.
 *
 * - under 60 s (or a negative estimate): "less than one minute";
 * - otherwise minutes = round(seconds / 60), so 60–89 s is "about 1 minute", 90 s "about 2";
 * - from 10 minutes up, rounded to the nearest 5 (12 → 10, 13 → 15, 62 → 60);
 * - above 60 minutes after that rounding: "more than an hour".
 * Every spoken minute count is therefore 1–9 or a multiple of 5 up to 60, which keeps the
 * Japanese "N分" words (whose sound changes depend on the number) a small fixed set.
 */

export type SpokenWait =
  | { readonly kind: 'under-minute' }
  | { readonly kind: 'about-minutes'; readonly minutes: number }
  | { readonly kind: 'over-hour' };

export const MAX_SPOKEN_WAIT_MINUTES = 60;

/** Every minute count `roundWait` can return, in ascending order. */
export const SPOKEN_WAIT_MINUTES: readonly number[] = [
  1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60,
];

/** The spoken form of a wait of `seconds`; undefined when there is no number to speak (NaN). */
export function roundWait(seconds: number): SpokenWait | undefined {
  if (Number.isNaN(seconds)) return undefined;
  if (seconds < 60) return { kind: 'under-minute' };
  let minutes = Math.round(seconds / 60);
  if (minutes >= 10) minutes = Math.round(minutes / 5) * 5;
  if (minutes > MAX_SPOKEN_WAIT_MINUTES) return { kind: 'over-hour' };
  return { kind: 'about-minutes', minutes };
}
