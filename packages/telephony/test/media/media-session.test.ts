import { afterEach, describe, expect, it } from 'vitest';
import { prompt } from '@tsunagu/domain';
import { mulawEncode, MULAW_SILENCE } from '../../src/media/g711.js';
import type { MediaSession } from '../../src/media/media-session.js';
import { transcode } from '../../src/media/bridge.js';
import { ramp, rig, waitFor, Peer, type Rig } from './media-helpers.js';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(): Promise<Rig> {
  const r = await rig();
  cleanups.push(() => r.engine.close());
  return r;
}

async function peer(): Promise<Peer> {
  const p = await Peer.open();
  cleanups.push(() => p.close());
  return p;
}

function connect(session: MediaSession, p: Peer, codec: 'PCMU' | 'PCMA' = 'PCMU'): void {
  session.setRemote({
    address: '127.0.0.1',
    port: p.port,
    codec,
    payloadType: codec === 'PCMU' ? 0 : 8,
    telephoneEventPt: 101,
  });
}

function expectContinuous(
  packets: { sequenceNumber: number; timestamp: number; ssrc: number }[],
): void {
  for (let i = 1; i < packets.length; i++) {
    expect(packets[i]!.ssrc).toBe(packets[0]!.ssrc);
    expect(packets[i]!.sequenceNumber).toBe((packets[i - 1]!.sequenceNumber + 1) & 0xffff);
    expect(packets[i]!.timestamp).toBe((packets[i - 1]!.timestamp + 160) >>> 0);
  }
}

