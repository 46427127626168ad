import type { DomainEvent, OfferOrigin } from '@tsunagu/domain';
import type { AgentView } from '../../api/agents';

/** The offer ringing for this agent, as the offer.created event described it. */
export interface OfferShown {
  readonly offerId: string;
  readonly callId: string;
  readonly origin: OfferOrigin | null;
  readonly customerNumber: string | null;
  readonly queueId: string | null;
  readonly expiresAt: number | null;
}

export type Recording = 'off' | 'on' | 'paused';

export interface Consultation {
  readonly consultationId: string;
  readonly label: string;
  readonly answered: boolean;
  /** A cold transfer ringing its target, rather than a consultation. */
  readonly transfer: boolean;
}

/** The call the agent is on, with what the desktop learnt of it from the events. */
export interface CallShown {
  readonly callId: string;
  readonly customerNumber: string | null;
  readonly origin: OfferOrigin | 'outbound' | null;
  readonly queueId: string | null;
  readonly recording: Recording;
  readonly consultation: Consultation | null;
  readonly conference: boolean;
}

export interface DeskState {
  readonly agent: AgentView | null;
  readonly offer: OfferShown | null;
  readonly call: CallShown | null;
  readonly wrapUp: { readonly callId: string; readonly endsAt: number | null } | null;
  /** AGT-03: asked after a rejected or missed offer. */
  readonly offDutyPrompt: boolean;
  /** The queue of the latest assignment to this agent (queue.assigned comes before the offer). */
  readonly assignedQueueId: string | null;
  /** Something the agent should hear: the sounds of OUT-05. */
  readonly cue: { readonly kind: Cue; readonly seq: number } | null;
}

export type Cue = 'offered' | 'held' | 'answered' | 'ended';

export const emptyDesk: DeskState = {
  agent: null,
  offer: null,
  call: null,
  wrapUp: null,
  offDutyPrompt: false,
  assignedQueueId: null,
  cue: null,
};

export type DeskAction =
  | { readonly type: 'loaded'; readonly agent: AgentView }
  | { readonly type: 'event'; readonly event: DomainEvent; readonly at: string }
  | { readonly type: 'dismiss-prompt' }
  /** The agent dialled `number` (AGT-05): the answer named the call. */
  | { readonly type: 'dialled'; readonly agent: AgentView; readonly number: string };

const IN_CALL = new Set<string>(['on-call', 'on-hold', 'consulting', 'dialing']);

const cue = (s: DeskState, kind: Cue): DeskState['cue'] => ({ kind, seq: (s.cue?.seq ?? 0) + 1 });

function withAgent(s: DeskState, agent: AgentView): DeskState {
  // An answer that left the server before an event we already applied is older news.
  if (s.agent && s.agent.id === agent.id && Date.parse(agent.since) < Date.parse(s.agent.since))
    return s;
  const offer =
    agent.offerId === null
      ? null
      : s.offer?.offerId === agent.offerId
        ? s.offer
        : {
            offerId: agent.offerId,
            callId: agent.callId ?? '',
            origin: null,
            customerNumber: null,
            queueId: null,
            expiresAt: null,
          };
  const answered = s.offer?.callId === agent.callId ? s.offer : null;
  const call =
    agent.callId === null || agent.offerId !== null
      ? null
      : s.call?.callId === agent.callId
        ? s.call
        : s.call
          ? // The customer moved to a new call record (a transfer put through): same person.
            { ...s.call, callId: agent.callId, consultation: null, conference: false }
          : {
              callId: agent.callId,
              // Answered: the offer (cleared just below) knew who it was.
              customerNumber: answered?.customerNumber ?? null,
              origin: answered?.origin ?? null,
              queueId: answered?.queueId ?? null,
              recording: 'off' as const,
              consultation: null,
              conference: false,
            };
  const wrapUp =
    agent.presence === 'wrap-up'
      ? (s.wrapUp ?? { callId: agent.lastCallId ?? '', endsAt: null })
      : null;
  return { ...s, agent, offer, call, wrapUp };
}

function onCall(s: DeskState, callId: string, change: (c: CallShown) => CallShown): DeskState {
  return s.call?.callId === callId ? { ...s, call: change(s.call) } : s;
}

/**
 * The desktop's state: the agent as the API answered, then moved on by the agent's own events
 * (the stream sends an agent only their own calls and offers, SUP-02).
 */
