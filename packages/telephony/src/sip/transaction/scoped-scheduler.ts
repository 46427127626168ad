/**
 * A view of a TaskScheduler that remembers what it scheduled, so closing the transaction
 * layer cancels every pending retransmission and timeout at once (close is idempotent).
 */
import type { TaskScheduler } from '../../virtual/scheduler.js';

export class ScopedScheduler implements TaskScheduler {
  private readonly pending = new Set<() => void>();

  constructor(private readonly inner: TaskScheduler) {}

  now(): number {
    return this.inner.now();
  }

  at(at: number, run: () => void): () => void {
    const cancel = this.inner.at(at, () => {
      this.pending.delete(cancel);
      run();
    });
    this.pending.add(cancel);
    return () => {
      this.pending.delete(cancel);
      cancel();
    };
  }

  after(delayMs: number, run: () => void): () => void {
    return this.at(this.inner.now() + delayMs, run);
  }

  get size(): number {
    return this.pending.size;
  }

  cancelAll(): void {
    for (const cancel of this.pending) cancel();
    this.pending.clear();
  }
}
