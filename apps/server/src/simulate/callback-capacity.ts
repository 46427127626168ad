import type { DomainEvent } from '@tsunagu/domain';

/**
 * "Never more callbacks in flight than free agents" (DESIGN.md, ADR 5), checked from events
 * alone. A customer-first callback is in flight from its release (`queue.assigned`, mode
 * `callback-release`) until an agent's phone rings for it (then that agent is taken by it), or
 * it goes back to waiting, or ends. Free agents are those whose status is available (a held
 * agent stays available). After each batch of events, a consistent point, the excess is
 * in-flight callbacks minus free agents; it must never be above 0. Every agent counts as one
 * of the queue's: the runs that use this have one queue.
 */
export interface CallbackCapacityFigures {
  /**
   * Largest (callbacks in flight − free agents) at a checkpoint with a callback in flight; 0 or
   * less is the rule kept; null when no callback was ever in flight.
   */
  readonly maxExcess: number | null;
  /** Checkpoints where the rule was broken. */
  readonly violations: number;
  /** Checkpoints with at least one callback in flight, and the most in flight at once. */
  readonly checkpointsWithCallbacksInFlight: number;
  readonly maxInFlight: number;
  readonly checkpoints: number;
}

const BACK_IN_LINE_OR_DONE = new Set(['pending', 'retry-wait', 'completed']);

export class CallbackCapacity {
  private readonly free = new Set<string>();
  /** Released callbacks no agent's phone rings for yet, by entry. */
  private readonly inFlight = new Set<string>();
  /** Released callbacks an agent's phone rings for (or is connected to), by entry. */
  private readonly matched = new Set<string>();
  private readonly offerEntry = new Map<string, string>();
  private readonly entryOfCall = new Map<string, string>();
  private readonly entryOfCallback = new Map<string, string>();
  private maxExcess = Number.NEGATIVE_INFINITY;
  private violations = 0;
  private withInFlight = 0;
  private maxInFlight = 0;
  private checkpoints = 0;

  add(e: DomainEvent): void {
    switch (e.type) {
      case 'agent.status-changed':
        if (e.to === 'available') this.free.add(e.agentId);
        else this.free.delete(e.agentId);
        return;
      case 'queue.joined':
        if (e.callbackId !== null) this.entryOfCallback.set(e.callbackId, e.entryId);
        else if (e.callId !== null) this.entryOfCall.set(e.callId, e.entryId);
        return;
      case 'callback.requested': {
        const entryId = this.entryOfCall.get(e.requestCallId);
        this.entryOfCall.delete(e.requestCallId);
        if (entryId !== undefined) this.entryOfCallback.set(e.callbackId, entryId);
        return;
      }
      case 'queue.assigned':
        if (e.mode === 'callback-release') this.inFlight.add(e.entryId);
        return;
      case 'offer.created':
        if (e.entryId === null) return;
        this.offerEntry.set(e.offerId, e.entryId);
        if (this.inFlight.delete(e.entryId)) this.matched.add(e.entryId);
        return;
      case 'offer.missed':
      case 'offer.withdrawn': {
        const entryId = this.offerEntry.get(e.offerId);
        this.offerEntry.delete(e.offerId);
        // The customer still waits for an agent: in flight again until the next one rings.
        if (entryId !== undefined && this.matched.delete(entryId)) this.inFlight.add(entryId);
        return;
      }
      case 'offer.accepted':
        this.offerEntry.delete(e.offerId);
        return;
      case 'callback.state-changed': {
        if (!BACK_IN_LINE_OR_DONE.has(e.to)) return;
        const entryId = this.entryOfCallback.get(e.callbackId);
        if (entryId === undefined) return;
        this.inFlight.delete(entryId);
        this.matched.delete(entryId);
        if (e.to === 'completed') this.entryOfCallback.delete(e.callbackId);
        return;
      }
      case 'queue.left':
        this.inFlight.delete(e.entryId);
        this.matched.delete(e.entryId);
        return;
      default:
        return;
    }
  }

  /** Call between batches: after every input's events, or where the event time moves on. */
  checkpoint(): void {
    this.checkpoints += 1;
    const n = this.inFlight.size;
    if (n === 0) return;
    this.withInFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, n);
    const excess = n - this.free.size;
    this.maxExcess = Math.max(this.maxExcess, excess);
    if (excess > 0) this.violations += 1;
  }

  figures(): CallbackCapacityFigures {
    return {
      maxExcess: this.withInFlight === 0 ? null : this.maxExcess,
      violations: this.violations,
      checkpointsWithCallbacksInFlight: this.withInFlight,
      maxInFlight: this.maxInFlight,
      checkpoints: this.checkpoints,
    };
  }
}
