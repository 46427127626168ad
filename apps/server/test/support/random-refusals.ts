import fc from 'fast-check';
import type { Agent, EngineInput, EngineState, ErrorCode, QueueInput } from '@tsunagu/domain';
import { CALLER_ID, CENTER_ID, randomQueueNumber } from './random-driver.js';

/**
 * Inputs the engine must refuse, made to fit the moment: each names the one thing wrong with it
 * and the code it must be refused with. A template that does not apply now gives null.
 */
export interface Refusal {
  readonly atMs: number;
  readonly template: number;
  readonly pick: number;
}

export interface RefusedInput {
  readonly input: EngineInput;
  readonly code: ErrorCode;
  readonly what: string;
}

interface Moment {
  readonly state: EngineState;
  readonly queues: readonly QueueInput[];
  readonly pick: number;
}

const choose = <T>(items: readonly T[], pick: number): T | undefined =>
  items.length === 0 ? undefined : items[pick % items.length];

const queueWith = (
  m: Moment,
  change: Record<string, unknown>,
  code: ErrorCode,
  what: string,
): RefusedInput => {
  const q = choose(m.queues, m.pick)!;
  return { input: { type: 'queue.upsert', queue: { ...q, ...change } as QueueInput }, code, what };
};

const agents = (m: Moment) => [...m.state.agents.values()];

