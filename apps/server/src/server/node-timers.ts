import { isDurableTimer } from '@tsunagu/db';
import type { TimerRef } from '@tsunagu/domain';
import type { TaskScheduler } from '@tsunagu/telephony';
import { VirtualTimers, type TimerService } from '../runtime/timers.js';

/**
 * Timers of a live node: durable kinds are rows in scheduled_jobs (the commit writes them, the
 * job poller fires them); the rest (ring timeouts, announcements) die with the media anyway
 * and run on the process clock.
 */
export class NodeTimers implements TimerService {
  private readonly local: VirtualTimers;

  constructor(scheduler: TaskScheduler) {
    this.local = new VirtualTimers(scheduler);
  }

  get size(): number {
    return this.local.size;
  }

  set(timer: TimerRef, at: number, fire: () => void): void {
    if (!isDurableTimer(timer)) this.local.set(timer, at, fire);
  }

  cancel(timer: TimerRef): void {
    if (!isDurableTimer(timer)) this.local.cancel(timer);
  }
}
