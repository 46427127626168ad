import type { CallbackState, DomainEvent } from '@tsunagu/domain';

/**
 * A fairness oracle built from events alone, without the engine's state: counts pairs where
 * work was handed to an agent (`queue.assigned`) while an entry of the same queue that joined
 * earlier was eligible and that agent could have taken it. Eligible means a waiting live caller
 * without an outstanding offer, or a callback request that is pending or waiting for an agent,
 * without an outstanding offer. An agent held for a released customer-first callback can take
 * only that callback (the property tests' oracle has the same rule). First-join order
 * (DESIGN.md "Queue fairness") says this stays 0 for a single queue.
 */
interface Tracked {
  readonly entryId: string;
  readonly queueId: string;
  readonly firstJoinedAt: number;
  /** Join order breaks ties in first-join time, as the engine's sequence does. */
  readonly order: number;
  offered: boolean;
  /** Null while a live caller holds the entry. */
  callback: CallbackState | null;
  callId: string | null;
  callbackId: string | null;
}

function eligible(t: Tracked): boolean {
  return (
    !t.offered &&
    (t.callback === null || t.callback === 'pending' || t.callback === 'waiting-agent')
  );
}

export class OrderInversions {
  /** Pairs (earlier eligible, later assigned) seen so far. */
  inversions = 0;
  assignments = 0;
  private joins = 0;
  private readonly lines = new Map<string, Tracked[]>();
  private readonly byEntry = new Map<string, Tracked>();
  private readonly byCall = new Map<string, Tracked>();
  private readonly byCallback = new Map<string, Tracked>();
  private readonly offerEntry = new Map<string, string>();
  /** Agent → the entry of the customer-first callback released against them, and back. */
  private readonly reservedFor = new Map<string, string>();
  private readonly reservedBy = new Map<string, string>();

  add(e: DomainEvent): void {
    switch (e.type) {
      case 'queue.joined':
        return this.join(e.queueId, e.entryId, e.firstJoinedAt, e.callId, e.callbackId);
      case 'queue.left':
        return this.leave(e.entryId);
      case 'queue.assigned':
        return this.assigned(e.entryId, e.agentId, e.mode);
      case 'callback.agent-reserved':
        this.reservedFor.set(e.agentId, e.entryId);
        this.reservedBy.set(e.entryId, e.agentId);
        return;
      case 'offer.created': {
        // A transfer offer (AGT-07) comes from an agent, not from a queue entry.
        if (e.entryId === null) return;
        const t = this.byEntry.get(e.entryId);
        if (t) t.offered = true;
        this.offerEntry.set(e.offerId, e.entryId);
        return;
      }
      case 'offer.accepted':
      case 'offer.missed':
      case 'offer.withdrawn': {
        const entryId = this.offerEntry.get(e.offerId);
        if (entryId === undefined) return;
        this.offerEntry.delete(e.offerId);
        const t = this.byEntry.get(entryId);
        if (t) t.offered = false;
        return;
      }
      case 'callback.requested': {
        const t = this.byCall.get(e.requestCallId);
        if (!t) return;
        this.byCall.delete(e.requestCallId);
        t.callId = null;
        t.callback = 'pending';
        t.callbackId = e.callbackId;
        this.byCallback.set(e.callbackId, t);
        return;
      }
      case 'callback.state-changed': {
        const t = this.byCallback.get(e.callbackId);
        if (!t) return;
        t.callback = e.to;
        if (e.to === 'retry-wait' || e.to === 'completed') this.release(t.entryId);
        return;
      }
      case 'agent.status-changed': {
        const entryId =
          e.from === 'available' && e.to !== 'available'
            ? this.reservedFor.get(e.agentId)
            : undefined;
        if (entryId !== undefined) this.release(entryId);
        return;
      }
      default:
        return;
    }
  }

  private join(
    queueId: string,
    entryId: string,
    firstJoinedAt: number,
    callId: string | null,
    callbackId: string | null,
  ): void {
    const t: Tracked = {
      entryId,
      queueId,
      firstJoinedAt,
      order: (this.joins += 1),
      offered: false,
      callback: callbackId === null ? null : 'pending',
      callId: callbackId === null ? callId : null,
      callbackId,
    };
    let line = this.lines.get(queueId);
    if (!line) {
      line = [];
      this.lines.set(queueId, line);
    }
    let i = line.length;
    while (i > 0 && before(t, line[i - 1]!)) i -= 1;
    line.splice(i, 0, t);
    this.byEntry.set(entryId, t);
    if (callbackId !== null) this.byCallback.set(callbackId, t);
    else if (callId !== null) this.byCall.set(callId, t);
  }

  private leave(entryId: string): void {
    const t = this.byEntry.get(entryId);
    if (!t) return;
    this.byEntry.delete(entryId);
    const line = this.lines.get(t.queueId)!;
    const i = line.indexOf(t);
    if (i >= 0) line.splice(i, 1);
    if (t.callId !== null) this.byCall.delete(t.callId);
    if (t.callbackId !== null) this.byCallback.delete(t.callbackId);
    this.release(entryId);
  }

  private assigned(entryId: string, agentId: string, mode: 'offer' | 'callback-release'): void {
    const t = this.byEntry.get(entryId);
    if (!t) return;
    this.assignments += 1;
    const reserved = this.reservedFor.get(agentId);
    for (const other of this.lines.get(t.queueId)!) {
      if (other === t) break;
      if (eligible(other) && (reserved === undefined || reserved === other.entryId))
        this.inversions += 1;
    }
    if (mode === 'callback-release') {
      this.reservedFor.set(agentId, entryId);
      this.reservedBy.set(entryId, agentId);
    } else this.release(entryId);
  }

  private release(entryId: string): void {
    const agentId = this.reservedBy.get(entryId);
    if (agentId === undefined) return;
    this.reservedBy.delete(entryId);
    if (this.reservedFor.get(agentId) === entryId) this.reservedFor.delete(agentId);
  }
}

function before(a: Tracked, b: Tracked): boolean {
  return (
    a.firstJoinedAt < b.firstJoinedAt || (a.firstJoinedAt === b.firstJoinedAt && a.order < b.order)
  );
}
