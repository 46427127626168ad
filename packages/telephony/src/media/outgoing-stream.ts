/**
 * Our side of one RTP stream: one SSRC, one sequence, one timestamp line for the whole call,
 * whatever feeds it (prompts, music, bridged or mixed audio, DTMF). The far end therefore sees
 * one continuous stream even when we switch from a prompt to an agent's voice, which is the
 * SSRC / sequence / timestamp rewriting a bridge needs.
 *
 * Timestamps come from media clock frame numbers, so a frame the clock skipped (event-loop stall)
 * leaves a gap in time, as it should, and never a drift.
 */
import { randomInt } from 'node:crypto';
import { generateDtmf, type GeneratedEventPacket } from './dtmf.js';
import { FRAME_MS, FRAME_SAMPLES } from './media-clock.js';

const RTP_HEADER = 12;

/** Frames of audio between two generated digits (RFC 4733 leaves it to us; 60 ms is typical). */
const DIGIT_GAP_FRAMES = 3;

export class OutgoingStream {
  readonly ssrc = randomInt(0, 2 ** 32 - 1) >>> 0;
  private seq = randomInt(0, 0x10000);
  private readonly timestampBase = randomInt(0, 2 ** 32 - 1) >>> 0;
  /** The first packet, and the first after a pause in sending, starts a talkspurt (marker). */
  private talkspurt = true;
  private readonly digits: string[] = [];
  private digit: { packets: GeneratedEventPacket[]; startFrame: number; next: number } | null =
    null;
  private gapUntilFrame = -1;

  constructor(private readonly firstFrame: number) {}

  timestampOf(frame: number): number {
    return (this.timestampBase + (frame - this.firstFrame) * FRAME_SAMPLES) >>> 0;
  }

  queueDigits(digits: string): void {
    for (const d of digits) if (/^[0-9*#A-Da-d]$/.test(d)) this.digits.push(d.toUpperCase());
  }

  get sendingDigit(): boolean {
    return this.digit !== null || this.digits.length > 0;
  }

  /** Nothing was sent this frame (no remote, on hold): the next packet starts a talkspurt. */
  paused(): void {
    this.talkspurt = true;
  }

  /**
   * The packets for `frame`: a telephone-event packet while a digit is being sent (audio pauses,
   * as RFC 4733 2.5.1.1 expects a sender to do), otherwise one audio packet.
   */
  packetsFor(
    frame: number,
    audio: Uint8Array,
    audioPt: number,
    eventPt: number | null,
  ): Uint8Array[] {
    // Without a negotiated event type the far end could not read them: drop, do not hoard.
    if (eventPt === null) this.digits.length = 0;
    const events = eventPt === null ? [] : this.eventPackets(frame, eventPt);
    if (events.length > 0) return events;
    const marker = this.talkspurt;
    this.talkspurt = false;
    return [this.packet(audioPt, marker, this.timestampOf(frame), audio)];
  }

  private eventPackets(frame: number, eventPt: number): Uint8Array[] {
    if (!this.digit) {
      if (this.digits.length === 0 || frame < this.gapUntilFrame) return [];
      const d = this.digits.shift()!;
      this.digit = {
        packets: generateDtmf(d, { timestamp: this.timestampOf(frame), intervalMs: FRAME_MS }),
        startFrame: frame,
        next: 0,
      };
    }
    const cur = this.digit;
    const offsetMs = (frame - cur.startFrame) * FRAME_MS;
    const out: Uint8Array[] = [];
    while (cur.next < cur.packets.length && cur.packets[cur.next]!.offsetMs <= offsetMs) {
      const p = cur.packets[cur.next++]!;
      out.push(this.packet(eventPt, p.marker, p.timestamp, p.payload));
    }
    if (cur.next >= cur.packets.length) {
      this.digit = null;
      this.gapUntilFrame = frame + 1 + DIGIT_GAP_FRAMES;
    }
    return out;
  }

  /**
   * The 12-byte fixed header and the payload (no CSRCs, extension or padding: we never send
   * them), written straight into a slice of Node's shared allocation pool. serializeRtp's
   * general path allocated a fresh off-heap buffer and checked every field per packet; at 50
   * packets a second per call that was most of the tick. A packet is never reused, since dgram
   * may still hold it when the next frame is built.
   */
  private packet(pt: number, marker: boolean, timestamp: number, payload: Uint8Array): Uint8Array {
    const bytes = Buffer.allocUnsafe(RTP_HEADER + payload.length);
    bytes[0] = 0x80; // version 2
    bytes[1] = (marker ? 0x80 : 0) | (pt & 0x7f);
    bytes.writeUInt16BE(this.seq, 2);
    bytes.writeUInt32BE(timestamp >>> 0, 4);
    bytes.writeUInt32BE(this.ssrc, 8);
    bytes.set(payload, RTP_HEADER);
    this.seq = (this.seq + 1) & 0xffff;
    return bytes;
  }
}
