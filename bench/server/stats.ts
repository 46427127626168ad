/** Percentiles and medians for the server benchmarks. */

/** Nearest-rank percentile of an ascending-sorted array. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export function sorted(values: readonly number[]): Float64Array {
  return Float64Array.from(values).sort();
}

export function median(values: readonly number[]): number {
  return percentile(sorted(values), 50);
}

/** "12.3 (11.9–13.0)": the median of the runs and their range. */
export function medianAndRange(values: readonly number[], digits = 1): string {
  const s = sorted(values);
  const f = (v: number) =>
    Number.isFinite(v)
      ? v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
      : '–';
  if (s.length === 0) return '–';
  const mid = percentile(s, 50);
  return s[0] === s[s.length - 1] ? f(mid) : `${f(mid)} (${f(s[0]!)}–${f(s[s.length - 1]!)})`;
}
