import { describe, it, expect } from 'vitest';
import { checkDomesticNumber, defaultPolicy } from '@tsunagu/domain';
import {
  ArrivalProcess,
  ArrivalRate,
  Random,
  resolveSimulationConfig,
  SimulationConfigError,
} from '../../src/simulate/index.js';
import { Population } from '../../src/simulate/traffic.js';

const HOUR_MS = 3_600_000;

/** Arrivals per hour-long bin over `hours`. */
function countByHour(process: ArrivalProcess, hours: number): number[] {
  const counts = new Array<number>(hours).fill(0);
  for (let t = process.next(hours * HOUR_MS); t !== null; t = process.next(hours * HOUR_MS)) {
    counts[Math.floor(t / HOUR_MS)]! += 1;
  }
  return counts;
}

/** |observed − expected| within four Poisson standard deviations. */
function expectPoisson(observed: number, expected: number): void {
  expect(Math.abs(observed - expected)).toBeLessThan(4 * Math.sqrt(expected));
}

describe('seeded randomness and traffic (BEY-05)', () => {
  it('[BEY-05] the PRNG repeats for a seed, differs across seeds and streams, and is uniform', () => {
    const draw = (seed: number, stream: number) =>
      Array.from({ length: 5 }, () => new Random(seed, stream).next());
    expect(draw(1, 0)).toEqual(draw(1, 0));
    const a = new Random(1);
    const b = new Random(2);
    const c = new Random(1, 1);
    const xs = Array.from({ length: 20_000 }, () => a.next());
    expect(xs.slice(0, 5)).not.toEqual(Array.from({ length: 5 }, () => b.next()));
    expect(xs.slice(0, 5)).not.toEqual(Array.from({ length: 5 }, () => c.next()));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    const tenths = new Array<number>(10).fill(0);
    for (const x of xs) tenths[Math.floor(x * 10)]! += 1;
    for (const count of tenths) expectPoisson(count, 2_000);
  });

  it('[BEY-05] exponential and lognormal draws have the means asked for', () => {
    const rng = new Random(7);
    const n = 50_000;
    let exp = 0;
    let logn = 0;
    for (let i = 0; i < n; i += 1) {
      exp += rng.exponential(120);
      logn += rng.lognormal(180, 0.8);
    }
    // Standard error of the mean: 120/√n ≈ 0.54 and about 180·0.9/√n ≈ 0.75.
    expect(Math.abs(exp / n - 120)).toBeLessThan(3);
    expect(Math.abs(logn / n - 180)).toBeLessThan(4);
  });

  it('[BEY-05] a constant rate gives Poisson counts at that rate', () => {
    const counts = countByHour(new ArrivalProcess(900, 3), 6);
    for (const c of counts) expectPoisson(c, 900);
  });

  it('[BEY-05] a step profile changes the rate at each step; before the first step nobody calls', () => {
    const profile = [
      { atHour: 3, perHour: 2_000 },
      { atHour: 1, perHour: 300 },
      { atHour: 2, perHour: 0 },
    ];
    const counts = countByHour(new ArrivalProcess(profile, 5), 4);
    expect(counts[0]).toBe(0);
    expectPoisson(counts[1]!, 300);
    expect(counts[2]).toBe(0);
    expectPoisson(counts[3]!, 2_000);
    expect(new ArrivalRate(profile).mean(4)).toBeCloseTo(2_300 / 4, 6);
  });

  it('[BEY-05] a sinusoidal profile peaks and troughs where the sine does', () => {
    const profile = {
      kind: 'sinusoidal' as const,
      meanPerHour: 1_000,
      amplitude: 0.8,
      periodHours: 4,
    };
    // Over the rising half period the rate averages 1000·(1 + 0.8·2/π), over the falling one 1000·(1 − 0.8·2/π).
    const counts = countByHour(new ArrivalProcess(profile, 9), 4);
    const k = (0.8 * 2) / Math.PI;
    expectPoisson(counts[0]! + counts[1]!, 2_000 * (1 + k));
    expectPoisson(counts[2]! + counts[3]!, 2_000 * (1 - k));
    expect(new ArrivalRate(profile).mean(4)).toBeCloseTo(1_000, 6);
  });

  it('[QCB-07] every simulated caller has a distinct, valid Japanese mobile number', () => {
    const population = new Population(resolveSimulationConfig({}));
    const numbers = Array.from({ length: 1_000 }, () => population.nextNumber());
    expect(new Set(numbers).size).toBe(numbers.length);
    for (const number of [numbers[0]!, numbers[999]!]) {
      expect(number).toMatch(/^090\d{8}$/);
      expect(checkDomesticNumber(number, defaultPolicy('JP'))).toBe(`+81${number.slice(1)}`);
    }
  });

  it('[BEY-05] callback uptake sets the share of callers who will press the callback key', () => {
    const population = new Population(resolveSimulationConfig({ callbackUptake: 0.3 }));
    let takers = 0;
    for (let i = 0; i < 10_000; i += 1)
      if (population.caller().onPrompt?.['queue.callback-offer'] === '1') takers += 1;
    expectPoisson(takers, 3_000);
  });

  it('[BEY-05] bad settings are refused with the setting, the rule and the value', () => {
    expect(() => resolveSimulationConfig({ agents: -1 })).toThrow(SimulationConfigError);
    expect(() => resolveSimulationConfig({ agents: 2.5 })).toThrow(/agents must be a whole number/);
    expect(() => resolveSimulationConfig({ callbackUptake: 2 })).toThrow(/callbackUptake .* got 2/);
    expect(() => resolveSimulationConfig({ arrivalsPerHour: [] })).toThrow(/arrivalsPerHour/);
    expect(() => resolveSimulationConfig({ queue: { wrapUpSec: -5 } })).toThrow(/queue.wrapUpSec/);
    expect(resolveSimulationConfig({ patienceSec: Infinity }).patienceSec).toBeNull();
  });
});
