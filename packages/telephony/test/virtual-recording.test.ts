import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TelephonyEvent } from '@tsunagu/domain';
import { describe, expect, it } from 'vitest';
import { media, quietToneWriter, VirtualScheduler, VirtualTelephony } from '../src/index.js';
import type { VirtualTelephonyOptions } from '../src/index.js';

function caller(options: VirtualTelephonyOptions = {}) {
  const clock = new VirtualScheduler(0);
  const telephony = new VirtualTelephony(clock, options);
  const events: TelephonyEvent[] = [];
  telephony.onEvent((e) => events.push(e));
  const legId = telephony.placeCall('09011112222', '0312345678', {
    patienceMs: Infinity,
    talkMs: Infinity,
  });
  telephony.execute({ type: 'leg.answer', legId, earlyMedia: false });
  const record = (action: 'start' | 'stop' | 'pause' | 'resume') =>
    telephony.execute({ type: 'leg.record', legId, recordingId: 'rec-1', action });
  return { clock, telephony, events, legId, record };
}

const done = (events: TelephonyEvent[]) =>
  events.filter((e) => e.type === 'leg.recording-done' || e.type === 'leg.ended');

describe('recordings on the virtual telephony (AGT-04)', () => {
  it('[AGT-04] a recording lasts as long as it ran, paused time left out, like the SIP recorder', () => {
    const { clock, events, legId, record } = caller();
    record('start');
    clock.runUntil(4_000);
    record('pause');
    clock.runUntil(10_000);
    record('resume');
    clock.runUntil(13_000);
    record('stop');
    clock.runUntil(13_001);
    expect(done(events)).toEqual([
      { type: 'leg.recording-done', legId, recordingId: 'rec-1', durationMs: 7_000 },
    ]);
  });

  it('[AGT-04] hanging up a recorded leg still reports the recording, as SIP does', () => {
    const { clock, events, legId, record, telephony } = caller();
    record('start');
    clock.runUntil(2_000);
    telephony.execute({ type: 'leg.hangup', legId, reason: 'hangup' });
    clock.runUntil(2_001);
    expect(done(events)).toEqual([
      { type: 'leg.recording-done', legId, recordingId: 'rec-1', durationMs: 2_000 },
    ]);
  });

  it('[AGT-04] with a writer, the WAV is written before the recording is reported, and before the leg ends', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsunagu-virtual-rec-'));
    try {
      const { clock, events, legId, record, telephony } = caller({
        writeRecording: quietToneWriter(dir),
      });
      record('start');
      clock.runUntil(1_500);
      telephony.hangupFromParty(legId);
      for (let i = 0; i < 100 && done(events).length < 2; i++) {
        await new Promise((r) => setTimeout(r, 10));
        clock.runUntil(clock.now() + 1);
      }
      expect(done(events).map((e) => e.type)).toEqual(['leg.recording-done', 'leg.ended']);
      const wav = media.readWav(new Uint8Array(readFileSync(join(dir, 'rec-1.wav'))));
      expect(wav.ok && wav.sampleRate).toBe(8000);
      expect(wav.ok && wav.samples.length).toBe(12_000);
      // Quiet, but not silent: a player shows it plays.
      const peak = wav.ok ? Math.max(...wav.samples) : 0;
      expect(peak).toBeGreaterThan(500);
      expect(peak).toBeLessThan(2_000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('[AGT-04] without a writer nothing touches the disk and the report is immediate', () => {
    const { clock, events, legId, telephony, record } = caller();
    record('start');
    clock.runUntil(1_000);
    telephony.hangupFromParty(legId);
    clock.runUntil(1_001);
    expect(done(events).map((e) => e.type)).toEqual(['leg.recording-done', 'leg.ended']);
  });
});
