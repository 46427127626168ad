import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { media } from '@tsunagu/telephony';
import type { TestNode } from '../support/test-node.js';
import { demoCall, eventually } from './resources-helpers.js';

/** Test vocabulary of the inbox (AGT-09): a voicemail left by a demo caller, WAV files, audio. */

/**
 * A demo caller waits in the queue, presses the voicemail key (9 in the demo queue), hears the
 * greeting and the beep, and ends the message with '#'. Resolves once the voicemail is stored.
 */
export async function leaveVoicemail(
  t: TestNode,
  adminCookie: string,
  from: string,
): Promise<{ callId: string; voicemailId: string }> {
  const caller = await demoCall(t, adminCookie, from);
  const press = async (digits: string) => {
    const res = await t.request('POST', `/api/v1/demo/calls/${caller.legId}/keys`, {
      cookie: adminCookie,
      body: { digits },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
  };
  await eventually(
    () => t.node.runner.state.calls.get(caller.callId)?.state === 'queued',
    'the caller queued',
  );
  await press('9');
  // The recording starts after the greeting and the beep.
  await eventually(() => t.node.virtual.legs.get(caller.legId)?.recording, 'the recording', 15_000);
  // The caller speaks for a moment: the recording's duration is the time it ran.
  await new Promise((r) => setTimeout(r, 300));
  await press('#');
  const voicemailId = await eventually(async () => {
    const rows = await t.node.db.query<{ id: string }>(
      'SELECT id FROM voicemails WHERE call_id = $1',
      [caller.callId],
    );
    return rows.rows[0]?.id;
  }, 'the voicemail stored');
  return { callId: caller.callId, voicemailId };
}

/**
 * Writes `<id>.wav` where the SIP adapter would (8 kHz mono, 16-bit, a 440 Hz tone), replacing
 * the demo's quiet tone; apps/server/test/sip/callback-caller.test.ts proves the SIP adapter
 * writes this file.
 */
export function writeWav(dir: string, id: string, seconds = 1): Uint8Array {
  const samples = new Int16Array(8000 * seconds);
  for (let i = 0; i < samples.length; i += 1)
    samples[i] = Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / 8000));
  const data = media.pcm16Bytes(samples);
  const bytes = new Uint8Array(media.WAV_HEADER_LENGTH + data.length);
  bytes.set(media.wavHeader({ dataLength: data.length }), 0);
  bytes.set(data, media.WAV_HEADER_LENGTH);
  writeFileSync(join(dir, `${id}.wav`), bytes);
  return bytes;
}

/** Fetches audio as bytes (the JSON test client would decode it as text). */
export async function fetchAudio(
  t: TestNode,
  path: string,
  cookie: string,
  range?: string,
): Promise<{ status: number; headers: Headers; bytes: Uint8Array; json: any }> {
  const res = await fetch(t.url + path, {
    headers: { cookie, ...(range === undefined ? {} : { range }) },
  });
  const bytes = new Uint8Array(await res.arrayBuffer());
  const json = (res.headers.get('content-type') ?? '').includes('json')
    ? JSON.parse(Buffer.from(bytes).toString('utf8'))
    : null;
  return { status: res.status, headers: res.headers, bytes, json };
}

/** Asserts a refusal of the audio route: status and catalogue code. */
export function expectAudioError(
  res: { status: number; json: any },
  status: number,
  code: string,
): void {
  expect(res.status, JSON.stringify(res.json)).toBe(status);
  expect(res.json?.error?.code).toBe(code);
}

/** Range requests a browser's <audio> element makes to seek, checked against the file. */
export async function expectRangeSupport(
  t: TestNode,
  path: string,
  cookie: string,
  file: Uint8Array,
): Promise<void> {
  const size = file.length;
  const whole = await fetchAudio(t, path, cookie);
  expect(whole.status).toBe(200);
  expect(whole.headers.get('content-type')).toBe('audio/wav');
  expect(whole.headers.get('accept-ranges')).toBe('bytes');
  expect(Buffer.from(whole.bytes).equals(Buffer.from(file))).toBe(true);
  const wav = media.readWav(whole.bytes);
  expect(wav.ok && wav.sampleRate).toBe(8000);
  expect(Buffer.from(whole.bytes.subarray(0, 4)).toString('ascii')).toBe('RIFF');

  // A player may ask for the size first.
  const probe = await fetch(t.url + path, { method: 'HEAD', headers: { cookie } });
  expect(probe.status).toBe(200);
  expect(probe.headers.get('content-length')).toBe(String(size));

  const head = await fetchAudio(t, path, cookie, 'bytes=0-43');
  expect(head.status).toBe(206);
  expect(head.headers.get('content-range')).toBe(`bytes 0-43/${size}`);
  expect(Buffer.from(head.bytes).equals(Buffer.from(file.subarray(0, 44)))).toBe(true);

  const seek = await fetchAudio(t, path, cookie, `bytes=${size - 1000}-`);
  expect(seek.status).toBe(206);
  expect(seek.headers.get('content-range')).toBe(`bytes ${size - 1000}-${size - 1}/${size}`);
  expect(seek.headers.get('content-length')).toBe('1000');
  expect(Buffer.from(seek.bytes).equals(Buffer.from(file.subarray(size - 1000)))).toBe(true);

  const tail = await fetchAudio(t, path, cookie, 'bytes=-10');
  expect(tail.headers.get('content-range')).toBe(`bytes ${size - 10}-${size - 1}/${size}`);
  expect(Buffer.from(tail.bytes).equals(Buffer.from(file.subarray(size - 10)))).toBe(true);

  const beyond = await fetchAudio(t, path, cookie, `bytes=${size}-`);
  expectAudioError(beyond, 416, 'CC_ERR_RANGE_NOT_SATISFIABLE');
  expect(beyond.headers.get('content-range')).toBe(`bytes */${size}`);
}
