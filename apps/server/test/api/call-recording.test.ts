import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { media } from '@tsunagu/telephony';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, TEST_BACKENDS, type TestNode } from '../support/test-node.js';
import { fetchAudio } from './inbox-helpers.js';
import {
  SUPPORT,
  TOKYO,
  answerNextOffer,
  demoCall,
  eventually,
  expectError,
  setStatus,
  signIn,
} from './resources-helpers.js';

const A1 = 'agent-001';

/**
 * AGT-04 end to end on the demo's virtual telephony: a queue set to record, a demo call
 * answered from the API, the banner's state in the live views, stop and resume as the admin
 * allows, and the finished recording listed in the inbox with a WAV that plays.
 */
describe.each(TEST_BACKENDS)('call recording through the API on %s', (backend) => {
  let t: TestNode;
  let dir: string;
  let admin: string;
  let supervisor: string;
  let agent: string;
  let otherAgent: string;

  const setQueue = async (body: object) => {
    const res = await t.request('PATCH', `/api/v1/queues/${SUPPORT}`, { cookie: admin, body });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  };
  const liveRecording = async (callId: string) => {
    const res = await t.request('GET', `/api/v1/centers/${TOKYO}/live-calls`, {
      cookie: supervisor,
    });
    expect(res.status).toBe(200);
    return (res.body.items as any[]).find((c) => c.callId === callId)?.recording;
  };
  const agentRecording = async () => {
    const res = await t.request('GET', `/api/v1/centers/${TOKYO}/agent-status`, {
      cookie: supervisor,
    });
    return (res.body.items as any[]).find((a) => a.agentId === A1)?.recording;
  };
  const banner = (callId: string, verb: 'pause' | 'resume', cookie = agent) =>
    t.request('POST', `/api/v1/agents/${A1}/calls/${callId}/recording/${verb}`, { cookie });
  const connected = async (from: string) => {
    await demoCall(t, admin, from);
    return (await answerNextOffer(t, agent, A1)).callId as string;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tsunagu-call-recording-'));
    t = await startTestNode(backend, { 'recordings-dir': dir });
    admin = await t.login();
    supervisor = await signIn(t, 'supervisor');
    agent = await signIn(t, 'agent', { agentId: A1 });
    otherAgent = await signIn(t, 'agent', { agentId: 'agent-002' });
    await setStatus(t, admin, A1, 'available');
  }, 60_000);
  afterAll(async () => {
    await t?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('[AGT-04] an automatically recorded call shows the banner, stops and resumes, and is listed with a playable WAV', async () => {
    await setQueue({ recording: 'auto', agentsMayPauseRecording: true });
    const callId = await connected('09055550001');
    expect(await liveRecording(callId)).toBe('on');
    expect(await agentRecording()).toBe('on');

    expect((await banner(callId, 'pause')).status).toBe(200);
    expect(await liveRecording(callId)).toBe('paused');
    expect((await banner(callId, 'resume')).status).toBe(200);
    expect(await liveRecording(callId)).toBe('on');
    await new Promise((r) => setTimeout(r, 1_200));

    const hangup = await t.request('POST', `/api/v1/agents/${A1}/calls/${callId}/hangup`, {
      cookie: agent,
    });
    expect(hangup.status, JSON.stringify(hangup.body)).toBe(200);
    const item = await eventually(async () => {
      const res = await t.request('GET', `/api/v1/centers/${TOKYO}/recordings?callId=${callId}`, {
        cookie: supervisor,
      });
      expect(res.status).toBe(200);
      return (res.body.items as any[])[0];
    }, 'the recording listed');
    expect(item).toMatchObject({ callId, agentId: A1, queueId: SUPPORT });
    expect(item.durationMs).toBeGreaterThanOrEqual(1_000);

    // The call's agent and the center's supervisors see the banner's events; other agents do not.
    const types =
      'call.recording-started,call.recording-paused,call.recording-resumed,call.recorded';
    const seen = async (cookie: string) => {
      const res = await t.request('GET', `/api/v1/events?types=${types}&limit=1000`, { cookie });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return (res.body.events as any[]).filter((e) => e.data.callId === callId).map((e) => e.type);
    };
    const all = types.split(',');
    expect(await seen(agent)).toEqual(all);
    expect(await seen(supervisor)).toEqual(all);
    expect(await seen(otherAgent)).toEqual([]);

    const wav = await eventually(async () => {
      const res = await fetchAudio(t, item.audioUrl, supervisor);
      return res.status === 200 ? res : null;
    }, 'the audio');
    expect(wav.headers.get('content-type')).toContain('audio/wav');
    const read = media.readWav(wav.bytes);
    expect(read.ok && read.sampleRate).toBe(8000);
    // The file is as long as the recording says (8 kHz, 16-bit mono).
    expect(read.ok && read.samples.length).toBe(Math.round((item.durationMs * 8000) / 1000));
  });

  it('[AGT-04] stop is refused when the admin does not allow it, and on a queue that does not record', async () => {
    await setQueue({ recording: 'auto', agentsMayPauseRecording: false });
    const recorded = await connected('09055550002');
    expectError(await banner(recorded, 'pause'), 403, 'CC_ERR_RECORDING_NOT_ALLOWED');
    expect(await liveRecording(recorded)).toBe('on');
    // Another agent cannot press this agent's banner.
    expect((await banner(recorded, 'pause', otherAgent)).status).toBe(403);
    await t.request('POST', `/api/v1/agents/${A1}/calls/${recorded}/hangup`, { cookie: agent });

    await setQueue({ recording: 'off' });
    const plain = await connected('09055550003');
    expect(await liveRecording(plain)).toBe('off');
    expectError(await banner(plain, 'pause'), 409, 'CC_ERR_NOT_RECORDING');
    await t.request('POST', `/api/v1/agents/${A1}/calls/${plain}/hangup`, { cookie: agent });
  });
});
