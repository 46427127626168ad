import type { DomainEvent } from '@tsunagu/domain';

/**
 * How good the estimated wait is (BEY-01, issue #5). The definition, written down once:
 *
 * - Sample: a live caller who went on hold, heard an estimate, stayed, and reached an agent.
 *   The estimate is the first one announced to them (what they plan with); the actual wait runs
 *   from that announcement to the agent answering (`queue.left` answered). Callers who hung up,
 *   went to voicemail or asked for a callback have no actual wait and are left out.
 * - Error: |estimate − actual| / actual for each caller. The figure is its median: half of the
 *   callers were told a wait within that share of the wait they had. The target is 15%.
 *
 * Also kept, to read the headline honestly: the median absolute error in seconds and over the
 * median wait; the same over every announcement (later ones are updates with shorter, noisier
 * remaining waits); and the split by what the caller heard (the speech says "under a minute"
 * below 60 s, minutes above).
 */
export interface EwtAccuracyFigures {
  readonly samples: number;
  /** Median |estimate − actual|, seconds. */
  readonly medianAbsErrorSec: number | null;
  /** Median over callers of |estimate − actual| / actual: the headline figure. */
  readonly medianRelativeError: number | null;
  /** Median (estimate − actual), seconds: positive when we promise longer waits than happen. */
  readonly medianSignedErrorSec: number | null;
  readonly medianActualWaitSec: number | null;
  /** Median |estimate − actual| over median actual wait. */
  readonly medianAbsErrorOverMedianWait: number | null;
  /** Callers first told a minute or more: the median relative error among them. */
  readonly toldMinutes: { readonly samples: number; readonly medianRelativeError: number | null };
  /** Callers first told "under a minute": how many of them were answered within a minute. */
  readonly toldUnderMinute: { readonly samples: number; readonly answeredWithinMinute: number };
  /** Every announcement a served caller heard, against the wait left at that moment. */
  readonly everyAnnouncement: {
    readonly samples: number;
    readonly medianRelativeError: number | null;
  };
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

const MINUTE_MS = 60_000;

/** The estimates a waiting caller heard: time and figure, flattened pairs. */
type Heard = number[];

export class EwtAccuracy {
  /** Live entry → what it heard so far; dropped when it leaves. */
  private readonly heard = new Map<string, Heard>();
  private readonly absolute = new Samples();
  private readonly relative = new Samples();
  private readonly signed = new Samples();
  private readonly actual = new Samples();
  private readonly minutesRelative = new Samples();
  private underMinute = 0;
  private underMinuteInTime = 0;
  private readonly everyRelative = new Samples();

  add(e: DomainEvent): void {
    switch (e.type) {
      case 'queue.announced': {
        if (e.estimatedWaitMs === null) return;
        const heard = this.heard.get(e.entryId);
        if (heard) heard.push(e.at, e.estimatedWaitMs);
        else this.heard.set(e.entryId, [e.at, e.estimatedWaitMs]);
        return;
      }
      case 'queue.left': {
        const heard = this.heard.get(e.entryId);
        if (heard === undefined) return;
        this.heard.delete(e.entryId);
        // A caller who took a callback keeps the entry; it leaves as a callback, not a wait.
        if (e.reason !== 'answered' || e.wasCallback) return;
        this.sample(heard, e.at);
        return;
      }
      default:
        return;
    }
  }

  private sample(heard: Heard, answeredAt: number): void {
    const [firstAt, estimate] = [heard[0]!, heard[1]!];
    const wait = answeredAt - firstAt;
    const error = estimate - wait;
    this.signed.push(error);
    this.absolute.push(Math.abs(error));
    this.actual.push(wait);
    if (wait > 0) this.relative.push(Math.abs(error) / wait);
    if (estimate >= MINUTE_MS) {
      if (wait > 0) this.minutesRelative.push(Math.abs(error) / wait);
    } else {
      this.underMinute += 1;
      if (wait <= MINUTE_MS) this.underMinuteInTime += 1;
    }
    for (let i = 0; i < heard.length; i += 2) {
      const left = answeredAt - heard[i]!;
      if (left > 0) this.everyRelative.push(Math.abs(heard[i + 1]! - left) / left);
    }
  }

  figures(): EwtAccuracyFigures {
    const sec = (ms: number | null): number | null => (ms === null ? null : ms / 1000);
    const mae = this.absolute.median();
    const medianWait = this.actual.median();
    return {
      samples: this.absolute.length,
      medianAbsErrorSec: sec(mae),
      medianRelativeError: this.relative.median(),
      medianSignedErrorSec: sec(this.signed.median()),
      medianActualWaitSec: sec(medianWait),
      medianAbsErrorOverMedianWait:
        mae === null || medianWait === null || medianWait === 0 ? null : mae / medianWait,
      toldMinutes: {
        samples: this.minutesRelative.length,
        medianRelativeError: this.minutesRelative.median(),
      },
      toldUnderMinute: { samples: this.underMinute, answeredWithinMinute: this.underMinuteInTime },
      everyAnnouncement: {
        samples: this.everyRelative.length,
        medianRelativeError: this.everyRelative.median(),
      },
    };
  }
}
