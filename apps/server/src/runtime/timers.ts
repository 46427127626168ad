import { timerKey, type TimerRef } from '@tsunagu/domain';
import type { TaskScheduler } from '@tsunagu/telephony';

/** Where the engine's timers live: the virtual clock here, real timers or the database later. */
export interface TimerService {
  set(timer: TimerRef, at: number, fire: () => void): void;
  cancel(timer: TimerRef): void;
  /** How many timers are armed (for leak checks and metrics). */
  readonly size: number;
}

/** Engine timers on a task scheduler: virtual time in tests and the simulator, wall time live. */
export class VirtualTimers implements TimerService {
  private readonly armed = new Map<string, () => void>();

  constructor(private readonly scheduler: TaskScheduler) {}

  get size(): number {
    return this.armed.size;
  }

  set(timer: TimerRef, at: number, fire: () => void): void {
    const key = timerKey(timer);
    this.armed.get(key)?.();
    const cancel = this.scheduler.at(at, () => {
      this.armed.delete(key);
      fire();
    });
    this.armed.set(key, cancel);
  }

  cancel(timer: TimerRef): void {
    const key = timerKey(timer);
    const cancel = this.armed.get(key);
    if (cancel) {
      cancel();
      this.armed.delete(key);
    }
  }
}
