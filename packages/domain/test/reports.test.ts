import { describe, it, expect } from 'vitest';
import {
  callbackReport,
  newServiceLevelTally,
  serviceLevelOf,
  serviceLevelReport,
  tallyServiceLevel,
  type CallbackOutcome,
  type DomainEvent,
  type EventOf,
  type QueueLeaveReason,
} from '../src/index.js';

/**
 * Hand-built event sequences, in the shapes the engine emits (see smoke-callback's log): a
 * live caller joins, leaves answered / abandoned / to voicemail; a callback is requested in
 * place and completes with one of the four outcomes.
 */
const S = 1000;
let n = 0;

function joined(
  queueId: string,
  at: number,
  callbackId: string | null = null,
): EventOf<'queue.joined'> {
  n += 1;
  return {
    type: 'queue.joined',
    at,
    queueId,
    entryId: `entry-${n}`,
    callId: callbackId === null ? `call-${n}` : null,
    callbackId,
    firstJoinedAt: at,
    position: 1,
    estimatedWaitMs: null,
  };
}

function left(
  join: { queueId: string; entryId: string; at: number },
  reason: QueueLeaveReason,
  waitMs: number,
  wasCallback = false,
): DomainEvent {
  return {
    type: 'queue.left',
    at: join.at + waitMs,
    queueId: join.queueId,
    entryId: join.entryId,
    reason,
    firstJoinedAt: join.at,
    waitMs,
    wasCallback,
  };
}

function requested(queueId: string, callbackId: string, at: number): DomainEvent {
  return {
    type: 'callback.requested',
    centerId: 'c',
    callerId: '0312345678',
    seq: 0,
    at,
    callbackId,
    queueId,
    number: '+819011112222',
    requestCallId: 'call-x',
    firstJoinedAt: 0,
    dueAt: null,
  };
}

function completed(
  queueId: string,
  callbackId: string,
  outcome: CallbackOutcome,
  connectedWaitMs: number | null,
): DomainEvent {
  return {
    type: 'callback.completed',
    at: 600 * S,
    callbackId,
    queueId,
    outcome,
    reason: outcome === 'connected' ? 'connected' : 'no-answer',
    firstJoinedAt: 0,
    connectedWaitMs,
  };
}

/** One live caller from join to leaving the queue. */
function live(queueId: string, reason: QueueLeaveReason, waitSec: number): DomainEvent[] {
  const j = joined(queueId, 0);
  return [j, left(j, reason, waitSec * S)];
}

/** A caller who books a callback (the entry stays), and the callback's end. */
function callback(
  queueId: string,
  id: string,
  outcome: CallbackOutcome,
  waitSec: number | null,
): DomainEvent[] {
  const j = joined(queueId, 0);
  const events: DomainEvent[] = [j, requested(queueId, id, 10 * S)];
  if (outcome === 'connected') events.push(left(j, 'answered', waitSec! * S, true));
  else events.push(left(j, 'callback-completed', 300 * S, true));
  events.push(completed(queueId, id, outcome, waitSec === null ? null : waitSec * S));
  return events;
}

const thresholds = new Map([
  ['q1', 20],
  ['q2', 30],
]);

function sample(): DomainEvent[] {
  return [
    ...live('q1', 'answered', 10),
    ...live('q1', 'answered', 25),
    ...live('q1', 'abandoned', 3),
    ...live('q1', 'abandoned', 40),
    ...callback('q1', 'cb-1', 'connected', 300),
    ...callback('q1', 'cb-2', 'no-answer-or-declined', null),
    ...live('q1', 'voicemail', 50),
    ...live('q2', 'answered', 25),
  ];
}

