import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, TEST_BACKENDS, type TestNode } from '../support/test-node.js';
import { addOsaka, openStream, type TestStream } from './events-support.js';
import {
  expectAudioError,
  expectRangeSupport,
  fetchAudio,
  leaveVoicemail,
  writeWav,
} from './inbox-helpers.js';
import { SUPPORT, TOKYO, expectError, signIn } from './resources-helpers.js';

describe.each(TEST_BACKENDS)('the voicemail inbox on %s', (backend) => {
  let t: TestNode;
  let dir: string;
  let admin: string;
  let supervisor: string;
  let agent: string;
  let stream: TestStream;
  const left: { callId: string; voicemailId: string; from: string }[] = [];
  const list = async (query = '', cookie = supervisor) => {
    const res = await t.request('GET', `/api/v1/centers/${TOKYO}/voicemails${query}`, { cookie });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as { items: any[]; nextCursor: string | null };
  };
  const audio = (id: string) => `/api/v1/voicemails/${id}/audio`;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tsunagu-inbox-'));
    t = await startTestNode(backend, { 'recordings-dir': dir });
    admin = await t.login();
    supervisor = await signIn(t, 'supervisor');
    agent = await signIn(t, 'agent', { agentId: 'agent-001' });
    await addOsaka(t);
    stream = await openStream(t, { centerId: TOKYO }, { cookie: supervisor });
    for (const from of ['09033330001', '09033330002'])
      left.push({ ...(await leaveVoicemail(t, admin, from)), from });
  }, 90_000);
  afterAll(async () => {
    await stream?.close();
    await t?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('[HQ-02] [AGT-09] a caller’s voicemail is listed in the center’s inbox, newest first, and reaches the supervisor live', async () => {
    const { items, nextCursor } = await list();
    expect(nextCursor).toBeNull();
    expect(items.map((v) => [v.id, v.callId, v.from])).toEqual(
      [...left].reverse().map((l) => [l.voicemailId, l.callId, l.from]),
    );
    expect(items[0]).toMatchObject({
      queueId: SUPPORT,
      queueName: 'サポート',
      ourNumber: '0312345678',
      heard: false,
      heardBy: null,
      heardAt: null,
      audioUrl: audio(left[1]!.voicemailId),
    });
    expect(items[0].durationMs).toBeGreaterThan(0);
    expect(Date.parse(items[0].recordedAt)).toBeGreaterThanOrEqual(Date.parse(items[1].recordedAt));

    for (const l of left) {
      const live = await stream.waitFor(
        (m) => m.type === 'voicemail.recorded' && m.data.callId === l.callId,
      );
      expect(live).toMatchObject({ centerId: TOKYO, data: { recordingId: l.voicemailId } });
    }
  });

  it('[AGT-09] the voicemail list filters by number, queue, period and heard, and pages', async () => {
    expect((await list('?number=3330001')).items.map((v) => v.from)).toEqual(['09033330001']);
    expect((await list(`?queueId=${SUPPORT}`)).items).toHaveLength(2);
    expect((await list('?queueId=osaka-support')).items).toEqual([]);
    expect((await list('?heard=true')).items).toEqual([]);
    expect((await list('?heard=false')).items).toHaveLength(2);
    const { items } = await list();
    const before = new Date(Date.parse(items[1].recordedAt)).toISOString();
    expect((await list(`?to=${before}`)).items).toEqual([]);
    expect((await list(`?from=${before}`)).items).toHaveLength(2);

    const first = await list('?limit=1');
    expect(first.items.map((v) => v.id)).toEqual([left[1]!.voicemailId]);
    expect(first.nextCursor).not.toBeNull();
    const second = await list(`?limit=1&cursor=${first.nextCursor}`);
    expect(second.items.map((v) => v.id)).toEqual([left[0]!.voicemailId]);
    expect(second.nextCursor).toBeNull();

    expectError(
      await t.request('GET', `/api/v1/centers/${TOKYO}/voicemails?cursor=nonsense`, {
        cookie: supervisor,
      }),
      400,
      'CC_ERR_VALIDATION',
    );
  });

  it('[HQ-02] [AGT-09] the audio downloads as an 8 kHz WAV with Range requests; ids only, never a path', async () => {
    const id = left[0]!.voicemailId;
    // The demo's virtual telephony writes a quiet tone as long as the message.
    const demo = await fetchAudio(t, audio(id), supervisor);
    expect(demo.status).toBe(200);
    expect(demo.bytes.length).toBeGreaterThan(44);
    // Listed but its file gone: a clear 404.
    rmSync(join(dir, `${id}.wav`));
    expectAudioError(await fetchAudio(t, audio(id), supervisor), 404, 'CC_ERR_AUDIO_MISSING');
    const file = writeWav(dir, id, 2);
    await expectRangeSupport(t, audio(id), supervisor, file);

    writeWav(dir, 'secret', 1);
    for (const probe of ['secret', '..%2Fsecret', '%2E%2E%2F%2E%2E%2Fetc%2Fpasswd', 'nope'])
      expectAudioError(
        await fetchAudio(t, audio(probe), supervisor),
        404,
        'CC_ERR_VOICEMAIL_NOT_FOUND',
      );
  });

  it('[SUP-02] [AGT-09] agents hear the voicemail of their own queues; other centers and caller IDs are refused', async () => {
    const id = left[1]!.voicemailId;
    writeWav(dir, id, 1);
    expect((await list('', agent)).items).toHaveLength(2);
    expect((await fetchAudio(t, audio(id), agent)).status).toBe(200);

    const notAnAgent = await signIn(t, 'agent');
    expect((await list('', notAnAgent)).items).toEqual([]);
    expectAudioError(await fetchAudio(t, audio(id), notAnAgent), 403, 'CC_ERR_FORBIDDEN');

    const osakaAgent = await signIn(t, 'agent', { centers: ['osaka'], agentId: 'osaka-001' });
    const osakaSupervisor = await signIn(t, 'supervisor', { centers: ['osaka'] });
    for (const cookie of [osakaAgent, osakaSupervisor]) {
      expectError(
        await t.request('GET', `/api/v1/centers/${TOKYO}/voicemails`, { cookie }),
        403,
        'CC_ERR_FORBIDDEN',
      );
      expectAudioError(await fetchAudio(t, audio(id), cookie), 403, 'CC_ERR_FORBIDDEN');
      expectError(
        await t.request('POST', `/api/v1/voicemails/${id}/heard`, { cookie, body: {} }),
        403,
        'CC_ERR_FORBIDDEN',
      );
    }
    expect(
      (await list('', await signIn(t, 'supervisor', { centers: ['osaka', TOKYO] }))).items,
    ).toHaveLength(2);

    // A supervisor of the center who may see only the Osaka number sees none of these.
    const otherNumber = await signIn(t, 'supervisor', { callerIds: ['0698765432'] });
    expect((await list('', otherNumber)).items).toEqual([]);
    expectAudioError(await fetchAudio(t, audio(id), otherNumber), 403, 'CC_ERR_FORBIDDEN');

    expectError(
      await t.request('GET', `/api/v1/centers/nowhere/voicemails`, { cookie: admin }),
      404,
      'CC_ERR_CENTER_NOT_FOUND',
    );
    const anonymous = await fetch(t.url + audio(id));
    expect(anonymous.status).toBe(401);
  });

  it('[AGT-09] a supervisor marks a voicemail heard and unheard; agents may mark their queue’s', async () => {
    const id = left[0]!.voicemailId;
    const heard = await t.request('POST', `/api/v1/voicemails/${id}/heard`, {
      cookie: supervisor,
      body: { heard: true },
    });
    expect(heard.status, JSON.stringify(heard.body)).toBe(200);
    expect(heard.body).toMatchObject({ id, heard: true });
    expect(heard.body.heardBy).toEqual(expect.any(String));
    expect(Date.parse(heard.body.heardAt)).toBeGreaterThan(0);
    expect((await list('?heard=true')).items.map((v) => v.id)).toEqual([id]);
    expect((await list('?heard=false')).items.map((v) => v.id)).toEqual([left[1]!.voicemailId]);

    const byAgent = await t.request('POST', `/api/v1/voicemails/${left[1]!.voicemailId}/heard`, {
      cookie: agent,
    });
    expect(byAgent.status, JSON.stringify(byAgent.body)).toBe(200);
    expect(byAgent.body.heard).toBe(true);
    expect(byAgent.body.heardBy).not.toBe(heard.body.heardBy);

    const unheard = await t.request('POST', `/api/v1/voicemails/${id}/heard`, {
      cookie: supervisor,
      body: { heard: false },
    });
    expect(unheard.body).toMatchObject({ id, heard: false, heardBy: null, heardAt: null });
    expectError(
      await t.request('POST', `/api/v1/voicemails/nope/heard`, { cookie: supervisor, body: {} }),
      404,
      'CC_ERR_VOICEMAIL_NOT_FOUND',
    );
  });

  it('[HQ-02] [SUP-02] a supervisor deletes a voicemail: the row and the file are gone; agents may not', async () => {
    const { voicemailId: id } = left[0]!;
    const file = join(dir, `${id}.wav`);
    expect(existsSync(file)).toBe(true);
    expectError(
      await t.request('DELETE', `/api/v1/voicemails/${id}`, { cookie: agent }),
      403,
      'CC_ERR_FORBIDDEN',
    );
    const removed = await t.request('DELETE', `/api/v1/voicemails/${id}`, { cookie: supervisor });
    expect(removed.status, JSON.stringify(removed.body)).toBe(204);
    expect(existsSync(file)).toBe(false);
    expect((await list()).items.map((v) => v.id)).toEqual([left[1]!.voicemailId]);
    expectAudioError(await fetchAudio(t, audio(id), supervisor), 404, 'CC_ERR_VOICEMAIL_NOT_FOUND');
    expectError(
      await t.request('DELETE', `/api/v1/voicemails/${id}`, { cookie: supervisor }),
      404,
      'CC_ERR_VOICEMAIL_NOT_FOUND',
    );
    // The call itself stays in the history.
    const history = await t.request(
      'GET',
      `/api/v1/centers/${TOKYO}/calls?endReason=voicemail-left`,
      {
        cookie: supervisor,
      },
    );
    expect(history.body.items.map((c: any) => c.callId)).toContain(left[0]!.callId);
  });
});
