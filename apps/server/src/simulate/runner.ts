import { erlangCMetrics, serviceLevelOf, type QueueInput } from '@tsunagu/domain';
import { createVirtualCenter } from '../runtime/virtual-center.js';
import { agentId, demoConfig, DEMO_QUEUE_ID, DEMO_QUEUE_NUMBER } from '../runtime/demo-config.js';
import {
  resolveSimulationConfig,
  SimulationConfigError,
  type ResolvedSimulationConfig,
  type SimulationConfig,
} from './config.js';
import { ArrivalProcess, ArrivalRate, Population } from './traffic.js';
import { MetricsCollector } from './metrics.js';
import type { SimulationReport } from './report.js';

const HOUR_MS = 3_600_000;
const MB = 1024 * 1024;
/** Memory is sampled every this many arrivals: often enough for a peak, too rarely to cost. */
const MEMORY_SAMPLE_EVERY = 2048;

function queueSettings(c: ResolvedSimulationConfig): Partial<QueueInput> {
  const q = c.queue;
  return {
    strategy: q.strategy,
    callback: {
      enabled: q.callback.enabled,
      mode: q.callback.mode,
      minWaiting: q.callback.minWaiting,
      key: '1',
    },
    wrapUpSec: q.wrapUpSec,
    serviceLevelSec: q.serviceLevelSec,
    announceIntervalSec: q.announceIntervalSec,
    maxWaitSec: q.maxWaitSec,
    ringTimeoutSec: q.ringTimeoutSec,
    // The simulator measures the queue, not its overflow: no size limit, no voicemail key,
    // and a caller who outwaits maxWaitSec is told goodbye.
    maxSize: 100_000,
    voicemailKey: null,
    fallback: { kind: 'hangup' },
  };
}

/**
 * Runs the real engine (SPEC BEY-05) on virtual telephony and a virtual clock: callers arrive
 * by a seeded Poisson process, wait, abandon, ask for callbacks and talk; agents answer. Events
 * are folded into the report as they come and then dropped, so memory stays flat however long
 * the run. The same config always gives the same report, apart from `performance`.
 */
export function runSimulation(input: SimulationConfig = {}): SimulationReport {
  const config = resolveSimulationConfig(input);
  const wallStart = performance.now();
  const population = new Population(config);
  const vc = createVirtualCenter({
    record: false,
    telephony: {
      keepEnded: false,
      agentPhone: () => population.agentPhone,
      customerPhone: () => population.customer(),
    },
  });
  const start = vc.scheduler.now();
  const windowEnd = start + config.durationHours * HOUR_MS;
  const metrics = new MetricsCollector({
    thresholds: new Map([[DEMO_QUEUE_ID, config.queue.serviceLevelSec]]),
    shortAbandonSec: config.shortAbandonSec,
    windowStart: start,
    windowEnd,
  });
  vc.runner.addSink(metrics.sink);
  if (input.onEvents) vc.runner.addSink(input.onEvents);

  for (const admin of demoConfig({ agentCount: config.agents, queue: queueSettings(config) })) {
    const error = vc.runner.submit(admin)?.error;
    if (error)
      throw new SimulationConfigError(
        'queue',
        `accepted by the engine (${error.code})`,
        error.details,
      );
  }
  for (let i = 0; i < config.agents; i += 1) {
    vc.runner.submit({ type: 'agent.set-status', agentId: agentId(i), status: 'available' });
  }

  let peakHeap = process.memoryUsage().heapUsed;
  let arrivalsSoFar = 0;
  const arrivals = new ArrivalProcess(config.arrivalsPerHour, config.seed);
  const scheduleNext = (): void => {
    const t = arrivals.next(windowEnd - start);
    if (t !== null) vc.scheduler.at(start + t, arrive);
  };
  const arrive = (): void => {
    vc.telephony.placeCall(population.nextNumber(), DEMO_QUEUE_NUMBER, population.caller());
    arrivalsSoFar += 1;
    if (arrivalsSoFar % MEMORY_SAMPLE_EVERY === 0)
      peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    scheduleNext();
  };
  scheduleNext();
  vc.scheduler.runUntil(windowEnd + config.drainHours * HOUR_MS);
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  const wallMs = performance.now() - wallStart;

  return report(config, metrics, {
    stillInQueue: vc.runner.state.entries.size,
    wallMs,
    events: vc.runner.eventsEmitted,
    inputsHandled: vc.runner.inputsHandled,
    peakHeapUsedMb: peakHeap / MB,
  });
}

function report(
  config: ResolvedSimulationConfig,
  metrics: MetricsCollector,
  run: {
    stillInQueue: number;
    wallMs: number;
    events: number;
    inputsHandled: number;
    peakHeapUsedMb: number;
  },
): SimulationReport {
  const { overall } = serviceLevelOf(metrics.serviceLevel);
  const cb = metrics.callbacks.overall;
  const agentTime = metrics.agentTime.figures();
  const arrivalsPerHour = new ArrivalRate(config.arrivalsPerHour).mean(config.durationHours);
  const averageHandleSec = config.talkTime.meanSec + config.queue.wrapUpSec;
  const erlang = erlangCMetrics({
    arrivalsPerHour,
    averageHandleSec,
    agents: config.agents,
    serviceLevelSec: config.queue.serviceLevelSec,
  });
  const wallSec = Math.max(run.wallMs, 1e-3) / 1000;
  return {
    config,
    callsOffered: overall.offered,
    answered: overall.answered,
    withinThreshold: overall.withinThreshold,
    abandoned: overall.abandoned,
    shortAbandoned: overall.shortAbandoned,
    otherExits: overall.otherExits,
    stillInQueue: run.stillInQueue,
    serviceLevelSec: config.queue.serviceLevelSec,
    serviceLevel: overall.serviceLevel,
    averageSpeedOfAnswerSec: overall.averageSpeedOfAnswerSec,
    abandonmentRate: overall.abandonmentRate,
    callbacks: {
      requestCalls: cb.requestCalls,
      callbackCalls: cb.callbackCalls,
      requested: cb.requested,
      completed: cb.completed,
      outcomes: { ...cb.outcomes },
    },
    occupancy: agentTime.occupancy,
    agentTime,
    orderInversions: metrics.inversions.inversions,
    assignments: metrics.inversions.assignments,
    ewtAccuracy: metrics.ewt.figures(),
    callbackCapacity: metrics.callbackCapacity.figures(),
    erlangC: { arrivalsPerHour, averageHandleSec, ...erlang },
    ignoredInputs: metrics.ignoredInputs,
    performance: {
      wallMs: run.wallMs,
      events: run.events,
      inputsHandled: run.inputsHandled,
      eventsPerSecond: run.events / wallSec,
      inputsPerSecond: run.inputsHandled / wallSec,
      peakRssMb: Math.max(process.resourceUsage().maxRSS * 1024, process.memoryUsage.rss()) / MB,
      peakHeapUsedMb: run.peakHeapUsedMb,
    },
  };
}