const TEMPLATES: readonly ((m: Moment) => RefusedInput | null)[] = [
  (m) => {
    const q = choose(m.queues, m.pick)!;
    const callback = { ...q.callback, enabled: m.pick % 2 === 0, key: '9' as const };
    return queueWith(
      m,
      { voicemailKey: '9', callback },
      'CC_ERR_KEY_CLASH',
      'callback key = voicemail key',
    );
  },
  (m) => {
    const q = choose(m.queues, m.pick)!;
    const members = [...(q.members ?? []), 'ghost-agent'];
    return queueWith(m, { members }, 'CC_ERR_REFERENCE_INVALID', 'unknown member');
  },
  (m) =>
    queueWith(m, { maxWaitSec: -1 - (m.pick % 100) }, 'CC_ERR_VALIDATION', 'negative max wait'),
  (m) => queueWith(m, { wrapUpSec: -1 - (m.pick % 30) }, 'CC_ERR_VALIDATION', 'negative wrap-up'),
  (m) =>
    queueWith(m, { ringTimeoutSec: m.pick % 5 }, 'CC_ERR_VALIDATION', 'ring timeout under 5 s'),
  (m) => {
    const q = choose(m.queues, m.pick)!;
    return queueWith(
      m,
      { callback: { ...q.callback, key: 'x' } },
      'CC_ERR_VALIDATION',
      'key is not a digit',
    );
  },
  (m) => queueWith(m, { centerId: 'osaka' }, 'CC_ERR_REFERENCE_INVALID', 'unknown center'),
  (m) =>
    queueWith(
      m,
      { fallback: { kind: 'queue', queueId: 'nowhere' } },
      'CC_ERR_REFERENCE_INVALID',
      'fallback to unknown queue',
    ),
  (m) => {
    if (m.queues.length < 2) return null;
    const numbers = [randomQueueNumber(1 - (m.pick % 2))];
    const q = m.queues[m.pick % 2]!;
    return {
      input: { type: 'queue.upsert', queue: { ...q, numbers } },
      code: 'CC_ERR_VALIDATION',
      what: 'number of another queue',
    };
  },
  (m) => ({
    input: { type: 'agent.upsert', agent: { id: `agent-${m.pick}`, centerId: 'osaka', name: 'x' } },
    code: 'CC_ERR_REFERENCE_INVALID',
    what: 'agent in unknown center',
  }),
  (m) => ({
    input: {
      type: 'agent.upsert',
      agent: { id: `agent-${m.pick % 6}`, centerId: CENTER_ID, name: '' },
    },
    code: 'CC_ERR_VALIDATION',
    what: 'agent without a name',
  }),
  () => ({
    input: {
      type: 'center.upsert',
      center: { id: CENTER_ID, name: 'x', country: 'JP', timeZone: 'Mars/Olympus' },
    },
    code: 'CC_ERR_VALIDATION',
    what: 'unknown time zone',
  }),
  () => ({
    input: { type: 'agent.set-status', agentId: 'nobody', status: 'available' },
    code: 'CC_ERR_AGENT_NOT_FOUND',
    what: 'status of unknown agent',
  }),
  (m) => {
    const a = choose(
      agents(m).filter((x) => x.callId !== null || x.offerId !== null),
      m.pick,
    );
    if (!a) return null;
    const status = choose(
      ['available', 'busy', 'break', 'off-duty', 'logged-out'] as const,
      m.pick,
    )!;
    return {
      input: { type: 'agent.set-status', agentId: a.id, status },
      code: 'CC_ERR_AGENT_BUSY',
      what: 'status change on a call',
    };
  },
  (m) => {
    const a = choose(agents(m), m.pick)!;
    const input = {
      type: 'agent.set-status',
      agentId: a.id,
      status: 'on-call',
    } as unknown as EngineInput;
    return { input, code: 'CC_ERR_VALIDATION', what: 'engine-only status' };
  },
  (m) => {
    const a = choose(agents(m), m.pick)!;
    return {
      input: { type: 'offer.reject', agentId: a.id, offerId: 'offer-zz' },
      code: 'CC_ERR_OFFER_NOT_FOUND',
      what: 'reject unknown offer',
    };
  },
  (m) => {
    const offer = choose([...m.state.offers.values()], m.pick);
    const other =
      offer &&
      choose(
        agents(m).filter((a) => a.id !== offer.agentId),
        m.pick,
      );
    if (!offer || !other) return null;
    return {
      input: { type: 'offer.answer', agentId: other.id, offerId: offer.id },
      code: 'CC_ERR_OFFER_NOT_FOUND',
      what: "answer another agent's offer",
    };
  },
  (m) => {
    const a = choose(
      agents(m).filter((x) => x.presence !== 'wrap-up'),
      m.pick,
    );
    if (!a) return null;
    return {
      input: { type: 'wrap-up.end', agentId: a.id },
      code: 'CC_ERR_NOT_IN_WRAP_UP',
      what: 'end wrap-up not in wrap-up',
    };
  },
  () => ({
    input: { type: 'callback.cancel', callbackId: 'cb-zz' },
    code: 'CC_ERR_CALLBACK_NOT_FOUND',
    what: 'cancel unknown callback',
  }),
  (m) => {
    const busy = ['offering-agent', 'dialing-customer', 'awaiting-confirmation', 'waiting-agent'];
    const cb = choose(
      [...m.state.callbacks.values()].filter((c) => busy.includes(c.state)),
      m.pick,
    );
    if (!cb) return null;
    return {
      input: { type: 'callback.cancel', callbackId: cb.id },
      code: 'CC_ERR_CALLBACK_CLOSED',
      what: 'cancel in progress',
    };
  },
  (m) => {
    const call = choose([...m.state.calls.values()], m.pick);
    const a =
      call &&
      choose(
        agents(m).filter((x) => x.callId !== call.id),
        m.pick,
      );
    if (!call || !a) return null;
    return {
      input: { type: 'call.hold', agentId: a.id, callId: call.id },
      code: 'CC_ERR_AGENT_NOT_ON_CALL',
      what: "hold someone else's call",
    };
  },
  (m) => {
    const a = choose(agents(m), m.pick)!;
    return {
      input: { type: 'call.hangup', agentId: a.id, callId: 'call-zz' },
      code: 'CC_ERR_CALL_NOT_FOUND',
      what: 'hang up unknown call',
    };
  },
  (m) => {
    const a = choose(agents(m).filter(isIdle), m.pick);
    if (!a) return null;
    return {
      input: { type: 'agent.dial', agentId: a.id, to: '09012345678', callerId: '0399999999' },
      code: 'CC_ERR_CALLER_ID_NOT_ALLOWED',
      what: 'dial with a foreign caller ID',
    };
  },
  (m) => {
    const a = choose(agents(m).filter(isIdle), m.pick);
    if (!a) return null;
    return {
      input: { type: 'agent.dial', agentId: a.id, to: '+14155550123', callerId: CALLER_ID },
      code: 'CC_ERR_NUMBER_NOT_DOMESTIC',
      what: 'dial abroad',
    };
  },
  (m) => {
    const a = choose(
      agents(m).filter((x) => x.presence === 'logged-out'),
      m.pick,
    );
    if (!a) return null;
    return {
      input: { type: 'agent.dial', agentId: a.id, to: '09012345678', callerId: CALLER_ID },
      code: 'CC_ERR_AGENT_LOGGED_OUT',
      what: 'dial while logged out',
    };
  },
  (m) => {
    const a = choose(
      agents(m).filter((x) => x.callId !== null || x.lastCallId !== null),
      m.pick,
    );
    if (!a) return null;
    const callId = (a.callId ?? a.lastCallId)!;
    return {
      input: { type: 'call.set-disposition', agentId: a.id, callId, dispositionId: 'no-such-type' },
      code: 'CC_ERR_DISPOSITION_UNKNOWN',
      what: 'unknown disposition',
    };
  },
  () => ({
    input: { type: 'agent.teleport' } as unknown as EngineInput,
    code: 'CC_ERR_VALIDATION',
    what: 'unknown input',
  }),
];

function isIdle(a: Agent): boolean {
  return (
    a.presence !== 'logged-out' &&
    a.presence !== 'wrap-up' &&
    a.callId === null &&
    a.offerId === null &&
    a.reservedFor === null
  );
}

export const TEMPLATE_COUNT = TEMPLATES.length;

/** The refused input for this moment, or null when the template does not apply now. */
export function refusalAt(
  state: EngineState,
  queues: readonly QueueInput[],
  r: Refusal,
): RefusedInput | null {
  return TEMPLATES[r.template % TEMPLATES.length]!({ state, queues, pick: r.pick });
}

export const refusalsArb = (horizonMs: number): fc.Arbitrary<Refusal[]> =>
  fc.array(
    fc.record({
      atMs: fc.integer({ min: 0, max: horizonMs }),
      template: fc.nat(TEMPLATES.length - 1),
      pick: fc.nat(1000),
    }),
    { minLength: 1, maxLength: 12, size: 'max' },
  );
