import fc from 'fast-check';
import { SocketAddress } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  ENTRY_BYTES,
  ENTRY_INTS,
  SendBatch,
  decodeAddress,
  encodeAddress,
  entryIs,
  readReceived,
} from '../../src/media/rtp-io-table.js';

const bytesOf = (ip: string): number[] => {
  const wire = encodeAddress(ip)!;
  return [...new Uint8Array(wire.words.buffer, wire.words.byteOffset, 16)];
};

describe('RTP packet tables shared with the native addon', () => {
  it('[HQ-03] encodes IPv4 and IPv6 literals as 16 network-order bytes and refuses names', () => {
    expect(encodeAddress('192.0.2.10')!.family).toBe(4);
    expect(bytesOf('192.0.2.10')).toEqual([192, 0, 2, 10, ...new Array<number>(12).fill(0)]);
    expect(encodeAddress('::1')!.family).toBe(6);
    expect(bytesOf('::1')).toEqual([...new Array<number>(15).fill(0), 1]);
    expect(bytesOf('2001:db8::a:b')).toEqual([
      0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x0a, 0, 0x0b,
    ]);
    expect(bytesOf('::ffff:192.0.2.1').slice(10)).toEqual([0xff, 0xff, 192, 0, 2, 1]);
    expect(encodeAddress('pbx.example.com')).toBeNull();
    expect(encodeAddress('fe80::1%eth0')).toBeNull();
  });

  it('[HQ-03] decodes addresses to the text dgram gives (RFC 5952 for IPv6)', () => {
    const at = (ip: string) =>
      decodeAddress(encodeAddress(ip)!.family, new Uint8Array(bytesOf(ip)), 0);
    expect(at('10.1.2.3')).toBe('10.1.2.3');
    expect(at('::1')).toBe('::1');
    expect(at('::')).toBe('::');
    expect(at('2001:0db8:0000:0000:0001:0000:0000:0001')).toBe('2001:db8::1:0:0:1');
    expect(at('2001:db8:0:1:1:1:1:1')).toBe('2001:db8:0:1:1:1:1:1');
    expect(at('::ffff:192.0.2.1')).toBe('::ffff:192.0.2.1');
  });

  it('[HQ-03] round-trips any IPv6 address to the canonical text form', () => {
    fc.assert(
      fc.property(fc.ipV6(), (ip) => {
        const wire = encodeAddress(ip);
        expect(wire).not.toBeNull();
        const text = decodeAddress(6, new Uint8Array(wire!.words.buffer), 0);
        // Node's own canonical form of the same address.
        expect(text).toBe(new SocketAddress({ address: ip, family: 'ipv6' }).address);
      }),
    );
  });

  it('[HQ-03] lays out a send batch as the C side reads it and reports when it is full', () => {
    const batch = new SendBatch(2, 8);
    const to = encodeAddress('127.0.0.1')!;
    expect(batch.push(17, to, 40_000, new Uint8Array([1, 2, 3]))).toBe(true);
    expect(batch.push(18, to, 40_002, new Uint8Array([4, 5, 6, 7]))).toBe(true);
    expect(batch.count).toBe(2);
    const t = batch.table;
    expect([...t.subarray(0, ENTRY_INTS)].slice(0, 4)).toEqual([17, 0, 3, 40_000 | (4 << 16)]);
    expect([...t.subarray(ENTRY_INTS, 2 * ENTRY_INTS)].slice(0, 4)).toEqual([
      18,
      3,
      4,
      40_002 | (4 << 16),
    ]);
    expect(new Uint8Array(t.buffer, 16, 4)).toEqual(new Uint8Array([127, 0, 0, 1]));
    expect([...batch.data.subarray(0, 7)]).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(entryIs(t, 0, to, 40_000)).toBe(true);
    expect(entryIs(t, 0, to, 40_002)).toBe(false);
    expect(entryIs(t, 0, encodeAddress('127.0.0.2')!, 40_000)).toBe(false);
    // Out of entries, then out of bytes: the caller sends and starts again.
    expect(batch.push(19, to, 1, new Uint8Array(1))).toBe(false);
    batch.reset();
    expect(batch.push(19, to, 1, new Uint8Array(9))).toBe(false);
    expect(batch.push(19, to, 1, new Uint8Array(8))).toBe(true);
  });

  it('[HQ-03] reads a receive entry back: socket id, source and the datagram', () => {
    const table = new Int32Array(2 * ENTRY_INTS);
    const data = new Uint8Array(64);
    data.set([9, 8, 7], 16);
    const from = encodeAddress('2001:db8::5')!;
    table.set([42, 16, 3, 5004 | (6 << 16), ...from.words], ENTRY_INTS);
    const entry = readReceived(table, data, 1);
    expect(entry).toMatchObject({ socketId: 42, address: '2001:db8::5', port: 5004 });
    expect([...entry.bytes]).toEqual([9, 8, 7]);
    expect(ENTRY_BYTES).toBe(32);
  });
});
