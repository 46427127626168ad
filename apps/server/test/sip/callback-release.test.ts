import type { DomainEvent } from '@tsunagu/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addQueue,
  agentLegOf,
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
  type AdminApi,
  type Played,
} from './support/callback-center.js';
import { answeringPhone, countersOf, LegWatcher, registeredPhone } from './support/phone.js';
import { CENTER_ID, eventually, startSipNode, type SipTestNode } from './support/sip-node.js';
import {
  describeRun,
  freeSipPort,
  killAllSipp,
  received,
  tracedMessages,
  type SippProcess,
} from './support/sipp.js';

type Event<T extends DomainEvent['type']> = Extract<DomainEvent, { type: T }>;

/**
 * The release side of the hold-queue callback over real SIP: requests made by SIPp callers are
 * called back through the outbound trunk to a SIPp UAS playing the customers' phones (the last
 * digit of each number says how that customer behaves, see customer-phone.xml), and connected
 * to agents' SIPp desk phones registered with digest. Each test has its own queue, agents and
 * numbers, so they run side by side on one node.
 */
describe.concurrent('callbacks released to customers through the trunk', () => {
  let n: SipTestNode;
  let api: AdminApi;
  let plays: Played[];
  let watcher: LegWatcher;
  let customers: SippProcess;

  beforeAll(async () => {
    const port = await freeSipPort();
    customers = await customerPhones(port);
    n = await startSipNode({ outboundPort: port });
    api = apiOf(n);
    await shortPrompts(api);
    plays = recordPlays(n);
    watcher = new LegWatcher(n);
  }, 60_000);
  afterAll(async () => {
    watcher?.stop();
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

  /** A SIPp caller on the queue's number presses the callback key and confirms with 1 (QCB-02). */
  async function requestFrom(queueId: string, to: string, from: string) {
    const caller = await callerWithKeys(n.port, { from, to, steps: ['1', '1'], holdSec: 3 });
    const run = await caller.done;
    expect(run.code, describeRun(run)).toBe(0);
    const requestCallId = inboundCallOf(n, from, queueId)!;
    const requested = all('callback.requested', (e) => e.requestCallId === requestCallId)[0];
    expect(requested, `${from} booked a callback`).toBeDefined();
    return { requestCallId, callbackId: requested!.callbackId, requested: requested! };
  }

  const callbackCalls = (callbackId: string) =>
    all('call.created', (e) => e.kind === 'callback' && e.callbackId === callbackId);

  const completion = (callbackId: string, timeoutMs = 20_000) =>
    first('callback.completed', (e) => e.callbackId === callbackId, 'the outcome', timeoutMs);

  /** INVITEs (and other requests) that reached the customers' phones for one number. */
  const requestsTo = (method: string, e164: string) =>
    tracedMessages({ messages: customers.messagesSoFar() }).filter(
      (m) => !m.sent && new RegExp(`^${method} sip:(%2B|\\+)${e164.slice(1)}@`).test(m.text),
    );

  async function history(number: string) {
    const res = await call(api, 'GET', `/api/v1/centers/${CENTER_ID}/calls?number=${number}`);
    expect(res.status).toBe(200);
    return res.body.items as { callId: string; kind: string; endReason: string | null }[];
  }

  async function report(queueId: string) {
    const from = new Date(Date.now() - 3_600_000).toISOString();
    const to = new Date(Date.now() + 3_600_000).toISOString();
    const res = await call(
      api,
      'GET',
      `/api/v1/centers/${CENTER_ID}/reports/callbacks?from=${from}&to=${to}&queueId=${queueId}`,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.queues.find((q: { queueId: string }) => q.queueId === queueId);
  }

  it('[QCB-04] [QCB-05] [QCB-12] [QCB-14] customer-first: the customer is dialled with the queue’s caller ID, presses 1 and is bridged to the agent’s phone, which shows a callback; RTP both ways; two call records, outcome connected', async () => {
    await addQueue(api, {
      id: 'r1',
      number: '0312351001',
      members: ['r1-a'],
      callerId: '0698765432',
      callback: { enabled: true, minWaiting: 1, key: '1' },
    });
    const phone = await registeredPhone(n, 'r1-a', '7101');
    const answering = await answeringPhone(phone, 'phone-talk.xml', { pauseMs: 2500 });
    const { callbackId, requestCallId } = await requestFrom('r1', '0312351001', '09010010011');
    await setStatus(api, 'r1-a', 'available');

    const connected = await first(
      'call.connected',
      (e) => callbackCalls(callbackId).some((c) => c.callId === e.callId),
      'the customer connected',
    );
    expect(connected.agentId).toBe('r1-a');
    const callId = connected.callId;
    const customerLeg = watcher.seen.get(customerLegOf(n, callId)!);
    const agentLeg = watcher.seen.get(agentLegOf(n, callId)!);
    const [c0, a0] = [countersOf(customerLeg), countersOf(agentLeg)];
    await sleep(1500);
    const [c1, a1] = [countersOf(customerLeg), countersOf(agentLeg)];
    expect(c1.sent - c0.sent, 'the agent’s voice to the customer').toBeGreaterThan(30);
    expect(c1.received - c0.received, 'the customer’s RTP').toBeGreaterThan(30);
    expect(a1.sent - a0.sent, 'the customer’s voice to the agent').toBeGreaterThan(30);
    expect(a1.received - a0.received, 'the agent’s RTP').toBeGreaterThan(30);

    const phoneRun = await answering.done;
    expect(phoneRun.code, describeRun(phoneRun)).toBe(0);
    const ringing = received(phoneRun, /^INVITE /);
    expect(ringing).toMatch(/^From: "折返 Callback \+819010010011" </m);
    expect(ringing).toMatch(/^X-Tsunagu-Origin: callback\r?$/m);
    expect(all('offer.created', (e) => e.callId === callId)).toMatchObject([
      { agentId: 'r1-a', origin: 'callback', customerNumber: '+819010010011' },
    ]);
    const [dialled, ...more] = requestsTo('INVITE', '+819010010011');
    expect(more).toEqual([]);
    expect(dialled?.text).toMatch(/^From: <sip:0698765432@/m);
    expect(dialled?.text).toMatch(/^P-Asserted-Identity: <sip:0698765432@/m);
    expect(promptsTo(plays, customerLegOf(n, callId))).toEqual([
      ['callback.greeting'],
      ['callback.connecting'],
    ]);
    expect(await completion(callbackId)).toMatchObject({ outcome: 'connected' });

    await first('call.ended', (e) => e.callId === callId, 'the callback call ended');
    const calls = await history('9010010011');
    expect(calls.map((c) => [c.kind, c.callId, c.endReason]).sort()).toEqual([
      ['callback', callId, 'agent-hangup'],
      ['inbound', requestCallId, 'callback-requested'],
    ]);
    expect(await report('r1')).toMatchObject({
      requestCalls: 1,
      callbackCalls: 1,
      requested: 1,
      completed: 1,
      outcomes: { connected: 1, noAnswerOrDeclined: 0, acceptedNotConnected: 0, noCallback: 0 },
    });
  }, 60_000);

  it('[QCB-05] [QCB-14] customer-first: a customer who presses 2 hears the cancellation; outcome declined, no agent rung', async () => {
    await addQueue(api, {
      id: 'r2',
      number: '0312351002',
      members: ['r2-a'],
      callback: { enabled: true, minWaiting: 1, key: '1' },
    });
    const { callbackId, requestCallId } = await requestFrom('r2', '0312351002', '09010020012');
    await setStatus(api, 'r2-a', 'available');
    expect(await completion(callbackId)).toMatchObject({
      outcome: 'no-answer-or-declined',
      reason: 'declined',
    });
    const [callback] = callbackCalls(callbackId);
    await first('call.ended', (e) => e.callId === callback!.callId, 'the callback call ended');
    expect(promptsTo(plays, customerLegOf(n, callback!.callId))).toEqual([
      ['callback.greeting'],
      ['callback.cancelled'],
    ]);
    expect(all('offer.created', (e) => e.callId === callback!.callId)).toEqual([]);
    const calls = await history('9010020012');
    expect(calls.map((c) => [c.kind, c.callId, c.endReason]).sort()).toEqual([
      ['callback', callback!.callId, 'callback-declined'],
      ['inbound', requestCallId, 'callback-requested'],
    ]);
    expect(await report('r2')).toMatchObject({
      requestCalls: 1,
      callbackCalls: 1,
      outcomes: { connected: 0, noAnswerOrDeclined: 1 },
    });
  }, 60_000);

  it('[QCB-14] a customer who presses 1 and hangs up before an agent answers: outcome accepted-not-connected, the ringing agent released', async () => {
    await addQueue(api, {
      id: 'r9',
      number: '0312351009',
      members: ['r9-a'],
      ringTimeoutSec: 30,
      callback: { enabled: true, minWaiting: 1, key: '1' },
    });
    const { callbackId, requestCallId } = await requestFrom('r9', '0312351009', '09010090016');
    // r9-a answers from the desktop (virtual side) and never does here: the phone rings on.
    await setStatus(api, 'r9-a', 'available');
    const done = await completion(callbackId);
    expect(done).toMatchObject({
      outcome: 'accepted-not-connected',
      reason: 'hung-up-before-agent',
    });
    const [callback] = callbackCalls(callbackId);
    expect(all('offer.withdrawn', (e) => e.agentId === 'r9-a')).toHaveLength(1);
    expect(all('offer.missed', (e) => e.agentId === 'r9-a')).toEqual([]);
    const agent = await call(api, 'GET', '/api/v1/agents/r9-a');
    expect(agent.body.presence).toBe('available');
    await first('call.ended', (e) => e.callId === callback!.callId, 'the callback call ended');
    const calls = await history('9010090016');
    expect(calls.map((c) => [c.kind, c.callId, c.endReason]).sort()).toEqual([
      ['callback', callback!.callId, 'caller-hangup'],
      ['inbound', requestCallId, 'callback-requested'],
    ]);
    expect(await report('r9')).toMatchObject({ outcomes: { acceptedNotConnected: 1 } });
  }, 60_000);

  it('[QCB-04] [QCB-08] [QCB-14] a customer who never answers is cancelled at the dial timeout; by default not retried, outcome no-answer', async () => {
    await addQueue(api, {
      id: 'r3',
      number: '0312351003',
      members: ['r3-a'],
      callback: { enabled: true, minWaiting: 1, key: '1', dialTimeoutSec: 5 },
    });
    const { callbackId } = await requestFrom('r3', '0312351003', '09010030013');
    await setStatus(api, 'r3-a', 'available');
    const done = await completion(callbackId);
    expect(done).toMatchObject({ outcome: 'no-answer-or-declined', reason: 'no-answer' });
    const attempts = all('callback.attempt', (e) => e.callbackId === callbackId);
    expect(attempts.map((a) => a.attempt)).toEqual([1]);
    expect(done.at - attempts[0]!.at).toBeGreaterThanOrEqual(5_000);
    expect(done.at - attempts[0]!.at).toBeLessThan(6_500);
    expect(requestsTo('INVITE', '+819010030013')).toHaveLength(1);
    await eventually(() => requestsTo('CANCEL', '+819010030013').length === 1, 'the CANCEL');
    expect(await openCallbacks(api, 'r3')).toEqual([]);
  }, 60_000);

  it('[QCB-08] with retries on, a busy customer is dialled again after the interval, then the outcome is busy', async () => {
    await addQueue(api, {
      id: 'r4',
      number: '0312351004',
      members: ['r4-a'],
      callback: {
        enabled: true,
        minWaiting: 1,
        key: '1',
        retry: { maxAttempts: 1, intervalSec: 10 },
      },
    });
    const { callbackId } = await requestFrom('r4', '0312351004', '09010040014');
    await setStatus(api, 'r4-a', 'available');
    const retrying = await first(
      'callback.state-changed',
      (e) => e.callbackId === callbackId && e.to === 'retry-wait',
      'the retry wait',
    );
    expect(await openCallbacks(api, 'r4')).toMatchObject([{ state: 'retry-wait', attempts: 1 }]);
    const done = await completion(callbackId, 25_000);
    expect(done).toMatchObject({ outcome: 'no-answer-or-declined', reason: 'busy' });
    const attempts = all('callback.attempt', (e) => e.callbackId === callbackId);
    expect(attempts.map((a) => a.attempt)).toEqual([1, 2]);
    const gap = attempts[1]!.at - retrying.at;
    expect(gap).toBeGreaterThanOrEqual(10_000);
    expect(gap).toBeLessThan(11_500);
    const calls = callbackCalls(callbackId).map((c) => c.callId);
    expect(all('call.ended', (e) => calls.includes(e.callId)).map((e) => e.reason)).toEqual([
      'busy',
      'busy',
    ]);
    expect(requestsTo('INVITE', '+819010040014')).toHaveLength(2);
    expect(await report('r4')).toMatchObject({ requestCalls: 1, callbackCalls: 2 });
  }, 60_000);

  it('[QCB-05] the agent does not answer: the customer keeps the place, hearing music, and is offered to the next free agent', async () => {
    await addQueue(api, {
      id: 'r5',
      number: '0312351005',
      members: ['r5-a', 'r5-b'],
      ringTimeoutSec: 5,
      // After the callback r5-b stays in wrap-up: the caller behind is not offered to them.
      wrapUpSec: 60,
      callback: { enabled: true, minWaiting: 1, key: '1' },
    });
    const away = await registeredPhone(n, 'r5-a', '7105');
    const there = await registeredPhone(n, 'r5-b', '7106');
    const ignoring = await answeringPhone(away, 'phone-ignore.xml', { pauseMs: 0 });
    const answering = await answeringPhone(there, 'phone-talk.xml', { pauseMs: 2000 });
    const { callbackId } = await requestFrom('r5', '0312351005', '09010050011');
    const later = await callerWithKeys(n.port, {
      from: '09010050021',
      to: '0312351005',
      holdSec: 12,
    });
    const laterCall = await eventually(() => inboundCallOf(n, '09010050021', 'r5'), 'the caller');
    await setStatus(api, 'r5-a', 'available');

    const missed = await first('offer.missed', (e) => e.agentId === 'r5-a', 'the missed offer');
    expect(missed.reason).toBe('timeout');
    const callId = missed.callId;
    expect(callbackCalls(callbackId).map((c) => c.callId)).toEqual([callId]);
    const agent = await call(api, 'GET', '/api/v1/agents/r5-a');
    expect(agent.body.presence).toBe('off-duty');
    const line = await holdQueue(api, 'r5');
    expect(line.map((e) => [e.kind, e.callId, e.state])).toEqual([
      ['callback', callId, 'waiting-agent'],
      ['call', laterCall, 'queued'],
    ]);
    const customerLeg = watcher.seen.get(customerLegOf(n, callId)!);
    const before = countersOf(customerLeg);
    await sleep(1000);
    expect(countersOf(customerLeg).sent - before.sent, 'music to the customer').toBeGreaterThan(30);
    expect(plays.filter((p) => p.legId === customerLeg?.id).at(-1)).toMatchObject({
      prompts: ['callback.connecting'],
      then: 'music',
    });

    await setStatus(api, 'r5-b', 'available');
    const connected = await first('call.connected', (e) => e.callId === callId, 'connected');
    expect(connected.agentId).toBe('r5-b');
    expect(all('offer.created', (e) => e.callId === callId).map((o) => o.agentId)).toEqual([
      'r5-a',
      'r5-b',
    ]);
    expect(all('offer.created', (e) => e.callId === laterCall)).toEqual([]);
    expect(await completion(callbackId)).toMatchObject({ outcome: 'connected' });
    for (const run of await Promise.all([ignoring.done, answering.done, later.done]))
      expect(run.code, describeRun(run)).toBe(0);
  }, 60_000);

  it('[QCB-06] [QCB-12] agent-first: the agent’s phone rings with “折返 Callback <number>” first; once answered the customer is dialled and connected', async () => {
    await addQueue(api, {
      id: 'r6',
      number: '0312351006',
      members: ['r6-a'],
      callback: { enabled: true, minWaiting: 1, key: '1', mode: 'agent-first' },
    });
    const phone = await registeredPhone(n, 'r6-a', '7107');
    const answering = await answeringPhone(phone, 'phone-talk.xml', { pauseMs: 2500 });
    const { callbackId } = await requestFrom('r6', '0312351006', '09010060015');
    await setStatus(api, 'r6-a', 'available');

    const offer = await first('offer.created', (e) => e.agentId === 'r6-a', 'the offer');
    expect(offer).toMatchObject({ origin: 'callback', customerNumber: '+819010060015' });
    const accepted = await first('offer.accepted', (e) => e.offerId === offer.offerId, 'answer');
    const attempt = await first('callback.attempt', (e) => e.callbackId === callbackId, 'dial');
    expect(attempt.callId).toBe(offer.callId);
    expect(n.events.indexOf(attempt)).toBeGreaterThan(n.events.indexOf(accepted));
    const connected = await first('call.connected', (e) => e.callId === offer.callId, 'connected');
    expect(connected.agentId).toBe('r6-a');
    expect(await completion(callbackId)).toMatchObject({ outcome: 'connected' });
    // The customer is put straight through: no "press 1" greeting.
    expect(promptsTo(plays, customerLegOf(n, offer.callId)).flat()).not.toContain(
      'callback.greeting',
    );
    const phoneRun = await answering.done;
    expect(phoneRun.code, describeRun(phoneRun)).toBe(0);
    const ringing = received(phoneRun, /^INVITE /);
    expect(ringing).toMatch(/^From: "折返 Callback \+819010060015" </m);
    expect(ringing).toMatch(/^X-Tsunagu-Origin: callback\r?$/m);
    expect(requestsTo('INVITE', '+819010060015')).toHaveLength(1);
  }, 60_000);

  it('[QCB-09] [QCB-14] a request not placed within the max wait expires with outcome no-callback; the customer is never dialled', async () => {
    await addQueue(api, {
      id: 'r7',
      number: '0312351007',
      maxWaitSec: 10,
      callback: { enabled: true, minWaiting: 1, key: '1' },
    });
    const { callbackId, requested } = await requestFrom('r7', '0312351007', '09010070011');
    expect(await openCallbacks(api, 'r7')).toHaveLength(1);
    const done = await completion(callbackId);
    expect(done).toMatchObject({ outcome: 'no-callback', reason: 'expired' });
    expect(done.at - requested.firstJoinedAt).toBeGreaterThanOrEqual(10_000);
    expect(done.at - requested.firstJoinedAt).toBeLessThan(11_500);
    expect(all('callback.attempt', (e) => e.callbackId === callbackId)).toEqual([]);
    expect(requestsTo('INVITE', '+819010070011')).toEqual([]);
    expect(await openCallbacks(api, 'r7')).toEqual([]);
    expect(await holdQueue(api, 'r7')).toEqual([]);
    expect(await report('r7')).toMatchObject({
      requestCalls: 1,
      callbackCalls: 0,
      outcomes: { noCallback: 1 },
    });
  }, 60_000);

  it('[QCB-13] turning the feature off keeps the pending request, which is still called back; new callers are refused', async () => {
    await addQueue(api, {
      id: 'r8',
      number: '0312351008',
      members: ['r8-a'],
      callback: { enabled: true, minWaiting: 1, key: '1' },
    });
    const { callbackId } = await requestFrom('r8', '0312351008', '09010080012');
    const off = await call(api, 'PATCH', '/api/v1/queues/r8', { callback: { enabled: false } });
    expect(off.status, JSON.stringify(off.body)).toBe(200);
    expect(await openCallbacks(api, 'r8')).toMatchObject([{ callbackId, state: 'pending' }]);

    const late = await callerWithKeys(n.port, {
      from: '09010080021',
      to: '0312351008',
      steps: ['1'],
      holdSec: 1,
    });
    const lateRun = await late.done;
    expect(lateRun.code, describeRun(lateRun)).toBe(0);
    const lateCall = inboundCallOf(n, '09010080021', 'r8')!;
    expect(all('queue.announced', (e) => e.callId === lateCall)[0]).toMatchObject({
      callbackOffered: false,
    });
    expect(all('callback.refused', (e) => e.callId === lateCall)).toMatchObject([
      { code: 'CC_ERR_CALLBACK_UNAVAILABLE' },
    ]);
    expect(promptsTo(plays, customerLegOf(n, lateCall)).at(-1)).toEqual(['callback.unavailable']);

    await setStatus(api, 'r8-a', 'available');
    expect(await completion(callbackId)).toMatchObject({ reason: 'declined' });
    expect(all('callback.attempt', (e) => e.callbackId === callbackId)).toHaveLength(1);
    expect(requestsTo('INVITE', '+819010080012')).toHaveLength(1);
  }, 60_000);
});
