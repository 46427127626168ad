/**
 * WAV files for prompts, music on hold and recordings.
 *
 * Reading accepts what the media path can play without resampling: 8 kHz mono, either 16-bit PCM
 * or 8-bit G.711 (µ-law, format 7; A-law, format 6). Anything else is refused with a message that
 * says what was found and how to convert it, because a prompt silently played at the wrong rate
 * is worse than an upload that fails.
 */

import { alawDecode, mulawDecode } from './g711.js';

export const WAVE_FORMAT_PCM = 1;
export const WAVE_FORMAT_ALAW = 6;
export const WAVE_FORMAT_MULAW = 7;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;

export type WavReadResult =
  | { ok: true; sampleRate: number; format: number; samples: Int16Array }
  | { ok: false; error: string };

const CONVERT_HINT = 'convert with: sox in.wav -r 8000 -c 1 -b 16 -e signed-integer out.wav';

function fourcc(bytes: Uint8Array, offset: number): string {
  return String.fromCharCode(...bytes.subarray(offset, offset + 4));
}

/** Read a WAV file into 16-bit samples. Never throws. */
export function readWav(bytes: Uint8Array, expectedRate = 8000): WavReadResult {
  if (bytes.length < 12 || fourcc(bytes, 0) !== 'RIFF' || fourcc(bytes, 8) !== 'WAVE') {
    return { ok: false, error: 'not a WAV file (no RIFF/WAVE header)' };
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let fmt: { format: number; channels: number; rate: number; bits: number } | undefined;
  let offset = 12;
  while (offset + 8 <= bytes.length) {
    const id = fourcc(bytes, offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > bytes.length) return { ok: false, error: 'fmt chunk too short' };
      let format = view.getUint16(body, true);
      // WAVE_FORMAT_EXTENSIBLE keeps the real format in the first 2 bytes of the sub-format GUID.
      if (format === WAVE_FORMAT_EXTENSIBLE && size >= 40 && body + 26 <= bytes.length) {
        format = view.getUint16(body + 24, true);
      }
      fmt = {
        format,
        channels: view.getUint16(body + 2, true),
        rate: view.getUint32(body + 4, true),
        bits: view.getUint16(body + 14, true),
      };
    } else if (id === 'data') {
      if (!fmt) return { ok: false, error: 'data chunk before fmt chunk' };
      const problem = unsupported(fmt, expectedRate);
      if (problem) return { ok: false, error: problem };
      // A recording cut off before its header was rewritten says 0 or too much: take what is there.
      const end = size === 0 || body + size > bytes.length ? bytes.length : body + size;
      const data = bytes.subarray(body, end);
      return { ok: true, sampleRate: fmt.rate, format: fmt.format, samples: decodeData(fmt, data) };
    }
    // Chunks are padded to an even length (RIFF).
    offset = body + size + (size & 1);
  }
  return { ok: false, error: fmt ? 'no data chunk' : 'no fmt chunk' };
}

function unsupported(
  fmt: { format: number; channels: number; rate: number; bits: number },
  expectedRate: number,
): string | undefined {
  const found = `format ${fmt.format}, ${fmt.channels} channel(s), ${fmt.rate} Hz, ${fmt.bits}-bit`;
  if (fmt.channels !== 1) return `WAV must be mono, found ${found}; ${CONVERT_HINT}`;
  if (fmt.rate !== expectedRate) {
    return `WAV must be ${expectedRate} Hz, found ${found}; ${CONVERT_HINT}`;
  }
  if (fmt.format === WAVE_FORMAT_PCM && fmt.bits === 16) return undefined;
  if ((fmt.format === WAVE_FORMAT_MULAW || fmt.format === WAVE_FORMAT_ALAW) && fmt.bits === 8) {
    return undefined;
  }
  return `unsupported WAV encoding (${found}): use 16-bit PCM or 8-bit µ-law/A-law; ${CONVERT_HINT}`;
}

function decodeData(fmt: { format: number }, data: Uint8Array): Int16Array {
  if (fmt.format === WAVE_FORMAT_MULAW) return mulawDecode(data);
  if (fmt.format === WAVE_FORMAT_ALAW) return alawDecode(data);
  // Copy rather than view: the data may sit at an odd offset, and WAV is little-endian.
  const samples = new Int16Array(data.length >> 1);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  for (let i = 0; i < samples.length; i++) samples[i] = view.getInt16(i * 2, true);
  return samples;
}

export type WavEncoding = 'pcm16' | 'mulaw' | 'alaw';

export interface WavHeaderOptions {
  /** Bytes of sample data that follow the header. */
  readonly dataLength: number;
  readonly encoding?: WavEncoding;
  readonly sampleRate?: number;
}

export const WAV_HEADER_LENGTH = 44;
/** The most data a RIFF size field can describe. */
export const WAV_MAX_DATA_LENGTH = 0xffffffff - 36;

/**
 * The 44-byte header of a canonical WAV file. A recording writes this with the data length it
 * knows (0 at the start), appends samples as they come, and overwrites the first 44 bytes with
 * the final length at stop; a file whose header was never rewritten still reads (see readWav).
 * G.711 uses the same 16-byte fmt chunk: strictly it wants 18 bytes and a fact chunk, but the
 * players and sox accept it, and one fixed header size keeps the rewrite trivial.
 */
export function wavHeader(options: WavHeaderOptions): Uint8Array {
  const encoding = options.encoding ?? 'pcm16';
  const sampleRate = options.sampleRate ?? 8000;
  const dataLength = options.dataLength;
  if (!Number.isInteger(dataLength) || dataLength < 0 || dataLength > WAV_MAX_DATA_LENGTH) {
    throw new RangeError(`WAV data length ${dataLength} out of range`);
  }
  const format =
    encoding === 'pcm16'
      ? WAVE_FORMAT_PCM
      : encoding === 'mulaw'
        ? WAVE_FORMAT_MULAW
        : WAVE_FORMAT_ALAW;
  const bytesPerSample = encoding === 'pcm16' ? 2 : 1;
  const out = new Uint8Array(WAV_HEADER_LENGTH);
  const view = new DataView(out.buffer);
  const ascii = (offset: number, s: string): void => {
    for (let i = 0; i < 4; i++) out[offset + i] = s.charCodeAt(i);
  };
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + dataLength, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, format, true);
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * bytesPerSample, true); // byte rate
  view.setUint16(32, bytesPerSample, true); // block align
  view.setUint16(34, bytesPerSample * 8, true);
  ascii(36, 'data');
  view.setUint32(40, dataLength, true);
  return out;
}

/** 16-bit samples as little-endian WAV data bytes, for appending to a pcm16 recording. */
export function pcm16Bytes(samples: Int16Array): Uint8Array {
  const out = new Uint8Array(samples.length * 2);
  const view = new DataView(out.buffer);
  for (let i = 0; i < samples.length; i++) view.setInt16(i * 2, samples[i] as number, true);
  return out;
}
