import { createSocket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { dgramRtpIo } from '../../src/media/rtp-io-dgram.js';
import { selectRtpIo } from '../../src/media/rtp-io.js';
import { PortRange, type RtpIo } from '../../src/media/rtp-socket.js';
import { serializeRtp } from '../../src/media/rtp.js';
import { waitFor, Peer } from './media-helpers.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

const packet = (seq: number): Uint8Array =>
  serializeRtp({
    marker: false,
    payloadType: 0,
    sequenceNumber: seq,
    timestamp: seq * 160,
    ssrc: 77,
    csrcs: [],
    payload: new Uint8Array(160),
    paddingLength: 0,
  });

// Both ways of carrying RTP behave the same; native is skipped only off Linux (ADR 15).
const ios: [string, RtpIo | null][] = [
  ['dgram', dgramRtpIo],
  ['native', process.platform === 'linux' ? selectRtpIo('native').io : null],
];

describe.each(ios)('RtpSocket over %s', (_kind, maybeIo) => {
  const io = maybeIo!;
  it.skipIf(maybeIo === null)(
    'counts and drops garbage and RTCP, and latches onto where RTP really comes from',
    async () => {
      const socket = await io.bind('127.0.0.1', 0);
      cleanups.push(() => socket.close());
      const peer = await Peer.open();
      cleanups.push(() => peer.close());
      // A port nobody reads: what the SDP said, before NAT rewrote it.
      const sdpSays = createSocket('udp4');
      await new Promise<void>((r) => sdpSays.bind(0, '127.0.0.1', () => r()));
      const sdpPort = sdpSays.address().port;
      sdpSays.close();

      const got: number[] = [];
      socket.onPacket((p) => got.push(p.sequenceNumber));
      peer.sendRaw(packet(1), socket.localPort);
      await waitFor(() => socket.counters.dropped === 1, 'drop before remote');

      socket.setRemote({ address: '127.0.0.1', port: sdpPort });
      expect(socket.sendingTo).toEqual({ address: '127.0.0.1', port: sdpPort });
      peer.sendRaw(new Uint8Array([1, 2, 3]), socket.localPort);
      // An RTCP receiver report (PT 201) on the RTP port.
      peer.sendRaw(new Uint8Array([0x80, 201, 0, 1, 0, 0, 0, 77]), socket.localPort);
      peer.sendRaw(packet(2), socket.localPort);
      await waitFor(() => got.length === 1, 'valid packet');
      expect(socket.counters).toMatchObject({ received: 1, dropped: 2, rtcp: 1 });
      // One packet is not enough to move the audio: it could be injected, or a late straggler.
      expect(socket.sendingTo).toEqual({ address: '127.0.0.1', port: sdpPort });
      peer.sendRaw(packet(3), socket.localPort);
      peer.sendRaw(packet(4), socket.localPort);
      await waitFor(() => got.length === 3, 'three in sequence');
      expect(socket.sendingTo).toEqual({ address: '127.0.0.1', port: peer.port });

      socket.send(packet(9));
      await waitFor(() => peer.received.length === 1, 'reply to the latched address');
      expect(socket.counters.sent).toBe(1);
    },
  );

  it.skipIf(maybeIo === null)(
    '[HQ-03] a stranger’s packets cannot divert a caller’s audio: out-of-sequence ones never latch, the SDP’s own address keeps it',
    async () => {
      const socket = await io.bind('127.0.0.1', 0);
      cleanups.push(() => socket.close());
      const phone = await Peer.open();
      cleanups.push(() => phone.close());
      const stranger = await Peer.open();
      cleanups.push(() => stranger.close());
      const got: number[] = [];
      socket.onPacket((p) => got.push(p.sequenceNumber));
      socket.setRemote({ address: '127.0.0.1', port: phone.port });

      // Injected packets, not in sequence, and the real phone's stream in between.
      for (const seq of [100, 300, 500]) stranger.sendRaw(packet(seq), socket.localPort);
      await waitFor(() => got.length === 3, 'stranger heard');
      expect(socket.sendingTo).toEqual({ address: '127.0.0.1', port: phone.port });
      phone.sendRaw(packet(1), socket.localPort);
      await waitFor(() => got.length === 4, 'phone heard');
      // Latched on the SDP's own address: a stranger in sequence now changes nothing.
      for (const seq of [7, 8, 9, 10]) stranger.sendRaw(packet(seq), socket.localPort);
      await waitFor(() => got.length === 8, 'stranger in sequence heard');
      expect(socket.sendingTo).toEqual({ address: '127.0.0.1', port: phone.port });
    },
  );
});

describe.each(ios)('PortRange over %s', (_kind, maybeIo) => {
  const io = maybeIo!;
  it.skipIf(maybeIo === null)(
    'hands out distinct even ports, skips busy ones and rejects when exhausted',
    async () => {
      const base = 30_000 + 2 * Math.floor(Math.random() * 5_000);
      const range = new PortRange(base + 1, base + 6, io);
      expect(range.size).toBe(3);
      const busy = await io.bind('127.0.0.1', base + 4);
      cleanups.push(() => busy.close());
      const a = await range.bind('127.0.0.1');
      cleanups.push(() => a.close());
      const b = await range.bind('127.0.0.1');
      cleanups.push(() => b.close());
      expect([a.localPort, b.localPort]).toEqual([base + 2, base + 6]);
      await expect(range.bind('127.0.0.1')).rejects.toThrow();
      a.close();
      range.release(a.localPort);
      const c = await range.bind('127.0.0.1');
      cleanups.push(() => c.close());
      expect(c.localPort).toBe(base + 2);
      expect(() => new PortRange(10, 5, io)).toThrow(RangeError);
    },
  );
});
