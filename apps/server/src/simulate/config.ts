import type { DomainEvent, EngineInput, RoutingStrategy } from '@tsunagu/domain';

/**
 * What a simulation run is asked to do (SPEC BEY-05). Every field has a default, so
 * `runSimulation({})` is the CLI's default run: 2 hours, 25 agents, 500 calls an hour.
 */

/** A step profile: from `atHour` on (hours since the start), `perHour` calls an hour. */
export interface ArrivalStep {
  readonly atHour: number;
  readonly perHour: number;
}

/** perHour(t) = meanPerHour · (1 + amplitude · sin(2π (t − phaseHours) / periodHours)). */
export interface SinusoidalArrivals {
  readonly kind: 'sinusoidal';
  readonly meanPerHour: number;
  /** 0 (flat) to 1 (down to zero at the trough). */
  readonly amplitude: number;
  readonly periodHours: number;
  readonly phaseHours?: number;
}

/** Constant, steps (no calls before the first step), or a sine wave. */
export type ArrivalProfile = number | readonly ArrivalStep[] | SinusoidalArrivals;

export type DurationDistribution =
  | { readonly kind: 'exponential'; readonly meanSec: number }
  /** `sigma` is the standard deviation of the log; 0.5 to 1 is typical of talk times. */
  | { readonly kind: 'lognormal'; readonly meanSec: number; readonly sigma: number };

export interface SimulationQueueSettings {
  readonly strategy: RoutingStrategy;
  readonly callback: {
    readonly enabled: boolean;
    readonly mode: 'customer-first' | 'agent-first';
    readonly minWaiting: number;
  };
  readonly wrapUpSec: number;
  readonly serviceLevelSec: number;
  readonly announceIntervalSec: number;
  readonly maxWaitSec: number;
  readonly ringTimeoutSec: number;
}

/** How a customer behaves when the system calls them back. */
export interface CallbackCustomerBehaviour {
  /** Picks up the callback call. */
  readonly answerProbability: number;
  /** Having picked up, presses 1 ("connect me") rather than 2 ("cancel"). */
  readonly confirmProbability: number;
  readonly answerAfterSec: number;
}

export interface ResolvedSimulationConfig {
  readonly seed: number;
  /** Calls arrive during this window; occupancy is measured over it. */
  readonly durationHours: number;
  /** After the window, time given to calls and callbacks still in progress to finish. */
  readonly drainHours: number;
  readonly agents: number;
  readonly arrivalsPerHour: ArrivalProfile;
  readonly talkTime: DurationDistribution;
  /** Mean of exponential caller patience; null: callers never hang up while waiting. */
  readonly patienceSec: number | null;
  /** Share of callers who ask for a callback when they hear the offer. */
  readonly callbackUptake: number;
  readonly callbackCustomer: CallbackCustomerBehaviour;
  readonly queue: SimulationQueueSettings;
  /** How long an agent's phone rings before the agent answers an offer. */
  readonly agentAnswerDelaySec: number;
  /** Abandons shorter than this do not count against the service level. */
  readonly shortAbandonSec: number;
}

type DeepPartial<T> = { -readonly [K in keyof T]?: T[K] extends object ? Partial<T[K]> : T[K] };

export interface SimulationConfig extends Partial<
  Omit<ResolvedSimulationConfig, 'queue' | 'callbackCustomer' | 'patienceSec'>
> {
  /** Infinity is accepted for "never abandons", like null. */
  readonly patienceSec?: number | null;
  readonly callbackCustomer?: Partial<CallbackCustomerBehaviour>;
  readonly queue?: DeepPartial<SimulationQueueSettings>;
  /** Sees every event batch as it is produced (tests, tools); nothing is kept otherwise. */
  readonly onEvents?: (events: readonly DomainEvent[], input: EngineInput) => void;
}

