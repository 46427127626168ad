import fc from 'fast-check';
import type { ManualPresence } from '@tsunagu/domain';

/**
 * Random small contact centers and what happens in them, for the property tests. Everything
 * is drawn from valid settings and every script is finite (finite patience and talk time), so
 * each scenario drains to an empty center once agents are ready again.
 *
 * Runs are reproducible: the seed is fixed unless TSUNAGU_PROPERTY_SEED is set, and a failure
 * prints the seed and path fast-check needs. For a longer bug hunt, raise the number of runs
 * (TSUNAGU_PROPERTY_RUNS_SCALE=10) and how crowded the centers get (TSUNAGU_PROPERTY_BUSY=4).
 */
export interface RandomQueue {
  readonly strategy: 'ordered' | 'longest-idle' | 'round-robin' | 'skills';
  readonly members: readonly number[];
  readonly ringTimeoutSec: number;
  readonly ringTimeoutPolicy: 'agent-off-duty' | 'keep-ready';
  readonly wrapUpSec: number;
  readonly afterCallStatus: 'available' | 'busy';
  readonly maxWaitSec: number;
  readonly maxSize: number;
  readonly queueWhenBusy: boolean;
  readonly announceIntervalSec: number;
  readonly voicemailKey: '9' | null;
  readonly fallback: 'voicemail' | 'hangup' | 'external' | 'other-queue';
  readonly callback: {
    readonly enabled: boolean;
    readonly mode: 'customer-first' | 'agent-first';
    readonly key: '1' | '2' | '3';
    readonly minWaiting: number;
    readonly maxAttempts: number;
    readonly intervalSec: number;
    readonly dialTimeoutSec: number;
  };
}

/** What an agent's phone does with one offer. */
export type AgentReaction =
  | { readonly kind: 'answer'; readonly afterMs: number; readonly talkMs: number | null }
  | { readonly kind: 'reject' }
  | { readonly kind: 'ignore' };

export type CallerIntent =
  'wait' | 'callback' | 'callback-other-number' | 'callback-bad-number' | 'voicemail';

export interface RandomCaller {
  readonly atMs: number;
  readonly queue: number;
  /** Index into the caller number pool; shared numbers exercise one-open-request (QCB-07). */
  readonly number: number;
  readonly otherNumber: number;
  readonly patienceMs: number;
  readonly talkMs: number;
  readonly intent: CallerIntent;
}

/** What a dialled customer does with one callback attempt. */
export type CustomerReaction =
  | {
      readonly kind: 'answer';
      readonly afterMs: number;
      readonly press: '1' | '2' | '';
      readonly patienceMs: number;
      readonly talkMs: number;
    }
  | { readonly kind: 'busy' }
  | { readonly kind: 'no-answer' }
  | { readonly kind: 'unreachable' };

export type AgentAction =
  | {
      readonly atMs: number;
      readonly agent: number;
      readonly kind: 'status';
      readonly status: ManualPresence;
    }
  | {
      readonly atMs: number;
      readonly agent: number;
      readonly kind: 'end-wrap-up' | 'hangup' | 'hold-toggle';
    };

export type AdminAction =
  | { readonly atMs: number; readonly kind: 'cancel-callback'; readonly pick: number }
  | { readonly atMs: number; readonly kind: 'toggle-callback'; readonly queue: number };

export interface RandomScenario {
  readonly agentCount: number;
  readonly queues: readonly RandomQueue[];
  /** Per agent, the reactions to successive offers (cycled). */
  readonly agentPhones: readonly (readonly AgentReaction[])[];
  /** Per number of the pool (own numbers, then other numbers), reactions to successive dials. */
  readonly customers: readonly (readonly CustomerReaction[])[];
  readonly callers: readonly RandomCaller[];
  readonly agentActions: readonly AgentAction[];
  readonly adminActions: readonly AdminAction[];
  /** How long callers keep arriving; the drain comes after. */
  readonly horizonMs: number;
}

export const POOL_SIZE = 8;
/** Valid Japanese mobile numbers: the callers' own (090) and the ones they type (080). */
export const ownNumber = (i: number): string => `0901000${String(i).padStart(4, '0')}`;
export const otherNumber = (i: number): string => `0801000${String(i).padStart(4, '0')}`;
/** A typed number that fails the number policy: too short, or foreign (QCB-03, QCB-11). */
export const BAD_NUMBERS = ['12345', '01014155550123'] as const;

