import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  decodeTelephoneEvent,
  digitToEvent,
  DtmfReceiver,
  encodeTelephoneEvent,
  eventToDigit,
  generateDtmf,
  type TelephoneEventPacket,
} from '../../src/media/dtmf.js';

const ALL_DIGITS = '0123456789*#ABCD';

function receiveAll(packets: readonly TelephoneEventPacket[], rx = new DtmfReceiver()): string {
  let digits = '';
  for (const p of packets) digits += rx.receive(p)?.digit ?? '';
  return digits;
}

describe('RFC 4733 telephone-event payload', () => {
  it('encodes the fields where the RFC puts them', () => {
    expect([...encodeTelephoneEvent({ event: 11, end: true, volume: 10, duration: 800 })]).toEqual([
      11, 0x8a, 0x03, 0x20,
    ]);
    expect(decodeTelephoneEvent(Uint8Array.of(5, 0x0a, 0x00, 0xa0))).toEqual({
      event: 5,
      end: false,
      volume: 10,
      duration: 160,
    });
  });

  it('ignores the reserved bit and refuses short payloads', () => {
    expect(decodeTelephoneEvent(Uint8Array.of(1, 0xca, 0, 0))).toMatchObject({
      end: true,
      volume: 10,
    });
    expect(decodeTelephoneEvent(Uint8Array.of(1, 2, 3))).toBeNull();
  });

  it('round-trips any field values', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 255 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 63 }),
        fc.integer({ min: 0, max: 0xffff }),
        (event, end, volume, duration) => {
          const e = { event, end, volume, duration };
          expect(decodeTelephoneEvent(encodeTelephoneEvent(e))).toEqual(e);
        },
      ),
    );
  });

  it('maps digits to event codes', () => {
    for (let i = 0; i < ALL_DIGITS.length; i++) {
      expect(digitToEvent(ALL_DIGITS[i] as string)).toBe(i);
      expect(eventToDigit(i)).toBe(ALL_DIGITS[i]);
    }
    expect(digitToEvent('a')).toBe(12);
    expect(digitToEvent('x')).toBeUndefined();
    expect(eventToDigit(16)).toBeUndefined();
  });
});

describe('DTMF generator', () => {
  it('sends a marked start, 20 ms updates and three end packets with one timestamp', () => {
    const packets = generateDtmf('5', { timestamp: 1000, durationMs: 100 });
    const events = packets.map((p) => decodeTelephoneEvent(p.payload));
    expect(packets.map((p) => p.offsetMs)).toEqual([0, 20, 40, 60, 80, 100, 120]);
    expect(packets.map((p) => p.marker)).toEqual([true, false, false, false, false, false, false]);
    expect(new Set(packets.map((p) => p.timestamp))).toEqual(new Set([1000]));
    expect(events.map((e) => e?.duration)).toEqual([160, 320, 480, 640, 800, 800, 800]);
    expect(events.map((e) => e?.end)).toEqual([false, false, false, false, true, true, true]);
    expect(events.every((e) => e?.event === 5 && e.volume === 10)).toBe(true);
  });

  it('refuses what is not a digit', () => {
    expect(() => generateDtmf('xx', { timestamp: 0 })).toThrow(RangeError);
  });
});

describe('DTMF receiver', () => {
  it('turns the generated packets of a digit into exactly that digit, once', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ALL_DIGITS),
        fc.nat({ max: 0xffffffff }),
        fc.integer({ min: 20, max: 2000 }),
        (digit, timestamp, durationMs) => {
          expect(receiveAll(generateDtmf(digit, { timestamp, durationMs }))).toBe(digit);
        },
      ),
    );
  });

  it('reports a sequence of digits, one each, even for a repeated digit', () => {
    const packets = [...'1123#'].flatMap((d, i) =>
      generateDtmf(d, { timestamp: i * 2000, durationMs: 80 }),
    );
    expect(receiveAll(packets)).toBe('1123#');
  });

  it('survives duplicated, reordered, and lost packets (but not a whole lost event)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...ALL_DIGITS), { minLength: 1, maxLength: 8 }),
        fc.infiniteStream(fc.integer({ min: 0, max: 9 })),
        (digits, dice) => {
          const rx = new DtmfReceiver();
          let got = '';
          digits.forEach((d, i) => {
            const packets = generateDtmf(d, { timestamp: 0xffff0000 + i * 4000, durationMs: 100 });
            const kept: TelephoneEventPacket[] = [];
            for (const p of packets) {
              const roll = dice.next().value as number;
              if (roll === 0) continue; // lost
              kept.push(p);
              if (roll === 1) kept.push(p); // duplicated
            }
            if (kept.length === 0) kept.push(packets[packets.length - 1] as TelephoneEventPacket);
            // Swap a pair within the event: reordering inside one event must not matter.
            if (kept.length > 2 && (dice.next().value as number) < 5)
              kept.push(kept.splice(1, 1)[0] as TelephoneEventPacket);
            got += receiveAll(kept, rx);
            // A late retransmission of an earlier end packet arrives after the next event started.
            if (i > 0) got += receiveAll([packets[packets.length - 1] as TelephoneEventPacket], rx);
          });
          expect(got).toBe(digits.join(''));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('reports the digit from end packets alone when the start was lost', () => {
    const packets = generateDtmf('9', { timestamp: 50, durationMs: 60 }).slice(-3);
    expect(receiveAll(packets)).toBe('9');
  });

  it('treats the segments of a long event as one key press (RFC 4733 2.5.1.3)', () => {
    const seg = (
      timestamp: number,
      marker: boolean,
      end: boolean,
      duration: number,
    ): TelephoneEventPacket => ({
      marker,
      timestamp,
      payload: encodeTelephoneEvent({ event: 0, end, volume: 10, duration }),
    });
    const packets = [
      seg(0xffffff00, true, false, 160),
      seg(0xffffff00, false, false, 0xffff),
      seg(0xfeff, false, false, 160),
      seg(0xfeff, false, true, 800),
    ];
    expect(receiveAll(packets)).toBe('0');
    // A new press of the same key after an ended event is a new digit.
    expect(receiveAll([...packets, seg(0xfeff + 0xffff, true, false, 160)])).toBe('00');
  });

  it('ignores non-digit events and garbage payloads', () => {
    const rx = new DtmfReceiver();
    expect(
      rx.receive({
        marker: true,
        timestamp: 1,
        payload: encodeTelephoneEvent({ event: 16, end: false, volume: 0, duration: 0 }),
      }),
    ).toBeNull();
    expect(rx.receive({ marker: true, timestamp: 2, payload: Uint8Array.of(1) })).toBeNull();
  });
});
