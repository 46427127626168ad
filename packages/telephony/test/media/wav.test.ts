import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mulawEncode } from '../../src/media/g711.js';
import { pcm16Bytes, readWav, wavHeader, WAV_HEADER_LENGTH } from '../../src/media/wav.js';

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function chunk(id: string, body: Uint8Array): Uint8Array {
  const head = new Uint8Array(8);
  for (let i = 0; i < 4; i++) head[i] = id.charCodeAt(i);
  new DataView(head.buffer).setUint32(4, body.length, true);
  return concat(head, body, body.length % 2 ? new Uint8Array(1) : new Uint8Array(0));
}

function fmtBody(format: number, channels: number, rate: number, bits: number): Uint8Array {
  const b = new Uint8Array(16);
  const v = new DataView(b.buffer);
  v.setUint16(0, format, true);
  v.setUint16(2, channels, true);
  v.setUint32(4, rate, true);
  v.setUint32(8, (rate * channels * bits) / 8, true);
  v.setUint16(12, (channels * bits) / 8, true);
  v.setUint16(14, bits, true);
  return b;
}

function riff(...chunks: Uint8Array[]): Uint8Array {
  const body = concat(new TextEncoder().encode('WAVE'), ...chunks);
  const head = new Uint8Array(8);
  head.set(new TextEncoder().encode('RIFF'));
  new DataView(head.buffer).setUint32(4, body.length, true);
  return concat(head, body);
}

const samples = Int16Array.of(0, 1, -1, 32767, -32768, 1234);

function errorOf(bytes: Uint8Array): string {
  const r = readWav(bytes);
  if (r.ok) throw new Error('expected an error');
  return r.error;
}

describe('WAV', () => {
  it('writes a canonical 44-byte header that reads back with its samples', () => {
    const data = pcm16Bytes(samples);
    const header = wavHeader({ dataLength: data.length });
    expect(header.length).toBe(WAV_HEADER_LENGTH);
    expect(new TextDecoder().decode(header.subarray(0, 4))).toBe('RIFF');
    expect(new DataView(header.buffer).getUint32(4, true)).toBe(36 + data.length);
    expect(new DataView(header.buffer).getUint32(40, true)).toBe(data.length);
    const r = readWav(concat(header, data));
    expect(r).toMatchObject({ ok: true, sampleRate: 8000, format: 1 });
    if (r.ok) expect([...r.samples]).toEqual([...samples]);
  });

  it('reads a recording whose header was never rewritten (data length 0) or is too long', () => {
    const data = pcm16Bytes(samples);
    for (const dataLength of [0, 1000]) {
      const r = readWav(concat(wavHeader({ dataLength }), data));
      expect(r.ok && [...r.samples]).toEqual([...samples]);
    }
  });

  it('reads 8-bit µ-law (format 7), skipping unknown and odd-sized chunks', () => {
    const bytes = riff(
      chunk('fmt ', fmtBody(7, 1, 8000, 8)),
      chunk('LIST', Uint8Array.of(1, 2, 3)),
      chunk('data', mulawEncode(Int16Array.of(0, 1000, -1000))),
    );
    const r = readWav(bytes);
    expect(r).toMatchObject({ ok: true, format: 7 });
    if (r.ok) expect([...r.samples]).toEqual([0, 988, -988]);
  });

  it('writes and reads µ-law headers', () => {
    const data = mulawEncode(samples);
    const r = readWav(concat(wavHeader({ dataLength: data.length, encoding: 'mulaw' }), data));
    expect(r.ok && r.samples.length).toBe(samples.length);
  });

  it('reads 16-bit PCM at an odd offset inside a larger buffer', () => {
    const file = concat(wavHeader({ dataLength: 12 }), pcm16Bytes(samples));
    const big = new Uint8Array(file.length + 1);
    big.set(file, 1);
    const r = readWav(big.subarray(1));
    expect(r.ok && [...r.samples]).toEqual([...samples]);
  });

  it('explains what is wrong with unsupported files', () => {
    expect(errorOf(new Uint8Array(3))).toMatch(/not a WAV/);
    expect(
      errorOf(riff(chunk('fmt ', fmtBody(1, 2, 8000, 16)), chunk('data', new Uint8Array(4)))),
    ).toMatch(/mono.*2 channel.*sox/);
    expect(
      errorOf(riff(chunk('fmt ', fmtBody(1, 1, 44100, 16)), chunk('data', new Uint8Array(4)))),
    ).toMatch(/8000 Hz.*44100 Hz/);
    expect(
      errorOf(riff(chunk('fmt ', fmtBody(1, 1, 8000, 24)), chunk('data', new Uint8Array(6)))),
    ).toMatch(/unsupported WAV encoding.*24-bit/);
    expect(
      errorOf(riff(chunk('fmt ', fmtBody(3, 1, 8000, 32)), chunk('data', new Uint8Array(4)))),
    ).toMatch(/format 3/);
    expect(errorOf(riff(chunk('data', new Uint8Array(4))))).toMatch(/data chunk before fmt/);
    expect(errorOf(riff(chunk('fmt ', fmtBody(1, 1, 8000, 16))))).toMatch(/no data chunk/);
    expect(errorOf(riff(chunk('fmt ', new Uint8Array(10))))).toMatch(/fmt chunk too short/);
  });

  it('refuses header lengths a RIFF file cannot hold', () => {
    expect(() => wavHeader({ dataLength: -1 })).toThrow(RangeError);
    expect(() => wavHeader({ dataLength: 2 ** 32 })).toThrow(RangeError);
  });

  it('[BEY-08] never throws on damaged files (an admin can upload anything)', () => {
    const good = concat(wavHeader({ dataLength: 12 }), pcm16Bytes(samples));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }))),
        fc.nat(),
        (edits, cut) => {
          const bytes = good.slice(0, cut % (good.length + 1));
          for (const [at, v] of edits) if (bytes.length > 0) bytes[at % bytes.length] = v;
          readWav(bytes);
        },
      ),
      { numRuns: 5000 },
    );
  });
});
