/**
 * RFC 4733 telephone events (DTMF over RTP): the 4-byte payload, a receiver that turns a packet
 * stream into digits, and a generator for the packets of one digit.
 *
 * One event is identified by its RTP timestamp (RFC 4733 2.5.1.1): every update and every end
 * packet of a digit carries the timestamp of its start. The receiver keys on that, so duplicates,
 * the three redundant end packets and late retransmissions all collapse into one digit.
 */

export interface TelephoneEvent {
  /** Event code: 0-9 digits, 10 '*', 11 '#', 12-15 'A'-'D', 16 flash. */
  readonly event: number;
  readonly end: boolean;
  /** Power level in -dBm0, 0..63. */
  readonly volume: number;
  /** Duration so far, in RTP timestamp units (samples at 8 kHz). */
  readonly duration: number;
}

const DIGITS = '0123456789*#ABCD';

/** The DTMF character of an event code, or undefined for codes that are not DTMF digits. */
export function eventToDigit(event: number): string | undefined {
  return event >= 0 && event < DIGITS.length ? DIGITS[event] : undefined;
}

/** The event code of a DTMF character ('0'-'9', '*', '#', 'A'-'D'; case-insensitive). */
export function digitToEvent(digit: string): number | undefined {
  if (digit.length !== 1) return undefined;
  const i = DIGITS.indexOf(digit.toUpperCase());
  return i < 0 ? undefined : i;
}

export function encodeTelephoneEvent(e: TelephoneEvent): Uint8Array {
  const out = new Uint8Array(4);
  out[0] = e.event & 0xff;
  // Bit 6 (R) is reserved and sent as zero.
  out[1] = (e.end ? 0x80 : 0) | (e.volume & 0x3f);
  out[2] = (e.duration >> 8) & 0xff;
  out[3] = e.duration & 0xff;
  return out;
}

/**
 * Decode a telephone-event payload. Returns null if it is too short. A payload may carry several
 * events in RFC 2198 redundancy but we never negotiate that, so only the first 4 bytes matter.
 */
export function decodeTelephoneEvent(payload: Uint8Array): TelephoneEvent | null {
  if (payload.length < 4) return null;
  const b1 = payload[1] as number;
  return {
    event: payload[0] as number,
    end: (b1 & 0x80) !== 0,
    volume: b1 & 0x3f,
    duration: ((payload[2] as number) << 8) | (payload[3] as number),
  };
}

/** What the receiver needs from an RTP packet carrying telephone-event. */
export interface TelephoneEventPacket {
  readonly marker: boolean;
  readonly timestamp: number;
  readonly payload: Uint8Array;
}

export interface DtmfDigit {
  readonly digit: string;
  /** RTP timestamp of the event start. */
  readonly timestamp: number;
}

/** How many past event timestamps to remember, to drop late retransmissions of old events. */
const REMEMBERED_EVENTS = 16;

/**
 * Turns telephone-event packets into digits, one per event. A digit is reported on the first packet
 * seen for its timestamp (usually the marker packet) rather than on the end packet, so it arrives
 * as early as possible and still arrives if every end packet is lost.
 */
export class DtmfReceiver {
  private readonly seen: number[] = [];
  /** The event still in progress, to recognise the segments of a long event (RFC 4733 2.5.1.3). */
  private current: { timestamp: number; event: number; ended: boolean } | null = null;

  /** Feed one packet; returns the digit it starts, or null. */
  receive(packet: TelephoneEventPacket): DtmfDigit | null {
    const e = decodeTelephoneEvent(packet.payload);
    if (!e) return null;
    const timestamp = packet.timestamp >>> 0;
    if (this.seen.includes(timestamp)) {
      if (this.current?.timestamp === timestamp && e.end) this.current.ended = true;
      return null;
    }
    // An event longer than 65535 units continues in a new segment with a new timestamp and no
    // marker, right where the previous segment's duration ran out: not a new key press.
    const cur = this.current;
    const continuation =
      cur !== null &&
      !cur.ended &&
      !packet.marker &&
      cur.event === e.event &&
      (timestamp - cur.timestamp) >>> 0 === 0xffff;
    this.remember(timestamp);
    this.current = { timestamp, event: e.event, ended: e.end };
    if (continuation) return null;
    const digit = eventToDigit(e.event);
    return digit === undefined ? null : { digit, timestamp };
  }

  private remember(timestamp: number): void {
    this.seen.push(timestamp);
    if (this.seen.length > REMEMBERED_EVENTS) this.seen.shift();
  }
}

export interface DtmfGenerateOptions {
  /** RTP timestamp of the event start (the media clock at the moment the key goes down). */
  readonly timestamp: number;
  /**
   * Tone length; rounded up to whole packet intervals. Default 100 ms. The duration field stops at
   * 65535 units (about 8 s at 8 kHz); longer tones would need segments, which DTMF never needs.
   */
  readonly durationMs?: number;
  /** Power level in -dBm0. Default 10. */
  readonly volume?: number;
  /** Default 8000. */
  readonly clockRate?: number;
  /** Interval between updates. Default 20 ms. */
  readonly intervalMs?: number;
}

export interface GeneratedEventPacket extends TelephoneEventPacket {
  /** When to send this packet, in ms after the first one. */
  readonly offsetMs: number;
}

/**
 * The packets of one digit: a start packet with the marker bit, an update every interval with the
 * growing duration, and three identical end packets (RFC 4733 2.5.1.4) sent one interval apart,
 * since a lost end packet would otherwise leave the far end waiting for a timeout. Sequence
 * numbers are the RTP session's business, not ours.
 */
export function generateDtmf(digit: string, options: DtmfGenerateOptions): GeneratedEventPacket[] {
  const event = digitToEvent(digit);
  if (event === undefined) throw new RangeError(`not a DTMF digit: ${JSON.stringify(digit)}`);
  const clockRate = options.clockRate ?? 8000;
  const intervalMs = options.intervalMs ?? 20;
  const volume = options.volume ?? 10;
  const unitsPerInterval = Math.round((clockRate * intervalMs) / 1000);
  const intervals = Math.max(1, Math.ceil((options.durationMs ?? 100) / intervalMs));
  const timestamp = options.timestamp >>> 0;
  const packets: GeneratedEventPacket[] = [];
  // Packet i reports the duration up to the end of interval i; the last one is the end packet.
  for (let i = 1; i <= intervals; i++) {
    const duration = Math.min(0xffff, i * unitsPerInterval);
    const end = i === intervals;
    const payload = encodeTelephoneEvent({ event, end, volume, duration });
    const offsetMs = (i - 1) * intervalMs;
    packets.push({ marker: i === 1, timestamp, payload, offsetMs });
    if (end) {
      for (let r = 1; r <= 2; r++) {
        packets.push({ marker: false, timestamp, payload, offsetMs: offsetMs + r * intervalMs });
      }
    }
  }
  return packets;
}
