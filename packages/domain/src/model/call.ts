import type { CallState } from '../machines/call-machine.js';
import type { LegState } from '../machines/leg-machine.js';

/**
 * Report kinds. A hold-queue callback is one interaction over two calls (QCB-14): the
 * inbound `inbound` call that asked for it and the system's outbound `callback` call. A
 * transfer works the same way (seed 000): the transferring agent's call ends 'transferred'
 * and the customer goes on in a new `transfer` call with whoever took them.
 */
export type CallKind = 'inbound' | 'callback' | 'outbound' | 'transfer';

/** What the caller is doing in an interactive menu, when the call is in state `menu`. */
export type MenuStep =
  | { kind: 'callback-confirm' }
  | { kind: 'callback-number'; attempts: number }
  | { kind: 'callback-time'; number: string; attempts: number }
  | { kind: 'callback-greeting'; attempts: number }
  | { kind: 'goodbye'; reason: CallEndReason };

export type CallEndReason =
  | 'caller-hangup'
  | 'agent-hangup'
  | 'abandoned'
  | 'callback-requested'
  | 'callback-declined'
  | 'voicemail-left'
  | 'no-answer'
  | 'busy'
  | 'rejected'
  | 'unreachable'
  | 'forwarded'
  | 'transferred'
  | 'transfer-failed'
  | 'party-hangup'
  | 'after-hours'
  | 'queue-full'
  | 'agents-busy'
  | 'max-wait'
  | 'no-route'
  | 'media-lost'
  | 'cancelled';

export interface Call {
  readonly id: string;
  readonly centerId: string;
  readonly kind: CallKind;
  state: CallState;
  /** The customer's number (caller for inbound, dialled party for outbound). */
  readonly customerNumber: string;
  /** The number the customer dialled (inbound) or the caller ID shown (outbound). */
  readonly ourNumber: string;
  queueId: string | null;
  entryId: string | null;
  callbackId: string | null;
  customerLegId: string | null;
  agentLegId: string | null;
  agentId: string | null;
  readonly createdAt: number;
  connectedAt: number | null;
  endedAt: number | null;
  endReason: CallEndReason | null;
  dispositionId: string | null;
  menu: MenuStep | null;
  /** Correlates the telephony's play-done and digits-collected with what we asked for. */
  pendingPlayId: string | null;
  pendingCollectId: string | null;
  /** The voicemail recording in progress, if any. */
  recordingId: string | null;
  /**
   * AGT-04: the call recording in progress on the customer's leg (both directions mixed), if
   * any; `paused` while the agent has stopped it. One recording per call record.
   */
  callRecording: { readonly id: string; readonly legId: string; paused: boolean } | null;
  /** The consultation or cold transfer in progress (AGT-07, CTI-06), if any. */
  consultationId: string | null;
  /** An outside party the customer was transferred to (a number), talking on this call. */
  partyLegId: string | null;
}

/** 'party': an outside number consulted or transferred to (AGT-07). */
export type LegRole = 'customer' | 'agent' | 'party';

export type LegEndReason =
  | 'hangup'
  | 'no-answer'
  | 'busy'
  | 'rejected'
  | 'unreachable'
  | 'cancelled'
  | 'media-lost'
  | 'transferred';

export interface Leg {
  readonly id: string;
  readonly callId: string;
  readonly role: LegRole;
  readonly direction: 'inbound' | 'outbound';
  state: LegState;
  readonly agentId: string | null;
  readonly createdAt: number;
  answeredAt: number | null;
  endedAt: number | null;
  endReason: LegEndReason | null;
  /** The `seq` of the last key the engine saw on this leg (type-ahead for collects). */
  lastDigitSeq: number;
}
