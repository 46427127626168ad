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
    let write = (this.readIndex + this.available) % CAPACITY;
    for (let i = 0; i < data.length; i++) {
      this.ring[write] = data[i]!;
      write = write + 1 === CAPACITY ? 0 : write + 1;
    }
    this.available += data.length;
    return true;
  }

  /** The next 160 bytes, or null while empty or refilling after running dry. */
  pop(): Uint8Array | null {
    if (this.buffering && this.available < RESUME_AT) return null;
    if (this.available < FRAME) {
      this.buffering = true;
      return null;
    }
    this.buffering = false;
    const out = new Uint8Array(FRAME);
    for (let i = 0; i < FRAME; i++) {
      out[i] = this.ring[this.readIndex]!;
      this.readIndex = this.readIndex + 1 === CAPACITY ? 0 : this.readIndex + 1;
    }
    this.available -= FRAME;
    return out;
  }

  get bufferedBytes(): number {
    return this.available;
  }
}
