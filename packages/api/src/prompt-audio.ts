/**
 * Checks an uploaded announcement (QCB-16) and rewrites it in the one form the media layer
 * plays without converting: a plain WAV file, 8 kHz mono 16-bit PCM. Uploads may be 16-bit PCM
 * or G.711 (µ-law, A-law) at 8 kHz mono; anything else is refused with what was found and how
 * to convert it, because a prompt played at the wrong rate is worse than a refused upload.
 * Never throws: every problem is a value.
 */

export const PROMPT_SAMPLE_RATE = 8000;
export const MAX_PROMPT_MS = 5 * 60_000;

const FORMAT_PCM = 1;
const FORMAT_ALAW = 6;
const FORMAT_MULAW = 7;
const FORMAT_EXTENSIBLE = 0xfffe;
const HEADER_BYTES = 44;

const CONVERT_HINT = 'convert with: sox in.wav -r 8000 -c 1 -b 16 -e signed-integer out.wav';

export type PromptAudioCheck =
  | { readonly ok: true; readonly wav: Uint8Array; readonly durationMs: number }
  | { readonly ok: false; readonly problem: string };

interface Format {
  readonly code: number;
  readonly channels: number;
  readonly rate: number;
  readonly bits: number;
}

const fourcc = (bytes: Uint8Array, at: number): string =>
  String.fromCharCode(...bytes.subarray(at, at + 4));

export function checkPromptAudio(bytes: Uint8Array): PromptAudioCheck {
  if (bytes.length < 12 || fourcc(bytes, 0) !== 'RIFF' || fourcc(bytes, 8) !== 'WAVE')
    return { ok: false, problem: `not a WAV file (no RIFF/WAVE header); ${CONVERT_HINT}` };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let format: Format | undefined;
  for (let at = 12; at + 8 <= bytes.length;) {
    const id = fourcc(bytes, at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > bytes.length)
        return { ok: false, problem: 'fmt chunk too short' };
      format = readFormat(view, body, size);
    } else if (id === 'data') {
      if (!format) return { ok: false, problem: 'data chunk before fmt chunk' };
      const refused = refusal(format);
      if (refused) return { ok: false, problem: refused };
      // A writer that streamed the file may leave the size 0 or too large: take what is there.
      const end = size === 0 || body + size > bytes.length ? bytes.length : body + size;
      return finish(decode(format.code, bytes.subarray(body, end)));
    }
    at = body + size + (size & 1); // chunks are padded to an even length
  }
  return { ok: false, problem: format ? 'no data chunk' : 'no fmt chunk' };
}

function readFormat(view: DataView, body: number, size: number): Format {
  let code = view.getUint16(body, true);
  // WAVE_FORMAT_EXTENSIBLE keeps the real format in the first two bytes of its sub-format GUID.
  if (code === FORMAT_EXTENSIBLE && size >= 40 && body + 26 <= view.byteLength)
    code = view.getUint16(body + 24, true);
  return {
    code,
    channels: view.getUint16(body + 2, true),
    rate: view.getUint32(body + 4, true),
    bits: view.getUint16(body + 14, true),
  };
}

function refusal(f: Format): string | undefined {
  const found = `found format ${f.code}, ${f.channels} channel(s), ${f.rate} Hz, ${f.bits}-bit`;
  if (f.channels !== 1) return `the audio must be mono, ${found}; ${CONVERT_HINT}`;
  if (f.rate !== PROMPT_SAMPLE_RATE)
    return `the audio must be ${PROMPT_SAMPLE_RATE} Hz, ${found}; ${CONVERT_HINT}`;
  if (f.code === FORMAT_PCM && f.bits === 16) return undefined;
  if ((f.code === FORMAT_MULAW || f.code === FORMAT_ALAW) && f.bits === 8) return undefined;
  return `the audio must be 16-bit PCM or 8-bit µ-law/A-law, ${found}; ${CONVERT_HINT}`;
}

function decode(code: number, data: Uint8Array): Int16Array {
  if (code === FORMAT_PCM) {
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    // A lone last byte is half a sample: dropped.
    const samples = new Int16Array(data.length >> 1);
    for (let i = 0; i < samples.length; i += 1) samples[i] = view.getInt16(i * 2, true);
    return samples;
  }
  const expand = code === FORMAT_MULAW ? mulawToLinear : alawToLinear;
  return Int16Array.from(data, expand);
}

function finish(samples: Int16Array): PromptAudioCheck {
  if (samples.length === 0) return { ok: false, problem: 'the file has no audio' };
  const durationMs = Math.round((samples.length * 1000) / PROMPT_SAMPLE_RATE);
  if (durationMs > MAX_PROMPT_MS)
    return {
      ok: false,
      problem: `the audio lasts ${durationMs} ms; at most ${MAX_PROMPT_MS} ms (5 minutes)`,
    };
  return { ok: true, wav: pcm16Wav(samples), durationMs };
}

/** A plain 44-byte-header WAV file of 8 kHz mono 16-bit PCM. */
export function pcm16Wav(samples: Int16Array): Uint8Array {
  const out = new Uint8Array(HEADER_BYTES + samples.length * 2);
  const view = new DataView(out.buffer);
  const ascii = (at: number, text: string) => {
    for (let i = 0; i < text.length; i += 1) out[at + i] = text.charCodeAt(i);
  };
  ascii(0, 'RIFF');
  view.setUint32(4, out.length - 8, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, FORMAT_PCM, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, PROMPT_SAMPLE_RATE, true);
  view.setUint32(28, PROMPT_SAMPLE_RATE * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  ascii(36, 'data');
  view.setUint32(40, samples.length * 2, true);
  for (let i = 0; i < samples.length; i += 1)
    view.setInt16(HEADER_BYTES + i * 2, samples[i]!, true);
  return out;
}

/** G.711 µ-law: bits are inverted; sign, 3-bit segment, 4-bit step, biased by 0x84. */
function mulawToLinear(byte: number): number {
  const u = ~byte & 0xff;
  const magnitude = (((u & 0x0f) << 3) + 0x84) << ((u >> 4) & 0x07);
  return u & 0x80 ? 0x84 - magnitude : magnitude - 0x84;
}

/** G.711 A-law: even bits are inverted; a set sign bit means positive. */
function alawToLinear(byte: number): number {
  const a = byte ^ 0x55;
  const segment = (a >> 4) & 0x07;
  const step = (a & 0x0f) << 4;
  const magnitude = segment === 0 ? step + 8 : (step + 0x108) << (segment - 1);
  return a & 0x80 ? magnitude : -magnitude;
}
