import type { DomainEvent, HandleResult } from '@tsunagu/domain';
import { RoutingCenter } from './routing-center.js';
import { percentile } from './stats.js';

/**
 * Benchmark 1: the latency of one `handle()` call that makes a routing decision, with
 * 1,000 agents and a line of 10,000. Each scenario is one way a decision is triggered.
 */
export type Trigger = 'call-end' | 'agent-ready' | 'arrival-free' | 'arrival-busy';

export interface RoutingScenario {
  readonly id: string;
  readonly label: string;
  readonly trigger: Trigger;
  readonly strategy: 'ordered' | 'longest-idle';
  readonly callbackShare: number;
  readonly waiting: number;
  /** Whether every sample must be a routing decision (held to the p99 target). */
  readonly decision: boolean;
}

const AGENTS = 1_000;
const WAITING = 10_000;
/** ~2 s of ringing and callback dialling at 20,000 calls/h: about 10 items in flight at the head. */
const IN_FLIGHT = 10;

const decision = (
  id: string,
  label: string,
  trigger: Trigger,
  strategy: 'ordered' | 'longest-idle',
  callbackShare: number,
): RoutingScenario => ({
  id,
  label,
  trigger,
  strategy,
  callbackShare,
  waiting: WAITING,
  decision: true,
});

export const ROUTING_SCENARIOS: readonly RoutingScenario[] = [
  decision('end-ordered', 'call ends → head offered (ordered)', 'call-end', 'ordered', 0),
  decision('end-idle', 'call ends → head offered (longest-idle)', 'call-end', 'longest-idle', 0),
  decision(
    'ready-ordered',
    'agent ends wrap-up → head offered (ordered)',
    'agent-ready',
    'ordered',
    0,
  ),
  decision(
    'end-ordered-cb30',
    'call ends → head served, 30% callbacks (ordered)',
    'call-end',
    'ordered',
    0.3,
  ),
  decision(
    'end-idle-cb30',
    'call ends → head served, 30% callbacks (longest-idle)',
    'call-end',
    'longest-idle',
    0.3,
  ),
  {
    id: 'arrive-free',
    label: 'caller arrives, 1 agent free, line empty (ordered)',
    trigger: 'arrival-free',
    strategy: 'ordered',
    callbackShare: 0,
    waiting: 0,
    decision: true,
  },
  {
    id: 'arrive-busy',
    label: 'caller arrives, all busy → joins 10,000 on hold (ordered)',
    trigger: 'arrival-busy',
    strategy: 'ordered',
    callbackShare: 0,
    waiting: WAITING,
    decision: false,
  },
];

export interface RoutingResult {
  readonly id: string;
  readonly samples: number;
  readonly p50Us: number;
  readonly p90Us: number;
  readonly p99Us: number;
  readonly maxUs: number;
  readonly meanUs: number;
  /** Samples during which the process was preempted (another process ran on the core). */
  readonly preempted: number;
  /** Percentiles of the samples that were not preempted: the engine's own time, GC included. */
  readonly quietP50Us: number;
  readonly quietP99Us: number;
  readonly quietMaxUs: number;
  /** Decisions that released a customer-first callback instead of ringing an agent. */
  readonly callbackReleases: number;
  readonly lineMin: number;
  readonly lineMax: number;
  readonly setupMs: number;
}

function has(events: readonly DomainEvent[], type: DomainEvent['type']): boolean {
  return events.some((e) => e.type === type);
}

/** A decision is a `queue.assigned` that rang an agent or released a callback. */
function assertDecision(result: HandleResult): 'offer' | 'callback' {
  const assigned = result.events.find((e) => e.type === 'queue.assigned');
  if (!assigned) throw new Error('sample made no routing decision (no queue.assigned)');
  if (assigned.mode === 'callback-release' && has(result.events, 'callback.attempt'))
    return 'callback';
  if (has(result.events, 'offer.created')) return 'offer';
  throw new Error(
    `routing decision without offer.created: ${result.events.map((e) => e.type).join(', ')}`,
  );
}