export const DEFAULT_SIMULATION: ResolvedSimulationConfig = {
  seed: 1,
  durationHours: 2,
  drainHours: 1,
  agents: 25,
  arrivalsPerHour: 500,
  talkTime: { kind: 'exponential', meanSec: 150 },
  patienceSec: 180,
  callbackUptake: 0.3,
  callbackCustomer: { answerProbability: 0.85, confirmProbability: 0.95, answerAfterSec: 4 },
  queue: {
    strategy: 'ordered',
    callback: { enabled: true, mode: 'customer-first', minWaiting: 1 },
    wrapUpSec: 0,
    serviceLevelSec: 20,
    announceIntervalSec: 60,
    maxWaitSec: 86_400,
    ringTimeoutSec: 20,
  },
  agentAnswerDelaySec: 2,
  shortAbandonSec: 5,
};

/** A bad simulation setting; the message names the setting, the rule and the value. */
export class SimulationConfigError extends RangeError {
  override readonly name = 'SimulationConfigError';

  constructor(
    /** The setting's path in the config, e.g. `queue.wrapUpSec`. */
    readonly setting: string,
    readonly rule: string,
    readonly value: unknown,
  ) {
    super(`${setting} must be ${rule}, got ${JSON.stringify(value) ?? String(value)}`);
  }
}

export function resolveSimulationConfig(input: SimulationConfig = {}): ResolvedSimulationConfig {
  const d = DEFAULT_SIMULATION;
  const patience = input.patienceSec === undefined ? d.patienceSec : input.patienceSec;
  const config: ResolvedSimulationConfig = {
    seed: input.seed ?? d.seed,
    durationHours: input.durationHours ?? d.durationHours,
    drainHours: input.drainHours ?? d.drainHours,
    agents: input.agents ?? d.agents,
    arrivalsPerHour: input.arrivalsPerHour ?? d.arrivalsPerHour,
    talkTime: input.talkTime ?? d.talkTime,
    patienceSec: patience === null || patience === Infinity ? null : patience,
    callbackUptake: input.callbackUptake ?? d.callbackUptake,
    callbackCustomer: { ...d.callbackCustomer, ...input.callbackCustomer },
    queue: {
      ...d.queue,
      ...input.queue,
      callback: { ...d.queue.callback, ...input.queue?.callback },
    },
    agentAnswerDelaySec: input.agentAnswerDelaySec ?? d.agentAnswerDelaySec,
    shortAbandonSec: input.shortAbandonSec ?? d.shortAbandonSec,
  };
  validate(config);
  return config;
}

function fail(name: string, rule: string, value: unknown): never {
  throw new SimulationConfigError(name, rule, value);
}

function number(name: string, value: unknown, min: number, max: number, integer = false): void {
  const ok = typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max;
  if (!ok || (integer && !Number.isInteger(value))) {
    fail(name, `${integer ? 'a whole number' : 'a number'} from ${min} to ${max}`, value);
  }
}

function positive(name: string, value: unknown, max: number): void {
  if (!(typeof value === 'number' && Number.isFinite(value) && value > 0 && value <= max)) {
    fail(name, `a number above 0 and at most ${max}`, value);
  }
}

