/**
 * A queue entry: one interaction waiting in one queue, stamped with its first-join time
 * (DESIGN.md "Queue entry"). When the caller asks for a callback the entry does not move: it
 * drops its live call and points at the callback request instead, so its place is kept.
 */
export interface QueueEntry {
  readonly id: string;
  readonly queueId: string;
  /** First-join time and a tie-breaking sequence: the one order for routing and positions. */
  readonly firstJoinedAt: number;
  readonly seq: number;
  /** The live call waiting, if a caller is on the line. */
  callId: string | null;
  /** The callback request this entry stands for, if any. */
  callbackId: string | null;
  /** The outstanding offer to an agent (one at a time, AGT-02). */
  offerId: string | null;
  /** Agents who missed this entry under the keep-ready policy, tried last. */
  declinedBy: string[];
  /** BEY-01: estimated wait told to the caller when they joined, for accuracy reports. */
  estimatedWaitMs: number | null;
  /** Whether the caller has entered the hold queue (false while first ringing, HQ-01). */
  onHold: boolean;
}

/** Routing order: first-join time, then arrival sequence. */
export function compareEntries(a: QueueEntry, b: QueueEntry): number {
  return a.firstJoinedAt - b.firstJoinedAt || a.seq - b.seq;
}
