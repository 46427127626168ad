/**
 * The packet tables JavaScript and the native RTP addon share (native/src/rtp_io.c, ADR 15):
 * one entry of 8 int32 per datagram, the same shape for sending and receiving. Keep the layout
 * in step with the C side.
 *
 *   [0] send: the socket's fd / receive: the socket id given to open()
 *   [1] byte offset of the datagram in the data buffer   [2] its length
 *   [3] port | family << 16 (family 4 or 6)
 *   [4..7] the address: 16 bytes in network order (IPv4 in the first 4, the rest zero)
 */
import { isIP } from 'node:net';

export const ENTRY_INTS = 8;
export const ENTRY_BYTES = ENTRY_INTS * Int32Array.BYTES_PER_ELEMENT;

/** An address in table form; `words` are its 16 bytes read as 4 int32 in platform order. */
export interface WireAddress {
  readonly family: 4 | 6;
  readonly words: Int32Array;
}

function wire(family: 4 | 6, bytes: Uint8Array): WireAddress {
  return { family, words: new Int32Array(bytes.buffer, bytes.byteOffset, 4) };
}

/** An IP literal in table form; null for anything else (a host name, a scoped IPv6 address). */
export function encodeAddress(ip: string): WireAddress | null {
  const kind = isIP(ip);
  const bytes = new Uint8Array(16);
  if (kind === 4) {
    const parts = ip.split('.');
    for (let i = 0; i < 4; i++) bytes[i] = Number(parts[i]);
    return wire(4, bytes);
  }
  if (kind !== 6 || ip.includes('%')) return null;
  let text = ip;
  // A trailing dotted quad (::ffff:192.0.2.1) becomes two groups.
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.', lastColon)) {
    const v4 = encodeAddress(text.slice(lastColon + 1));
    if (!v4) return null;
    const b = new Uint8Array(v4.words.buffer, 0, 4);
    text = `${text.slice(0, lastColon + 1)}${((b[0]! << 8) | b[1]!).toString(16)}:${((b[2]! << 8) | b[3]!).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups =
    tail === undefined
      ? headGroups
      : [
          ...headGroups,
          ...new Array<string>(8 - headGroups.length - tailGroups.length).fill('0'),
          ...tailGroups,
        ];
  for (let i = 0; i < 8; i++) {
    const value = parseInt(groups[i]!, 16);
    bytes[2 * i] = value >> 8;
    bytes[2 * i + 1] = value & 0xff;
  }
  return wire(6, bytes);
}

/** The text form Node's dgram gives in `rinfo.address` (RFC 5952 for IPv6). */
export function decodeAddress(family: number, bytes: Uint8Array, offset: number): string {
  if (family === 4) {
    return `${bytes[offset]}.${bytes[offset + 1]}.${bytes[offset + 2]}.${bytes[offset + 3]}`;
  }
  const groups: number[] = [];
  for (let i = 0; i < 8; i++)
    groups.push((bytes[offset + 2 * i]! << 8) | bytes[offset + 2 * i + 1]!);
  // IPv4-mapped and IPv4-compatible addresses keep a dotted quad, as libuv's inet_ntop does.
  if (groups.slice(0, 5).every((g) => g === 0)) {
    if (groups[5] === 0xffff) return `::ffff:${decodeAddress(4, bytes, offset + 12)}`;
    if (groups[5] === 0 && groups[6] !== 0) return `::${decodeAddress(4, bytes, offset + 12)}`;
  }
  // The longest run of two or more zero groups (the first of equals) becomes "::".
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = (from: number, to: number) =>
    groups
      .slice(from, to)
      .map((g) => g.toString(16))
      .join(':');
  if (bestStart < 0) return hex(0, 8);
  return `${hex(0, bestStart)}::${hex(bestStart + bestLength, 8)}`;
}

/** True when entry `at` of `table` holds exactly this address and port. */
export function entryIs(table: Int32Array, at: number, to: WireAddress, port: number): boolean {
  const w = to.words;
  return (
    table[at + 3] === (port | (to.family << 16)) &&
    table[at + 4] === w[0] &&
    table[at + 5] === w[1] &&
    table[at + 6] === w[2] &&
    table[at + 7] === w[3]
  );
}

/** Datagrams gathered for one native send call. */
export class SendBatch {
  readonly table: Int32Array;
  readonly data: Uint8Array;
  private entries = 0;
  private used = 0;

  constructor(capacity: number, dataBytes: number) {
    this.table = new Int32Array(capacity * ENTRY_INTS);
    this.data = new Uint8Array(dataBytes);
  }

  get count(): number {
    return this.entries;
  }

  /** Adds one datagram; false when the batch is full (send it, reset, push again). */
  push(fd: number, to: WireAddress, port: number, bytes: Uint8Array): boolean {
    const length = bytes.length;
    if (this.entries * ENTRY_INTS >= this.table.length || this.used + length > this.data.length) {
      return false;
    }
    const t = this.table;
    const at = this.entries * ENTRY_INTS;
    const w = to.words;
    t[at] = fd;
    t[at + 1] = this.used;
    t[at + 2] = length;
    t[at + 3] = port | (to.family << 16);
    t[at + 4] = w[0]!;
    t[at + 5] = w[1]!;
    t[at + 6] = w[2]!;
    t[at + 7] = w[3]!;
    this.data.set(bytes, this.used);
    this.used += length;
    this.entries += 1;
    return true;
  }

  reset(): void {
    this.entries = 0;
    this.used = 0;
  }
}

/** One received datagram read back from a receive table (tests and diagnostics). */
export interface ReceivedEntry {
  readonly socketId: number;
  readonly address: string;
  readonly port: number;
  readonly bytes: Uint8Array;
}

export function readReceived(table: Int32Array, data: Uint8Array, index: number): ReceivedEntry {
  const at = index * ENTRY_INTS;
  const offset = table[at + 1]!;
  return {
    socketId: table[at]!,
    address: decodeAddress(
      table[at + 3]! >>> 16,
      new Uint8Array(table.buffer, table.byteOffset),
      (at + 4) * 4,
    ),
    port: table[at + 3]! & 0xffff,
    bytes: data.subarray(offset, offset + table[at + 2]!),
  };
}
