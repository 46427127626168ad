/** WAV files of any shape for the upload tests, written here so a wrong one can be made. */
export interface WavShape {
  readonly format?: number;
  readonly channels?: number;
  readonly rate?: number;
  readonly bits?: number;
  /** Extra chunks written before the data chunk (e.g. a LIST chunk from an editor). */
  readonly extraChunks?: readonly { id: string; body: Uint8Array }[];
}

export function wavFile(data: Uint8Array, shape: WavShape = {}): Uint8Array {
  const { format = 1, channels = 1, rate = 8000, bits = 16, extraChunks = [] } = shape;
  const chunks: Uint8Array[] = [];
  const chunk = (id: string, body: Uint8Array) => {
    const head = new Uint8Array(8);
    head.set([...id].map((c) => c.charCodeAt(0)));
    new DataView(head.buffer).setUint32(4, body.length, true);
    chunks.push(head, body, new Uint8Array(body.length & 1));
  };
  const fmt = new Uint8Array(16);
  const f = new DataView(fmt.buffer);
  f.setUint16(0, format, true);
  f.setUint16(2, channels, true);
  f.setUint32(4, rate, true);
  f.setUint32(8, (rate * channels * bits) / 8, true);
  f.setUint16(12, (channels * bits) / 8, true);
  f.setUint16(14, bits, true);
  chunk('fmt ', fmt);
  for (const extra of extraChunks) chunk(extra.id, extra.body);
  chunk('data', data);
  const size = chunks.reduce((n, c) => n + c.length, 4);
  const out = new Uint8Array(8 + size);
  out.set([...'RIFF'].map((c) => c.charCodeAt(0)));
  new DataView(out.buffer).setUint32(4, size, true);
  out.set(
    [...'WAVE'].map((c) => c.charCodeAt(0)),
    8,
  );
  let at = 12;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** `ms` of a 440 Hz tone as 16-bit little-endian samples at `rate`, on each of `channels`. */
export function tone(ms: number, rate = 8000, channels = 1): Uint8Array {
  const frames = Math.round((ms * rate) / 1000);
  const out = new Uint8Array(frames * channels * 2);
  const view = new DataView(out.buffer);
  for (let i = 0; i < frames; i += 1) {
    const sample = Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / rate));
    for (let c = 0; c < channels; c += 1) view.setInt16((i * channels + c) * 2, sample, true);
  }
  return out;
}
