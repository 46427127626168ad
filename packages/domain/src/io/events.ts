import type { AgentPresence } from '../machines/agent-presence.js';
import type { CallState } from '../machines/call-machine.js';
import type { LegState } from '../machines/leg-machine.js';
import type { CallbackOutcome, CallbackState } from '../machines/callback-machine.js';
import type { CallEndReason, CallKind, LegRole } from '../model/call.js';
import type { CallbackEndReason } from '../model/callback.js';
import type { OfferOrigin } from '../model/offer.js';
import type {
  ConsultEndReason,
  ConsultRefusal,
  ConsultTarget,
  TransferHow,
  TransferTarget,
} from '../model/consultation.js';

/**
 * Domain events: every state change, appended in the same transaction as the state it
 * changes (DESIGN.md "Durability"), broadcast live, and the raw material of every report.
 */
export type QueueLeaveReason =
  | 'answered'
  | 'abandoned'
  | 'callback-requested'
  | 'callback-completed'
  | 'voicemail'
  | 'max-wait'
  | 'after-hours'
  | 'scheduled';

export type DomainEvent = { readonly at: number } & (
  | { readonly type: 'config.center-changed'; readonly centerId: string }
  | { readonly type: 'config.queue-changed'; readonly queueId: string }
  | { readonly type: 'config.agent-changed'; readonly agentId: string }
  | {
      readonly type: 'call.created';
      readonly callId: string;
      readonly kind: CallKind;
      readonly centerId: string;
      readonly customerNumber: string;
      readonly ourNumber: string;
      readonly queueId: string | null;
      readonly callbackId: string | null;
    }
  | {
      readonly type: 'call.state-changed';
      readonly callId: string;
      readonly from: CallState;
      readonly to: CallState;
    }
  | {
      readonly type: 'call.ended';
      readonly callId: string;
      readonly kind: CallKind;
      readonly reason: CallEndReason;
      readonly agentId: string | null;
      readonly queueId: string | null;
    }
  | {
      readonly type: 'leg.state-changed';
      readonly legId: string;
      readonly callId: string;
      readonly role: LegRole;
      readonly from: LegState | null;
      readonly to: LegState;
    }
  | {
      readonly type: 'queue.joined';
      readonly queueId: string;
      readonly entryId: string;
      readonly callId: string | null;
      readonly callbackId: string | null;
      readonly firstJoinedAt: number;
      readonly position: number;
      readonly estimatedWaitMs: number | null;
    }
  | {
      readonly type: 'queue.entered-hold';
      readonly queueId: string;
      readonly entryId: string;
      readonly callId: string;
    }
  | {
      readonly type: 'queue.left';
      readonly queueId: string;
      readonly entryId: string;
      readonly reason: QueueLeaveReason;
      readonly firstJoinedAt: number;
      readonly waitMs: number;
      readonly wasCallback: boolean;
    }
  | {
      readonly type: 'queue.announced';
      readonly queueId: string;
      readonly entryId: string;
      readonly callId: string;
      readonly position: number;
      readonly estimatedWaitMs: number | null;
      readonly callbackOffered: boolean;
    }
  | {
      /** Work handed to an agent: an offer, or a customer-first callback released against one. */
      readonly type: 'queue.assigned';
      readonly queueId: string;
      readonly entryId: string;
      readonly agentId: string;
      readonly firstJoinedAt: number;
      readonly mode: 'offer' | 'callback-release';
    }
  | {
      readonly type: 'offer.created';
      readonly offerId: string;
      /** Null for a transfer offer (origin 'transfer'): it comes from an agent, not a queue. */
      readonly entryId: string | null;
      readonly agentId: string;
      readonly callId: string;
      readonly origin: OfferOrigin;
      readonly customerNumber: string;
      readonly expiresAt: number;
    }
  | {
      readonly type: 'offer.accepted';
      readonly offerId: string;
      readonly agentId: string;
      readonly callId: string;
    }
  | {
      readonly type: 'offer.missed';
      readonly offerId: string;
      readonly agentId: string;
      readonly callId: string;
      readonly reason: 'rejected' | 'timeout' | 'failed';
    }
  | {
      readonly type: 'offer.withdrawn';
      readonly offerId: string;
      readonly agentId: string;
      readonly callId: string;
    }
  | {
      readonly type: 'agent.status-changed';
      readonly agentId: string;
      readonly from: AgentPresence;
      readonly to: AgentPresence;
      readonly reason: string | null;
    }
  | {
      /** AGT-03: ask the agent "stay off duty / start working". */
      readonly type: 'agent.off-duty-prompt';
      readonly agentId: string;
      readonly offerId: string;
    }
  | {
      readonly type: 'agent.wrap-up-started';
      readonly agentId: string;
      readonly callId: string;
      readonly endsAt: number;
    }
  | { readonly type: 'agent.wrap-up-ended'; readonly agentId: string; readonly early: boolean }
  | {
      readonly type: 'call.connected';
      readonly callId: string;
      readonly agentId: string;
      readonly queueId: string | null;
      readonly waitMs: number;
    }
  | { readonly type: 'call.held'; readonly callId: string; readonly agentId: string }
  | { readonly type: 'call.resumed'; readonly callId: string; readonly agentId: string }
  | {
      /**
       * AGT-04: the call is being recorded (the queue's policy is 'auto'); the desktop shows
       * its recording banner. `agentId` is null for a customer transferred to an outside number.
       */
      readonly type: 'call.recording-started';
      readonly callId: string;
      readonly agentId: string | null;
      readonly queueId: string | null;
      readonly recordingId: string;
    }
  | {
      /** AGT-04: the agent stopped the recording for now (allowed by the queue); the banner dims. */
      readonly type: 'call.recording-paused';
      readonly callId: string;
      readonly agentId: string;
      readonly recordingId: string;
    }
  | {
      readonly type: 'call.recording-resumed';
      readonly callId: string;
      readonly agentId: string;
      readonly recordingId: string;
    }
  | {
      /**
       * AGT-04: a call recording is finished and its audio kept (`<recordingId>.wav`); may come
       * after the call has ended. `durationMs` is the audio kept (paused time is not).
       */
      readonly type: 'call.recorded';
      readonly callId: string;
      readonly recordingId: string;
      readonly agentId: string | null;
      readonly queueId: string | null;
      readonly durationMs: number;
    }
  | {
      /** AGT-07 cold transfer to an agent or a number: the customer hears music while it rings. */
      readonly type: 'call.transfer-started';
      readonly callId: string;
      readonly agentId: string;
      readonly consultationId: string;
      readonly target: ConsultTarget;
    }
  | {
      /**
       * The target of a cold transfer did not take the customer. `fallback`: back to the
       * transferring agent ('agent'), into the call's queue at their first place ('queue'),
       * or nowhere left to go ('ended').
       */
      readonly type: 'call.transfer-failed';
      readonly callId: string;
      readonly agentId: string;
      readonly consultationId: string;
      readonly target: ConsultTarget;
      readonly reason: ConsultRefusal;
      readonly fallback: 'agent' | 'queue' | 'ended';
    }
  | {
      /**
       * The call was handed over: it ends 'transferred' and the customer goes on in `newCallId`
       * (null when the customer left our system, e.g. a desk phone's blind REFER).
       */
      readonly type: 'call.transferred';
      readonly callId: string;
      readonly agentId: string | null;
      readonly newCallId: string | null;
      readonly target: TransferTarget;
      readonly toAgentId: string | null;
      readonly how: TransferHow;
    }
  | {
      /** CTI-06 / OUT-01: the customer is on hold while the agent rings someone to consult. */
      readonly type: 'call.consult-started';
      readonly callId: string;
      readonly agentId: string;
      readonly consultationId: string;
      readonly target: ConsultTarget;
    }
  | {
      readonly type: 'call.consult-answered';
      readonly callId: string;
      readonly agentId: string;
      readonly consultationId: string;
      readonly target: ConsultTarget;
    }
  | {
      /** The consulted party refused or did not answer; the customer stays on hold. */
      readonly type: 'call.consult-refused';
      readonly callId: string;
      readonly agentId: string;
      readonly consultationId: string;
      readonly target: ConsultTarget;
      readonly reason: ConsultRefusal;
    }
  | {
      readonly type: 'call.consult-ended';
      readonly callId: string;
      readonly agentId: string;
      readonly consultationId: string;
      readonly reason: ConsultEndReason;
    }
  | {
      /** OUT-01 instant conference: customer, agent and consulted party hear each other. */
      readonly type: 'call.conference-started';
      readonly callId: string;
      readonly agentId: string;
      readonly consultationId: string;
      readonly conferenceId: string;
    }
  | {
      /** OUT-01: keys the agent sent to the customer's side (an IVR, say), for the history. */
      readonly type: 'call.dtmf-sent';
      readonly callId: string;
      readonly agentId: string;
      readonly digits: string;
    }
  | {
      readonly type: 'call.disposition-set';
      readonly callId: string;
      readonly agentId: string;
      readonly dispositionId: string;
    }
  | {
      readonly type: 'callback.requested';
      readonly callbackId: string;
      readonly centerId: string;
      readonly queueId: string;
      readonly number: string;
      readonly callerId: string;
      readonly requestCallId: string;
      readonly firstJoinedAt: number;
      readonly seq: number;
      readonly dueAt: number | null;
    }
  | {
      /** An in-flight customer-first callback whose held agent left is backed by another (ADR 5). */
      readonly type: 'callback.agent-reserved';
      readonly callbackId: string;
      readonly entryId: string;
      readonly agentId: string;
    }
  | {
      /** A supervisor re-timed an open request: out of the line until `dueAt` (null: now). */
      readonly type: 'callback.rescheduled';
      readonly callbackId: string;
      readonly queueId: string;
      readonly dueAt: number | null;
      readonly firstJoinedAt: number;
      readonly seq: number;
    }
  | {
      /** A pending request rebuilt from the database after a restart, at its old place. */
      readonly type: 'callback.restored';
      readonly callbackId: string;
      readonly queueId: string;
      readonly entryId: string | null;
      readonly firstJoinedAt: number;
    }
  | {
      readonly type: 'callback.refused';
      readonly queueId: string;
      readonly callId: string;
      readonly number: string;
      readonly code: string;
    }
  | {
      readonly type: 'callback.state-changed';
      readonly callbackId: string;
      readonly from: CallbackState;
      readonly to: CallbackState;
    }
  | {
      readonly type: 'callback.attempt';
      readonly callbackId: string;
      readonly callId: string;
      readonly attempt: number;
    }
  | {
      readonly type: 'callback.completed';
      readonly callbackId: string;
      readonly queueId: string;
      readonly outcome: CallbackOutcome;
      readonly reason: CallbackEndReason;
      readonly firstJoinedAt: number;
      /** Time from first join to connection with an agent, when connected. */
      readonly connectedWaitMs: number | null;
    }
  | {
      readonly type: 'voicemail.started';
      readonly callId: string;
      readonly queueId: string;
      readonly recordingId: string;
    }
  | {
      readonly type: 'voicemail.recorded';
      readonly callId: string;
      readonly queueId: string | null;
      readonly recordingId: string;
      readonly durationMs: number;
      readonly from: string;
    }
  | {
      /** The engine's own rejection of a telephony event (stale or unknown): for logs. */
      readonly type: 'engine.input-ignored';
      readonly inputType: string;
      readonly reason: string;
    }
);

export type DomainEventType = DomainEvent['type'];
export type EventOf<T extends DomainEventType> = Extract<DomainEvent, { type: T }>;
