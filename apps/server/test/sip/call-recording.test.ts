import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { media } from '@tsunagu/telephony';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tonePcap } from './support/pcap.js';
import { registeredPhone } from './support/phone.js';
import {
  QUEUE_ID,
  QUEUE_NUMBER,
  eventOf,
  eventually,
  setAgentStatus,
  startSipNode,
  type SipTestNode,
} from './support/sip-node.js';
import { describeRun, killAllSipp, startSipp } from './support/sipp.js';

const CALLER_HZ = 440;
const AGENT_HZ = 1200;

/** Power of one frequency in `samples` (Goertzel), per sample. */
function powerAt(samples: Int16Array, hz: number): number {
  const k = 2 * Math.cos((2 * Math.PI * hz) / 8000);
  let s1 = 0;
  let s2 = 0;
  for (const x of samples) {
    const s0 = x + k * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  return (s1 * s1 + s2 * s2 - k * s1 * s2) / samples.length ** 2;
}

/**
 * AGT-04 over real SIP: a SIPp caller and a SIPp desk phone, each sending its own tone, on a
 * queue that records automatically. The recording is of the customer's leg; a call recording
 * needs both voices, so the WAV must hold both tones at the same time.
 */
describe('call recording over SIP', () => {
  let n: SipTestNode;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tsunagu-sip-recording-'));
    n = await startSipNode({ flags: { 'recordings-dir': dir } });
  }, 60_000);
  afterAll(async () => {
    await killAllSipp();
    await n?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('[AGT-04] the recording of a bridged call holds both the caller’s and the agent’s voice', async () => {
    const queue = await n.t.request('PATCH', `/api/v1/queues/${QUEUE_ID}`, {
      cookie: n.admin,
      body: { recording: 'auto' },
    });
    expect(queue.status, JSON.stringify(queue.body)).toBe(200);
    const phone = await registeredPhone(n, 'agent-001', '1001');
    const answering = await startSipp({
      scenario: 'phone-talks.xml',
      localPort: phone.port,
      keys: { user: phone.username },
      pauseMs: 5_000,
      files: { 'agent-voice.pcap': tonePcap(8_000, { sequence: 1 }, AGENT_HZ) },
      timeoutSec: 60,
    });
    await setAgentStatus(n, 'agent-001', 'available');
    const caller = await startSipp({
      scenario: 'caller-talks.xml',
      remote: { host: '127.0.0.1', port: n.port },
      service: QUEUE_NUMBER,
      keys: { caller: '0312347777' },
      files: { 'caller-voice.pcap': tonePcap(30_000, { sequence: 1 }, CALLER_HZ) },
      timeoutSec: 60,
    });

    const phoneRun = await answering.done;
    expect(phoneRun.code, describeRun(phoneRun)).toBe(0);
    const callerRun = await caller.done;
    expect(callerRun.code, describeRun(callerRun)).toBe(0);

    const created = eventOf(n, 'call.created', (e) => e.customerNumber === '0312347777');
    const started = eventOf(n, 'call.recording-started', (e) => e.callId === created?.callId);
    expect(started).toMatchObject({ agentId: 'agent-001', queueId: QUEUE_ID });
    const recorded = await eventually(
      () => eventOf(n, 'call.recorded', (e) => e.callId === created?.callId),
      'call.recorded',
    );
    expect(recorded.recordingId).toBe(started!.recordingId);
    // The phone talked about 5 s before hanging up.
    expect(recorded.durationMs).toBeGreaterThan(3_000);
    expect(recorded.durationMs).toBeLessThan(15_000);
    const row = await n.t.node.db.query<{ agent_id: string; duration_ms: number }>(
      'SELECT agent_id, duration_ms FROM recordings WHERE id = $1',
      [recorded.recordingId],
    );
    expect(row.rows).toEqual([{ agent_id: 'agent-001', duration_ms: recorded.durationMs }]);

    const wav = media.readWav(
      new Uint8Array(readFileSync(join(dir, `${recorded.recordingId}.wav`))),
    );
    if (!wav.ok) throw new Error(wav.error);
    expect(wav.samples.length).toBe((recorded.durationMs * 8000) / 1000);
    // In 100 ms windows: both tones sound together (a mix), not one side only.
    const windows = Math.floor(wav.samples.length / 800);
    let both = 0;
    for (let w = 0; w < windows; w++) {
      const part = wav.samples.subarray(w * 800, (w + 1) * 800);
      if (powerAt(part, CALLER_HZ) > 1e5 && powerAt(part, AGENT_HZ) > 1e5) both += 1;
    }
    expect(windows).toBeGreaterThan(30);
    expect(both).toBeGreaterThanOrEqual(Math.floor(windows * 0.8));
    await eventually(() => n.callCount() === 0, 'no calls left');
  }, 90_000);
});
