import type { AgentPhoneScript, PartyScript } from '@tsunagu/telephony';
import type { EngineInput, HandleResult, PromptId, QueueInput } from '@tsunagu/domain';
import { createVirtualCenter, type VirtualCenter } from '../../src/runtime/virtual-center.js';
import {
  BAD_NUMBERS,
  POOL_SIZE,
  otherNumber,
  ownNumber,
  type RandomCaller,
  type RandomQueue,
  type RandomScenario,
} from './random-scenario.js';

/**
 * Plays a random scenario on the virtual center: configuration, callers, phones, agents' own
 * actions, then a drain (all agents ready, phones answering) long enough that everything ends.
 */
export const CENTER_ID = 'tokyo';
export const CALLER_ID = '0312345678';
export const DRAIN_MS = 6 * 3_600_000;
const DRAIN_TICK_MS = 60_000;

export const randomAgentId = (i: number): string => `agent-${i}`;
export const randomQueueId = (i: number): string => `q${i}`;
export const randomQueueNumber = (i: number): string => `031234567${i}`;

export interface ScenarioRun {
  readonly vc: VirtualCenter;
  readonly scenario: RandomScenario;
  readonly agentIds: readonly string[];
  readonly queueInputs: readonly QueueInput[];
  readonly start: number;
  /** Submits an input as the API would, returning the engine's answer. */
  submit(input: EngineInput): HandleResult | undefined;
  /** Runs the scenario and its drain to the end. */
  run(): void;
}

function queueInput(i: number, q: RandomQueue): QueueInput {
  const fallback =
    q.fallback === 'other-queue'
      ? i > 0
        ? { kind: 'queue' as const, queueId: randomQueueId(0) }
        : { kind: 'voicemail' as const }
      : q.fallback === 'external'
        ? { kind: 'external' as const, number: '0698765432' }
        : { kind: q.fallback };
  return {
    id: randomQueueId(i),
    centerId: CENTER_ID,
    name: `Queue ${i}`,
    numbers: [randomQueueNumber(i)],
    strategy: q.strategy,
    members: q.members.map(randomAgentId),
    requiredSkills: [],
    ringTimeoutSec: q.ringTimeoutSec,
    ringTimeoutPolicy: q.ringTimeoutPolicy,
    wrapUpSec: q.wrapUpSec,
    afterCallStatus: q.afterCallStatus,
    maxWaitSec: q.maxWaitSec,
    maxSize: q.maxSize,
    queueWhenBusy: q.queueWhenBusy,
    announceIntervalSec: q.announceIntervalSec,
    voicemailKey: q.voicemailKey,
    fallback,
    callerId: CALLER_ID,
    callback: {
      enabled: q.callback.enabled,
      mode: q.callback.mode,
      key: q.callback.key,
      minWaiting: q.callback.minWaiting,
      retry: { maxAttempts: q.callback.maxAttempts, intervalSec: q.callback.intervalSec },
      dialTimeoutSec: q.callback.dialTimeoutSec,
    },
  };
}

function callerScript(sc: RandomScenario, c: RandomCaller): PartyScript {
  const key = sc.queues[c.queue]!.callback.key;
  const asks: Partial<Record<PromptId, string>> = { 'queue.callback-offer': key };
  const onPrompt: Partial<Record<PromptId, string>> =
    c.intent === 'callback'
      ? { ...asks, 'callback.confirm-menu': '1' }
      : c.intent === 'callback-other-number'
        ? {
            ...asks,
            'callback.confirm-menu': '2',
            'callback.enter-number': `${otherNumber(c.otherNumber)}#`,
          }
        : c.intent === 'callback-bad-number'
          ? {
              ...asks,
              'callback.confirm-menu': '2',
              'callback.enter-number': `${BAD_NUMBERS[c.otherNumber % 2]}#`,
            }
          : c.intent === 'voicemail'
            ? { 'queue.voicemail-offer': '9', 'voicemail.greeting': '#' }
            : {};
  return { patienceMs: c.patienceMs, talkMs: c.talkMs, onPrompt };
}

/** Pool index of a dialled callback number (E.164 or national), own numbers first. */
function customerIndex(number: string): number {
  const national = number.startsWith('+81') ? `0${number.slice(3)}` : number;
  for (let i = 0; i < POOL_SIZE; i += 1) {
    if (ownNumber(i) === national) return i;
    if (otherNumber(i) === national) return POOL_SIZE + i;
  }
  return 0;
}

