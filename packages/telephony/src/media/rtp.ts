/**
 * RTP packets (RFC 3550 section 5.1): parse and serialize, nothing else.
 *
 * The parser is fed whatever arrives on a UDP port, so it never throws: garbage gives an error
 * result that the adapter counts and drops. Payload and extension data are views into the input
 * buffer (no copy on the hot path); copy them if the buffer is reused.
 */

export interface RtpHeaderExtension {
  /** The 16-bit "defined by profile" field (0xBEDE for RFC 8285 one-byte headers). */
  readonly profile: number;
  /** Extension data; its length is a multiple of 4 on the wire. */
  readonly data: Uint8Array;
}

export interface RtpPacket {
  readonly marker: boolean;
  readonly payloadType: number;
  readonly sequenceNumber: number;
  readonly timestamp: number;
  readonly ssrc: number;
  readonly csrcs: readonly number[];
  readonly extension?: RtpHeaderExtension;
  readonly payload: Uint8Array;
  /** Number of padding bytes at the end, including the count byte itself; 0 means no padding. */
  readonly paddingLength: number;
}

export type RtpParseResult = { ok: true; packet: RtpPacket } | { ok: false; error: string };

const FIXED_HEADER = 12;

function fail(error: string): RtpParseResult {
  return { ok: false, error };
}

/** Parse one RTP packet. Never throws. */
export function parseRtp(bytes: Uint8Array): RtpParseResult {
  if (bytes.length < FIXED_HEADER)
    return fail(`too short for an RTP header: ${bytes.length} bytes`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const b0 = bytes[0] as number;
  const b1 = bytes[1] as number;
  const version = b0 >> 6;
  if (version !== 2) return fail(`RTP version ${version}, expected 2`);
  const hasPadding = (b0 & 0x20) !== 0;
  const hasExtension = (b0 & 0x10) !== 0;
  const csrcCount = b0 & 0x0f;

  let offset = FIXED_HEADER;
  if (bytes.length < offset + csrcCount * 4) return fail('CSRC list runs past the end of packet');
  const csrcs: number[] = [];
  for (let i = 0; i < csrcCount; i++, offset += 4) csrcs.push(view.getUint32(offset));

  let extension: RtpHeaderExtension | undefined;
  if (hasExtension) {
    if (bytes.length < offset + 4) return fail('extension header runs past the end of packet');
    const profile = view.getUint16(offset);
    const words = view.getUint16(offset + 2);
    offset += 4;
    if (bytes.length < offset + words * 4)
      return fail('extension data runs past the end of packet');
    extension = { profile, data: bytes.subarray(offset, offset + words * 4) };
    offset += words * 4;
  }

  let paddingLength = 0;
  if (hasPadding) {
    // The last byte counts the padding, itself included (RFC 3550 5.1), so 0 is invalid.
    paddingLength = bytes[bytes.length - 1] as number;
    if (paddingLength === 0) return fail('padding bit set but padding length is 0');
    if (offset + paddingLength > bytes.length) return fail('padding longer than the payload');
  }

  const packet: RtpPacket = {
    marker: (b1 & 0x80) !== 0,
    payloadType: b1 & 0x7f,
    sequenceNumber: view.getUint16(2),
    timestamp: view.getUint32(4),
    ssrc: view.getUint32(8),
    csrcs,
    payload: bytes.subarray(offset, bytes.length - paddingLength),
    paddingLength,
    ...(extension ? { extension } : {}),
  };
  return { ok: true, packet };
}

/** Checks that make serialize's output parse back to the same packet; throws on a caller bug. */
function checkPacket(p: RtpPacket): void {
  const u = (name: string, v: number, bits: number): void => {
    if (!Number.isInteger(v) || v < 0 || v >= 2 ** bits) {
      throw new RangeError(`RTP ${name} ${v} is not an unsigned ${bits}-bit integer`);
    }
  };
  u('payload type', p.payloadType, 7);
  u('sequence number', p.sequenceNumber, 16);
  u('timestamp', p.timestamp, 32);
  u('SSRC', p.ssrc, 32);
  if (p.csrcs.length > 15)
    throw new RangeError(`RTP allows at most 15 CSRCs, got ${p.csrcs.length}`);
  for (const c of p.csrcs) u('CSRC', c, 32);
  u('padding length', p.paddingLength, 8);
  if (p.extension) {
    u('extension profile', p.extension.profile, 16);
    if (p.extension.data.length % 4 !== 0 || p.extension.data.length / 4 > 0xffff) {
      throw new RangeError('RTP extension data must be a multiple of 4 bytes, at most 65535 words');
    }
  }
}

/** Size in bytes of the serialized packet. */
export function rtpPacketSize(p: RtpPacket): number {
  const ext = p.extension ? 4 + p.extension.data.length : 0;
  return FIXED_HEADER + p.csrcs.length * 4 + ext + p.payload.length + p.paddingLength;
}

/**
 * Serialize a packet. Throws RangeError on out-of-range fields: those are bugs in our own code,
 * unlike parse errors, which come from the network.
 */
export function serializeRtp(p: RtpPacket): Uint8Array {
  checkPacket(p);
  const out = new Uint8Array(rtpPacketSize(p));
  const view = new DataView(out.buffer);
  out[0] = 0x80 | (p.paddingLength > 0 ? 0x20 : 0) | (p.extension ? 0x10 : 0) | p.csrcs.length;
  out[1] = (p.marker ? 0x80 : 0) | p.payloadType;
  view.setUint16(2, p.sequenceNumber);
  view.setUint32(4, p.timestamp);
  view.setUint32(8, p.ssrc);
  let offset = FIXED_HEADER;
  for (const c of p.csrcs) {
    view.setUint32(offset, c);
    offset += 4;
  }
  if (p.extension) {
    view.setUint16(offset, p.extension.profile);
    view.setUint16(offset + 2, p.extension.data.length / 4);
    out.set(p.extension.data, offset + 4);
    offset += 4 + p.extension.data.length;
  }
  out.set(p.payload, offset);
  offset += p.payload.length;
  // Padding bytes are zero except the last, which carries the count.
  if (p.paddingLength > 0) out[offset + p.paddingLength - 1] = p.paddingLength;
  return out;
}

/** Is sequence number `a` after `b`, allowing for 16-bit wraparound (RFC 3550 appendix A.1)? */
export function seqAfter(a: number, b: number): boolean {
  const d = (a - b) & 0xffff;
  return d !== 0 && d < 0x8000;
}
