import { runSimulation } from '../apps/server/src/simulate/index.js';
import {
  DEFAULT_LOAD,
  runLeanCenter,
  type CenterLoad,
  type CenterResult,
} from './center-driver.js';

/**
 * Benchmark 2: 8 hours of a 500-agent center at 20,000 calls an hour, on one core. Two
 * drivers: the product's simulator (`runSimulation`, what `tsunagu simulate` runs, with its
 * report metrics), and the lean driver, which is the engine, runner, virtual telephony and
 * timers with nothing else, to show how much of the time is the engine's own.
 */
export type CenterDriver = 'sim' | 'lean';

export interface CenterRun extends CenterResult {
  /** CPU time of the run (user + system): less disturbed than wall time by other processes. */
  readonly cpuMs: number;
}

function simulate(load: CenterLoad): CenterResult {
  const r = runSimulation({
    seed: load.seed,
    durationHours: load.hours,
    agents: load.agents,
    arrivalsPerHour: load.callsPerHour,
    talkTime: { kind: 'exponential', meanSec: load.ahtSec },
    agentAnswerDelaySec: load.agentAnswerMs / 1_000,
    callbackUptake: load.callbackUptake,
    queue: { serviceLevelSec: load.serviceLevelSec },
  });
  return {
    driver: 'runSimulation (apps/server/src/simulate)',
    wallMs: r.performance.wallMs,
    simulatedHours: r.config.durationHours + r.config.drainHours,
    calls: r.callsOffered,
    connected: r.answered + r.callbacks.outcomes.connected,
    callbacksRequested: r.callbacks.requested,
    callbacksConnected: r.callbacks.outcomes.connected,
    inputs: r.performance.inputsHandled,
    events: r.performance.events,
    serviceLevel: r.serviceLevel ?? Number.NaN,
    occupancy: r.occupancy ?? Number.NaN,
    peakRssMb: r.performance.peakRssMb,
    peakHeapMb: r.performance.peakHeapUsedMb,
  };
}

export function runCenter(driver: CenterDriver, hours: number, seed: number): CenterRun {
  const load: CenterLoad = { ...DEFAULT_LOAD, hours, seed };
  const cpu0 = process.cpuUsage();
  const result = driver === 'sim' ? simulate(load) : runLeanCenter(load);
  const cpu = process.cpuUsage(cpu0);
  return { ...result, cpuMs: (cpu.user + cpu.system) / 1_000 };
}