describe('service level report', () => {
  it('[SUP-03] counts offered, answered, abandoned and callbacks per queue, with per-queue thresholds', () => {
    const report = serviceLevelReport(sample(), { thresholds });
    const q1 = report.queues.find((q) => q.queueId === 'q1')!;
    expect(q1).toMatchObject({
      serviceLevelSec: 20,
      offered: 7,
      answered: 2,
      answeredWithinThreshold: 1,
      abandoned: 2,
      shortAbandoned: 1,
      callbacksRequested: 2,
      callbacksCompleted: 2,
      callbacksConnected: 1,
      callbacksWithinThreshold: 0,
      otherExits: 1,
      withinThreshold: 1,
      serviceLevelBase: 5,
    });
    expect(q1.serviceLevel).toBeCloseTo(1 / 5, 12);
    expect(q1.averageSpeedOfAnswerSec).toBeCloseTo(17.5, 12);
    expect(q1.abandonmentRate).toBeCloseTo(1 / 5, 12);
    // 25 s is outside q1's 20 s but inside q2's 30 s.
    const q2 = report.queues.find((q) => q.queueId === 'q2')!;
    expect(q2).toMatchObject({
      serviceLevelSec: 30,
      answered: 1,
      answeredWithinThreshold: 1,
      serviceLevel: 1,
    });
    expect(report.overall).toMatchObject({
      queueId: null,
      offered: 8,
      answered: 3,
      withinThreshold: 2,
      serviceLevelBase: 6,
    });
    expect(report.overall.serviceLevel).toBeCloseTo(2 / 6, 12);
  });

  it('[QCB-15] callbacks are not counted as abandoned, but one not connected within the threshold lowers the service level', () => {
    const base = [...live('q1', 'answered', 5)];
    const inTime = serviceLevelReport([...base, ...callback('q1', 'cb-a', 'connected', 15)], {
      thresholds,
    }).overall;
    const late = serviceLevelReport([...base, ...callback('q1', 'cb-a', 'connected', 400)], {
      thresholds,
    }).overall;
    const never = serviceLevelReport([...base, ...callback('q1', 'cb-a', 'no-callback', null)], {
      thresholds,
    }).overall;
    for (const r of [inTime, late, never]) {
      expect(r.abandoned).toBe(0);
      expect(r.abandonmentRate).toBe(0);
      expect(r.callbacksCompleted).toBe(1);
      // The callback's entry leaving "answered" is not a live answer.
      expect(r.answered).toBe(1);
    }
    expect(inTime.serviceLevel).toBe(1);
    expect(late.serviceLevel).toBe(0.5);
    expect(never.serviceLevel).toBe(0.5);
  });

  it('[SUP-03] short abandons are left out of the service level; the cut-off is configurable', () => {
    const events = [...live('q1', 'answered', 5), ...live('q1', 'abandoned', 4)];
    expect(serviceLevelReport(events, { thresholds }).overall.serviceLevel).toBe(1);
    const strict = serviceLevelReport(events, { thresholds, shortAbandonSec: 0 }).overall;
    expect(strict.shortAbandoned).toBe(0);
    expect(strict.serviceLevel).toBe(0.5);
    expect(strict.abandonmentRate).toBe(0.5);
  });

  it('[SUP-03] a queue without a known threshold uses the default; nothing concluded gives null, not 0', () => {
    const j = joined('unknown', 0);
    const waiting = serviceLevelReport([j], { thresholds }).overall;
    expect(waiting).toMatchObject({
      offered: 1,
      serviceLevel: null,
      averageSpeedOfAnswerSec: null,
      abandonmentRate: null,
    });
    const report = serviceLevelReport([j, left(j, 'answered', 20 * S)], {
      thresholds,
      defaultServiceLevelSec: 15,
    });
    expect(report.queues[0]).toMatchObject({ serviceLevelSec: 15, answeredWithinThreshold: 0 });
  });

  it('[SUP-03] the incremental tally gives the same figures as folding the whole list, and snapshots do not move', () => {
    const events = sample();
    const tally = newServiceLevelTally({ thresholds });
    const half = Math.floor(events.length / 2);
    events.slice(0, half).forEach((e) => tallyServiceLevel(tally, e));
    const early = serviceLevelOf(tally);
    const earlyCopy = JSON.parse(JSON.stringify(early)) as typeof early;
    events.slice(half).forEach((e) => tallyServiceLevel(tally, e));
    expect(serviceLevelOf(tally)).toEqual(serviceLevelReport(events, { thresholds }));
    expect(early).toEqual(earlyCopy);
    expect(early.overall.offered).toBeLessThan(serviceLevelOf(tally).overall.offered);
  });
});

function call(kind: 'inbound' | 'callback' | 'outbound', queueId: string | null): DomainEvent {
  n += 1;
  return {
    type: 'call.created',
    at: 0,
    callId: `call-${n}`,
    kind,
    centerId: 'tokyo',
    customerNumber: '09011112222',
    ourNumber: '0312345678',
    queueId,
    callbackId: kind === 'callback' ? 'cb' : null,
  };
}

function ended(
  kind: 'inbound' | 'callback',
  queueId: string,
  reason: 'callback-requested' | 'abandoned',
): DomainEvent {
  return { type: 'call.ended', at: 0, callId: 'call-y', kind, reason, agentId: null, queueId };
}

describe('callback report', () => {
  it('[QCB-14] counts the inbound request calls and the outbound callback calls, and one outcome per request', () => {
    const events: DomainEvent[] = [];
    const outcomes: CallbackOutcome[] = [
      'connected',
      'no-answer-or-declined',
      'accepted-not-connected',
      'no-callback',
    ];
    outcomes.forEach((outcome, i) => {
      events.push(
        call('inbound', 'q1'),
        requested('q1', `cb-${i}`, 0),
        ended('inbound', 'q1', 'callback-requested'),
      );
      if (outcome !== 'no-callback') events.push(call('callback', 'q1'));
      // The declined one was retried once: two callback calls, still one outcome.
      if (outcome === 'no-answer-or-declined') events.push(call('callback', 'q1'));
      events.push(completed('q1', `cb-${i}`, outcome, outcome === 'connected' ? 200 * S : null));
    });
    // Noise: an abandoned caller, an agent's outbound call, and a request still open in q2.
    events.push(call('inbound', 'q1'), ended('inbound', 'q1', 'abandoned'), call('outbound', null));
    events.push(
      call('inbound', 'q2'),
      requested('q2', 'cb-open', 0),
      ended('inbound', 'q2', 'callback-requested'),
    );

    const report = callbackReport(events);
    expect(report.queues.map((q) => q.queueId)).toEqual(['q1', 'q2']);
    expect(report.queues[0]).toEqual({
      queueId: 'q1',
      requestCalls: 4,
      callbackCalls: 4,
      requested: 4,
      completed: 4,
      outcomes: {
        connected: 1,
        'no-answer-or-declined': 1,
        'accepted-not-connected': 1,
        'no-callback': 1,
      },
    });
    expect(report.queues[1]).toMatchObject({
      requestCalls: 1,
      requested: 1,
      completed: 0,
      callbackCalls: 0,
    });
    expect(report.overall).toMatchObject({
      queueId: null,
      requestCalls: 5,
      callbackCalls: 4,
      requested: 5,
      completed: 4,
    });
    const sum = Object.values(report.overall.outcomes).reduce((a, b) => a + b, 0);
    expect(sum).toBe(report.overall.completed);
  });
});
