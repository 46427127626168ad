import type {
  Agent,
  AdminInput,
  AgentSettingsInput,
  CenterInput,
  DomainEventType,
  EngineInput,
  EventOf,
  HandleResult,
  ManualPresence,
  PromptId,
  QueueEntry,
  QueueInput,
  TelephonyCommand,
} from '@tsunagu/domain';
import type { AgentPhoneScript, PartyScript, VirtualLeg } from '@tsunagu/telephony';
import { DEFAULT_AGENT_PHONE, DEFAULT_CUSTOMER } from '@tsunagu/telephony';
import { createVirtualCenter, type VirtualCenter } from '../../src/runtime/virtual-center.js';
import {
  agentId,
  demoConfig,
  DEMO_QUEUE_ID,
  DEMO_QUEUE_NUMBER,
} from '../../src/runtime/demo-config.js';
import { holdingCaller } from './scenario-scripts.js';

/** Monday 2026-01-05 09:00 in Tokyo, the virtual center's default start. */
export const MONDAY_0900_JST = Date.UTC(2026, 0, 5, 0, 0);

/** An instant given as Tokyo wall-clock time (JST has no daylight saving). */
export function jst(y: number, mo: number, d: number, h: number, mi = 0): number {
  return Date.UTC(y, mo - 1, d, h - 9, mi);
}

export interface ScenarioOptions {
  readonly agentCount?: number;
  /** How many agents (first in order) start available; the rest stay logged out. Default: all. */
  readonly available?: number;
  readonly alwaysOpen?: boolean;
  readonly startAt?: number;
  readonly queue?: Partial<QueueInput>;
  readonly center?: Partial<CenterInput>;
  /** Per-agent overrides (skills, ...) by index, applied before the queue is created. */
  readonly agents?: readonly Partial<AgentSettingsInput>[];
  /** Extra queues created before the demo queue, so it can fall back to them. */
  readonly queuesBefore?: readonly QueueInput[];
}

/**
 * A virtual center built from the demo configuration, plus the small vocabulary scenario tests
 * speak: who is free, who calls, what was heard, which events and commands came out.
 */
export interface Scenario {
  readonly vc: VirtualCenter;
  readonly queueInput: QueueInput;
  /** Every telephony command the engine sent, in order (the virtual legs keep no redirect target). */
  readonly commands: TelephonyCommand[];
  /** Agent phone behaviour, read each time the phone is rung: change it mid-scenario. */
  readonly phones: Map<string, AgentPhoneScript>;
  /** Dialled customers' behaviour by national number ('090...'), read at each dial. */
  readonly customers: Map<string, PartyScript>;
  now(): number;
  run(ms: number): void;
  /** Runs in small steps until `done()` holds; throws after `maxMs` of virtual time instead of waiting on. */
  runUntil(done: () => boolean, maxMs?: number): void;
  submit(input: EngineInput): HandleResult;
  /** Submits and throws unless the engine accepted it. */
  ok(input: EngineInput): HandleResult;
  setStatus(agent: string, status: ManualPresence, reason?: string | null): HandleResult;
  updateQueue(patch: Partial<QueueInput>): HandleResult;
  /** A caller dials the demo queue (or `to`); returns the caller's leg id. */
  call(from: string, script?: PartyScript, to?: string): string;
  eventsOf<T extends DomainEventType>(type: T): EventOf<T>[];
  leg(id: string): VirtualLeg;
  /** Prompt ids played to a leg, in order. */
  prompts(legId: string): PromptId[];
  agent(id: string): Agent;
  /** The engine's call id for an inbound caller's leg. */
  callIdOf(legId: string): string;
  line(queueId?: string): QueueEntry[];
  /**
   * Puts each agent on a live call that never ends by itself; returns the callers' legs. Each
   * agent must be the first free one in routing order when its turn comes (it throws otherwise).
   */
  occupy(agents: readonly string[]): string[];
  /** The agent hangs up the call they are on. */
  hangUp(agent: string): void;
}

