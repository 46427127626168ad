/**
 * A deterministic discrete-event clock: tasks run in time order (then insertion order), and
 * time jumps from one task to the next. The virtual telephony, the engine's timers and the
 * simulator all share one, so a seeded run is reproducible to the millisecond.
 */
export interface Clock {
  now(): number;
}

/** Runs callbacks at instants of its clock: virtual time in tests, wall time in a server. */
export interface TaskScheduler extends Clock {
  /** Runs `run` at `at` (or as soon as possible when `at` has passed). Returns a cancel function. */
  at(at: number, run: () => void): () => void;
  after(delayMs: number, run: () => void): () => void;
}

const NOOP = (): void => {};

interface Task {
  at: number;
  seq: number;
  run: () => void;
  cancelled: boolean;
}

export class VirtualScheduler implements TaskScheduler {
  private heap: Task[] = [];
  private seq = 0;
  /** Cancelled tasks still in the heap; swept out once they are most of it (flat memory). */
  private cancelledInHeap = 0;
  private time: number;

  constructor(startAt = 0) {
    this.time = startAt;
  }

  now(): number {
    return this.time;
  }

  get pending(): number {
    return this.heap.length;
  }

  /** Runs `run` at `at` (or now, if `at` is past). Returns a cancel function. */
  at(at: number, run: () => void): () => void {
    const task: Task = { at: Math.max(at, this.time), seq: this.seq++, run, cancelled: false };
    this.push(task);
    return () => {
      if (task.cancelled) return;
      task.cancelled = true;
      // A cancelled task waits in the heap until its time; its closure (a leg, a script) need not.
      task.run = NOOP;
      this.cancelledInHeap += 1;
      if (this.cancelledInHeap > 1024 && this.cancelledInHeap * 2 > this.heap.length) this.sweep();
    };
  }

  after(delayMs: number, run: () => void): () => void {
    return this.at(this.time + delayMs, run);
  }

  /** Runs every task due up to `until`, then leaves the clock at `until`. */
  runUntil(until: number): void {
    while (this.heap.length > 0 && this.heap[0]!.at <= until) this.step();
    if (until > this.time) this.time = until;
  }

  /** Runs tasks until none is left (or `maxTasks`, against runaway loops). */
  runAll(maxTasks = 10_000_000): void {
    for (let i = 0; i < maxTasks && this.heap.length > 0; i += 1) this.step();
  }

  private step(): void {
    const task = this.pop()!;
    if (task.cancelled) {
      this.cancelledInHeap -= 1;
      return;
    }
    // Marked so a cancel after it ran is a no-op and not counted as a task in the heap.
    task.cancelled = true;
    this.time = task.at;
    task.run();
  }

  /** A sorted array is a valid heap. */
  private sweep(): void {
    this.heap = this.heap.filter((t) => !t.cancelled).sort((a, b) => (this.less(a, b) ? -1 : 1));
    this.cancelledInHeap = 0;
  }

  private less(a: Task, b: Task): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  private push(task: Task): void {
    const h = this.heap;
    h.push(task);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(h[i]!, h[parent]!)) break;
      [h[i], h[parent]] = [h[parent]!, h[i]!];
      i = parent;
    }
  }

  private pop(): Task | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
        if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}