const MINUTE = 60_000;

const queueArb = (agentCount: number): fc.Arbitrary<RandomQueue> =>
  fc.record({
    strategy: fc.constantFrom('ordered', 'longest-idle', 'round-robin', 'skills'),
    members: fc.shuffledSubarray(
      Array.from({ length: agentCount }, (_, i) => i),
      { minLength: 1 },
    ),
    ringTimeoutSec: fc.integer({ min: 5, max: 30 }),
    ringTimeoutPolicy: fc.constantFrom('agent-off-duty', 'keep-ready'),
    wrapUpSec: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 30 })),
    afterCallStatus: fc.constantFrom('available', 'busy'),
    maxWaitSec: fc.integer({ min: 60, max: 1200 }),
    maxSize: fc.integer({ min: 1, max: 20 }),
    queueWhenBusy: fc.oneof({ arbitrary: fc.constant(true), weight: 4 }, fc.constant(false)),
    announceIntervalSec: fc.integer({ min: 10, max: 120 }),
    voicemailKey: fc.constantFrom('9', null),
    fallback: fc.constantFrom('voicemail', 'hangup', 'external', 'other-queue'),
    callback: fc.record({
      enabled: fc.oneof({ arbitrary: fc.constant(true), weight: 3 }, fc.constant(false)),
      mode: fc.constantFrom('customer-first', 'agent-first'),
      key: fc.constantFrom('1', '2', '3'),
      minWaiting: fc.integer({ min: 1, max: 3 }),
      maxAttempts: fc.integer({ min: 0, max: 2 }),
      intervalSec: fc.integer({ min: 10, max: 180 }),
      dialTimeoutSec: fc.integer({ min: 5, max: 40 }),
    }),
  });

const agentReactionArb: fc.Arbitrary<AgentReaction> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant('answer' as const),
      // Some answers come after the ring timeout: the engine must have taken the offer back.
      afterMs: fc.oneof(
        { arbitrary: fc.integer({ min: 200, max: 8_000 }), weight: 4 },
        fc.integer({ min: 8_000, max: 35_000 }),
      ),
      talkMs: fc.option(fc.integer({ min: 2_000, max: 300_000 })),
    }),
    weight: 6,
  },
  { arbitrary: fc.constant({ kind: 'reject' as const }), weight: 1 },
  { arbitrary: fc.constant({ kind: 'ignore' as const }), weight: 1 },
);

const customerReactionArb: fc.Arbitrary<CustomerReaction> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant('answer' as const),
      afterMs: fc.integer({ min: 500, max: 45_000 }),
      press: fc.constantFrom('1', '1', '2', ''),
      patienceMs: fc.integer({ min: 5_000, max: 10 * MINUTE }),
      talkMs: fc.integer({ min: 2_000, max: 300_000 }),
    }),
    weight: 5,
  },
  { arbitrary: fc.constant({ kind: 'busy' as const }), weight: 1 },
  { arbitrary: fc.constant({ kind: 'no-answer' as const }), weight: 1 },
  { arbitrary: fc.constant({ kind: 'unreachable' as const }), weight: 1 },
);

const callerArb = (horizonMs: number, queueCount: number): fc.Arbitrary<RandomCaller> =>
  fc.record({
    atMs: fc.integer({ min: 0, max: horizonMs }),
    queue: fc.integer({ min: 0, max: queueCount - 1 }),
    number: fc.integer({ min: 0, max: POOL_SIZE - 1 }),
    otherNumber: fc.integer({ min: 0, max: POOL_SIZE - 1 }),
    patienceMs: fc.integer({ min: 3_000, max: 20 * MINUTE }),
    talkMs: fc.integer({ min: 2_000, max: 5 * MINUTE }),
    intent: fc.oneof(
      { arbitrary: fc.constant('wait' as const), weight: 4 },
      { arbitrary: fc.constant('callback' as const), weight: 3 },
      { arbitrary: fc.constant('callback-other-number' as const), weight: 1 },
      { arbitrary: fc.constant('callback-bad-number' as const), weight: 1 },
      { arbitrary: fc.constant('voicemail' as const), weight: 1 },
    ),
  });

