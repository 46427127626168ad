import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DomainEvent } from '@tsunagu/domain';
import { media } from '@tsunagu/telephony';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addQueue,
  apiOf,
  call,
  callerWithKeys,
  eventsOfCall,
  holdQueue,
  inboundCallOf,
  openCallbacks,
  promptsTo,
  customerLegOf,
  recordPlays,
  setStatus,
  shortPrompts,
  sleep,
  type AdminApi,
  type Played,
} from './support/callback-center.js';
import { countersOf, LegWatcher } from './support/phone.js';
import { CENTER_ID, eventually, startSipNode, type SipTestNode } from './support/sip-node.js';
import { describeRun, killAllSipp, received, type SippProcess } from './support/sipp.js';

/**
 * The caller's side of the hold-queue callback over real SIP: SIPp callers dial queues of their
 * own on one node, hear the queue, and type keys (RFC 4733) at its menus. The tests run side by
 * side; announcements are 0.3 s recordings (QCB-16) so each takes seconds.
 */
describe.concurrent('a SIPp caller in the hold queue', () => {
  let n: SipTestNode;
  let api: AdminApi;
  let plays: Played[];
  let watcher: LegWatcher;
  const recordings = mkdtempSync(join(tmpdir(), 'tsunagu-voicemail-'));

  beforeAll(async () => {
    n = await startSipNode({ flags: { 'recordings-dir': recordings } });
    api = apiOf(n);
    await shortPrompts(api);
    plays = recordPlays(n);
    watcher = new LegWatcher(n);
  }, 60_000);
  afterAll(async () => {
    watcher?.stop();
    await killAllSipp();
    await n?.stop();
    rmSync(recordings, { recursive: true, force: true });
  });

  const dial = (
    to: string,
    from: string,
    options: {
      steps?: Parameters<typeof callerWithKeys>[1]['steps'];
      holdSec: number;
      rtpEcho?: boolean;
    },
  ) => callerWithKeys(n.port, { from, to, ...options });

  async function finished(caller: SippProcess) {
    const run = await caller.done;
    expect(run.code, describeRun(run)).toBe(0);
    return run;
  }

  const callOf = (from: string, queueId: string) =>
    eventually(() => inboundCallOf(n, from, queueId), `the call from ${from}`);

  const announced = (callId: string) =>
    eventsOfCall(n, callId).filter(
      (e): e is Extract<DomainEvent, { type: 'queue.announced' }> => e.type === 'queue.announced',
    );

  it('[QCB-02] the key opens the confirmation, 1 books the request, committed before the confirmation plays; the call ends and the place is kept', async () => {
    await addQueue(api, {
      id: 'qcb02',
      number: '0312350002',
      callback: { enabled: true, minWaiting: 1, key: '1' },
    });
    const ahead = await dial('0312350002', '09010020001', { holdSec: 7 });
    await callOf('09010020001', 'qcb02');
    const asking = await dial('0312350002', '09010020002', { steps: ['1', '1'], holdSec: 7 });
    const askingCall = await callOf('09010020002', 'qcb02');
    const behind = await dial('0312350002', '09010020003', { holdSec: 7 });
    await callOf('09010020003', 'qcb02');

    const run = await finished(asking);
    expect(received(run, /^BYE /), 'the node hung up after its goodbye').toBeDefined();
    const events = eventsOfCall(n, askingCall);
    const requested = n.events.find(
      (e) => e.type === 'callback.requested' && e.requestCallId === askingCall,
    );
    expect(requested, JSON.stringify(events.map((e) => e.type))).toBeDefined();
    const legId = customerLegOf(n, askingCall);
    const heard = plays.filter((p) => p.legId === legId);
    const menu = heard.findIndex((p) => p.prompts.includes('callback.confirm-menu'));
    const confirmed = heard.findIndex((p) => p.prompts.includes('callback.confirmed'));
    expect(menu, JSON.stringify(promptsTo(plays, legId))).toBeGreaterThan(0);
    expect(confirmed).toBe(menu + 1);
    // The request was on the bus (which carries committed events only) before the play began.
    expect(n.events.indexOf(requested!)).toBeLessThan(heard[confirmed]!.publishedBefore);
    const ended = events.find((e) => e.type === 'call.ended');
    expect(ended).toMatchObject({ reason: 'callback-requested' });

    // The request sits where the caller was: behind the first caller, ahead of the third.
    const line = await holdQueue(api, 'qcb02');
    expect(line.map((e) => [e.kind, e.customerNumber])).toEqual([
      ['call', '09010020001'],
      ['callback', '+819010020002'],
      ['call', '09010020003'],
    ]);
    const joined = events.find((e) => e.type === 'queue.joined');
    expect(new Date(line[1]!.firstJoinedAt).getTime()).toBe(
      joined?.type === 'queue.joined' ? joined.firstJoinedAt : NaN,
    );
    const stored = await n.t.node.db.query<{ state: string; number: string }>(
      'SELECT state, number FROM callbacks WHERE request_call_id = $1',
      [askingCall],
    );
    expect(stored.rows).toEqual([{ state: 'pending', number: '+819010020002' }]);
    await Promise.all([finished(ahead), finished(behind)]);
  }, 60_000);

  it('[HQ-03] [BEY-01] the waiting caller hears music, with position and estimated wait announced again at the interval', async () => {
    // The one agent rings for a first caller (staffed, not free): the SIP caller waits with an
    // estimate. That first caller is a demo caller on the virtual side, rung until hung up.
    await addQueue(api, {
      id: 'hq03',
      number: '0312350003',
      members: ['hq03-a'],
      announceIntervalSec: 10,
      ringTimeoutSec: 120,
    });
    await setStatus(api, 'hq03-a', 'available');
    const first = await call(api, 'POST', '/api/v1/demo/calls', {
      from: '09010030001',
      to: '0312350003',
    });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    await eventually(
      () => n.events.some((e) => e.type === 'offer.created' && e.agentId === 'hq03-a'),
      'the agent ringing',
    );
    const waiting = await dial('0312350003', '09010030002', { holdSec: 13 });
    const callId = await callOf('09010030002', 'hq03');
    const firstAnnouncement = await eventually(
      () => announced(callId)[0],
      'the first announcement',
    );
    const legId = customerLegOf(n, callId)!;
    await sleep(2500);
    const before = countersOf(watcher.seen.get(legId));
    await sleep(5000);
    const after = countersOf(watcher.seen.get(legId));
    // Between announcements the caller hears music: RTP keeps coming (50 packets a second).
    expect(after.sent - before.sent).toBeGreaterThan(150);
    expect(after.received - before.received, 'the caller’s RTP (echo) arrives').toBeGreaterThan(
      150,
    );
    await eventually(() => announced(callId).length >= 2, 'the second announcement', 15_000);

    // The same announcements, as an integration reads them from the events API.
    const res = await call(
      api,
      'GET',
      `/api/v1/events?centerId=${CENTER_ID}&types=queue.announced&limit=1000`,
    );
    expect(res.status).toBe(200);
    const mine = res.body.events.filter(
      (e: { data: { callId: string } }) => e.data.callId === callId,
    );
    expect(mine).toHaveLength(2);
    const gap = Date.parse(mine[1].at) - Date.parse(mine[0].at);
    expect(gap).toBeGreaterThanOrEqual(10_000);
    expect(gap).toBeLessThan(11_500);
    for (const e of mine) {
      expect(e.data.position).toBe(firstAnnouncement.position);
      expect(e.data.estimatedWaitMs).toBeGreaterThan(0);
    }
    const heard = plays.filter((p) => p.legId === legId);
    expect(heard.map((p) => p.then)).toEqual(['music', 'music']);
    expect(heard[0]!.prompts).toEqual([
      'queue.welcome',
      'queue.position',
      'queue.position-suffix',
      'queue.estimated-wait',
      'queue.estimated-wait-suffix',
    ]);
    expect(heard[1]!.prompts).toEqual(heard[0]!.prompts.slice(1));
    await finished(waiting);
    await call(api, 'POST', `/api/v1/demo/calls/${first.body.legId}/hangup`);
  }, 60_000);

  it('[QCB-01] the callback offer is announced only once N or more are waiting', async () => {
    await addQueue(api, {
      id: 'qcb01',
      number: '0312350001',
      callback: { enabled: true, minWaiting: 2, key: '1' },
    });
    const alone = await dial('0312350001', '09010010001', { holdSec: 4 });
    const aloneCall = await callOf('09010010001', 'qcb01');
    await eventually(() => announced(aloneCall)[0], 'the first caller’s announcement');
    const second = await dial('0312350001', '09010010002', { holdSec: 4 });
    const secondCall = await callOf('09010010002', 'qcb01');
    await eventually(() => announced(secondCall)[0], 'the second caller’s announcement');
    expect(announced(aloneCall).map((e) => e.callbackOffered)).toEqual([false]);
    expect(announced(secondCall).map((e) => e.callbackOffered)).toEqual([true]);
    const offers = (callId: string) =>
      promptsTo(plays, customerLegOf(n, callId))[0]!.filter((p) => p === 'queue.callback-offer');
    expect(offers(aloneCall)).toEqual([]);
    expect(offers(secondCall)).toEqual(['queue.callback-offer']);
    await Promise.all([finished(alone), finished(second)]);
  }, 60_000);

  it('[QCB-03] [QCB-11] press 2 for another number, ended by #: a too-short and a foreign number are refused with a prompt, a good one is booked', async () => {
    await addQueue(api, {
      id: 'qcb03',
      number: '0312350004',
      callback: { enabled: true, minWaiting: 1, key: '1' },
    });
    const caller = await dial('0312350004', '09010040001', {
      steps: ['1', '2', '0120#', '01014155550100#', '0612345678#'],
      holdSec: 3,
    });
    const callId = await callOf('09010040001', 'qcb03');
    const run = await finished(caller);
    expect(received(run, /^BYE /), 'the node hung up after its goodbye').toBeDefined();
    const refused = n.events.filter((e) => e.type === 'callback.refused' && e.callId === callId);
    expect(refused).toMatchObject([
      { number: '0120', code: 'CC_ERR_NUMBER_INVALID' },
      { number: '01014155550100', code: 'CC_ERR_NUMBER_NOT_DOMESTIC' },
    ]);
    const heard = promptsTo(plays, customerLegOf(n, callId)).slice(1);
    expect(heard).toEqual([
      ['callback.confirm-menu'],
      ['callback.enter-number'],
      ['callback.number-invalid'],
      ['callback.enter-number'],
      ['callback.number-not-domestic'],
      ['callback.enter-number'],
      ['callback.confirmed'],
    ]);
    expect(await openCallbacks(api, 'qcb03')).toMatchObject([
      { number: '+81612345678', requestCallId: callId, state: 'pending' },
    ]);
  }, 60_000);

  it('[QCB-07] a second request from the same number is refused with a prompt; that caller keeps waiting', async () => {
    await addQueue(api, {
      id: 'qcb07',
      number: '0312350007',
      callback: { enabled: true, minWaiting: 1, key: '1' },
    });
    await finished(await dial('0312350007', '09010070001', { steps: ['1', '1'], holdSec: 3 }));
    const again = await dial('0312350007', '09010070001', { steps: ['1'], holdSec: 2 });
    const callId = await eventually(() => {
      const id = inboundCallOf(n, '09010070001', 'qcb07');
      return (
        id !== undefined &&
        n.events.some((e) => e.type === 'callback.refused' && e.callId === id) &&
        id
      );
    }, 'the refusal');
    expect(
      n.events.filter((e) => e.type === 'callback.refused' && e.callId === callId),
    ).toMatchObject([{ code: 'CC_ERR_CALLBACK_DUPLICATE', number: '+819010070001' }]);
    const heard = promptsTo(plays, customerLegOf(n, callId));
    expect(heard.at(-1)).toEqual(['callback.already-requested']);
    expect(heard.flat()).not.toContain('callback.confirm-menu');
    const line = await holdQueue(api, 'qcb07');
    expect(line.map((e) => [e.kind, e.callId ?? e.customerNumber])).toEqual([
      ['callback', '+819010070001'],
      ['call', callId],
    ]);
    await finished(again);
    const ended = await eventually(
      () => eventsOfCall(n, callId).find((e) => e.type === 'call.ended'),
      'the second call’s end',
    );
    expect(ended).toMatchObject({ reason: 'abandoned' });
    expect(await openCallbacks(api, 'qcb07')).toHaveLength(1);
  }, 60_000);

  it('[BEY-02] press 3 and a time: the request is scheduled in the database for that time', async () => {
    await addQueue(api, {
      id: 'bey02',
      number: '0312350008',
      callback: { enabled: true, minWaiting: 1, key: '1', allowScheduled: true },
    });
    const caller = await dial('0312350008', '09010080001', {
      steps: ['1', '3', '1500#'],
      holdSec: 3,
    });
    const callId = await callOf('09010080001', 'bey02');
    const run = await finished(caller);
    expect(received(run, /^BYE /)).toBeDefined();
    // 15:00 in Tokyo (no summer time), the next time it comes round.
    const JST = 9 * 3_600_000;
    const today = Math.floor((Date.now() + JST) / 86_400_000) * 86_400_000 - JST;
    let dueAt = today + 15 * 3_600_000;
    if (dueAt <= Date.now() - 60_000) dueAt += 86_400_000;
    const requested = n.events.find(
      (e) => e.type === 'callback.requested' && e.requestCallId === callId,
    );
    expect(requested).toMatchObject({ dueAt, number: '+819010080001' });
    expect(promptsTo(plays, customerLegOf(n, callId)).at(-1)).toEqual(['callback.scheduled']);
    const stored = await n.t.node.db.query<{ state: string; due_at: Date }>(
      'SELECT state, due_at FROM callbacks WHERE request_call_id = $1',
      [callId],
    );
    expect(stored.rows.map((r) => [r.state, new Date(r.due_at).getTime()])).toEqual([
      ['scheduled', dueAt],
    ]);
    expect(await openCallbacks(api, 'bey02')).toMatchObject([
      { state: 'scheduled', position: null, dueAt: new Date(dueAt).toISOString() },
    ]);
    expect(await holdQueue(api, 'bey02')).toEqual([]);
  }, 60_000);

  it('[HQ-02] [QCB-17] the voicemail key leaves the queue and records a message; it can never be made the callback key', async () => {
    await addQueue(api, {
      id: 'hq02',
      number: '0312350009',
      voicemailKey: '9',
      callback: { enabled: true, minWaiting: 1, key: '1' },
    });
    for (const change of [{ voicemailKey: '1' }, { callback: { key: '9' } }]) {
      const clash = await call(api, 'PATCH', '/api/v1/queues/hq02', change);
      expect(clash.status).toBe(400);
      expect(clash.body.error.code).toBe('CC_ERR_KEY_CLASH');
    }
    const caller = await dial('0312350009', '09010090001', {
      steps: ['9', { toneMs: 1500 }, '#'],
      holdSec: 3,
      rtpEcho: false,
    });
    const callId = await callOf('09010090001', 'hq02');
    const run = await finished(caller);
    expect(received(run, /^BYE /), 'the node hung up once the message was kept').toBeDefined();
    const events = eventsOfCall(n, callId);
    const recorded = events.find((e) => e.type === 'voicemail.recorded');
    expect(recorded).toMatchObject({ queueId: 'hq02', from: '09010090001' });
    expect(events.find((e) => e.type === 'call.ended')).toMatchObject({ reason: 'voicemail-left' });
    expect(n.events.some((e) => e.type === 'queue.left' && e.reason === 'voicemail')).toBe(true);
    const recordingId = recorded?.type === 'voicemail.recorded' ? recorded.recordingId : '';
    const stored = await n.t.node.db.query<{ from_number: string; duration_ms: number }>(
      'SELECT from_number, duration_ms FROM voicemails WHERE call_id = $1',
      [callId],
    );
    expect(stored.rows).toHaveLength(1);
    expect(stored.rows[0]!.from_number).toBe('09010090001');
    expect(stored.rows[0]!.duration_ms).toBeGreaterThan(1000);
    // The caller's tone is in the file: a message, not silence.
    const file = join(recordings, `${recordingId}.wav`);
    expect(existsSync(file)).toBe(true);
    const wav = media.readWav(readFileSync(file));
    expect(wav.ok).toBe(true);
    if (wav.ok) expect(Math.max(...wav.samples.map(Math.abs))).toBeGreaterThan(3000);
    const history = await call(
      api,
      'GET',
      `/api/v1/centers/${CENTER_ID}/calls?queueId=hq02&endReason=voicemail-left`,
    );
    expect(history.body.items.map((c: { callId: string }) => c.callId)).toEqual([callId]);
    // The inbox lists the message (AGT-09) and serves the very file the adapter wrote.
    const inbox = await call(api, 'GET', `/api/v1/centers/${CENTER_ID}/voicemails?queueId=hq02`);
    expect(inbox.status, JSON.stringify(inbox.body)).toBe(200);
    expect(inbox.body.items).toEqual([
      expect.objectContaining({
        id: recordingId,
        callId,
        queueId: 'hq02',
        from: '09010090001',
        durationMs: stored.rows[0]!.duration_ms,
        heard: false,
      }),
    ]);
    const audio = await fetch(`${api.url}${inbox.body.items[0].audioUrl}`, {
      headers: { cookie: api.cookie },
    });
    expect(audio.status).toBe(200);
    expect(audio.headers.get('content-type')).toBe('audio/wav');
    expect(Buffer.from(await audio.arrayBuffer()).equals(readFileSync(file))).toBe(true);
  }, 60_000);
});
