import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  alawDecode,
  alawDecodeOne,
  alawEncode,
  alawEncodeOne,
  alawStep,
  mulawDecode,
  mulawDecodeOne,
  mulawEncode,
  mulawEncodeOne,
  mulawStep,
} from '../../src/media/g711.js';

function snrDb(reference: Int16Array, actual: Int16Array): number {
  let signal = 0;
  let noise = 0;
  for (let i = 0; i < reference.length; i++) {
    const r = reference[i] as number;
    signal += r * r;
    noise += (r - (actual[i] as number)) ** 2;
  }
  return 10 * Math.log10(signal / noise);
}

function sine(hz: number, amplitude: number, samples: number): Int16Array {
  const out = new Int16Array(samples);
  for (let i = 0; i < samples; i++)
    out[i] = Math.round(amplitude * Math.sin((2 * Math.PI * hz * i) / 8000));
  return out;
}

describe('G.711 µ-law', () => {
  it('encodes silence as 0xFF and its negative twin 0x7F decodes to 0', () => {
    expect(mulawEncodeOne(0)).toBe(0xff);
    expect(mulawDecodeOne(0xff)).toBe(0);
    expect(mulawDecodeOne(0x7f)).toBe(0);
  });

  it('has the standard extremes and segment boundaries', () => {
    expect(mulawEncodeOne(32767)).toBe(0x80);
    expect(mulawEncodeOne(-32768)).toBe(0x00);
    expect(mulawDecodeOne(0x80)).toBe(32124);
    expect(mulawDecodeOne(0x00)).toBe(-32124);
    // Segment e starts where x + 132 (the bias) reaches 128 << e.
    for (let e = 0; e < 8; e++) {
      const start = (128 << e) - 132;
      if (start < 0) continue;
      expect((~mulawEncodeOne(start) >> 4) & 7).toBe(e);
      if (start > 0) expect((~mulawEncodeOne(start - 1) >> 4) & 7).toBe(e - 1);
    }
    // Decoded values of known codes (ITU-T G.711 table 2a, 16-bit scale).
    expect(mulawDecodeOne(0xfe)).toBe(8);
    expect(mulawDecodeOne(0xef)).toBe(132);
    expect(mulawDecodeOne(0xdf)).toBe(396);
  });

  it('decodes every code to a value that encodes back to the same code', () => {
    for (let c = 0; c < 256; c++) {
      if (c === 0x7f) continue; // -0 and +0 share the value 0
      expect(mulawEncodeOne(mulawDecodeOne(c))).toBe(c);
    }
  });

  it('round-trips within half the quantisation step of the segment', () => {
    fc.assert(
      fc.property(fc.integer({ min: -32768, max: 32767 }), (x) => {
        const code = mulawEncodeOne(x);
        const clip = Math.max(0, Math.abs(x) - 32635); // beyond the µ-law range
        expect(Math.abs(mulawDecodeOne(code) - x)).toBeLessThanOrEqual(mulawStep(code) / 2 + clip);
      }),
      { numRuns: 20000 },
    );
  });

  it('keeps a 1 kHz sine above 35 dB SNR', () => {
    const s = sine(1000, 16000, 8000);
    const out = mulawDecode(mulawEncode(s));
    expect(out).toBeInstanceOf(Int16Array);
    expect(snrDb(s, out)).toBeGreaterThan(35);
  });
});

describe('G.711 A-law', () => {
  it('encodes silence as 0xD5', () => {
    expect(alawEncodeOne(0)).toBe(0xd5);
    expect(alawDecodeOne(0xd5)).toBe(8);
    expect(alawEncodeOne(-1)).toBe(0x55);
    expect(alawDecodeOne(0x55)).toBe(-8);
  });

  it('has the standard extremes and segment boundaries', () => {
    expect(alawEncodeOne(32767)).toBe(0xaa);
    expect(alawEncodeOne(-32768)).toBe(0x2a);
    expect(alawDecodeOne(0xaa)).toBe(32256);
    expect(alawDecodeOne(0x2a)).toBe(-32256);
    // Segment s >= 1 starts at 13-bit value 16 << s, i.e. 16-bit value 128 << s.
    for (let s = 1; s < 8; s++) {
      const start = 128 << s;
      expect(((alawEncodeOne(start) ^ 0x55) >> 4) & 7).toBe(s);
      expect(((alawEncodeOne(start - 1) ^ 0x55) >> 4) & 7).toBe(s - 1);
    }
  });

  it('decodes every code to a value that encodes back to the same code', () => {
    for (let c = 0; c < 256; c++) expect(alawEncodeOne(alawDecodeOne(c))).toBe(c);
  });

  it('round-trips within half the quantisation step of the segment', () => {
    fc.assert(
      fc.property(fc.integer({ min: -32768, max: 32767 }), (x) => {
        const code = alawEncodeOne(x);
        expect(Math.abs(alawDecodeOne(code) - x)).toBeLessThanOrEqual(alawStep(code) / 2);
      }),
      { numRuns: 20000 },
    );
  });

  it('keeps a 1 kHz sine above 35 dB SNR', () => {
    const s = sine(1000, 16000, 8000);
    expect(snrDb(s, alawDecode(alawEncode(s)))).toBeGreaterThan(35);
  });
});

describe('G.711 tables', () => {
  it('agree with the single-sample forms over the whole 16-bit range', () => {
    const all = new Int16Array(65536);
    for (let i = 0; i < 65536; i++) all[i] = i - 32768;
    const mu = mulawEncode(all);
    const a = alawEncode(all);
    for (let i = 0; i < 65536; i += 97) {
      expect(mu[i]).toBe(mulawEncodeOne(i - 32768));
      expect(a[i]).toBe(alawEncodeOne(i - 32768));
    }
  });
});
