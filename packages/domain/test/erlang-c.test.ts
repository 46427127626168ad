import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  agentsForServiceLevel,
  erlangB,
  erlangC,
  erlangCMetrics,
} from '../src/staffing/erlang-c.js';

/** Independent textbook formulas with factorials and powers: only trustworthy for small N. */
function factorial(n: number): number {
  let f = 1;
  for (let k = 2; k <= n; k++) f *= k;
  return f;
}

function naiveErlangB(n: number, a: number): number {
  let sum = 0;
  for (let k = 0; k <= n; k++) sum += a ** k / factorial(k);
  return a ** n / factorial(n) / sum;
}

function naiveErlangC(n: number, a: number): number {
  let sum = 0;
  for (let k = 0; k < n; k++) sum += a ** k / factorial(k);
  const top = (a ** n / factorial(n)) * (n / (n - a));
  return top / (sum + top);
}

/** Meets the target in the sense agentsForServiceLevel promises: stable and at or above it. */
function meets(
  arrivalsPerHour: number,
  averageHandleSec: number,
  agents: number,
  serviceLevelSec: number,
  target: number,
): boolean {
  const m = erlangCMetrics({ arrivalsPerHour, averageHandleSec, agents, serviceLevelSec });
  return m.stable && m.serviceLevel >= target;
}

describe('erlangB / erlangC', () => {
  it('[BEY-05] Erlang B has the base cases of a loss system', () => {
    expect(erlangB(0, 5)).toBe(1);
    expect(erlangB(0, 0)).toBe(1);
    expect(erlangB(1, 1)).toBeCloseTo(0.5, 15);
    expect(erlangB(3, 0)).toBe(0);
  });

  it('[BEY-05] Erlang B matches the factorial formula for small N', () => {
    for (const a of [0.5, 1, 2.5, 10, 17.3]) {
      for (let n = 0; n <= 30; n++) {
        expect(Math.abs(erlangB(n, a) - naiveErlangB(n, a))).toBeLessThan(1e-9);
      }
    }
  });

  it('[BEY-05] A = 10 Erlangs: C(11) ≈ 0.6821 and C(12) ≈ 0.4494 (textbook values)', () => {
    // Reference values computed with exact rational arithmetic.
    expect(erlangC(11, 10)).toBeCloseTo(0.6821182046893324, 12);
    expect(erlangC(12, 10)).toBeCloseTo(0.44938822429827086, 12);
    expect(erlangC(15, 10)).toBeCloseTo(0.10204236700798801, 12);
    expect(erlangB(11, 10)).toBeCloseTo(0.16323233324443395, 12);
  });

  it('[BEY-05] Erlang C matches the factorial formula for small N to 1e-9', () => {
    for (const a of [0.3, 1, 4.2, 10, 25.5]) {
      for (let n = Math.floor(a) + 1; n <= 40; n++) {
        expect(Math.abs(erlangC(n, a) - naiveErlangC(n, a))).toBeLessThan(1e-9);
      }
    }
  });

  it('[BEY-05] Erlang C returns 1 for an unstable queue (agents <= traffic)', () => {
    expect(erlangC(10, 10)).toBe(1);
    expect(erlangC(5, 10)).toBe(1);
    expect(erlangC(0, 0)).toBe(1);
    expect(erlangC(0, 3)).toBe(1);
  });

  it('[BEY-05] Erlang C is 0 with no traffic and at least one agent', () => {
    expect(erlangC(1, 0)).toBe(0);
    expect(erlangC(50, 0)).toBe(0);
  });

  it('[BEY-05] is numerically stable for large N (2,000 agents, 1,900 Erlangs)', () => {
    const c = erlangC(2000, 1900);
    expect(Number.isFinite(c)).toBe(true);
    expect(c).toBeGreaterThan(0);
    expect(c).toBeLessThan(1);
    // Reference from exact rational arithmetic.
    expect(Math.abs(c - 0.013406437303190343) / 0.013406437303190343).toBeLessThan(1e-9);
  });

  it('[BEY-05] is numerically stable at 5,000 agents and thousands of Erlangs', () => {
    const c = erlangC(5000, 4900);
    expect(Math.abs(c - 0.09993787723448766) / 0.09993787723448766).toBeLessThan(1e-9);
    const b = erlangB(5000, 4900);
    expect(Number.isFinite(b)).toBe(true);
    expect(b).toBeGreaterThan(0);
    expect(b).toBeLessThan(c);
    // The naive formula cannot even represent this.
    expect(Number.isFinite(4900 ** 5000 / factorial(5000))).toBe(false);
  });

  it('[BEY-05] tiny probabilities underflow to 0, never to NaN', () => {
    const c = erlangC(5000, 1);
    expect(c).toBe(0);
    expect(erlangB(5000, 1)).toBe(0);
  });

  it('[BEY-05] property: Erlang C never increases as agents are added', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 300, noNaN: true }),
        fc.integer({ min: 0, max: 400 }),
        (a, n) => {
          const now = erlangC(n, a);
          const more = erlangC(n + 1, a);
          expect(now).toBeGreaterThanOrEqual(0);
          expect(now).toBeLessThanOrEqual(1);
          expect(more).toBeLessThanOrEqual(now * (1 + 1e-12));
          // Strictly decreasing wherever it is stable and has not underflowed.
          if (n > a && a > 0 && now > 1e-250) expect(more).toBeLessThan(now);
        },
      ),
    );
  });

  it('[BEY-05] property: Erlang C is at least Erlang B when stable', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 300, noNaN: true }),
        fc.integer({ min: 1, max: 400 }),
        (a, n) => {
          fc.pre(n > a);
          expect(erlangC(n, a)).toBeGreaterThanOrEqual(erlangB(n, a) * (1 - 1e-12));
        },
      ),
    );
  });
});

