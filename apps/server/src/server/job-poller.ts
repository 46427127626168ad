import { claimDueJobs, type Db } from '@tsunagu/db';
import type { TimerRef } from '@tsunagu/domain';

/**
 * Durable engine timers (due callbacks, retries, expiries, wrap-up ends) live in
 * scheduled_jobs, written in the same transaction as the events that set them. This poller
 * claims the due ones with FOR UPDATE SKIP LOCKED, so when several nodes share a database each
 * job fires once, and hands them to the engine.
 */
export class JobPoller {
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(
    private readonly db: Db,
    private readonly fire: (timer: TimerRef) => void,
    private readonly now: () => number,
    private readonly intervalMs = 250,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Claims and fires every due job; returns how many fired. */
  async tick(): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    try {
      const due = await claimDueJobs(this.db, this.now());
      for (const timer of due) this.fire(timer);
      return due.length;
    } finally {
      this.running = false;
    }
  }
}
