import type { DomainEvent } from '@tsunagu/domain';
import type { PartyScript } from '@tsunagu/telephony';
import { createVirtualCenter } from '../apps/server/src/runtime/virtual-center.js';
import { agentId, demoConfig, DEMO_QUEUE_NUMBER } from '../apps/server/src/runtime/demo-config.js';
import { Prng, mobileNumber } from './prng.js';
import { MemoryPeak } from './memory.js';

/**
 * Benchmark 2, lean driver: a whole center on the virtual clock (engine, runner, virtual
 * telephony, timers), fed Poisson traffic from a seeded PRNG. Used when the simulator
 * (apps/server/src/simulate) is not there to drive it.
 */
export interface CenterLoad {
  readonly agents: number;
  readonly callsPerHour: number;
  readonly hours: number;
  readonly ahtSec: number;
  readonly agentAnswerMs: number;
  /** Share of callers on hold who press the callback key. */
  readonly callbackUptake: number;
  readonly serviceLevelSec: number;
  readonly seed: number;
}

export const DEFAULT_LOAD: CenterLoad = {
  agents: 500,
  callsPerHour: 20_000,
  hours: 8,
  ahtSec: 80,
  agentAnswerMs: 2_000,
  callbackUptake: 0.05,
  serviceLevelSec: 20,
  seed: 42,
};

export interface CenterResult {
  readonly driver: string;
  readonly wallMs: number;
  readonly simulatedHours: number;
  readonly calls: number;
  readonly connected: number;
  readonly callbacksRequested: number;
  readonly callbacksConnected: number;
  readonly inputs: number;
  readonly events: number;
  readonly serviceLevel: number;
  /** Talk time over staffed time during the arrival window. */
  readonly occupancy: number;
  readonly peakRssMb: number;
  readonly peakHeapMb: number;
}

/**
 * Service level as answered within the threshold over offered, a callback counting from its
 * first join (QCB-15); talk time clipped to the arrival window, for occupancy.
 */
class Tally {
  offered = 0;
  connected = 0;
  inTime = 0;
  callbacksRequested = 0;
  callbacksConnected = 0;
  talkMs = 0;
  private readonly since = new Map<string, number>();

  constructor(
    private readonly thresholdMs: number,
    private readonly windowStart: number,
    private readonly windowEnd: number,
  ) {}

  add(events: readonly DomainEvent[]): void {
    for (const e of events) {
      if (e.type === 'queue.joined' && e.callbackId === null) this.offered += 1;
      else if (e.type === 'call.connected') {
        this.connected += 1;
        if (e.waitMs <= this.thresholdMs) this.inTime += 1;
        this.since.set(e.callId, e.at);
      } else if (e.type === 'call.ended') {
        const from = this.since.get(e.callId);
        if (from === undefined) continue;
        this.since.delete(e.callId);
        this.talkMs += Math.max(
          0,
          Math.min(e.at, this.windowEnd) - Math.max(from, this.windowStart),
        );
      } else if (e.type === 'callback.requested') this.callbacksRequested += 1;
      else if (e.type === 'callback.completed' && e.outcome === 'connected')
        this.callbacksConnected += 1;
    }
  }
}

export function runLeanCenter(load: CenterLoad = DEFAULT_LOAD): CenterResult {
  const rng = new Prng(load.seed);
  const talkMs = () => Math.max(1_000, Math.round(rng.exp(load.ahtSec * 1_000)));
  const customer = (): PartyScript => ({
    response: 'answer',
    answerAfterMs: 5_000,
    patienceMs: Infinity,
    talkMs: talkMs(),
    onPrompt: { 'callback.greeting': '1' },
  });
  const vc = createVirtualCenter({
    record: false,
    telephony: {
      keepEnded: false,
      agentPhone: () => ({
        response: 'answer',
        answerAfterMs: load.agentAnswerMs,
        talkMs: Infinity,
      }),
      customerPhone: customer,
    },
  });
  const queue = { maxSize: 100_000, serviceLevelSec: load.serviceLevelSec };
  for (const input of demoConfig({ agentCount: load.agents, queue })) vc.runner.submit(input);
  for (let i = 0; i < load.agents; i += 1)
    vc.runner.submit({ type: 'agent.set-status', agentId: agentId(i), status: 'available' });

  const start = vc.scheduler.now();
  const end = start + load.hours * 3_600_000;
  const tally = new Tally(load.serviceLevelSec * 1_000, start, end);
  vc.runner.addSink((events) => tally.add(events));
  const meanGapMs = 3_600_000 / load.callsPerHour;
  let calls = 0;
  const arrive = (at: number): void => {
    if (at >= end) return;
    vc.scheduler.at(at, () => {
      calls += 1;
      const asksCallback = rng.next() < load.callbackUptake;
      vc.telephony.placeCall(mobileNumber(calls), DEMO_QUEUE_NUMBER, {
        patienceMs: Infinity,
        talkMs: talkMs(),
        ...(asksCallback
          ? { onPrompt: { 'queue.callback-offer': '1', 'callback.confirm-menu': '1' } }
          : {}),
      });
      arrive(at + rng.exp(meanGapMs));
    });
  };
  arrive(start + rng.exp(meanGapMs));
  const memory = new MemoryPeak();
  const sample = (at: number): void => {
    vc.scheduler.at(at, () => {
      memory.sample();
      if (at < end) sample(at + 60_000);
    });
  };
  sample(start);

  const t0 = process.hrtime.bigint();
  vc.scheduler.runUntil(end);
  vc.scheduler.runAll();
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  memory.sample();
  if (vc.runner.state.calls.size > 0)
    throw new Error(`${vc.runner.state.calls.size} calls left after the drain`);
  return {
    driver: 'lean (bench/center-driver.ts)',
    wallMs,
    simulatedHours: (vc.scheduler.now() - start) / 3_600_000,
    calls,
    connected: tally.connected,
    callbacksRequested: tally.callbacksRequested,
    callbacksConnected: tally.callbacksConnected,
    inputs: vc.runner.inputsHandled,
    events: vc.runner.eventsEmitted,
    serviceLevel: tally.offered === 0 ? Number.NaN : tally.inTime / tally.offered,
    occupancy: tally.talkMs / (load.agents * (end - start)),
    peakRssMb: memory.peakRssMb,
    peakHeapMb: memory.peakHeapMb,
  };
}
