import type { CallbackOutcome, CallbackState } from '../machines/callback-machine.js';

export type CallbackEndReason =
  | 'connected'
  | 'declined'
  | 'no-answer'
  | 'busy'
  | 'unreachable'
  | 'no-input'
  | 'hung-up-before-agent'
  | 'expired'
  | 'cancelled';

export interface CallbackRequest {
  readonly id: string;
  readonly centerId: string;
  readonly queueId: string;
  /** The number to call back: the caller's own, or the one they typed (QCB-03). */
  readonly number: string;
  /** The caller ID the customer will see (QCB-04: the queue's number). */
  readonly callerId: string;
  readonly requestCallId: string;
  readonly requestedAt: number;
  /** The place in the queue: the caller's first-join time (QCB-02); a re-timed request's new time. */
  firstJoinedAt: number;
  /** Tie-break within one millisecond of first-join time: the arrival sequence. */
  seq: number;
  state: CallbackState;
  entryId: string | null;
  /** BEY-02: the time the customer chose, if any. */
  dueAt: number | null;
  attempts: number;
  /** The system's outbound calls for this request (QCB-14: counted separately). */
  callIds: string[];
  /** The free agent this in-flight customer-first callback is counted against. */
  reservedAgentId: string | null;
  outcome: CallbackOutcome | null;
  endReason: CallbackEndReason | null;
  completedAt: number | null;
  /** When the customer was connected to an agent, for service level (QCB-15). */
  connectedAt: number | null;
}
