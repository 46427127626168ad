/**
 * A drift-free frame schedule for sending media (music on hold, prompts): frame n is due at
 * start + n * frameMs, computed from the start every time, never by adding the interval to the
 * previous tick. An adapter's timer can fire late, early or in bursts and the count of frames sent
 * still tracks wall time; jitter stays jitter and never accumulates into drift.
 *
 * Time is passed in (ms, any monotonic origin); nothing here reads a clock or sets a timer.
 */

/** Index of the last frame due at `nowMs` (frame 0 is due at `startMs`); -1 before the start. */
export function lastDueFrame(startMs: number, nowMs: number, frameMs = 20): number {
  if (nowMs < startMs) return -1;
  return Math.floor((nowMs - startMs) / frameMs);
}

/** When frame `n` is due. The adapter sets its next timer for this, not for "now + 20 ms". */
export function frameDueAt(startMs: number, n: number, frameMs = 20): number {
  return startMs + n * frameMs;
}

export interface PacerTick {
  /** First frame to send now. */
  readonly first: number;
  /** How many consecutive frames to send now, starting at `first` (0 if none is due). */
  readonly count: number;
  /**
   * Frames given up because the adapter fell more than `maxBurst` frames behind. Their numbers
   * are still used up, so RTP timestamps computed from frame numbers stay in step with the clock.
   */
  readonly skipped: number;
  /** When the next frame after these is due. */
  readonly nextDueMs: number;
}

export interface FramePacerOptions {
  readonly frameMs?: number;
  /**
   * Most frames to send in one tick. After a long stall (GC, a blocked event loop) sending all the
   * missed frames at once would flood the far end's jitter buffer; past this the oldest are
   * skipped. Default 10 (200 ms).
   */
  readonly maxBurst?: number;
}

/**
 * The frame schedule of one stream. Its only state is the next frame number to send, so the
 * number of frames handed out after a tick at time t is always lastDueFrame(start, t) + 1.
 */
export class FramePacer {
  private next = 0;
  private readonly frameMs: number;
  private readonly maxBurst: number;

  constructor(
    private readonly startMs: number,
    options: FramePacerOptions = {},
  ) {
    this.frameMs = options.frameMs ?? 20;
    this.maxBurst = Math.max(1, options.maxBurst ?? 10);
  }

  /** The frames due at `nowMs` that have not yet been handed out. */
  tick(nowMs: number): PacerTick {
    const last = lastDueFrame(this.startMs, nowMs, this.frameMs);
    const due = Math.max(0, last + 1 - this.next);
    const skipped = Math.max(0, due - this.maxBurst);
    const first = this.next + skipped;
    const count = due - skipped;
    this.next += due;
    return { first, count, skipped, nextDueMs: frameDueAt(this.startMs, this.next, this.frameMs) };
  }

  /** Number of the next frame to be handed out (frames sent plus skipped so far). */
  get nextFrame(): number {
    return this.next;
  }
}

/** RTP timestamp of frame `n`, for a stream whose first frame has timestamp `base`. */
export function frameTimestamp(base: number, n: number, samplesPerFrame = 160): number {
  return (base + n * samplesPerFrame) >>> 0;
}
