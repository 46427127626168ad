import type { TaskScheduler } from './virtual/scheduler.js';

/**
 * Wall-clock scheduling for a live server: the same interface as the virtual scheduler, on
 * Node timers. Long delays are chained, since Node caps one timer at about 24.8 days.
 */
export class RealtimeScheduler implements TaskScheduler {
  private readonly timers = new Set<NodeJS.Timeout>();

  now(): number {
    return Date.now();
  }

  at(at: number, run: () => void): () => void {
    let timer: NodeJS.Timeout | null = null;
    let cancelled = false;
    const arm = (): void => {
      const delay = Math.max(0, at - Date.now());
      timer = setTimeout(
        () => {
          if (timer) this.timers.delete(timer);
          if (cancelled) return;
          if (Date.now() < at) arm();
          else run();
        },
        Math.min(delay, 2 ** 31 - 1),
      );
      timer.unref?.();
      this.timers.add(timer);
    };
    arm();
    return () => {
      cancelled = true;
      if (timer) {
        clearTimeout(timer);
        this.timers.delete(timer);
      }
    };
  }

  after(delayMs: number, run: () => void): () => void {
    return this.at(Date.now() + delayMs, run);
  }

  /** Cancels everything (shutdown). */
  close(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