describe('erlangCMetrics', () => {
  it('[BEY-05] 200 calls/h with AHT 180 s is 10 Erlangs; metrics at 11 and 12 agents', () => {
    const m11 = erlangCMetrics({
      arrivalsPerHour: 200,
      averageHandleSec: 180,
      agents: 11,
      serviceLevelSec: 20,
    });
    expect(m11.trafficErlangs).toBeCloseTo(10, 12);
    expect(m11.stable).toBe(true);
    expect(m11.occupancy).toBeCloseTo(10 / 11, 12);
    expect(m11.probabilityOfWait).toBeCloseTo(0.6821182046893324, 12);
    expect(m11.serviceLevel).toBeCloseTo(0.3896138117291533, 12);
    expect(m11.averageSpeedOfAnswerSec).toBeCloseTo(122.78127684407983, 9);

    const m12 = erlangCMetrics({
      arrivalsPerHour: 200,
      averageHandleSec: 180,
      agents: 12,
      serviceLevelSec: 20,
    });
    expect(m12.probabilityOfWait).toBeCloseTo(0.44938822429827086, 12);
    expect(m12.serviceLevel).toBeCloseTo(0.6401580403740066, 12);
    expect(m12.averageSpeedOfAnswerSec).toBeCloseTo(40.44494018684438, 9);
  });

  it('[BEY-05] classic example: 720 calls/h, AHT 240 s (48 Erlangs), 54 agents give ~81.7% in 20 s', () => {
    const m = erlangCMetrics({
      arrivalsPerHour: 720,
      averageHandleSec: 240,
      agents: 54,
      serviceLevelSec: 20,
    });
    expect(m.trafficErlangs).toBeCloseTo(48, 12);
    expect(m.probabilityOfWait).toBeCloseTo(0.30130789937626934, 12);
    expect(m.serviceLevel).toBeCloseTo(0.8172475210146836, 12);
    expect(m.averageSpeedOfAnswerSec).toBeCloseTo(12.052315975050774, 9);
    expect(m.occupancy).toBeCloseTo(48 / 54, 12);
  });

  it('[BEY-05] a zero-second threshold gives SL = 1 - C', () => {
    const m = erlangCMetrics({
      arrivalsPerHour: 200,
      averageHandleSec: 180,
      agents: 13,
      serviceLevelSec: 0,
    });
    expect(m.serviceLevel).toBeCloseTo(1 - m.probabilityOfWait, 15);
  });

  it('[BEY-05] an unstable queue reports the limiting values instead of throwing', () => {
    for (const agents of [0, 5, 10]) {
      const m = erlangCMetrics({
        arrivalsPerHour: 200,
        averageHandleSec: 180,
        agents,
        serviceLevelSec: 20,
      });
      expect(m).toEqual({
        trafficErlangs: m.trafficErlangs,
        occupancy: 1,
        probabilityOfWait: 1,
        serviceLevel: 0,
        averageSpeedOfAnswerSec: Number.POSITIVE_INFINITY,
        stable: false,
      });
    }
  });

  it('[BEY-05] no arrivals: nobody waits and agents are idle', () => {
    const m = erlangCMetrics({
      arrivalsPerHour: 0,
      averageHandleSec: 300,
      agents: 3,
      serviceLevelSec: 20,
    });
    expect(m).toEqual({
      trafficErlangs: 0,
      occupancy: 0,
      probabilityOfWait: 0,
      serviceLevel: 1,
      averageSpeedOfAnswerSec: 0,
      stable: true,
    });
  });

  it('[BEY-05] large contact center stays finite (2,000 agents, 1,900 Erlangs)', () => {
    const m = erlangCMetrics({
      arrivalsPerHour: 38_000,
      averageHandleSec: 180,
      agents: 2000,
      serviceLevelSec: 20,
    });
    expect(m.trafficErlangs).toBeCloseTo(1900, 9);
    expect(m.stable).toBe(true);
    for (const v of [m.probabilityOfWait, m.serviceLevel, m.averageSpeedOfAnswerSec, m.occupancy]) {
      expect(Number.isFinite(v)).toBe(true);
    }
    expect(m.serviceLevel).toBeGreaterThan(0);
    expect(m.serviceLevel).toBeLessThanOrEqual(1);
  });

  it('[BEY-05] property: service level never decreases and ASA never increases as agents are added', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 5000, noNaN: true }),
        fc.double({ min: 1, max: 1200, noNaN: true }),
        fc.double({ min: 0, max: 120, noNaN: true }),
        fc.integer({ min: 0, max: 300 }),
        (arrivalsPerHour, averageHandleSec, serviceLevelSec, agents) => {
          const base = { arrivalsPerHour, averageHandleSec, serviceLevelSec };
          const now = erlangCMetrics({ ...base, agents });
          const more = erlangCMetrics({ ...base, agents: agents + 1 });
          expect(now.serviceLevel).toBeGreaterThanOrEqual(0);
          expect(now.serviceLevel).toBeLessThanOrEqual(1);
          expect(more.serviceLevel).toBeGreaterThanOrEqual(now.serviceLevel - 1e-12);
          expect(more.averageSpeedOfAnswerSec).toBeLessThanOrEqual(
            now.averageSpeedOfAnswerSec * (1 + 1e-12),
          );
          if (now.stable) expect(more.stable).toBe(true);
        },
      ),
    );
  });
});