describe('MediaSession over real UDP on 127.0.0.1', () => {
  it('sends nothing before it knows the remote, then plays a prompt as 160-byte frames', async () => {
    const r = await setup();
    const far = await peer();
    const session = await r.engine.open();
    expect(session.localAddress).toBe('127.0.0.1');
    expect(session.localPort % 2).toBe(0);
    r.frames(5);
    expect(session.counters.sent).toBe(0);

    connect(session, far);
    let done = 0;
    session.play([prompt('queue.welcome')], 'en', 'silence', () => (done += 1));
    r.frames(30);
    await waitFor(() => far.received.length >= 30, '30 packets');
    const got = far.received.slice(0, 30);
    expect(got.every((p) => p.payloadType === 0 && p.payload.length === 160)).toBe(true);
    expect(got[0]!.marker).toBe(true);
    expect(got.slice(1).some((p) => p.marker)).toBe(false);
    expectContinuous(got);
    // hello.wav is 4000 samples: 25 whole frames of the ramp, then silence.
    const expected = mulawEncode(ramp(4000));
    for (let f = 0; f < 25; f++) {
      expect(got[f]!.payload).toEqual(expected.subarray(f * 160, f * 160 + 160));
    }
    expect(got[26]!.payload.every((b) => b === MULAW_SILENCE)).toBe(true);
    expect(done).toBe(1);
  });

  it('[HQ-03] loops hold music after the items and stops on stopPlay', async () => {
    const r = await setup();
    const far = await peer();
    const session = await r.engine.open();
    connect(session, far, 'PCMA');
    let done = false;
    session.play([{ kind: 'tone', name: 'beep' }], 'ja', 'music', () => (done = true));
    // In steps: a loopback socket queues only so many datagrams before it drops them.
    for (let step = 0; step < 10; step++) {
      r.frames(27);
      await waitFor(() => far.received.length >= 27 * (step + 1), 'beep and music');
    }
    expect(done).toBe(true);
    const music = r.engine.prompts.holdMusic('PCMA');
    // The 400 ms beep is 20 frames; music starts on frame 21 and wraps after its length.
    expect(far.received[20]!.payload).toEqual(music.subarray(0, 160));
    const loopFrames = music.length / 160;
    expect(far.received[20 + loopFrames]!.payload).toEqual(music.subarray(0, 160));
    session.stopPlay();
    r.frames(2);
    await waitFor(() => far.received.length >= 273, 'silence');
    expect(far.received[272]!.payload.every((b) => b === 0xd5)).toBe(true);
    expectContinuous(far.received);
  });

  it('stops sending while on hold (recvonly) and marks the talkspurt on resume', async () => {
    const r = await setup();
    const far = await peer();
    const session = await r.engine.open();
    connect(session, far);
    session.playMusic();
    r.frames(3);
    session.setDirection('inactive');
    r.frames(10);
    session.setDirection('sendrecv');
    r.frames(2);
    // The first advance also runs the frame due at the start: 4 frames, 10 held, 2.
    await waitFor(() => far.received.length >= 6, 'packets');
    await new Promise((res) => setTimeout(res, 20));
    expect(far.received.length).toBe(6);
    expect(far.received[4]!.marker).toBe(true);
    // Time went on while held: the timestamp jumps by the 10 silent frames plus one.
    expect(far.received[4]!.timestamp - far.received[3]!.timestamp).toBe(11 * 160);
  });

  it('detects one digit per RFC 2833 event, as in sipp’s dtmf_2833 pcap', async () => {
    const r = await setup();
    const far = await peer();
    const session = await r.engine.open();
    connect(session, far);
    const digits: string[] = [];
    session.onDigit((d) => digits.push(d));
    // Event 1, volume 10, duration +320 per packet, three end packets with one sequence number.
    const durations = [0, 320, 640, 960, 1280, 1600, 1920];
    durations.forEach((d, i) => {
      far.send(session.localPort, {
        pt: 101,
        seq: 7984 + i,
        ts: 13280,
        ssrc: 0x0e05384e,
        marker: i === 0,
        payload: Uint8Array.of(0x01, 0x0a, d >> 8, d & 0xff),
      });
    });
    for (let k = 0; k < 3; k++) {
      far.send(session.localPort, {
        pt: 101,
        seq: 7991,
        ts: 13280,
        ssrc: 0x0e05384e,
        payload: Uint8Array.of(0x01, 0x8a, 0x08, 0xc0),
      });
    }
    far.send(session.localPort, {
      pt: 101,
      seq: 7992,
      ts: 15000,
      ssrc: 0x0e05384e,
      marker: true,
      payload: Uint8Array.of(0x0b, 0x0a, 0, 0),
    });
    await waitFor(() => session.counters.received >= 11, 'events');
    expect(digits).toEqual(['1', '#']);
  });

  it('sends RFC 4733 digits on the media clock, inside the same stream', async () => {
    const r = await setup();
    const far = await peer();
    const session = await r.engine.open();
    connect(session, far);
    r.frames(2);
    session.sendDigits('5x#');
    r.frames(20);
    await waitFor(() => far.received.filter((p) => p.payloadType === 101).length >= 14, 'events');
    const events = far.received.filter((p) => p.payloadType === 101);
    // '5' and '#', 5 updates + 2 repeated ends each ('x' is not a digit).
    expect(events.map((p) => p.payload[0])).toEqual([...Array(7).fill(5), ...Array(7).fill(11)]);
    expect(events.filter((p) => p.marker).length).toBe(2);
    expect(new Set(far.received.map((p) => p.ssrc)).size).toBe(1);
    const seqs = far.received.map((p) => p.sequenceNumber);
    seqs.slice(1).forEach((s, i) => expect(s).toBe((seqs[i]! + 1) & 0xffff));
  });

  it('bridges with SSRC, sequence and timestamp rewritten, transcoding µ-law to A-law', async () => {
    const r = await setup();
    const caller = await peer();
    const agent = await peer();
    const a = await r.engine.open();
    const b = await r.engine.open();
    connect(a, caller, 'PCMU');
    connect(b, agent, 'PCMA');
    b.play([prompt('queue.welcome')], 'en', 'music', () => {});
    r.frames(3);
    a.bridge(b);
    expect(a.isBridged && b.isBridged).toBe(true);
    const voice = mulawEncode(ramp(160 * 12, 5));
    for (let f = 0; f < 12; f++) {
      caller.send(a.localPort, {
        pt: 0,
        seq: 60_000 + f,
        ts: 999 + f * 160,
        ssrc: 0xcafe,
        payload: voice.subarray(f * 160, f * 160 + 160),
      });
      await waitFor(() => a.counters.received === f + 1, 'caller packet');
      r.frames(1);
    }
    await waitFor(() => agent.received.length >= 15, 'agent packets');
    const toAgent = agent.received;
    expectContinuous(toAgent);
    expect(toAgent[0]!.ssrc).not.toBe(0xcafe);
    // The jitter buffer waits for two frames, then the caller's audio flows in order, as A-law.
    const expectedA = transcode(voice, 'PCMU', 'PCMA');
    const firstVoice = toAgent.findIndex(
      (p) => p.payload[0] === expectedA[0] && p.payload[1] === expectedA[1],
    );
    expect(firstVoice).toBeGreaterThan(3);
    for (let k = 0; k < 8; k++) {
      expect(toAgent[firstVoice + k]!.payload).toEqual(expectedA.subarray(k * 160, k * 160 + 160));
    }
    a.unbridge();
    expect(a.isBridged || b.isBridged).toBe(false);
  });
});