function validate(c: ResolvedSimulationConfig): void {
  number('seed', c.seed, 0, 2 ** 32 - 1, true);
  positive('durationHours', c.durationHours, 24 * 31);
  number('drainHours', c.drainHours, 0, 24 * 7);
  number('agents', c.agents, 1, 10_000, true);
  validateArrivals(c.arrivalsPerHour);
  if (c.talkTime.kind !== 'exponential' && c.talkTime.kind !== 'lognormal') {
    fail('talkTime.kind', "'exponential' or 'lognormal'", (c.talkTime as { kind: unknown }).kind);
  }
  positive('talkTime.meanSec', c.talkTime.meanSec, 86_400);
  if (c.talkTime.kind === 'lognormal') positive('talkTime.sigma', c.talkTime.sigma, 3);
  if (c.patienceSec !== null) positive('patienceSec', c.patienceSec, 86_400);
  number('callbackUptake', c.callbackUptake, 0, 1);
  number('callbackCustomer.answerProbability', c.callbackCustomer.answerProbability, 0, 1);
  number('callbackCustomer.confirmProbability', c.callbackCustomer.confirmProbability, 0, 1);
  number('callbackCustomer.answerAfterSec', c.callbackCustomer.answerAfterSec, 0, 60);
  const q = c.queue;
  const strategies = ['ordered', 'longest-idle', 'round-robin', 'skills'];
  if (!strategies.includes(q.strategy))
    fail('queue.strategy', `one of ${strategies.join(', ')}`, q.strategy);
  if (q.callback.mode !== 'customer-first' && q.callback.mode !== 'agent-first') {
    fail('queue.callback.mode', "'customer-first' or 'agent-first'", q.callback.mode);
  }
  if (typeof q.callback.enabled !== 'boolean')
    fail('queue.callback.enabled', 'true or false', q.callback.enabled);
  number('queue.callback.minWaiting', q.callback.minWaiting, 1, 10_000, true);
  number('queue.wrapUpSec', q.wrapUpSec, 0, 3600, true);
  number('queue.serviceLevelSec', q.serviceLevelSec, 1, 3600, true);
  number('queue.announceIntervalSec', q.announceIntervalSec, 10, 3600, true);
  number('queue.maxWaitSec', q.maxWaitSec, 10, 86_400, true);
  number('queue.ringTimeoutSec', q.ringTimeoutSec, 5, 300, true);
  number('agentAnswerDelaySec', c.agentAnswerDelaySec, 0, q.ringTimeoutSec - 1);
  number('shortAbandonSec', c.shortAbandonSec, 0, 3600);
}

const MAX_RATE = 1_000_000;

function validateArrivals(profile: ArrivalProfile): void {
  if (typeof profile === 'number') return number('arrivalsPerHour', profile, 0, MAX_RATE);
  if (Array.isArray(profile)) {
    if (profile.length === 0)
      fail('arrivalsPerHour', 'a rate or a non-empty list of steps', profile);
    profile.forEach((step: ArrivalStep, i) => {
      number(`arrivalsPerHour[${i}].atHour`, step.atHour, 0, 24 * 31);
      number(`arrivalsPerHour[${i}].perHour`, step.perHour, 0, MAX_RATE);
    });
    return;
  }
  const s = profile as SinusoidalArrivals;
  if (s.kind !== 'sinusoidal') fail('arrivalsPerHour.kind', "'sinusoidal'", s.kind);
  number('arrivalsPerHour.meanPerHour', s.meanPerHour, 0, MAX_RATE);
  number('arrivalsPerHour.amplitude', s.amplitude, 0, 1);
  positive('arrivalsPerHour.periodHours', s.periodHours, 24 * 31);
  number('arrivalsPerHour.phaseHours', s.phaseHours ?? 0, -24 * 31, 24 * 31);
}

/**
 * Named runs (`tsunagu simulate --scenario NAME`); options given next to it override the preset.
 * `fairness` is issue #5's proof run: a sustained peak at 125% of what the agents can answer,
 * patient callers, 30% taking the callback offer, so queues of tens of callers and waits of
 * minutes, where a wait estimate matters (docs/benchmarks.md).
 */
export const SIMULATION_SCENARIOS: Readonly<Record<string, SimulationConfig>> = {
  fairness: {
    durationHours: 8,
    drainHours: 2,
    agents: 25,
    arrivalsPerHour: 750,
    talkTime: { kind: 'exponential', meanSec: 150 },
    patienceSec: 900,
    callbackUptake: 0.3,
    queue: { callback: { enabled: true, mode: 'customer-first', minWaiting: 1 } },
  },
};

/** `over` on top of `base`: settings `over` leaves undefined keep the base's. */
export function overrideSimulationConfig(
  base: SimulationConfig,
  over: SimulationConfig,
): SimulationConfig {
  const defined = <T extends object>(o: T | undefined): Partial<T> =>
    Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
  const { queue: baseQueue, ...baseRest } = base;
  const { queue: overQueue, ...overRest } = over;
  return {
    ...baseRest,
    ...defined(overRest),
    queue: {
      ...baseQueue,
      ...defined(overQueue),
      callback: { ...baseQueue?.callback, ...defined(overQueue?.callback) },
    },
  };
}
