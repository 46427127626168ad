import { afterEach, describe, expect, it } from 'vitest';
import { mulawEncode } from '../../src/media/g711.js';
import type { MediaSession } from '../../src/media/media-session.js';
import { ramp, rig, waitFor, Peer, type Rig } from './media-helpers.js';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(): Promise<{
  r: Rig;
  caller: Peer;
  agent: Peer;
  a: MediaSession;
  b: MediaSession;
}> {
  const r = await rig();
  cleanups.push(() => r.engine.close());
  const caller = await Peer.open();
  const agent = await Peer.open();
  cleanups.push(
    () => caller.close(),
    () => agent.close(),
  );
  const a = await r.engine.open();
  const b = await r.engine.open();
  for (const [s, p] of [
    [a, caller],
    [b, agent],
  ] as const) {
    s.setRemote({
      address: '127.0.0.1',
      port: p.port,
      codec: 'PCMU',
      payloadType: 0,
      telephoneEventPt: 101,
    });
  }
  return { r, caller, agent, a, b };
}

/** Sends `frames` frames of `voice` from the caller to `a`, one media frame each. */
async function talk(
  r: Rig,
  caller: Peer,
  a: MediaSession,
  voice: Uint8Array,
  firstSeq: number,
): Promise<void> {
  const frames = voice.length / 160;
  for (let f = 0; f < frames; f++) {
    const before = a.counters.received;
    caller.send(a.localPort, {
      pt: 0,
      seq: firstSeq + f,
      ts: (firstSeq + f) * 160,
      ssrc: 0xcafe,
      payload: voice.subarray(f * 160, f * 160 + 160),
    });
    await waitFor(() => a.counters.received === before + 1, 'caller packet');
    r.frames(1);
  }
}

const heardFrames = (agent: Peer, voice: Uint8Array): number[] =>
  agent.received.flatMap((p) => {
    for (let f = 0; f < voice.length / 160; f++)
      if (p.payload.every((v, i) => v === voice[f * 160 + i])) return [f];
    return [];
  });

describe('a held caller’s audio that nobody hears', () => {
  it('is counted and dropped: a bridge starts with what the caller says after it', async () => {
    const { r, caller, agent, a, b } = await setup();
    a.playMusic();
    const before = mulawEncode(ramp(160 * 6, 11));
    await talk(r, caller, a, before, 100);
    expect(a.counters.received).toBe(6);
    a.bridge(b);
    const after = mulawEncode(ramp(160 * 8, 7_001));
    await talk(r, caller, a, after, 106);
    await waitFor(() => agent.received.length >= 14, 'agent packets');
    // Buffered audio from before the bridge would reach the agent first; none does.
    expect(heardFrames(agent, before)).toEqual([]);
    expect(heardFrames(agent, after).slice(0, 4)).toEqual([0, 1, 2, 3]);
  });

  it('is heard again after a long unheard stretch, though its sequence moved far on', async () => {
    const { r, caller, agent, a, b } = await setup();
    a.bridge(b);
    await talk(r, caller, a, mulawEncode(ramp(160 * 4, 3)), 10);
    a.unbridge();
    // 40,000 packets later (13 minutes): more than half the sequence space away.
    a.bridge(b);
    agent.received.length = 0;
    const later = mulawEncode(ramp(160 * 8, 9_001));
    await talk(r, caller, a, later, 40_010);
    await waitFor(() => agent.received.length >= 8, 'agent packets');
    expect(heardFrames(agent, later).slice(0, 4)).toEqual([0, 1, 2, 3]);
  });
});
