import { describe, it, expect } from 'vitest';
import {
  callbackReport,
  erlangCMetrics,
  serviceLevelReport,
  type DomainEvent,
} from '@tsunagu/domain';
import {
  runSimulation,
  type SimulationConfig,
  type SimulationReport,
} from '../../src/simulate/index.js';
import { DEMO_QUEUE_ID } from '../../src/runtime/demo-config.js';

function withoutPerformance(r: SimulationReport): Omit<SimulationReport, 'performance'> {
  const { performance: _performance, ...rest } = r;
  return rest;
}

/** A busy hour with callbacks on both kinds of call, abandonment and wrap-up. */
const BUSY: SimulationConfig = {
  durationHours: 1,
  agents: 20,
  arrivalsPerHour: [
    { atHour: 0, perHour: 450 },
    { atHour: 0.5, perHour: 650 },
  ],
  talkTime: { kind: 'lognormal', meanSec: 150, sigma: 0.8 },
  patienceSec: 240,
  callbackUptake: 0.5,
  queue: { wrapUpSec: 5 },
};

describe('simulation (BEY-05)', () => {
  it('[BEY-05] simulation is reproducible for a seed', () => {
    const a = runSimulation({ ...BUSY, seed: 11 });
    const b = runSimulation({ ...BUSY, seed: 11 });
    const c = runSimulation({ ...BUSY, seed: 12 });
    expect(a.callsOffered).toBeGreaterThan(400);
    expect(withoutPerformance(b)).toEqual(withoutPerformance(a));
    // The seed matters: another one draws other traffic.
    expect(withoutPerformance(c)).not.toEqual(withoutPerformance(a));
  });

  it('[BEY-05] with callbacks off and no abandonment, simulated service level agrees with Erlang C (within 0.03 absolute, mean of 10 runs of 8 simulated hours, 20 agents, 17 Erlangs)', () => {
    const agents = 20;
    const ahtSec = 60;
    const slSec = 20;
    const arrivalsPerHour = (17 * 3600) / ahtSec;
    const runs = 10;
    let slSum = 0;
    let asaSum = 0;
    let occupancySum = 0;
    for (let seed = 1; seed <= runs; seed += 1) {
      // Measured straight from call.connected.waitMs, next to the report's own figure.
      let connected = 0;
      let inTime = 0;
      const report = runSimulation({
        seed,
        durationHours: 8,
        agents,
        arrivalsPerHour,
        talkTime: { kind: 'exponential', meanSec: ahtSec },
        patienceSec: null,
        agentAnswerDelaySec: 0,
        queue: { callback: { enabled: false }, wrapUpSec: 0, serviceLevelSec: slSec },
        onEvents: (events) => {
          for (const e of events) {
            if (e.type !== 'call.connected') continue;
            connected += 1;
            if (e.waitMs <= slSec * 1000) inTime += 1;
          }
        },
      });
      expect(report.abandoned).toBe(0);
      expect(report.callbacks.requested).toBe(0);
      expect(report.answered).toBe(connected);
      expect(report.serviceLevel).toBe(inTime / connected);
      slSum += report.serviceLevel!;
      asaSum += report.averageSpeedOfAnswerSec!;
      occupancySum += report.occupancy!;
    }
    const erlang = erlangCMetrics({
      arrivalsPerHour,
      averageHandleSec: ahtSec,
      agents,
      serviceLevelSec: slSec,
    });
    expect(erlang.serviceLevel).toBeGreaterThan(0.8);
    expect(erlang.serviceLevel).toBeLessThan(0.9);
    expect(Math.abs(slSum / runs - erlang.serviceLevel)).toBeLessThan(0.03);
    // The same runs also agree on the other two Erlang C figures.
    expect(Math.abs(asaSum / runs - erlang.averageSpeedOfAnswerSec)).toBeLessThan(1.5);
    expect(Math.abs(occupancySum / runs - erlang.occupancy)).toBeLessThan(0.01);
  });

  it('[QCB-14] the report counts two calls per callback and its outcomes add up to the callback requests', () => {
    for (const mode of ['customer-first', 'agent-first'] as const) {
      const r = runSimulation({ ...BUSY, seed: 3, queue: { ...BUSY.queue, callback: { mode } } });
      const cb = r.callbacks;
      const outcomes = Object.values(cb.outcomes).reduce((a, b) => a + b, 0);
      expect(cb.requestCalls).toBeGreaterThan(50);
      expect(cb.requested).toBe(cb.requestCalls);
      expect(outcomes).toBe(cb.requestCalls);
      // Customers who did not pick up or pressed 2 happen at the configured rates.
      expect(cb.outcomes.connected).toBeGreaterThan(0);
      expect(cb.outcomes['no-answer-or-declined']).toBeGreaterThan(0);
      // Every callback that got as far as a call made one (no retries configured).
      expect(cb.callbackCalls).toBe(cb.requestCalls - cb.outcomes['no-callback']);
      expect(r.stillInQueue).toBe(0);
      // Every live caller who entered the queue left it one way: answered, abandoned, other, callback.
      expect(r.answered + r.abandoned + r.otherExits + cb.requested).toBe(r.callsOffered);
      expect(r.orderInversions).toBe(0);
      expect(r.assignments).toBeGreaterThan(r.answered);
    }
  });

  it('[SUP-03] the domain reducers over the recorded events give the figures the simulator streamed', () => {
    const events: DomainEvent[] = [];
    const r = runSimulation({ ...BUSY, seed: 5, onEvents: (batch) => void events.push(...batch) });
    expect(events.length).toBe(r.performance.events);
    const sl = serviceLevelReport(events, {
      thresholds: new Map([[DEMO_QUEUE_ID, r.serviceLevelSec]]),
    }).overall;
    expect(sl.serviceLevel).toBe(r.serviceLevel);
    expect(sl).toMatchObject({
      offered: r.callsOffered,
      answered: r.answered,
      abandoned: r.abandoned,
    });
    expect(callbackReport(events).overall).toEqual({ queueId: null, ...r.callbacks });
    // QCB-15 in a real run: the service level counts completed callbacks in its base.
    expect(sl.serviceLevelBase).toBe(
      r.answered + r.abandoned - r.shortAbandoned + r.callbacks.completed,
    );
    expect(r.abandoned).toBeGreaterThan(0);
  });

  it('[BEY-01] the report measures the estimated wait against the waits that happened', () => {
    const r = runSimulation({ ...BUSY, seed: 9, callbackUptake: 0, patienceSec: null });
    const ewt = r.ewtAccuracy;
    expect(ewt.samples).toBeGreaterThan(100);
    expect(ewt.samples).toBeLessThanOrEqual(r.answered);
    expect(ewt.medianAbsErrorSec).toBeGreaterThanOrEqual(0);
    expect(ewt.medianRelativeError).toBeGreaterThanOrEqual(0);
    expect(Math.abs(ewt.medianSignedErrorSec!)).toBeLessThanOrEqual(ewt.medianAbsErrorSec!);
  });

  it('[BEY-05] occupancy is talk time over staffed time across the arrival window', () => {
    const r = runSimulation({ ...BUSY, seed: 4, callbackUptake: 0 });
    const t = r.agentTime;
    expect(t.staffedHours).toBeCloseTo(BUSY.agents! * BUSY.durationHours!, 6);
    expect(r.occupancy).toBeCloseTo(t.talkHours / t.staffedHours, 12);
    expect(t.talkHours + t.ringingHours + t.wrapUpHours + t.idleHours).toBeLessThanOrEqual(
      t.staffedHours + 1e-9,
    );
    expect(t.wrapUpHours).toBeGreaterThan(0);
  });
});
