/**
 * A small seeded PRNG (mulberry32) so every benchmark run sees the same traffic: differences
 * between runs are the machine's, not the workload's.
 */
export class Prng {
  private s: number;

  constructor(seed: number) {
    this.s = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Exponentially distributed with the given mean (Poisson inter-arrivals, talk times). */
  exp(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }
}

/**
 * A distinct, valid Japanese mobile number per index, as callbacks need: 090/080/070 then
 * 8 digits from 1000-0000 (090-0xxx is not a valid range).
 */
export function mobileNumber(i: number): string {
  const block = 90_000_000;
  const prefix = ['090', '080', '070'][Math.floor(i / block) % 3]!;
  return prefix + String(10_000_000 + (i % block));
}
