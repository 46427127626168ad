import { mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import { pcm16Bytes, wavHeader } from '../media/wav.js';
import type { RecordingWriter } from './virtual-recording.js';

const RATE = 8000;
/** One second of a quiet 440 Hz tone (-30 dBFS): whole periods, so seconds repeat seamlessly. */
const SECOND = pcm16Bytes(
  Int16Array.from({ length: RATE }, (_, i) =>
    Math.round(1000 * Math.sin((2 * Math.PI * 440 * i) / RATE)),
  ),
);

/**
 * The demo's recordings (AGT-04, HQ-02 voicemail) on the virtual telephony, which carries no
 * audio: a quiet tone as long as the recording, as 8 kHz mono 16-bit WAV under `dir`, named as
 * the SIP adapter names its files, so the inbox can list and play them like real ones.
 */
export function quietToneWriter(
  dir: string,
  onError: (err: unknown) => void = () => {},
): RecordingWriter {
  return (recordingId, durationMs) =>
    write(dir, recordingId, durationMs).catch((err: unknown) => {
      onError(err);
      throw err;
    });
}

async function write(dir: string, recordingId: string, durationMs: number): Promise<void> {
  const samples = Math.max(0, Math.round((durationMs * RATE) / 1000));
  await mkdir(dir, { recursive: true });
  const file = await open(join(dir, `${recordingId.replace(/[^\w.-]/g, '_')}.wav`), 'w');
  try {
    await file.write(wavHeader({ dataLength: samples * 2 }));
    for (let left = samples; left > 0; left -= RATE) {
      const n = Math.min(left, RATE);
      await file.write(n === RATE ? SECOND : SECOND.subarray(0, n * 2));
    }
  } finally {
    await file.close();
  }
}