const agentActionArb = (horizonMs: number, agentCount: number): fc.Arbitrary<AgentAction> =>
  fc.oneof(
    {
      arbitrary: fc.record({
        atMs: fc.integer({ min: 0, max: horizonMs }),
        agent: fc.integer({ min: 0, max: agentCount - 1 }),
        kind: fc.constant('status' as const),
        status: fc.constantFrom<ManualPresence>(
          'available',
          'available',
          'busy',
          'break',
          'off-duty',
          'logged-out',
        ),
      }),
      weight: 5,
    },
    {
      arbitrary: fc.record({
        atMs: fc.integer({ min: 0, max: horizonMs }),
        agent: fc.integer({ min: 0, max: agentCount - 1 }),
        kind: fc.constantFrom('end-wrap-up' as const, 'hangup' as const, 'hold-toggle' as const),
      }),
      weight: 2,
    },
  );

const adminActionArb = (horizonMs: number, queueCount: number): fc.Arbitrary<AdminAction> =>
  fc.oneof(
    fc.record({
      atMs: fc.integer({ min: 0, max: horizonMs }),
      kind: fc.constant('cancel-callback' as const),
      pick: fc.nat(10),
    }),
    fc.record({
      atMs: fc.integer({ min: 0, max: horizonMs }),
      kind: fc.constant('toggle-callback' as const),
      queue: fc.integer({ min: 0, max: queueCount - 1 }),
    }),
  );

export interface ScenarioSize {
  readonly maxCallers?: number;
  readonly maxHorizonMin?: number;
}

/** A random scenario: 1–6 agents, 1–2 queues, callers, phones and agents' own actions. */
export function scenarioArb(size: ScenarioSize = {}): fc.Arbitrary<RandomScenario> {
  // TSUNAGU_PROPERTY_BUSY scales how crowded scenarios get, for longer bug hunts.
  const busy = Number(process.env.TSUNAGU_PROPERTY_BUSY ?? 1);
  const maxCallers = Math.round((size.maxCallers ?? 24) * busy);
  const maxHorizonMin = Math.round((size.maxHorizonMin ?? 30) * Math.sqrt(busy));
  return fc
    .record({
      agentCount: fc.integer({ min: 1, max: 6 }),
      queueCount: fc.integer({ min: 1, max: 2 }),
      horizonMs: fc.integer({ min: 2, max: maxHorizonMin }).map((m) => m * MINUTE),
    })
    .chain(({ agentCount, queueCount, horizonMs }) =>
      fc.record({
        agentCount: fc.constant(agentCount),
        horizonMs: fc.constant(horizonMs),
        queues: fc.array(queueArb(agentCount), { minLength: queueCount, maxLength: queueCount }),
        agentPhones: fc.array(fc.array(agentReactionArb, { minLength: 1, maxLength: 6 }), {
          minLength: agentCount,
          maxLength: agentCount,
        }),
        customers: fc.array(fc.array(customerReactionArb, { minLength: 1, maxLength: 3 }), {
          minLength: 2 * POOL_SIZE,
          maxLength: 2 * POOL_SIZE,
        }),
        callers: fc.array(callerArb(horizonMs, queueCount), { maxLength: maxCallers, size: 'max' }),
        agentActions: fc.array(agentActionArb(horizonMs, agentCount), {
          maxLength: 12,
          size: 'max',
        }),
        adminActions: fc.array(adminActionArb(horizonMs, queueCount), { maxLength: 3 }),
      }),
    );
}

/**
 * fast-check parameters: a fixed seed unless TSUNAGU_PROPERTY_SEED is set, so a failure prints
 * a seed and path that replay it; TSUNAGU_PROPERTY_RUNS_SCALE multiplies the number of runs.
 */
export function propertyParams(numRuns: number): { seed: number; numRuns: number } {
  const seed = Number(process.env.TSUNAGU_PROPERTY_SEED ?? 20260105);
  const scale = Number(process.env.TSUNAGU_PROPERTY_RUNS_SCALE ?? 1);
  return { seed, numRuns: Math.max(1, Math.round(numRuns * scale)) };
}
