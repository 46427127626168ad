/**
 * One 20 ms tick shared by every media session on the node. Each session sending its own timer
 * would cost 1,500 timers for 1,500 held callers and let their frames drift apart; one pacer on
 * one timer costs one wake-up per frame, and every session sees the same frame numbers.
 *
 * The schedule is drift-free (FramePacer): frame n is due at start + 20n, and a late wake-up
 * delivers every frame it missed (up to the pacer's burst limit) with its own number, so a
 * session can derive RTP timestamps from frame numbers and stay in step with wall time.
 */
import type { TaskScheduler } from '../virtual/scheduler.js';
import { FramePacer } from './pacer.js';

export const FRAME_MS = 20;
/** Samples in one 20 ms frame at 8 kHz: also the RTP timestamp step and the G.711 payload size. */
export const FRAME_SAMPLES = 160;

/** Called once per due frame, in frame order. */
export type FrameListener = (frame: number) => void;

export class MediaClock {
  private readonly listeners = new Set<FrameListener>();
  private pacer: FramePacer | null = null;
  private cancelTimer: (() => void) | null = null;
  /** Frame numbers keep rising across idle gaps, so no session ever sees one twice. */
  private frameOffset = 0;
  private ticks = 0;

  constructor(private readonly scheduler: TaskScheduler) {}

  /** Starts the timer with the first listener; returns the unsubscribe function. */
  subscribe(listener: FrameListener): () => void {
    this.listeners.add(listener);
    if (!this.pacer) this.start();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  }

  get subscriberCount(): number {
    return this.listeners.size;
  }

  /** Timer wake-ups so far (one per frame at most, however many sessions listen). */
  get wakeUps(): number {
    return this.ticks;
  }

  /** Number the next frame will carry. */
  get nextFrame(): number {
    return this.frameOffset + (this.pacer?.nextFrame ?? 0);
  }

  now(): number {
    return this.scheduler.now();
  }

  /** Cancels the timer; listeners stay subscribed but get nothing until a new subscribe. */
  stop(): void {
    this.cancelTimer?.();
    this.cancelTimer = null;
    if (this.pacer) this.frameOffset += this.pacer.nextFrame;
    this.pacer = null;
  }

  private start(): void {
    const pacer = new FramePacer(this.scheduler.now(), { frameMs: FRAME_MS });
    this.pacer = pacer;
    // Never tick from inside subscribe(): the subscriber may not be fully built yet.
    this.cancelTimer = this.scheduler.at(this.scheduler.now(), () => this.onTimer(pacer));
  }

  private onTimer(pacer: FramePacer): void {
    if (this.pacer !== pacer) return;
    this.ticks += 1;
    const tick = pacer.tick(this.scheduler.now());
    const base = this.frameOffset;
    for (let i = 0; i < tick.count; i++) {
      const frame = base + tick.first + i;
      // A copy, so a listener that unsubscribes or subscribes another mid-tick is safe.
      for (const listener of [...this.listeners]) {
        try {
          listener(frame);
        } catch {
          // One broken session must not silence the others; sessions report their own errors.
        }
      }
      if (this.pacer !== pacer) return;
    }
    this.cancelTimer = this.scheduler.at(tick.nextDueMs, () => this.onTimer(pacer));
  }
}
