import type { DomainEvent } from '@tsunagu/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStream } from '../api/events-support.js';
import {
  addQueue,
  apiOf,
  call,
  callerWithKeys,
  customerLegOf,
  customerPhones,
  holdQueue,
  inboundCallOf,
  openCallbacks,
  promptsTo,
  recordPlays,
  setStatus,
  shortPrompts,
  sleep,
  uploadPrompt,
  type AdminApi,
  type Played,
} from './support/callback-center.js';
import { answeringPhone, registeredPhone } from './support/phone.js';
import { listeningCaller, RtpEar, toneWav } from './support/rtp-ear.js';
import { CENTER_ID, eventually, startSipNode, type SipTestNode } from './support/sip-node.js';
import {
  describeRun,
  freeSipPort,
  killAllSipp,
  received,
  type SippProcess,
} from './support/sipp.js';

type Event<T extends DomainEvent['type']> = Extract<DomainEvent, { type: T }>;

/**
 * The hold queue itself over real SIP (HQ-01, HQ-04..06) and what the callback does not share
 * with live callers (QCB-10, QCB-15, QCB-16): SIPp callers on queues of their own, one node,
 * the tests side by side. Announcements are 0.3 s tones (QCB-16) so each test takes seconds.
 */
describe.concurrent('SIPp callers in the hold queue', () => {
  let n: SipTestNode;
  let api: AdminApi;
  let plays: Played[];

  beforeAll(async () => {
    const port = await freeSipPort();
    await customerPhones(port);
    n = await startSipNode({ outboundPort: port });
    api = apiOf(n);
    await shortPrompts(api);
    plays = recordPlays(n);
  }, 60_000);
  afterAll(async () => {
    await killAllSipp();
    await n?.stop();
  });

  const all = <T extends DomainEvent['type']>(type: T, match: (e: Event<T>) => boolean) =>
    n.events.filter((e): e is Event<T> => e.type === type && match(e as Event<T>));
  const first = <T extends DomainEvent['type']>(
    type: T,
    match: (e: Event<T>) => boolean,
    what: string,
    timeoutMs?: number,
  ) => eventually(() => all(type, match)[0], what, timeoutMs);

  const dial = (to: string, from: string, options: { steps?: string[]; holdSec: number }) =>
    callerWithKeys(n.port, { from, to, ...options });
  const callOf = (from: string, queueId: string) =>
    eventually(() => inboundCallOf(n, from, queueId), `the call from ${from}`);
  const callFrom = (from: string) =>
    first('call.created', (e) => e.customerNumber === from, `the call from ${from}`).then(
      (e) => e.callId,
    );

  async function finished(caller: SippProcess) {
    const run = await caller.done;
    expect(run.code, describeRun(run)).toBe(0);
    return run;
  }

  /** A center of its own (hours and prompts apart from the others'), with short prompts. */
  async function addCenter(id: string) {
    const res = await call(api, 'POST', '/api/v1/centers', {
      id,
      name: `Center ${id}`,
      country: 'JP',
      timeZone: 'Asia/Tokyo',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    await shortPrompts(api, id);
  }

  it('[HQ-01] with a free agent the SIP caller is offered at once and never hears the queue; with the agent busy the next one queues', async () => {
    await addQueue(api, {
      id: 'hq01',
      number: '0312360001',
      members: ['hq01-a'],
      // After the first call the agent stays in wrap-up: the queued caller is not offered.
      wrapUpSec: 60,
    });
    const phone = await registeredPhone(n, 'hq01-a', '7201');
    const answering = await answeringPhone(phone, 'phone-talk.xml', { pauseMs: 5000 });
    await setStatus(api, 'hq01-a', 'available');

    const free = await dial('0312360001', '09020010001', { holdSec: 20 });
    const freeCall = await callOf('09020010001', 'hq01');
    const joined = await first('queue.joined', (e) => e.callId === freeCall, 'the first join');
    const offer = await first('offer.created', (e) => e.callId === freeCall, 'the offer');
    expect(offer.agentId).toBe('hq01-a');
    expect(offer.at - joined.at, 'offered as it arrived').toBeLessThan(200);
    await first('call.connected', (e) => e.callId === freeCall, 'the agent answering');

    const busy = await dial('0312360001', '09020010002', { holdSec: 3 });
    const busyCall = await callOf('09020010002', 'hq01');
    await first('queue.entered-hold', (e) => e.callId === busyCall, 'the second caller on hold');
    await finished(busy);
    expect(promptsTo(plays, customerLegOf(n, busyCall))[0]?.[0]).toBe('queue.welcome');
    expect(all('offer.created', (e) => e.callId === busyCall)).toEqual([]);

    const freeRun = await finished(free);
    expect(received(freeRun, /^BYE /), 'the agent hung up').toBeDefined();
    expect((await answering.done).code).toBe(0);
    expect(all('queue.entered-hold', (e) => e.callId === freeCall)).toEqual([]);
    expect(promptsTo(plays, customerLegOf(n, freeCall))).toEqual([]);
    expect(all('queue.left', (e) => e.entryId === joined.entryId)).toMatchObject([
      { reason: 'answered' },
    ]);
  }, 60_000);

  it('[HQ-04] a caller beyond the queue size goes to the fallback queue; one waiting past the max wait there hears the goodbye, then BYE', async () => {
    await addQueue(api, {
      id: 'hq04-next',
      number: '0312360042',
      maxWaitSec: 10,
      fallback: { kind: 'hangup' },
    });
    await addQueue(api, {
      id: 'hq04',
      number: '0312360041',
      maxSize: 1,
      fallback: { kind: 'queue', queueId: 'hq04-next' },
    });
    const waiting = await dial('0312360041', '09020040001', { holdSec: 15 });
    await callOf('09020040001', 'hq04');
    const overflow = await dial('0312360041', '09020040002', { holdSec: 25 });
    const callId = await callFrom('09020040002');

    const joined = await first('queue.joined', (e) => e.callId === callId, 'the overflow’s join');
    expect(joined.queueId, 'the full queue sent the caller on').toBe('hq04-next');
    expect(all('queue.joined', (e) => e.callId === callId)).toHaveLength(1);
    expect((await holdQueue(api, 'hq04')).map((e) => e.customerNumber)).toEqual(['09020040001']);

    const run = await finished(overflow);
    expect(received(run, /^BYE /), 'the node hung up').toBeDefined();
    const ended = await first('call.ended', (e) => e.callId === callId, 'the end');
    expect(ended.reason).toBe('max-wait');
    expect(all('queue.left', (e) => e.entryId === joined.entryId)).toMatchObject([
      { queueId: 'hq04-next', reason: 'max-wait' },
    ]);
    expect(ended.at - joined.firstJoinedAt).toBeGreaterThanOrEqual(10_000);
    expect(ended.at - joined.firstJoinedAt).toBeLessThan(13_000);
    const heard = plays.filter((p) => p.legId === customerLegOf(n, callId));
    expect(heard.at(-1)).toMatchObject({ prompts: ['queue.goodbye'], then: 'silence' });
    expect(heard.flatMap((p) => p.prompts)).not.toContain('queue.full');
    // The first caller was never disturbed.
    expect((await holdQueue(api, 'hq04')).map((e) => e.customerNumber)).toEqual(['09020040001']);
    await finished(waiting);
  }, 60_000);

  it('[HQ-05] the hold-queue view lists SIP callers and a callback request with place, wait and estimate, live, and the event stream tells the same', async () => {
    await addQueue(api, {
      id: 'hq05',
      number: '0312360005',
      members: ['hq05-a'],
      ringTimeoutSec: 120,
      callback: { enabled: true, minWaiting: 1, key: '1' },
    });
    const stream = await openStream(
      n.t,
      { centerId: CENTER_ID, types: 'queue.*,callback.*' },
      { cookie: n.admin },
    );
    // The agent rings for a first caller (staffed, not free), so the others get estimates.
    await setStatus(api, 'hq05-a', 'available');
    const ringing = await call(api, 'POST', '/api/v1/demo/calls', {
      from: '09020050000',
      to: '0312360005',
    });
    expect(ringing.status, JSON.stringify(ringing.body)).toBe(201);
    const leaving = await dial('0312360005', '09020050001', { holdSec: 9 });
    const leavingCall = await callOf('09020050001', 'hq05');
    const asking = await dial('0312360005', '09020050002', { steps: ['1', '1'], holdSec: 3 });
    const askingCall = await callOf('09020050002', 'hq05');
    const staying = await dial('0312360005', '09020050003', { holdSec: 12 });
    const stayingCall = await callOf('09020050003', 'hq05');
    await finished(asking);
    const requested = await first(
      'callback.requested',
      (e) => e.requestCallId === askingCall,
      'the request',
    );

    const line = await holdQueue(api, 'hq05');
    expect(line.map((e) => [e.kind, e.callId ?? e.callbackId])).toEqual([
      ['call', expect.any(String)],
      ['call', leavingCall],
      ['callback', requested.callbackId],
      ['call', stayingCall],
    ]);
    const mine = line.slice(1);
    expect(mine.map((e) => e.position)).toEqual([2, 3, 4]);
    for (const e of mine) {
      expect(e.waitMs).toBeGreaterThan(0);
      expect(e.estimatedWaitMs).toBeGreaterThan(0);
    }
    // The view shows the wait the caller was told (BEY-01), also with an agent ringing ahead.
    const told = all('queue.announced', (e) => e.callId === stayingCall).at(-1);
    expect(mine[2]!.estimatedWaitMs).toBe(told?.estimatedWaitMs);
    expect(mine[1]).toMatchObject({
      customerNumber: '+819020050002',
      state: 'pending',
      firstJoinedAt: new Date(requested.firstJoinedAt).toISOString(),
    });
    await sleep(1000);
    const later = await holdQueue(api, 'hq05');
    expect(later[1]!.waitMs - mine[0]!.waitMs, 'the wait grows').toBeGreaterThanOrEqual(900);

    // The first SIP caller hangs up: gone from the view, the others move up.
    await finished(leaving);
    const after = await eventually(async () => {
      const l = await holdQueue(api, 'hq05');
      return l.length === 3 && l;
    }, 'the view without the caller who left');
    expect(after.slice(1).map((e) => [e.kind, e.position])).toEqual([
      ['callback', 2],
      ['call', 3],
    ]);

    // The same story on the live event stream, entry by entry.
    const joinOf = (callId: string) =>
      stream.waitFor((m) => m.type === 'queue.joined' && m.data.callId === callId);
    const [leftJoin, stayJoin] = await Promise.all([joinOf(leavingCall), joinOf(stayingCall)]);
    expect(stayJoin.data.entryId).toBe(line[3]!.entryId);
    const cb = await stream.waitFor(
      (m) => m.type === 'callback.requested' && m.data.callbackId === requested.callbackId,
    );
    expect(cb.data.number).toBe('+819020050002');
    const left = await stream.waitFor(
      (m) => m.type === 'queue.left' && m.data.entryId === leftJoin.data.entryId,
    );
    expect(left.data.reason).toBe('abandoned');
    await stream.close();
    await finished(staying);
    await call(api, 'POST', `/api/v1/demo/calls/${ringing.body.legId}/hangup`);
  }, 60_000);

  it('[HQ-06] outside business hours a SIP caller hears the after-hours message, then BYE, and never queues; inside hours it queues', async () => {
    await addCenter('hq06c');
    await addQueue(api, { id: 'hq06', number: '0312360006', centerId: 'hq06c' });
    // Open every day round the clock, but today (in Tokyo) is a holiday.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(Date.now());
    const weekly = [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, open: '00:00', close: '24:00' }));
    const hours = (closedDates: string[]) =>
      call(api, 'PUT', '/api/v1/centers/hq06c/business-hours', {
        alwaysOpen: false,
        weekly,
        closedDates,
      });
    expect((await hours([today])).status).toBe(200);

    const closed = await dial('0312360006', '09020060001', { holdSec: 10 });
    const closedCall = await callFrom('09020060001');
    const run = await finished(closed);
    expect(received(run, /^BYE /), 'the node hung up').toBeDefined();
    expect(promptsTo(plays, customerLegOf(n, closedCall))).toEqual([['queue.closed']]);
    expect(all('queue.joined', (e) => e.callId === closedCall)).toEqual([]);
    expect(await first('call.ended', (e) => e.callId === closedCall, 'the end')).toMatchObject({
      reason: 'after-hours',
    });

    expect((await hours([])).status).toBe(200);
    const open = await dial('0312360006', '09020060002', { holdSec: 3 });
    const openCall = await callOf('09020060002', 'hq06');
    await first('queue.entered-hold', (e) => e.callId === openCall, 'the caller on hold');
    expect((await holdQueue(api, 'hq06', 'hq06c')).map((e) => e.callId)).toEqual([openCall]);
    await finished(open);
    expect(promptsTo(plays, customerLegOf(n, openCall))[0]?.[0]).toBe('queue.welcome');
  }, 60_000);

  it('[QCB-10] a pending request stays when the queue overflows and when live callers pass the max wait; only its own max wait expires it', async () => {
    await addQueue(api, { id: 'qcb10-next', number: '0312360102' });
    await addQueue(api, {
      id: 'qcb10',
      number: '0312360101',
      maxSize: 2,
      maxWaitSec: 10,
      fallback: { kind: 'queue', queueId: 'qcb10-next' },
      callback: { enabled: true, minWaiting: 1, key: '1' },
    });
    const live = await dial('0312360101', '09020100001', { holdSec: 18 });
    const liveCall = await callOf('09020100001', 'qcb10');
    // Joining later than the live caller, the request is still waiting when their time is up.
    await sleep(2500);
    await finished(await dial('0312360101', '09020100002', { steps: ['1', '1'], holdSec: 3 }));
    const requestCall = inboundCallOf(n, '09020100002', 'qcb10')!;
    const [requested] = all('callback.requested', (e) => e.requestCallId === requestCall);
    expect(requested).toBeDefined();
    const callbackId = requested!.callbackId;

    // Full (the caller and the request): the next caller is sent on, the request stays.
    const over = await dial('0312360101', '09020100003', { holdSec: 3 });
    const overCall = await callFrom('09020100003');
    const overJoin = await first('queue.joined', (e) => e.callId === overCall, 'the overflow');
    expect(overJoin.queueId).toBe('qcb10-next');
    expect(await openCallbacks(api, 'qcb10')).toMatchObject([{ callbackId, state: 'pending' }]);

    // The live caller's max wait: sent on too; the request keeps its place in its queue.
    await first(
      'queue.joined',
      (e) => e.callId === liveCall && e.queueId === 'qcb10-next',
      'the live caller sent on',
      15_000,
    );
    expect((await holdQueue(api, 'qcb10')).map((e) => [e.kind, e.callbackId])).toEqual([
      ['callback', callbackId],
    ]);

    const done = await first(
      'callback.completed',
      (e) => e.callbackId === callbackId,
      'the expiry',
      15_000,
    );
    expect(done).toMatchObject({ outcome: 'no-callback', reason: 'expired' });
    expect(done.at - requested!.firstJoinedAt).toBeGreaterThanOrEqual(10_000);
    // Only the two live callers were ever sent to the fallback queue.
    expect(all('queue.joined', (e) => e.queueId === 'qcb10-next').map((e) => e.callId)).toEqual([
      overCall,
      liveCall,
    ]);
    expect(all('callback.attempt', (e) => e.callbackId === callbackId)).toEqual([]);
    expect((await holdQueue(api, 'qcb10-next')).map((e) => e.kind)).not.toContain('callback');
    await Promise.all([finished(live), finished(over)]);
  }, 60_000);

  it('[QCB-15] a callback connected after the service-level threshold is a miss, and the request is not an abandon', async () => {
    await addQueue(api, {
      id: 'qcb15',
      number: '0312360015',
      members: ['qcb15-a'],
      serviceLevelSec: 3,
      callback: { enabled: true, minWaiting: 1, key: '1' },
    });
    const phone = await registeredPhone(n, 'qcb15-a', '7215');
    const answering = await answeringPhone(phone, 'phone-talk.xml', { pauseMs: 1500 });
    // Customer numbers ending in 1 answer and press 1 (customer-phone.xml).
    await finished(await dial('0312360015', '09020150001', { steps: ['1', '1'], holdSec: 3 }));
    const requestCall = inboundCallOf(n, '09020150001', 'qcb15')!;
    const [requested] = all('callback.requested', (e) => e.requestCallId === requestCall);
    expect(requested).toBeDefined();
    await setStatus(api, 'qcb15-a', 'available');
    const done = await first(
      'callback.completed',
      (e) => e.callbackId === requested!.callbackId,
      'the callback connected',
    );
    expect(done.outcome).toBe('connected');
    expect(done.connectedWaitMs).toBeGreaterThan(3_000);
    expect((await answering.done).code).toBe(0);

    const from = new Date(Date.now() - 3_600_000).toISOString();
    const to = new Date(Date.now() + 3_600_000).toISOString();
    const res = await call(
      api,
      'GET',
      `/api/v1/centers/${CENTER_ID}/reports/service-level?from=${from}&to=${to}&queueId=qcb15`,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.queues).toMatchObject([
      {
        queueId: 'qcb15',
        serviceLevelSec: 3,
        offered: 1,
        answered: 0,
        abandoned: 0,
        callbacksRequested: 1,
        callbacksCompleted: 1,
        callbacksConnected: 1,
        callbacksWithinThreshold: 0,
        serviceLevelBase: 1,
        serviceLevel: 0,
        abandonmentRate: 0,
      },
    ]);
  }, 60_000);

  it('[QCB-16] an uploaded callback offer replaces the built-in one: the caller’s RTP carries the uploaded tone where the offer is played', async () => {
    await addCenter('qcb16c');
    await addQueue(api, {
      id: 'qcb16',
      number: '0312360016',
      centerId: 'qcb16c',
      callback: { enabled: true, minWaiting: 1, key: '1' },
    });
    const ears: RtpEar[] = [];
    /** What a caller of `to` hears in `holdSec`, and the prompts the node played them. */
    const listen = async (from: string, to: string, holdSec: number) => {
      const ear = await RtpEar.open();
      ears.push(ear);
      await finished(await listeningCaller(n.port, { from, to, ear, holdSec }));
      expect(ear.count, 'RTP reached the caller').toBeGreaterThan(40 * holdSec);
      return { ear, prompts: promptsTo(plays, customerLegOf(n, await callFrom(from)))[0] };
    };
    const tone = toneWav(1800, 800, 8000);
    try {
      // Before: the built-in offer (speech), never the tone.
      const offer = `/api/v1/centers/qcb16c/prompts/queue.callback-offer/ja`;
      expect((await call(api, 'DELETE', offer)).status).toBeLessThan(300);
      const before = await listen('09020160001', '0312360016', 9);
      expect(before.prompts).toContain('queue.callback-offer');
      expect(before.ear.toneRuns(1800)).toEqual([]);

      await uploadPrompt(api, 'queue.callback-offer', tone, 'qcb16c');
      const after = await listen('09020160002', '0312360016', 5);
      expect(after.prompts).toEqual(before.prompts);
      const runs = after.ear.toneRuns(1800);
      expect(runs, 'one stretch of the uploaded tone').toHaveLength(1);
      const [startMs, lengthMs] = runs[0]!;
      expect(lengthMs).toBeGreaterThanOrEqual(700);
      expect(lengthMs).toBeLessThanOrEqual(840);
      // Where the offer is: after the welcome and the position, not at the start of the call.
      expect(startMs).toBeGreaterThanOrEqual(600);
    } finally {
      for (const ear of ears) ear.close();
    }
  }, 60_000);
});
