/** RFC 3261 timer values (section 17.1.1.1, table 4) and a small named-timer helper. */
import type { TaskScheduler } from '../../virtual/scheduler.js';
import type { SipMessage } from '../message.js';

export interface TimerValues {
  /** RTT estimate: 500 ms by default. */
  readonly t1: number;
  /** Cap on the retransmit interval of non-INVITE requests and INVITE responses: 4 s. */
  readonly t2: number;
  /** How long a message may linger in the network: 5 s. */
  readonly t4: number;
}

export const DEFAULT_TIMERS: TimerValues = { t1: 500, t2: 4000, t4: 5000 };

/**
 * Timers of one transaction, by letter. Starting a timer that runs replaces it, so a
 * transaction can never hold two Timer A's; `stopAll` is how a transaction ends cleanly.
 */
export class TransactionTimers {
  private readonly running = new Map<string, () => void>();

  constructor(private readonly scheduler: TaskScheduler) {}

  start(name: string, delayMs: number, fire: () => void): void {
    this.stop(name);
    const cancel = this.scheduler.after(delayMs, () => {
      this.running.delete(name);
      fire();
    });
    this.running.set(name, cancel);
  }

  stop(name: string): void {
    this.running.get(name)?.();
    this.running.delete(name);
  }

  stopAll(): void {
    for (const cancel of this.running.values()) cancel();
    this.running.clear();
  }

  isRunning(name: string): boolean {
    return this.running.has(name);
  }
}

/** What a transaction needs from the layer: a clock, its timer values, and a way out. */
export interface TransactionEnv {
  readonly scheduler: TaskScheduler;
  readonly timers: TimerValues;
  /** TCP and WebSocket: no retransmissions, and the waiting states end at once. */
  readonly reliable: boolean;
  /** Sends to this transaction's peer (the request's destination, or the response's). */
  send(message: SipMessage): void;
  /** Called once when the transaction reaches Terminated, so the layer forgets it. */
  terminated(): void;
}
