import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { insertRecording } from '@tsunagu/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, TEST_BACKENDS, type TestNode } from '../support/test-node.js';
import { answeredCall } from './events-support.js';
import { expectAudioError, expectRangeSupport, fetchAudio, writeWav } from './inbox-helpers.js';
import { SUPPORT, TOKYO, expectError, setStatus, signIn } from './resources-helpers.js';

/**
 * Call recordings in the inbox (AGT-04, AGT-09). The rows are written here, on calls that really
 * happened, so each test controls times and agents; call-recording.test.ts proves the engine's
 * `call.recorded` fills the table.
 */
describe.each(TEST_BACKENDS)('call recordings in the inbox on %s', (backend) => {
  let t: TestNode;
  let dir: string;
  let supervisor: string;
  let agent1: string;
  const calls: { callId: string; agentId: string; recordingId: string; at: Date }[] = [];
  const list = async (query = '', cookie = supervisor) => {
    const res = await t.request('GET', `/api/v1/centers/${TOKYO}/recordings${query}`, { cookie });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as { items: any[]; nextCursor: string | null };
  };
  const audio = (id: string) => `/api/v1/recordings/${id}/audio`;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tsunagu-recordings-'));
    t = await startTestNode(backend, { 'recordings-dir': dir });
    const admin = await t.login();
    supervisor = await signIn(t, 'supervisor');
    agent1 = await signIn(t, 'agent', { agentId: 'agent-001' });
    const base = Date.now() - 60_000;
    for (const [i, agentId] of ['agent-001', 'agent-002'].entries()) {
      // Only this agent is ready, so the call is theirs.
      if (i > 0) await setStatus(t, admin, calls[i - 1]!.agentId, 'break');
      await setStatus(t, admin, agentId, 'available');
      const callId = await answeredCall(t, agentId, `0904444000${i}`);
      const at = new Date(base + i * 10_000);
      const recordingId = `rec-test-${i}`;
      await insertRecording(t.node.db, {
        id: recordingId,
        callId,
        agentId,
        durationMs: 3000,
        recordedAt: at,
      });
      calls.push({ callId, agentId, recordingId, at });
    }
  }, 90_000);
  afterAll(async () => {
    await t?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('[AGT-04] [AGT-09] call recordings are listed newest first, by call, agent and period', async () => {
    const { items, nextCursor } = await list();
    expect(nextCursor).toBeNull();
    expect(items.map((r) => [r.id, r.callId, r.agentId])).toEqual(
      [...calls].reverse().map((c) => [c.recordingId, c.callId, c.agentId]),
    );
    expect(items[0]).toMatchObject({
      kind: 'inbound',
      queueId: SUPPORT,
      agentName: 'Agent 2',
      customerNumber: '09044440001',
      ourNumber: '0312345678',
      durationMs: 3000,
      recordedAt: calls[1]!.at.toISOString(),
      audioUrl: audio(calls[1]!.recordingId),
    });
    expect((await list(`?callId=${calls[0]!.callId}`)).items.map((r) => r.id)).toEqual([
      calls[0]!.recordingId,
    ]);
    expect((await list('?agentId=agent-002')).items.map((r) => r.id)).toEqual([
      calls[1]!.recordingId,
    ]);
    const middle = new Date(calls[0]!.at.getTime() + 5_000).toISOString();
    expect((await list(`?to=${middle}`)).items.map((r) => r.id)).toEqual([calls[0]!.recordingId]);
    expect((await list(`?from=${middle}`)).items.map((r) => r.id)).toEqual([calls[1]!.recordingId]);
    const first = await list('?limit=1');
    const second = await list(`?limit=1&cursor=${first.nextCursor}`);
    expect([...first.items, ...second.items].map((r) => r.id)).toEqual(
      [...calls].reverse().map((c) => c.recordingId),
    );
  });

  it('[AGT-04] [AGT-09] a recording plays as an 8 kHz WAV with Range requests', async () => {
    const id = calls[0]!.recordingId;
    expectAudioError(await fetchAudio(t, audio(id), supervisor), 404, 'CC_ERR_AUDIO_MISSING');
    const file = writeWav(dir, id, 3);
    await expectRangeSupport(t, audio(id), supervisor, file);
    expectAudioError(
      await fetchAudio(t, audio('rec-none'), supervisor),
      404,
      'CC_ERR_RECORDING_NOT_FOUND',
    );
  });

  it('[SUP-02] [AGT-04] agents hear recordings of their own calls only; other centers are refused', async () => {
    const own = calls[0]!.recordingId;
    const colleague = calls[1]!.recordingId;
    writeWav(dir, colleague, 1);
    expect((await list('', agent1)).items.map((r) => r.id)).toEqual([own]);
    expect((await list('?agentId=agent-002', agent1)).items).toEqual([]);
    expect((await fetchAudio(t, audio(own), agent1)).status).toBe(200);
    expectAudioError(await fetchAudio(t, audio(colleague), agent1), 403, 'CC_ERR_FORBIDDEN');

    const elsewhere = await signIn(t, 'supervisor', { centers: ['osaka'] });
    expectError(
      await t.request('GET', `/api/v1/centers/${TOKYO}/recordings`, { cookie: elsewhere }),
      403,
      'CC_ERR_FORBIDDEN',
    );
    expectAudioError(await fetchAudio(t, audio(own), elsewhere), 403, 'CC_ERR_FORBIDDEN');
  });

  it('[AGT-04] [SUP-02] a supervisor deletes a recording and its file; agents may not', async () => {
    const id = calls[1]!.recordingId;
    expectError(
      await t.request('DELETE', `/api/v1/recordings/${id}`, { cookie: agent1 }),
      403,
      'CC_ERR_FORBIDDEN',
    );
    const removed = await t.request('DELETE', `/api/v1/recordings/${id}`, { cookie: supervisor });
    expect(removed.status, JSON.stringify(removed.body)).toBe(204);
    expect(existsSync(join(dir, `${id}.wav`))).toBe(false);
    expect((await list()).items.map((r) => r.id)).toEqual([calls[0]!.recordingId]);
    expectAudioError(await fetchAudio(t, audio(id), supervisor), 404, 'CC_ERR_RECORDING_NOT_FOUND');
  });
});
