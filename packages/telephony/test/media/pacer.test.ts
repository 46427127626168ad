import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FramePacer, frameDueAt, frameTimestamp, lastDueFrame } from '../../src/media/pacer.js';

/** A tiny deterministic PRNG so the jitter is the same on every run. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('[HQ-03] drift-free 20 ms frame pacing', () => {
  it('computes due frames from the start, not from the previous tick', () => {
    expect(lastDueFrame(1000, 999)).toBe(-1);
    expect(lastDueFrame(1000, 1000)).toBe(0);
    expect(lastDueFrame(1000, 1019.9)).toBe(0);
    expect(lastDueFrame(1000, 1020)).toBe(1);
    expect(frameDueAt(1000, 3)).toBe(1060);
  });

  it('hands out each frame exactly once, in order', () => {
    const pacer = new FramePacer(0);
    expect(pacer.tick(0)).toEqual({ first: 0, count: 1, skipped: 0, nextDueMs: 20 });
    expect(pacer.tick(5)).toEqual({ first: 1, count: 0, skipped: 0, nextDueMs: 20 });
    expect(pacer.tick(61)).toEqual({ first: 1, count: 3, skipped: 0, nextDueMs: 80 });
    // A clock that steps back (should not happen with a monotonic clock) sends nothing.
    expect(pacer.tick(30)).toEqual({ first: 4, count: 0, skipped: 0, nextDueMs: 80 });
  });

  it('sends elapsed / 20 ms frames (±1) over 10 minutes of jittered ticks', () => {
    const random = lcg(42);
    const start = 123_456.789;
    const pacer = new FramePacer(start);
    let now = start;
    let sent = 0;
    let next = 0;
    const end = start + 10 * 60_000;
    while (now < end) {
      const t = pacer.tick(now);
      expect(t.first).toBe(next); // no gaps, no repeats
      expect(t.skipped).toBe(0);
      next += t.count;
      sent += t.count;
      // The adapter aims at the next due time but its timer fires up to 15 ms late, or 1 ms early.
      now = Math.max(now + 0.1, t.nextDueMs - 1 + random() * 16);
    }
    const expected = (now - start) / 20;
    expect(Math.abs(sent - expected)).toBeLessThanOrEqual(1);
    expect(sent).toBeGreaterThan(29_900);
  });

  it('stays within one frame of wall time for any tick pattern', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 150, noNaN: true }), { maxLength: 500 }),
        (gaps) => {
          const pacer = new FramePacer(0, { maxBurst: 1000 });
          let now = 0;
          let sent = 0;
          for (const g of gaps) {
            now += g;
            sent += pacer.tick(now).count;
            expect(Math.abs(sent - now / 20)).toBeLessThanOrEqual(1);
          }
        },
      ),
    );
  });

  it('skips, rather than bursts, the frames missed in a long stall, keeping the timeline', () => {
    const pacer = new FramePacer(0, { maxBurst: 5 });
    pacer.tick(0);
    const t = pacer.tick(1000); // a one-second stall: frames 1..50 are due
    expect(t).toEqual({ first: 46, count: 5, skipped: 45, nextDueMs: 1020 });
    expect(pacer.nextFrame).toBe(51);
  });

  it('derives RTP timestamps from frame numbers, wrapping at 2^32', () => {
    expect(frameTimestamp(1000, 3)).toBe(1480);
    expect(frameTimestamp(0xffffff00, 2)).toBe(0x40);
  });
});