export function prepareScenario(sc: RandomScenario): ScenarioRun {
  let draining = false;
  const dials = new Map<string, number>();
  const next = <T>(key: string, list: readonly T[]): T => {
    const n = dials.get(key) ?? 0;
    dials.set(key, n + 1);
    return list[n % list.length]!;
  };
  const agentPhone = (agentId: string): AgentPhoneScript => {
    if (draining) return { response: 'answer', answerAfterMs: 1_000, talkMs: Infinity };
    const r = next(`agent:${agentId}`, sc.agentPhones[Number(agentId.slice('agent-'.length))]!);
    if (r.kind === 'answer')
      return { response: 'answer', answerAfterMs: r.afterMs, talkMs: r.talkMs ?? Infinity };
    return { response: r.kind, answerAfterMs: 0, talkMs: Infinity };
  };
  const customerPhone = (number: string): PartyScript => {
    const r = next(`customer:${number}`, sc.customers[customerIndex(number)]!);
    if (r.kind !== 'answer') return { response: r.kind, patienceMs: Infinity, talkMs: 60_000 };
    return {
      response: 'answer',
      answerAfterMs: r.afterMs,
      patienceMs: r.patienceMs,
      talkMs: r.talkMs,
      onPrompt: r.press === '' ? {} : { 'callback.greeting': r.press },
    };
  };

  const vc = createVirtualCenter({ telephony: { agentPhone, customerPhone } });
  const { runner, scheduler, telephony } = vc;
  const state = runner.state;
  const start = scheduler.now();
  const agentIds = Array.from({ length: sc.agentCount }, (_, i) => randomAgentId(i));
  const queueInputs = sc.queues.map((q, i) => queueInput(i, q));
  const submit = (input: EngineInput) => runner.submit(input);
  const must = (input: EngineInput) => {
    const error = submit(input)?.error;
    if (error)
      throw new Error(`scenario setup refused: ${error.code} ${JSON.stringify(error.details)}`);
  };

  must({
    type: 'center.upsert',
    center: {
      id: CENTER_ID,
      name: 'Random center',
      country: 'JP',
      timeZone: 'Asia/Tokyo',
      businessHours: { alwaysOpen: true, weekly: [], closedDates: [] },
      callerIds: [{ number: CALLER_ID }, { number: '0698765432' }],
    },
  });
  for (const id of agentIds)
    must({ type: 'agent.upsert', agent: { id, centerId: CENTER_ID, name: id } });
  for (const q of queueInputs) must({ type: 'queue.upsert', queue: q });

  for (const c of sc.callers) {
    scheduler.at(start + c.atMs, () => {
      telephony.placeCall(ownNumber(c.number), randomQueueNumber(c.queue), callerScript(sc, c));
    });
  }
  for (const a of sc.agentActions) {
    const agentId = randomAgentId(a.agent);
    scheduler.at(start + a.atMs, () => {
      if (a.kind === 'status')
        return void submit({ type: 'agent.set-status', agentId, status: a.status });
      if (a.kind === 'end-wrap-up') return void submit({ type: 'wrap-up.end', agentId });
      const callId = state.agents.get(agentId)?.callId;
      const call = callId ? state.calls.get(callId) : undefined;
      if (!callId || !call) return;
      if (a.kind === 'hangup') submit({ type: 'call.hangup', agentId, callId });
      else if (call.state === 'talking') submit({ type: 'call.hold', agentId, callId });
      else if (call.state === 'held') submit({ type: 'call.resume', agentId, callId });
    });
  }
  const callbackEnabled = queueInputs.map((q) => q.callback?.enabled ?? false);
  for (const a of sc.adminActions) {
    scheduler.at(start + a.atMs, () => {
      if (a.kind === 'cancel-callback') {
        const open = [...state.callbacks.keys()];
        if (open.length > 0)
          submit({ type: 'callback.cancel', callbackId: open[a.pick % open.length]! });
        return;
      }
      // QCB-13: switching the feature off keeps the requests already made.
      callbackEnabled[a.queue] = !callbackEnabled[a.queue];
      const q = queueInputs[a.queue]!;
      submit({
        type: 'queue.upsert',
        queue: { ...q, callback: { ...q.callback, enabled: callbackEnabled[a.queue] } },
      });
    });
  }

  const end = start + sc.horizonMs + DRAIN_MS;
  const drainTick = (): void => {
    for (const agent of state.agents.values()) {
      if (agent.presence !== 'available' && agent.callId === null && agent.offerId === null) {
        submit({ type: 'agent.set-status', agentId: agent.id, status: 'available' });
      }
    }
    const busy =
      state.calls.size + state.callbacks.size + state.entries.size + state.offers.size > 0;
    // A caller placed at the very end of the horizon reaches the engine just after this tick.
    const settling = scheduler.now() < start + sc.horizonMs + 2 * DRAIN_TICK_MS;
    if ((busy || settling) && scheduler.now() + DRAIN_TICK_MS < end)
      scheduler.after(DRAIN_TICK_MS, drainTick);
  };
  scheduler.at(start + sc.horizonMs, () => {
    draining = true;
    drainTick();
  });

  return {
    vc,
    scenario: sc,
    agentIds,
    queueInputs,
    start,
    submit,
    run: () => scheduler.runUntil(end),
  };
}
