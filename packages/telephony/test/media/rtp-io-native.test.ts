import { afterEach, describe, expect, it } from 'vitest';
import type { MediaSession } from '../../src/media/media-session.js';
import type { NativeRtpIo } from '../../src/media/rtp-io-native.js';
import { selectRtpIo } from '../../src/media/rtp-io.js';
import { serializeRtp } from '../../src/media/rtp.js';
import { rig, waitFor, Peer, type Rig } from './media-helpers.js';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(): Promise<Rig> {
  const r = await rig();
  cleanups.push(() => r.engine.close());
  return r;
}

function pointAt(a: MediaSession, b: MediaSession): void {
  a.setRemote({
    address: '127.0.0.1',
    port: b.localPort,
    codec: 'PCMU',
    payloadType: 0,
    telephoneEventPt: 101,
  });
}

const rtp = (seq: number): Uint8Array =>
  serializeRtp({
    marker: false,
    payloadType: 0,
    sequenceNumber: seq,
    timestamp: 0,
    ssrc: 1,
    csrcs: [],
    payload: new Uint8Array(160),
    paddingLength: 0,
  });

// Native RTP I/O is Linux only (ADR 15); there scripts/build-native.sh must have built it.
const linux = process.platform === 'linux';

describe.runIf(linux)('native RTP I/O (ADR 15)', () => {
  it('[HQ-03] is what auto picks here: the addon is built and loads', () => {
    const choice = selectRtpIo('auto');
    expect(choice.fallbackReason, 'run scripts/build-native.sh').toBeNull();
    expect(choice.io.kind).toBe('native');
    expect(selectRtpIo('dgram').io.kind).toBe('dgram');
  });

  it('[HQ-03] carries RTP both ways between two sessions, digits included', async () => {
    const r = await setup();
    expect(r.engine.rtpIo.kind).toBe('native');
    const io = r.engine.rtpIo as NativeRtpIo;
    const a = await r.engine.open();
    const b = await r.engine.open();
    pointAt(a, b);
    pointAt(b, a);
    a.playMusic();
    const digits: string[] = [];
    b.onDigit((d) => digits.push(d));
    a.sendDigits('7');
    const before = io.stats();
    r.frames(20);
    await waitFor(
      () => a.counters.received >= 20 && b.counters.received >= 20 && digits.length === 1,
      'both directions and the digit',
    );
    expect(digits).toEqual(['7']);
    expect(a.counters.dropped + b.counters.dropped).toBe(0);
    const after = io.stats();
    // Both sessions' packets of a frame leave in one native call, not one per packet.
    const batches = after.sendBatches! - before.sendBatches!;
    const packets = after.sendPackets! - before.sendPackets!;
    expect(packets).toBeGreaterThanOrEqual(40);
    expect(batches).toBeLessThanOrEqual(packets / 2);
  });

  it('[HQ-03] drains many sockets per wake-up and keeps each datagram with its socket', async () => {
    const io = selectRtpIo('native').io as NativeRtpIo;
    const far = await Peer.open();
    cleanups.push(() => far.close());
    const sockets = await Promise.all(Array.from({ length: 40 }, () => io.bind('127.0.0.1', 0)));
    cleanups.push(() => sockets.forEach((s) => s.close()));
    const heard = sockets.map(() => [] as number[]);
    sockets.forEach((s, i) => {
      s.setRemote({ address: '127.0.0.1', port: far.port });
      // Sequence numbers name the socket each packet was sent to.
      s.onPacket((p, from) => {
        expect(from).toEqual({ address: '127.0.0.1', port: far.port });
        heard[i]!.push(p.sequenceNumber);
      });
    });
    const before = io.stats();
    for (let round = 0; round < 3; round++) {
      sockets.forEach((s, i) => far.sendRaw(rtp(i * 10 + round), s.localPort));
    }
    await waitFor(() => heard.every((h) => h.length === 3), '3 packets on each of 40 sockets');
    heard.forEach((h, i) => expect(h).toEqual([i * 10, i * 10 + 1, i * 10 + 2]));
    const after = io.stats();
    expect(after.recvPackets! - before.recvPackets!).toBe(120);
    // Paced draining: a handful of drains for 120 datagrams, not one callback each.
    expect(after.drains! - before.drains!).toBeLessThan(30);
  });
});
