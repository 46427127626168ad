import { describe, expect, it } from 'vitest';
import { MediaClock } from '../../src/media/media-clock.js';
import { VirtualScheduler, type TaskScheduler } from '../../src/virtual/scheduler.js';

/** A scheduler whose timers fire up to 35 ms late, like a busy event loop. */
function lateScheduler(inner: VirtualScheduler, seed: number): TaskScheduler {
  let s = seed;
  const late = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s / 2 ** 32) * 35;
  };
  return {
    now: () => inner.now(),
    at: (at, run) => inner.at(at + late(), run),
    after: (ms, run) => inner.after(ms + late(), run),
  };
}

describe('[HQ-03] shared media clock', () => {
  it('ticks every subscriber once per 20 ms frame, on one timer', () => {
    const scheduler = new VirtualScheduler(500);
    const clock = new MediaClock(scheduler);
    const seen: number[][] = Array.from({ length: 1500 }, () => []);
    seen.forEach((frames) => clock.subscribe((f) => frames.push(f)));
    scheduler.runUntil(500 + 60_000);
    // Frames 0..3000 are due in [500, 60_500]; every session saw each one, in order.
    for (const frames of seen) {
      expect(frames.length).toBe(3001);
      expect(frames[0]).toBe(0);
      expect(frames[3000]).toBe(3000);
    }
    expect(clock.wakeUps).toBe(3001);
    expect(scheduler.pending).toBe(1);
  });

  it('does not drift when every timer fires late', () => {
    const inner = new VirtualScheduler(0);
    const clock = new MediaClock(lateScheduler(inner, 7));
    let count = 0;
    let last = -1;
    clock.subscribe((f) => {
      expect(f).toBe(last + 1);
      last = f;
      count += 1;
    });
    const tenMinutes = 10 * 60_000;
    inner.runUntil(tenMinutes);
    // Late wake-ups deliver the frames they missed: the count tracks wall time within a frame.
    expect(Math.abs(count - tenMinutes / 20)).toBeLessThanOrEqual(1);
    expect(clock.wakeUps).toBeLessThan(count);
  });

  it('stops its timer with the last subscriber and keeps numbering after a restart', () => {
    const scheduler = new VirtualScheduler(0);
    const clock = new MediaClock(scheduler);
    const frames: number[] = [];
    const off = clock.subscribe((f) => frames.push(f));
    scheduler.runUntil(100);
    off();
    const wakeUps = clock.wakeUps;
    scheduler.runUntil(1_000);
    expect(clock.wakeUps).toBe(wakeUps);
    expect(frames).toEqual([0, 1, 2, 3, 4, 5]);
    clock.subscribe((f) => frames.push(f));
    scheduler.runUntil(1_020);
    expect(frames.slice(6)).toEqual([6, 7]);
  });

  it('keeps ticking the others when one subscriber throws or unsubscribes mid-tick', () => {
    const scheduler = new VirtualScheduler(0);
    const clock = new MediaClock(scheduler);
    let offB: () => void = () => {};
    const got: string[] = [];
    clock.subscribe(() => {
      got.push('a');
      throw new Error('broken session');
    });
    offB = clock.subscribe(() => {
      got.push('b');
      offB();
    });
    clock.subscribe(() => got.push('c'));
    scheduler.runUntil(20);
    expect(got).toEqual(['a', 'b', 'c', 'a', 'c']);
  });
});
