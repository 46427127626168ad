/**
 * A small jitter buffer for what the far end sends: G.711 bytes in arrival order, read out 160 at
 * a time on the media clock. It is what bridging, mixing and recording read from, so received
 * audio and sent audio line up on the same frame numbers.
 *
 * Deliberately simple: late and duplicate packets (sequence not after the last one kept) are
 * dropped, not reordered; after running dry it waits for two frames before playing again, which
 * absorbs ordinary network jitter; past eight frames the oldest audio is dropped, so a far end
 * whose clock runs fast cannot build up delay.
 */
import { seqAfter } from './rtp.js';

const FRAME = 160;
const CAPACITY = 8 * FRAME;
const RESUME_AT = 2 * FRAME;

export class InboundBuffer {
  private readonly ring = new Uint8Array(CAPACITY);
  private readIndex = 0;
  private available = 0;
  private buffering = true;
  private lastSeq: number | null = null;
  private lastSsrc: number | null = null;
  /** Bytes thrown away because the buffer was full. */
  overflowed = 0;

  /** Adds one packet's payload; returns false if it was late or a duplicate. */
  push(ssrc: number, seq: number, bytes: Uint8Array): boolean {
    // A new SSRC is a new stream (the far end restarted or a B2BUA switched): start over.
    if (ssrc !== this.lastSsrc) {
      this.lastSsrc = ssrc;
      this.lastSeq = null;
    }
    if (this.lastSeq !== null && !seqAfter(seq, this.lastSeq)) return false;
    this.lastSeq = seq;
    let data = bytes;
    if (data.length > CAPACITY) data = data.subarray(data.length - CAPACITY);
    const excess = this.available + data.length - CAPACITY;
    if (excess > 0) {
      this.readIndex = (this.readIndex + excess) % CAPACITY;
      this.available -= excess;
      this.overflowed += excess;
    }
    // Two block copies at most (before and after the ring's end), not one step per byte.
    const write = (this.readIndex + this.available) % CAPACITY;
    const first = Math.min(data.length, CAPACITY - write);
    this.ring.set(data.subarray(0, first), write);
    if (first < data.length) this.ring.set(data.subarray(first), 0);
    this.available += data.length;
    return true;
  }

  /** Forgets buffered audio (nobody listened to it), so a new listener starts fresh. */
  clear(): void {
    // The sequence moved on while nobody listened; a stale lastSeq could reject it for minutes.
    this.lastSeq = null;
    this.lastSsrc = null;
    this.readIndex = 0;
    this.available = 0;
    this.buffering = true;
  }

  /** The next 160 bytes, or null while empty or refilling after running dry. */
  pop(): Uint8Array | null {
    if (this.buffering && this.available < RESUME_AT) return null;
    if (this.available < FRAME) {
      this.buffering = true;
      return null;
    }
    this.buffering = false;
    // A fresh frame (callers keep it past the next pop), from Node's pooled allocator.
    const out = Buffer.allocUnsafe(FRAME);
    const first = Math.min(FRAME, CAPACITY - this.readIndex);
    out.set(this.ring.subarray(this.readIndex, this.readIndex + first), 0);
    if (first < FRAME) out.set(this.ring.subarray(0, FRAME - first), first);
    this.readIndex = (this.readIndex + FRAME) % CAPACITY;
    this.available -= FRAME;
    return out;
  }

  get bufferedBytes(): number {
    return this.available;
  }
}