export function setup(options: ScenarioOptions = {}): Scenario {
  const agentCount = options.agentCount ?? 3;
  const phones = new Map<string, AgentPhoneScript>();
  const customers = new Map<string, PartyScript>();
  const vc = createVirtualCenter({
    startAt: options.startAt ?? MONDAY_0900_JST,
    telephony: {
      agentPhone: (id) => phones.get(id) ?? DEFAULT_AGENT_PHONE,
      customerPhone: (n) => customers.get(national(n)) ?? DEFAULT_CUSTOMER,
    },
  });
  const commands: TelephonyCommand[] = [];
  const execute = vc.telephony.execute.bind(vc.telephony);
  vc.telephony.execute = (c) => {
    commands.push(c);
    execute(c);
  };

  const config = demoConfig({
    agentCount,
    alwaysOpen: options.alwaysOpen ?? true,
    queue: options.queue,
    center: options.center,
  });
  const queueUpsert = config.pop() as Extract<AdminInput, { type: 'queue.upsert' }>;
  (options.agents ?? []).forEach((patch, i) => {
    const at = config.findIndex((c) => c.type === 'agent.upsert' && c.agent.id === agentId(i));
    const base = config[at] as Extract<AdminInput, { type: 'agent.upsert' }>;
    config[at] = { type: 'agent.upsert', agent: { ...base.agent, ...patch } };
  });
  for (const queue of options.queuesBefore ?? []) config.push({ type: 'queue.upsert', queue });
  config.push(queueUpsert);

  const submit = (input: EngineInput): HandleResult => {
    const result = vc.runner.submit(input);
    if (!result) throw new Error(`input ${input.type} was not handled synchronously`);
    return result;
  };
  const ok = (input: EngineInput): HandleResult => {
    const result = submit(input);
    if (result.error) throw new Error(`${input.type} refused: ${result.error.code}`);
    return result;
  };
  for (const input of config) ok(input);
  const available = options.available ?? agentCount;
  for (let i = 0; i < available; i += 1)
    ok({ type: 'agent.set-status', agentId: agentId(i), status: 'available' });

  const sc: Scenario = {
    vc,
    queueInput: queueUpsert.queue,
    commands,
    phones,
    customers,
    now: () => vc.scheduler.now(),
    run: (ms) => vc.scheduler.runUntil(vc.scheduler.now() + ms),
    runUntil(done, maxMs = 3_600_000) {
      const limit = vc.scheduler.now() + maxMs;
      while (!done()) {
        if (vc.scheduler.now() >= limit) throw new Error('runUntil: condition not reached');
        vc.scheduler.runUntil(vc.scheduler.now() + 100);
      }
    },
    submit,
    ok,
    setStatus: (agent, status, reason = null) =>
      submit({ type: 'agent.set-status', agentId: agent, status, reason }),
    updateQueue(patch) {
      const base = queueUpsert.queue;
      const callback = { ...base.callback, ...patch.callback };
      return submit({ type: 'queue.upsert', queue: { ...base, ...patch, callback } });
    },
    call: (from, script = holdingCaller(), to = DEMO_QUEUE_NUMBER) =>
      vc.telephony.placeCall(from, to, script),
    eventsOf: <T extends DomainEventType>(type: T) =>
      vc.events.filter((e): e is EventOf<T> => e.type === type),
    leg(id) {
      const leg = vc.telephony.legs.get(id);
      if (!leg) throw new Error(`no virtual leg ${id}`);
      return leg;
    },
    prompts: (legId) => sc.leg(legId).heard.flatMap((p) => (p.kind === 'prompt' ? [p.id] : [])),
    agent(id) {
      const agent = vc.runner.state.agents.get(id);
      if (!agent) throw new Error(`no agent ${id}`);
      return agent;
    },
    callIdOf(legId) {
      const leg = vc.runner.state.legs.get(legId);
      const created = vc.events.find(
        (e): e is EventOf<'leg.state-changed'> =>
          e.type === 'leg.state-changed' && e.legId === legId,
      );
      const callId = leg?.callId ?? created?.callId;
      if (!callId) throw new Error(`no call for leg ${legId}`);
      return callId;
    },
    line: (queueId = DEMO_QUEUE_ID) => [...(vc.runner.state.lines.get(queueId) ?? [])],
    occupy(agents) {
      const legs: string[] = [];
      agents.forEach((id, i) => {
        if (sc.agent(id).presence !== 'available')
          sc.ok({ type: 'agent.set-status', agentId: id, status: 'available' });
        legs.push(
          sc.call(`0901000${String(1000 + i).slice(-4)}`, {
            patienceMs: Infinity,
            talkMs: Infinity,
          }),
        );
        sc.runUntil(() => sc.agent(id).presence === 'on-call', 60_000);
      });
      return legs;
    },
    hangUp(agent) {
      const callId = sc.agent(agent).callId;
      if (callId === null) throw new Error(`${agent} is on no call`);
      sc.ok({ type: 'call.hangup', agentId: agent, callId });
    },
  };
  return sc;
}

/** '+819011112222' → '09011112222', so tests name customers the way they typed them. */
export function national(n: string): string {
  return n.startsWith('+81') ? `0${n.slice(3)}` : n;
}

/** Events of one type concerning one call. */
export function forCall<T extends { callId: string | null }>(
  events: readonly T[],
  callId: string,
): T[] {
  return events.filter((e) => e.callId === callId);
}