describe('agentsForServiceLevel', () => {
  it('[BEY-05] classic example: 48 Erlangs, 80% in 20 s needs 54 agents', () => {
    expect(agentsForServiceLevel(720, 240, 20, 0.8)).toBe(54);
    expect(agentsForServiceLevel(720, 240, 20, 0.9)).toBe(56);
  });

  it('[BEY-05] 10 Erlangs: 80% in 20 s needs 14 agents', () => {
    expect(agentsForServiceLevel(200, 180, 20, 0.8)).toBe(14);
  });

  it('[BEY-05] always returns a stable count, even for a target of 0', () => {
    expect(agentsForServiceLevel(200, 180, 20, 0)).toBe(11);
    expect(agentsForServiceLevel(0, 180, 20, 0)).toBe(1);
    expect(agentsForServiceLevel(0, 180, 20, 1)).toBe(1);
  });

  it('[BEY-05] handles thousands of Erlangs quickly', () => {
    const n = agentsForServiceLevel(90_000, 180, 20, 0.8); // 4,500 Erlangs
    expect(n).toBeGreaterThan(4500);
    expect(meets(90_000, 180, n, 20, 0.8)).toBe(true);
    expect(meets(90_000, 180, n - 1, 20, 0.8)).toBe(false);
  });

  it('[BEY-05] throws when no count up to maxAgents meets the target', () => {
    expect(() => agentsForServiceLevel(720, 240, 20, 0.8, 50)).toThrow(RangeError);
    expect(() => agentsForServiceLevel(720, 240, 20, 0.8, 53)).toThrow(/maxAgents=53/);
    expect(agentsForServiceLevel(720, 240, 20, 0.8, 54)).toBe(54);
  });

  it('[BEY-05] property: the result meets the target and one agent fewer does not', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 20_000, noNaN: true }),
        fc.double({ min: 1, max: 900, noNaN: true }),
        fc.double({ min: 0, max: 120, noNaN: true }),
        fc.double({ min: 0, max: 0.99, noNaN: true }),
        (arrivalsPerHour, averageHandleSec, serviceLevelSec, target) => {
          const n = agentsForServiceLevel(
            arrivalsPerHour,
            averageHandleSec,
            serviceLevelSec,
            target,
          );
          expect(Number.isInteger(n)).toBe(true);
          expect(meets(arrivalsPerHour, averageHandleSec, n, serviceLevelSec, target)).toBe(true);
          expect(meets(arrivalsPerHour, averageHandleSec, n - 1, serviceLevelSec, target)).toBe(
            false,
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it('[BEY-05] property: a higher target never needs fewer agents', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 5_000, noNaN: true }),
        fc.double({ min: 1, max: 900, noNaN: true }),
        fc.double({ min: 0, max: 120, noNaN: true }),
        fc.double({ min: 0, max: 0.99, noNaN: true }),
        fc.double({ min: 0, max: 0.99, noNaN: true }),
        (arrivalsPerHour, averageHandleSec, serviceLevelSec, t1, t2) => {
          const [lo, hi] = t1 <= t2 ? [t1, t2] : [t2, t1];
          expect(
            agentsForServiceLevel(arrivalsPerHour, averageHandleSec, serviceLevelSec, hi),
          ).toBeGreaterThanOrEqual(
            agentsForServiceLevel(arrivalsPerHour, averageHandleSec, serviceLevelSec, lo),
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('input validation', () => {
  it('[BEY-05] erlangB and erlangC reject negative, NaN, infinite and non-integer inputs', () => {
    for (const fn of [erlangB, erlangC]) {
      expect(() => fn(-1, 5)).toThrow(RangeError);
      expect(() => fn(2.5, 5)).toThrow(/agents must be a non-negative integer/);
      expect(() => fn(Number.NaN, 5)).toThrow(RangeError);
      expect(() => fn(Number.POSITIVE_INFINITY, 5)).toThrow(RangeError);
      expect(() => fn(5, -0.1)).toThrow(/trafficErlangs must be a finite number >= 0/);
      expect(() => fn(5, Number.NaN)).toThrow(RangeError);
      expect(() => fn(5, Number.POSITIVE_INFINITY)).toThrow(RangeError);
    }
  });

  it('[BEY-05] erlangCMetrics rejects invalid fields, naming the field', () => {
    const ok = { arrivalsPerHour: 200, averageHandleSec: 180, agents: 12, serviceLevelSec: 20 };
    expect(() => erlangCMetrics(ok)).not.toThrow();
    expect(() => erlangCMetrics({ ...ok, arrivalsPerHour: -1 })).toThrow(/arrivalsPerHour/);
    expect(() => erlangCMetrics({ ...ok, arrivalsPerHour: Number.NaN })).toThrow(/arrivalsPerHour/);
    expect(() => erlangCMetrics({ ...ok, averageHandleSec: -5 })).toThrow(/averageHandleSec/);
    expect(() => erlangCMetrics({ ...ok, averageHandleSec: 0 })).toThrow(
      /averageHandleSec must be a finite number > 0/,
    );
    expect(() => erlangCMetrics({ ...ok, averageHandleSec: Number.NaN })).toThrow(
      /averageHandleSec/,
    );
    expect(() => erlangCMetrics({ ...ok, agents: 12.5 })).toThrow(/agents/);
    expect(() => erlangCMetrics({ ...ok, agents: -1 })).toThrow(/agents/);
    expect(() => erlangCMetrics({ ...ok, serviceLevelSec: -1 })).toThrow(/serviceLevelSec/);
    expect(() => erlangCMetrics({ ...ok, serviceLevelSec: Number.NaN })).toThrow(/serviceLevelSec/);
    expect(() => erlangCMetrics({ ...ok, agents: -1 })).toThrow(RangeError);
  });

  it('[BEY-05] agentsForServiceLevel rejects invalid arguments, naming the argument', () => {
    expect(() => agentsForServiceLevel(-1, 180, 20, 0.8)).toThrow(/arrivalsPerHour/);
    expect(() => agentsForServiceLevel(Number.NaN, 180, 20, 0.8)).toThrow(/arrivalsPerHour/);
    expect(() => agentsForServiceLevel(200, 0, 20, 0.8)).toThrow(/averageHandleSec/);
    expect(() => agentsForServiceLevel(200, 180, -1, 0.8)).toThrow(/serviceLevelSec/);
    expect(() => agentsForServiceLevel(200, 180, 20, 1.2)).toThrow(
      /targetServiceLevel must be a fraction/,
    );
    expect(() => agentsForServiceLevel(200, 180, 20, -0.1)).toThrow(/targetServiceLevel/);
    expect(() => agentsForServiceLevel(200, 180, 20, Number.NaN)).toThrow(/targetServiceLevel/);
    expect(() => agentsForServiceLevel(200, 180, 20, 0.8, 10.5)).toThrow(/maxAgents/);
    expect(() => agentsForServiceLevel(200, 180, 20, 0.8, -1)).toThrow(RangeError);
  });
});
