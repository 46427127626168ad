import {
  POOL_SIZE,
  propertyParams,
  type AgentReaction,
  type CustomerReaction,
  type RandomCaller,
  type RandomQueue,
  type RandomScenario,
} from './random-scenario.js';

/**
 * Scenarios the random search once found breaking a property, shrunk and kept so that the
 * fixed bugs stay fixed whatever the seed: each property runs them before its random runs.
 */
type QueueOverrides = Partial<Omit<RandomQueue, 'callback'>> & {
  callback?: Partial<RandomQueue['callback']>;
};

const queue = (over: QueueOverrides): RandomQueue => ({
  strategy: 'ordered',
  members: [0],
  ringTimeoutSec: 5,
  ringTimeoutPolicy: 'agent-off-duty',
  wrapUpSec: 0,
  afterCallStatus: 'available',
  maxWaitSec: 60,
  maxSize: 2,
  queueWhenBusy: true,
  announceIntervalSec: 10,
  voicemailKey: '9',
  fallback: 'voicemail',
  ...over,
  callback: {
    enabled: true,
    mode: 'customer-first',
    key: '1',
    minWaiting: 1,
    maxAttempts: 0,
    intervalSec: 10,
    dialTimeoutSec: 5,
    ...over.callback,
  },
});

const answer = (afterMs: number): AgentReaction => ({ kind: 'answer', afterMs, talkMs: null });
const pressOne = (afterMs: number, patienceMs = 5_000): CustomerReaction => ({
  kind: 'answer',
  afterMs,
  press: '1',
  patienceMs,
  talkMs: 2_000,
});

/** Customers by number (own numbers first): everyone answers and presses 1 unless told. */
function customers(overrides: Record<number, CustomerReaction[]>): CustomerReaction[][] {
  return Array.from({ length: 2 * POOL_SIZE }, (_, i) => overrides[i] ?? [pressOne(500)]);
}

const asksCallback = (atMs: number, number: number, patienceMs = 9_001): RandomCaller => ({
  atMs,
  queue: 0,
  number,
  otherNumber: 0,
  patienceMs,
  talkMs: 2_000,
  intent: 'callback',
});

/**
 * QCB-05 / HQ-01: an older request came back from its retry wait while the customer of a younger
 * one, who had pressed 1, waited with the agent held for them; the agent sat idle.
 */
export const RESERVED_AGENT_LEFT_IDLE: RandomScenario = {
  agentCount: 1,
  horizonMs: 240_000,
  queues: [queue({ maxWaitSec: 64, callback: { maxAttempts: 1, dialTimeoutSec: 10 } })],
  agentPhones: [[answer(8_000)]],
  customers: customers({ 3: [{ kind: 'unreachable' }], 2: [pressOne(9_000)] }),
  callers: [asksCallback(186_501, 3), asksCallback(186_501, 2)],
  agentActions: [],
  adminActions: [],
};

/** QCB-14: a request cancelled in its retry wait, after one unanswered dial, ended "no callback". */
export const CANCELLED_AFTER_A_DIAL: RandomScenario = {
  agentCount: 2,
  horizonMs: 1_440_000,
  queues: [queue({ members: [0, 1], maxSize: 1, callback: { maxAttempts: 1 } })],
  agentPhones: [[answer(7_188)], [answer(8_000)]],
  customers: customers({ 0: [{ kind: 'busy' }] }),
  callers: [asksCallback(0, 0)],
  agentActions: [{ atMs: 4_001, agent: 0, kind: 'status', status: 'available' }],
  adminActions: [{ atMs: 10_001, kind: 'cancel-callback', pick: 0 }],
};

/** QCB-06 / QCB-14: the agent hung up while the customer was dialled; the request never ended. */
export const AGENT_HUNG_UP_WHILE_DIALLING: RandomScenario = {
  agentCount: 1,
  horizonMs: 1_740_000,
  queues: [
    queue({ ringTimeoutPolicy: 'keep-ready', maxSize: 1, callback: { mode: 'agent-first' } }),
  ],
  agentPhones: [[answer(5_000), answer(8_000), answer(200)]],
  customers: customers({}),
  callers: [asksCallback(0, 0)],
  agentActions: [
    { atMs: 9_001, agent: 0, kind: 'status', status: 'available' },
    { atMs: 19_202, agent: 0, kind: 'hangup' },
  ],
  adminActions: [],
};

/** QCB-09: max wait passed while an agent-first request rang its agent; it then waited on. */
export const EXPIRED_WHILE_OFFERED: RandomScenario = {
  agentCount: 1,
  horizonMs: 360_000,
  queues: [queue({ maxSize: 1, callback: { mode: 'agent-first' } })],
  agentPhones: [[answer(8_000), answer(200)]],
  customers: customers({ 0: [{ kind: 'unreachable' }] }),
  callers: [asksCallback(0, 0)],
  agentActions: [
    { atMs: 55_000, agent: 0, kind: 'status', status: 'available' },
    { atMs: 60_001, agent: 0, kind: 'status', status: 'off-duty' },
  ],
  adminActions: [],
};

export const COUNTEREXAMPLES: readonly RandomScenario[] = [
  RESERVED_AGENT_LEFT_IDLE,
  CANCELLED_AFTER_A_DIAL,
  AGENT_HUNG_UP_WHILE_DIALLING,
  EXPIRED_WHILE_OFFERED,
];

/** fast-check parameters for a property over `scenarioArb()`: the kept scenarios run first. */
export function scenarioParams(numRuns: number): ReturnType<typeof propertyParams> & {
  examples: [RandomScenario][];
} {
  return { ...propertyParams(numRuns), examples: COUNTEREXAMPLES.map((s) => [s]) };
}