function setUp(scenario: RoutingScenario, seed: number): RoutingCenter {
  const center = new RoutingCenter({
    agents: AGENTS,
    strategy: scenario.strategy,
    callbackShare: scenario.callbackShare,
    wrapUpSec: scenario.trigger === 'agent-ready' ? 30 : 0,
    inFlight: scenario.trigger === 'arrival-free' ? 0 : IN_FLIGHT,
    seed,
  });
  center.setAllAvailable();
  center.connectCallers(scenario.trigger === 'arrival-free' ? AGENTS - 1 : AGENTS);
  center.fill(scenario.waiting);
  return center;
}

/** One sample: the timed input, checked, then untimed steps back to the steady state. */
interface Sample {
  readonly ns: bigint;
  readonly preempted: boolean;
  readonly kind: 'offer' | 'callback' | 'hold';
}

function sample(center: RoutingCenter, scenario: RoutingScenario): Sample {
  switch (scenario.trigger) {
    case 'call-end': {
      const { result, ...timing } = center.timed(center.hangupInput(center.takeTalking()));
      const kind = assertDecision(result);
      center.settle();
      center.fill(scenario.waiting);
      return { ...timing, kind };
    }
    case 'agent-ready': {
      const t = center.takeTalking();
      center.step(center.hangupInput(t));
      const { result, ...timing } = center.timed({ type: 'wrap-up.end', agentId: t.agentId });
      const kind = assertDecision(result);
      center.settle();
      center.fill(scenario.waiting);
      return { ...timing, kind };
    }
    case 'arrival-free': {
      const { result, ...timing } = center.timed(center.arrival());
      const kind = assertDecision(result);
      center.settle(0);
      center.step(center.hangupInput(center.takeTalking()));
      return { ...timing, kind };
    }
    case 'arrival-busy': {
      const input = center.arrival();
      const { result, ...timing } = center.timed(input);
      if (!has(result.events, 'queue.entered-hold') || has(result.events, 'offer.created')) {
        throw new Error('arrival did not join the hold queue');
      }
      center.holding.push((input as { legId: string }).legId);
      center.step({ type: 'leg.ended', legId: center.takeHolding(), reason: 'hangup' });
      return { ...timing, kind: 'hold' };
    }
  }
}

export function runRouting(
  scenario: RoutingScenario,
  opts: { samples: number; warmup: number; seed: number },
): RoutingResult {
  const t0 = process.hrtime.bigint();
  const center = setUp(scenario, opts.seed);
  const setupMs = Number(process.hrtime.bigint() - t0) / 1e6;
  for (let i = 0; i < opts.warmup; i += 1) sample(center, scenario);
  const us = new Float64Array(opts.samples);
  const quiet: number[] = [];
  let callbackReleases = 0;
  let lineMin = Infinity;
  let lineMax = 0;
  for (let i = 0; i < opts.samples; i += 1) {
    const line = center.lineLength;
    if (line < lineMin) lineMin = line;
    if (line > lineMax) lineMax = line;
    const { ns, preempted, kind } = sample(center, scenario);
    us[i] = Number(ns) / 1_000;
    if (!preempted) quiet.push(us[i]!);
    if (kind === 'callback') callbackReleases += 1;
  }
  let sum = 0;
  for (const v of us) sum += v;
  us.sort();
  const quietSorted = Float64Array.from(quiet).sort();
  return {
    id: scenario.id,
    samples: opts.samples,
    p50Us: percentile(us, 50),
    p90Us: percentile(us, 90),
    p99Us: percentile(us, 99),
    maxUs: us[us.length - 1]!,
    meanUs: sum / us.length,
    preempted: opts.samples - quiet.length,
    quietP50Us: percentile(quietSorted, 50),
    quietP99Us: percentile(quietSorted, 99),
    quietMaxUs: quietSorted[quietSorted.length - 1] ?? Number.NaN,
    callbackReleases,
    lineMin,
    lineMax,
    setupMs,
  };
}
