/**
 * G.711 µ-law and A-law (ITU-T G.711), in the classic segment/mantissa form.
 *
 * Encoding is done by table lookup: both 64 KiB encode tables and both 256-entry decode tables are
 * computed once at module load, so the per-sample cost on the media path is one array index.
 */

const MULAW_BIAS = 0x84;
/** Largest magnitude that still fits after the bias is added (32635 + 132 = 32767). */
const MULAW_CLIP = 32635;

function mulawEncodeSample(sample: number): number {
  let x = sample;
  const sign = x < 0 ? 0x80 : 0;
  if (sign) x = -x;
  if (x > MULAW_CLIP) x = MULAW_CLIP;
  x += MULAW_BIAS;
  // The segment is the position of the highest set bit above bit 7.
  let exponent = 7;
  for (let mask = 0x4000; (x & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (x >> (exponent + 3)) & 0x0f;
  // Bits are inverted on the wire so that silence is not a run of zeros (old T1 ones-density).
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

function mulawDecodeSample(code: number): number {
  const u = ~code & 0xff;
  const exponent = (u >> 4) & 0x07;
  const mantissa = u & 0x0f;
  const magnitude = (((mantissa << 3) + MULAW_BIAS) << exponent) - MULAW_BIAS;
  return u & 0x80 ? -magnitude : magnitude;
}

/** Upper ends of the eight A-law segments, on the 13-bit scale. */
const ALAW_SEG_END = [0x1f, 0x3f, 0x7f, 0xff, 0x1ff, 0x3ff, 0x7ff, 0xfff];

function alawEncodeSample(sample: number): number {
  let p = sample >> 3; // A-law works on 13 bits.
  let mask: number;
  if (p >= 0) {
    mask = 0xd5;
  } else {
    mask = 0x55;
    p = -p - 1; // One's complement keeps the negative range symmetric with the positive one.
  }
  let seg = 0;
  while (seg < 8 && p > (ALAW_SEG_END[seg] as number)) seg++;
  if (seg >= 8) return 0x7f ^ mask;
  const mantissa = seg < 2 ? (p >> 1) & 0x0f : (p >> seg) & 0x0f;
  // Even bits are inverted on the wire (the 0x55 in the mask), again for ones-density.
  return ((seg << 4) | mantissa) ^ mask;
}

function alawDecodeSample(code: number): number {
  const a = code ^ 0x55;
  let t = (a & 0x0f) << 4;
  const seg = (a & 0x70) >> 4;
  // Adding half a step puts the decoded value in the middle of its quantisation interval.
  if (seg === 0) t += 8;
  else t = (t + 0x108) << (seg - 1);
  return a & 0x80 ? t : -t;
}

function buildEncodeTable(encode: (sample: number) => number): Uint8Array {
  const table = new Uint8Array(65536);
  for (let i = 0; i < 65536; i++) table[i] = encode((i << 16) >> 16);
  return table;
}

function buildDecodeTable(decode: (code: number) => number): Int16Array {
  const table = new Int16Array(256);
  for (let i = 0; i < 256; i++) table[i] = decode(i);
  return table;
}

const MULAW_ENCODE = buildEncodeTable(mulawEncodeSample);
const ALAW_ENCODE = buildEncodeTable(alawEncodeSample);
const MULAW_DECODE = buildDecodeTable(mulawDecodeSample);
const ALAW_DECODE = buildDecodeTable(alawDecodeSample);

function encodeWith(table: Uint8Array, samples: Int16Array): Uint8Array {
  const out = new Uint8Array(samples.length);
  for (let i = 0; i < samples.length; i++)
    out[i] = table[(samples[i] as number) & 0xffff] as number;
  return out;
}

function decodeWith(table: Int16Array, codes: Uint8Array): Int16Array {
  const out = new Int16Array(codes.length);
  for (let i = 0; i < codes.length; i++) out[i] = table[codes[i] as number] as number;
  return out;
}

/** 16-bit linear PCM to µ-law (PCMU, RTP payload type 0). */
export function mulawEncode(samples: Int16Array): Uint8Array {
  return encodeWith(MULAW_ENCODE, samples);
}

/** µ-law to 16-bit linear PCM. */
export function mulawDecode(codes: Uint8Array): Int16Array {
  return decodeWith(MULAW_DECODE, codes);
}

/** 16-bit linear PCM to A-law (PCMA, RTP payload type 8). */
export function alawEncode(samples: Int16Array): Uint8Array {
  return encodeWith(ALAW_ENCODE, samples);
}

/** A-law to 16-bit linear PCM. */
export function alawDecode(codes: Uint8Array): Int16Array {
  return decodeWith(ALAW_DECODE, codes);
}

/** Single-sample forms, for callers that mix or transcode sample by sample. */
export const mulawEncodeOne = (sample: number): number => MULAW_ENCODE[sample & 0xffff] as number;
export const mulawDecodeOne = (code: number): number => MULAW_DECODE[code & 0xff] as number;
export const alawEncodeOne = (sample: number): number => ALAW_ENCODE[sample & 0xffff] as number;
export const alawDecodeOne = (code: number): number => ALAW_DECODE[code & 0xff] as number;

/** Width of the quantisation interval a µ-law code stands for, in 16-bit units. */
export function mulawStep(code: number): number {
  return 8 << ((~code >> 4) & 0x07);
}

/** Width of the quantisation interval an A-law code stands for, in 16-bit units. */
export function alawStep(code: number): number {
  const seg = ((code ^ 0x55) >> 4) & 0x07;
  return seg === 0 ? 16 : 16 << (seg - 1);
}

/** The codes for silence (linear 0): µ-law 0xFF, A-law 0xD5. */
export const MULAW_SILENCE = 0xff;
export const ALAW_SILENCE = 0xd5;
