import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPromptAudio, MAX_PROMPT_MS, pcm16Wav } from '../src/prompt-audio.js';
import { tone, wavFile } from './support/wav.js';

const samplesOf = (wav: Uint8Array): number[] => {
  const view = new DataView(wav.buffer, wav.byteOffset + 44, wav.byteLength - 44);
  return Array.from({ length: view.byteLength / 2 }, (_, i) => view.getInt16(i * 2, true));
};

const refused = (bytes: Uint8Array): string => {
  const result = checkPromptAudio(bytes);
  if (result.ok) throw new Error('expected a refusal');
  return result.problem;
};

describe('checking an uploaded prompt', () => {
  it('[QCB-16] keeps an 8 kHz mono 16-bit PCM file as it is and measures it', () => {
    const file = wavFile(tone(1500));
    const result = checkPromptAudio(file);
    expect(result).toMatchObject({ ok: true, durationMs: 1500 });
    if (result.ok) expect(Buffer.from(result.wav).equals(Buffer.from(file))).toBe(true);
  });

  it('[QCB-16] drops extra chunks and unwraps WAVE_FORMAT_EXTENSIBLE, keeping the samples', () => {
    const pcm = tone(100);
    const list = { id: 'LIST', body: Uint8Array.of(1, 2, 3) }; // odd length: padded
    const withList = checkPromptAudio(wavFile(pcm, { extraChunks: [list] }));
    expect(withList.ok && Buffer.from(withList.wav).equals(Buffer.from(wavFile(pcm)))).toBe(true);

    // fmt of 40 bytes: cbSize 22, valid bits, channel mask, sub-format GUID starting 01 00.
    const file = wavFile(pcm, { format: 0xfffe });
    const fmt = new Uint8Array(40);
    fmt.set(file.subarray(20, 36));
    const view = new DataView(fmt.buffer);
    view.setUint16(16, 22, true);
    view.setUint16(18, 16, true);
    view.setUint16(24, 1, true);
    const extensible = new Uint8Array([
      ...file.subarray(0, 12),
      ...new TextEncoder().encode('fmt '),
      40,
      0,
      0,
      0,
      ...fmt,
      ...file.subarray(36),
    ]);
    new DataView(extensible.buffer).setUint32(4, extensible.length - 8, true);
    const result = checkPromptAudio(extensible);
    expect(result.ok && samplesOf(result.wav)).toEqual(samplesOf(wavFile(pcm)));
  });

  it('[QCB-16] converts G.711 µ-law and A-law to 16-bit PCM (ITU-T G.711 table values)', () => {
    const mulaw = checkPromptAudio(
      wavFile(Uint8Array.of(0xff, 0x7f, 0x80, 0x00, 0xf0), { format: 7, bits: 8 }),
    );
    expect(mulaw.ok && samplesOf(mulaw.wav)).toEqual([0, 0, 32124, -32124, 120]);
    const alaw = checkPromptAudio(
      wavFile(Uint8Array.of(0xd5, 0x55, 0xaa, 0x2a), { format: 6, bits: 8 }),
    );
    expect(alaw.ok && samplesOf(alaw.wav)).toEqual([8, -8, 32256, -32256]);
    expect(alaw.ok && alaw.durationMs).toBe(1); // 4 samples: half a millisecond, rounded
  });

  it('[QCB-16] refuses what the media path would have to convert, saying what it found', () => {
    expect(refused(wavFile(tone(100, 8000, 2), { channels: 2 }))).toMatch(/mono.*2 channel/);
    expect(refused(wavFile(tone(100, 16000), { rate: 16000 }))).toMatch(/8000 Hz.*16000 Hz/);
    expect(refused(wavFile(tone(100), { bits: 8 }))).toMatch(/16-bit PCM or 8-bit/);
    expect(refused(wavFile(tone(100), { format: 3, bits: 32 }))).toMatch(/format 3/);
    expect(refused(wavFile(tone(100, 8000, 2), { channels: 2 }))).toMatch(/sox/);
  });

  it('[QCB-16] refuses garbage, empty audio and more than five minutes', () => {
    expect(refused(new TextEncoder().encode('this is not audio at all'))).toMatch(/not a WAV/);
    expect(refused(new Uint8Array(0))).toMatch(/not a WAV/);
    expect(refused(wavFile(new Uint8Array(0)))).toMatch(/no audio/);
    const header = wavFile(new Uint8Array(0)).subarray(0, 12);
    expect(refused(header)).toMatch(/no fmt chunk/);
    expect(refused(wavFile(tone(10)).subarray(0, 36))).toMatch(/no data chunk/);
    expect(checkPromptAudio(wavFile(new Uint8Array(MAX_PROMPT_MS * 16)))).toMatchObject({
      ok: true,
      durationMs: MAX_PROMPT_MS,
    });
    expect(refused(wavFile(new Uint8Array(MAX_PROMPT_MS * 16 + 16)))).toMatch(/at most 300000 ms/);
  });

  it('never throws, and what it accepts it accepts again unchanged', () => {
    const valid = wavFile(tone(20));
    const anyBytes = fc.uint8Array({ maxLength: 400 });
    const mutated = fc
      .array(fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 6 })
      .map((edits) => {
        const copy = Uint8Array.from(valid);
        for (const [at, value] of edits) copy[at] = value;
        return copy;
      });
    const truncated = fc.nat(valid.length).map((n) => valid.subarray(0, n));
    fc.assert(
      fc.property(fc.oneof(anyBytes, mutated, truncated), (bytes) => {
        const first = checkPromptAudio(bytes);
        if (!first.ok) return;
        const again = checkPromptAudio(first.wav);
        expect(again).toEqual(first);
      }),
      { numRuns: 500 },
    );
  });

  it('writes a plain 44-byte header', () => {
    const wav = pcm16Wav(Int16Array.of(1, -1));
    expect(wav.length).toBe(48);
    expect(new TextDecoder().decode(wav.subarray(0, 4))).toBe('RIFF');
    expect(samplesOf(wav)).toEqual([1, -1]);
  });
});
