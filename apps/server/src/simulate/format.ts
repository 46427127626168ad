/** Plain-text tables for the CLI: labels in English and Japanese, values aligned. */
export const pct = (x: number | null): string => (x === null ? '-' : `${(x * 100).toFixed(1)} %`);
export const sec = (x: number | null): string => (x === null ? '-' : `${x.toFixed(1)} s`);
export const int = (x: number): string => x.toLocaleString('en-US');

/** Columns a string takes in a terminal: CJK and full-width characters are two wide. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1;
  return w;
}

/** A titled block of `label  value` rows with the values in one column. */
export function table(title: string, lines: readonly (readonly [string, string])[]): string {
  const width = Math.max(...lines.map(([label]) => displayWidth(label)));
  const body = lines.map(
    ([label, value]) => `  ${label}${' '.repeat(width - displayWidth(label))}  ${value}`,
  );
  return [title, ...body].join('\n');
}
