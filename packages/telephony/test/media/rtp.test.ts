import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseRtp, seqAfter, serializeRtp, type RtpPacket } from '../../src/media/rtp.js';

const hex = (s: string): Uint8Array =>
  Uint8Array.from(s.match(/../g) ?? [], (b) => parseInt(b, 16));

function parsed(bytes: Uint8Array): RtpPacket {
  const r = parseRtp(bytes);
  if (!r.ok) throw new Error(r.error);
  return r.packet;
}

const arbPacket: fc.Arbitrary<RtpPacket> = fc
  .record({
    marker: fc.boolean(),
    payloadType: fc.integer({ min: 0, max: 127 }),
    sequenceNumber: fc.integer({ min: 0, max: 0xffff }),
    timestamp: fc.nat({ max: 0xffffffff }),
    ssrc: fc.nat({ max: 0xffffffff }),
    csrcs: fc.array(fc.nat({ max: 0xffffffff }), { maxLength: 15 }),
    extension: fc.option(
      fc.record({
        profile: fc.integer({ min: 0, max: 0xffff }),
        data: fc
          .integer({ min: 0, max: 8 })
          .chain((words) => fc.uint8Array({ minLength: words * 4, maxLength: words * 4 })),
      }),
      { nil: undefined },
    ),
    payload: fc.uint8Array({ maxLength: 200 }),
    paddingLength: fc.integer({ min: 0, max: 255 }),
  })
  .map(({ extension, ...rest }) => (extension ? { ...rest, extension } : rest));

describe('RTP packets (RFC 3550)', () => {
  it('parses a plain PCMU packet', () => {
    const p = parsed(hex('80000001000000a012345678' + 'ffff'));
    expect(p).toMatchObject({
      marker: false,
      payloadType: 0,
      sequenceNumber: 1,
      timestamp: 160,
      ssrc: 0x12345678,
    });
    expect([...p.payload]).toEqual([0xff, 0xff]);
    expect(p.csrcs).toEqual([]);
    expect(p.extension).toBeUndefined();
  });

  it('parses marker, CSRCs, extension and padding', () => {
    // V=2 P=1 X=1 CC=2, M=1 PT=101
    const p = parsed(
      hex(
        'b2e5ffff' +
          'fffffffe' +
          'deadbeef' +
          '00000001' +
          '00000002' +
          'bede0001' +
          '10aa0000' +
          '0a0b' +
          '000003',
      ),
    );
    expect(p.marker).toBe(true);
    expect(p.payloadType).toBe(101);
    expect(p.sequenceNumber).toBe(0xffff);
    expect(p.timestamp).toBe(0xfffffffe);
    expect(p.ssrc).toBe(0xdeadbeef);
    expect(p.csrcs).toEqual([1, 2]);
    expect(p.extension?.profile).toBe(0xbede);
    expect([...(p.extension?.data ?? [])]).toEqual([0x10, 0xaa, 0, 0]);
    expect([...p.payload]).toEqual([0x0a, 0x0b]);
    expect(p.paddingLength).toBe(3);
  });

  it('[BEY-08] refuses malformed packets with a reason instead of throwing', () => {
    const cases: [string, RegExp][] = [
      ['', /too short/],
      ['8000000100', /too short/],
      ['400000010000000000000000', /version 1/],
      ['820000010000000000000000' + '00000001', /CSRC/],
      ['900000010000000000000000' + 'bede', /extension header/],
      ['900000010000000000000000' + 'bede0002' + '00000000', /extension data/],
      ['a00000010000000000000000' + '00', /padding length is 0/],
      ['a00000010000000000000000' + '0005', /padding longer/],
    ];
    for (const [h, why] of cases) {
      const r = parseRtp(hex(h));
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(why);
    }
  });

  it('[BEY-08] never throws on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.boolean(), (bytes, v2) => {
        // Half the inputs get version 2 so they reach the CSRC, extension and padding checks.
        if (v2 && bytes.length > 0) bytes[0] = ((bytes[0] as number) & 0x3f) | 0x80;
        const r = parseRtp(bytes);
        if (r.ok) {
          // Whatever it accepts is internally consistent and serializes back to the same bytes.
          expect(serializeRtp(r.packet).length).toBe(bytes.length);
        }
      }),
      { numRuns: 20000 },
    );
  });

  it('[BEY-08] never throws on mutations of valid packets, including views at odd offsets', () => {
    fc.assert(
      fc.property(
        arbPacket,
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }))),
        fc.nat(3),
        (p, edits, shift) => {
          const wire = serializeRtp(p);
          const buf = new Uint8Array(wire.length + shift);
          buf.set(wire, shift);
          for (const [at, v] of edits) if (wire.length > 0) buf[shift + (at % wire.length)] = v;
          parseRtp(buf.subarray(shift, shift + (edits.length % 2 ? wire.length : wire.length - 1)));
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('round-trips random valid headers through serialize and parse', () => {
    fc.assert(
      fc.property(arbPacket, (p) => {
        const back = parsed(serializeRtp(p));
        expect(back.marker).toBe(p.marker);
        expect(back.payloadType).toBe(p.payloadType);
        expect(back.sequenceNumber).toBe(p.sequenceNumber);
        expect(back.timestamp).toBe(p.timestamp);
        expect(back.ssrc).toBe(p.ssrc);
        expect(back.csrcs).toEqual(p.csrcs);
        expect(back.paddingLength).toBe(p.paddingLength);
        expect([...back.payload]).toEqual([...p.payload]);
        if (p.extension) {
          expect(back.extension?.profile).toBe(p.extension.profile);
          expect([...(back.extension?.data ?? [])]).toEqual([...p.extension.data]);
        } else {
          expect(back.extension).toBeUndefined();
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses to serialize out-of-range fields', () => {
    const base: RtpPacket = {
      marker: false,
      payloadType: 0,
      sequenceNumber: 0,
      timestamp: 0,
      ssrc: 0,
      csrcs: [],
      payload: new Uint8Array(),
      paddingLength: 0,
    };
    expect(() => serializeRtp({ ...base, payloadType: 128 })).toThrow(RangeError);
    expect(() => serializeRtp({ ...base, sequenceNumber: 65536 })).toThrow(RangeError);
    expect(() => serializeRtp({ ...base, csrcs: new Array<number>(16).fill(0) })).toThrow(
      RangeError,
    );
    expect(() =>
      serializeRtp({ ...base, extension: { profile: 0, data: new Uint8Array(3) } }),
    ).toThrow(RangeError);
  });

  it('orders sequence numbers across the wrap', () => {
    expect(seqAfter(1, 0)).toBe(true);
    expect(seqAfter(0, 0xffff)).toBe(true);
    expect(seqAfter(0xffff, 0)).toBe(false);
    expect(seqAfter(5, 5)).toBe(false);
  });
});
