import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { mulawDecode, mulawEncode, alawDecode } from '../../src/media/g711.js';
import type { MediaSession } from '../../src/media/media-session.js';
import { mix, mixFrames } from '../../src/media/mixer.js';
import { readWav } from '../../src/media/wav.js';
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

async function peer(): Promise<Peer> {
  const p = await Peer.open();
  cleanups.push(() => p.close());
  return p;
}

function connect(session: MediaSession, p: Peer, codec: 'PCMU' | 'PCMA' = 'PCMU'): void {
  const payloadType = codec === 'PCMU' ? 0 : 8;
  session.setRemote({
    address: '127.0.0.1',
    port: p.port,
    codec,
    payloadType,
    telephoneEventPt: null,
  });
}

const level = (value: number): Uint8Array => mulawEncode(new Int16Array(160).fill(value));

/** Each peer sends one frame at `value`, then the clock advances one frame. */
async function talk(
  r: Rig,
  frames: number,
  speakers: { peer: Peer; session: MediaSession; value: number }[],
  seq: { n: number },
): Promise<void> {
  for (let f = 0; f < frames; f++) {
    const n = seq.n++;
    for (const s of speakers) {
      const before = s.session.counters.received;
      s.peer.send(s.session.localPort, { pt: 0, seq: n, ts: n * 160, payload: level(s.value) });
      await waitFor(() => s.session.counters.received > before, 'packet in');
    }
    r.frames(1);
  }
}

describe('[AGT-04] recording', () => {
  it('writes a valid WAV of both directions whose duration excludes the paused time', async () => {
    const r = await setup();
    const caller = await peer();
    const session = await r.engine.open();
    connect(session, caller);
    session.play([{ kind: 'tone', name: 'beep' }], 'en', 'silence', () => {});
    const rec = session.record('call-1/leg-a.wav');
    const seq = { n: 0 };
    await talk(r, 30, [{ peer: caller, session, value: 1000 }], seq);
    rec.pause();
    await talk(r, 20, [{ peer: caller, session, value: 1000 }], seq);
    rec.resume();
    await talk(r, 10, [{ peer: caller, session, value: 1000 }], seq);
    const result = await rec.stop();
    // 30 + 10 frames kept, plus the frame due when the session opened.
    expect(result.durationMs).toBe(41 * 20);
    expect(await rec.stop()).toEqual(result);

    const wav = readWav(readFileSync(join(r.dir, 'recordings', 'call-1', 'leg-a.wav')));
    if (!wav.ok) throw new Error(wav.error);
    expect(wav.samples.length).toBe(41 * 160);
    // Frames 0-19 carry the beep we sent; later the caller's 1000 (after the jitter buffer fills).
    const tail = wav.samples.subarray(40 * 160);
    const heard = mulawDecode(level(1000))[0]!;
    expect(Array.from(tail).every((s) => s === heard)).toBe(true);
    const beepPart = wav.samples.subarray(5 * 160, 6 * 160);
    expect(Math.max(...beepPart)).toBeGreaterThan(4000);
  });

  it('stops with the session, and a recording on a closed session is empty', async () => {
    const r = await setup();
    const session = await r.engine.open();
    const rec = session.record(join(r.dir, 'abs.wav'));
    r.frames(4);
    session.close();
    expect(rec.active).toBe(false);
    expect((await rec.stop()).durationMs).toBe(5 * 20);
    const late = session.record('late.wav');
    expect((await late.stop()).durationMs).toBe(0);
    expect(r.engine.sessionCount).toBe(0);
  });
});

describe('mixing', () => {
  it('sums with clipping', () => {
    const a = new Int16Array(160).fill(30_000);
    const b = new Int16Array(160).fill(10_000);
    const c = new Int16Array(160).fill(-50);
    expect(mixFrames([a, b])[0]).toBe(32_767);
    expect(mixFrames([b, c])[7]).toBe(9_950);
    expect(mixFrames([a.map(() => -30_000), b.map(() => -10_000)])[0]).toBe(-32_768);
    expect(mixFrames([])[0]).toBe(0);
  });

  it('lets each of three parties hear the sum of the other two, in its own law', async () => {
    const r = await setup();
    const peers = [await peer(), await peer(), await peer()];
    const sessions = [await r.engine.open(), await r.engine.open(), await r.engine.open()];
    connect(sessions[0]!, peers[0]!);
    connect(sessions[1]!, peers[1]!);
    connect(sessions[2]!, peers[2]!, 'PCMA');
    sessions[0]!.playMusic();
    const conference = mix(sessions);
    const values = [1000, 2000, 4000];
    const speakers = sessions.map((session, i) => ({
      session,
      peer: peers[i]!,
      value: values[i]!,
    }));
    await talk(r, 6, speakers, { n: 0 });
    await waitFor(() => peers.every((p) => p.received.length >= 7), 'mixed audio');
    const decodedLast = peers.map((p, i) => {
      const last = p.received[p.received.length - 1]!.payload;
      return (i === 2 ? alawDecode(last) : mulawDecode(last))[0]!;
    });
    const heard = values.map((v) => mulawDecode(level(v))[0]!);
    const expectNear = (got: number, want: number): void =>
      expect(Math.abs(got - want)).toBeLessThanOrEqual(want / 16);
    expectNear(decodedLast[0]!, heard[1]! + heard[2]!);
    expectNear(decodedLast[1]!, heard[0]! + heard[2]!);
    expectNear(decodedLast[2]!, heard[0]! + heard[1]!);
    conference.close();
    expect(sessions.some((s) => s.isBridged)).toBe(false);
  });
});