export function deskReducer(s: DeskState, action: DeskAction): DeskState {
  if (action.type === 'loaded') return withAgent(s, action.agent);
  if (action.type === 'dismiss-prompt') return { ...s, offDutyPrompt: false };
  if (action.type === 'dialled') {
    const next = withAgent(s, action.agent);
    return next.call && next.call.customerNumber === null
      ? { ...next, call: { ...next.call, customerNumber: action.number, origin: 'outbound' } }
      : next;
  }
  const e = action.event;
  const me = s.agent?.id;
  if (e.type === 'call.created') {
    // The stream sends an agent only their own calls: this is the one they dialled (AGT-05).
    if (e.kind !== 'outbound' || s.offer) return s;
    const base = s.call?.callId === e.callId ? s.call : null;
    return {
      ...s,
      call: {
        callId: e.callId,
        queueId: e.queueId,
        recording: 'off',
        consultation: null,
        conference: false,
        ...base,
        customerNumber: e.customerNumber,
        origin: 'outbound',
      },
    };
  }
  if (!me || !('agentId' in e) || e.agentId !== me) return s;
  switch (e.type) {
    case 'agent.status-changed': {
      const agent = { ...s.agent!, presence: e.to, reason: e.reason, since: action.at };
      const next = { ...s, agent };
      if (e.to === 'on-call' && (e.from === 'ringing' || e.from === 'dialing'))
        return { ...next, cue: cue(s, 'answered') };
      if (e.to === 'on-hold') return { ...next, cue: cue(s, 'held') };
      if (IN_CALL.has(e.from) && !IN_CALL.has(e.to))
        return { ...next, call: null, cue: cue(s, 'ended') };
      return next;
    }
    case 'queue.assigned':
      return { ...s, assignedQueueId: e.queueId };
    case 'offer.created':
      return {
        ...s,
        offDutyPrompt: false,
        offer: {
          offerId: e.offerId,
          callId: e.callId,
          origin: e.origin,
          customerNumber: e.customerNumber,
          queueId: e.entryId === null ? null : s.assignedQueueId,
          expiresAt: e.expiresAt,
        },
        cue: cue(s, 'offered'),
      };
    case 'offer.accepted': {
      const o = s.offer?.offerId === e.offerId ? s.offer : null;
      // The API's answer may have moved the desk onto the call already.
      if (!o && s.call?.callId === e.callId) return s;
      return {
        ...s,
        offer: null,
        call: {
          callId: e.callId,
          customerNumber: o?.customerNumber ?? null,
          origin: o?.origin ?? null,
          queueId: o?.queueId ?? null,
          recording: 'off',
          consultation: null,
          conference: false,
        },
      };
    }
    case 'offer.missed':
    case 'offer.withdrawn':
      return s.offer?.offerId === e.offerId ? { ...s, offer: null } : s;
    case 'agent.off-duty-prompt':
      return { ...s, offDutyPrompt: true };
    case 'agent.wrap-up-started':
      return { ...s, call: null, wrapUp: { callId: e.callId, endsAt: e.endsAt } };
    case 'agent.wrap-up-ended':
      return { ...s, wrapUp: null };
    case 'call.connected':
      if (s.call?.callId === e.callId) return s;
      return s.call
        ? {
            ...s,
            call: {
              ...s.call,
              callId: e.callId,
              queueId: e.queueId,
              consultation: null,
              conference: false,
            },
          }
        : {
            ...s,
            call: {
              callId: e.callId,
              customerNumber: null,
              origin: 'outbound',
              queueId: e.queueId,
              recording: 'off',
              consultation: null,
              conference: false,
            },
          };
    case 'call.recording-started':
      return onCall(s, e.callId, (c) => ({ ...c, recording: 'on' }));
    case 'call.recording-paused':
      return onCall(s, e.callId, (c) => ({ ...c, recording: 'paused' }));
    case 'call.recording-resumed':
      return onCall(s, e.callId, (c) => ({ ...c, recording: 'on' }));
    case 'call.consult-started':
    case 'call.transfer-started':
      return onCall(s, e.callId, (c) => ({
        ...c,
        consultation: {
          consultationId: e.consultationId,
          label: e.target.kind === 'agent' ? e.target.agentId : e.target.number,
          answered: false,
          transfer: e.type === 'call.transfer-started',
        },
      }));
    case 'call.consult-answered':
      return onCall(s, e.callId, (c) =>
        c.consultation ? { ...c, consultation: { ...c.consultation, answered: true } } : c,
      );
    case 'call.consult-refused':
    case 'call.consult-ended':
    case 'call.transfer-failed':
      return onCall(s, e.callId, (c) => ({ ...c, consultation: null, conference: false }));
    case 'call.conference-started':
      return onCall(s, e.callId, (c) => ({ ...c, conference: true }));
    default:
      return s;
  }
}
