import type { DomainEvent } from '@tsunagu/domain';

/**
 * How good the estimated wait is (BEY-01): for callers who were put on hold and later reached
 * an agent, the estimate announced when they joined (`queue.joined.estimatedWaitMs`) against
 * the wait they had. Keeps one number per such caller, nothing else once they leave.
 */
export interface EwtAccuracyFigures {
  readonly samples: number;
  /** Median |estimate − actual|, seconds. */
  readonly medianAbsErrorSec: number | null;
  /** Median |estimate − actual| / actual. */
  readonly medianRelativeError: number | null;
  /** Median (estimate − actual), seconds: positive when we promise longer waits than happen. */
  readonly medianSignedErrorSec: number | null;
}

class Samples {
  private data = new Float64Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }

  median(): number | null {
    if (this.length === 0) return null;
    const sorted = this.data.slice(0, this.length).sort();
    const mid = this.length >> 1;
    return this.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  }
}

export class EwtAccuracy {
  /** Entry → estimate, from join until it goes on hold or leaves. */
  private readonly joined = new Map<string, number>();
  /** Entry → estimate, for entries on hold. */
  private readonly held = new Map<string, number>();
  private readonly absolute = new Samples();
  private readonly relative = new Samples();
  private readonly signed = new Samples();

  add(e: DomainEvent): void {
    switch (e.type) {
      case 'queue.joined':
        if (e.callId !== null && e.estimatedWaitMs !== null)
          this.joined.set(e.entryId, e.estimatedWaitMs);
        return;
      case 'queue.entered-hold': {
        const estimate = this.joined.get(e.entryId);
        if (estimate === undefined) return;
        this.joined.delete(e.entryId);
        this.held.set(e.entryId, estimate);
        return;
      }
      case 'queue.left': {
        this.joined.delete(e.entryId);
        const estimate = this.held.get(e.entryId);
        if (estimate === undefined) return;
        this.held.delete(e.entryId);
        if (e.reason !== 'answered' || e.wasCallback) return;
        const error = estimate - e.waitMs;
        this.signed.push(error);
        this.absolute.push(Math.abs(error));
        if (e.waitMs > 0) this.relative.push(Math.abs(error) / e.waitMs);
        return;
      }
      default:
        return;
    }
  }

  figures(): EwtAccuracyFigures {
    const sec = (ms: number | null): number | null => (ms === null ? null : ms / 1000);
    return {
      samples: this.absolute.length,
      medianAbsErrorSec: sec(this.absolute.median()),
      medianRelativeError: this.relative.median(),
      medianSignedErrorSec: sec(this.signed.median()),
    };
  }
}
