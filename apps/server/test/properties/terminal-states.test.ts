import { describe, it } from 'vitest';
import fc from 'fast-check';
import { CALLBACK_OUTCOMES, type DomainEvent, type EventOf } from '@tsunagu/domain';
import { scenarioArb } from '../support/random-scenario.js';
import { scenarioParams } from '../support/random-counterexamples.js';
import { prepareScenario, type ScenarioRun } from '../support/random-driver.js';
import { check } from '../support/oracle-events.js';

function byId<T extends DomainEvent['type']>(
  events: readonly DomainEvent[],
  type: T,
  id: (e: EventOf<T>) => string,
): Map<string, EventOf<T>[]> {
  const out = new Map<string, EventOf<T>[]>();
  for (const e of events) {
    if (e.type !== type) continue;
    const key = id(e as EventOf<T>);
    out.set(key, [...(out.get(key) ?? []), e as EventOf<T>]);
  }
  return out;
}

/** Every call, callback and queue entry that started has exactly one end, with a reason. */
function checkHistory(events: readonly DomainEvent[]): void {
  const created = byId(events, 'call.created', (e) => e.callId);
  const ended = byId(events, 'call.ended', (e) => e.callId);
  const toEnded = byId(events, 'call.state-changed', (e) => (e.to === 'ended' ? e.callId : ''));
  for (const [callId, [c, ...more]] of created) {
    check(more.length === 0, () => `${callId} created twice`);
    const ends = ended.get(callId) ?? [];
    check(ends.length === 1, () => `${callId} (${c!.kind}) ended ${ends.length} times`);
    check(
      typeof ends[0]!.reason === 'string' && ends[0]!.reason.length > 0,
      () => `${callId} ended without a reason`,
    );
    check(ends[0]!.kind === c!.kind, () => `${callId} changed kind`);
    check(
      (toEnded.get(callId) ?? []).length === 1,
      () => `${callId} entered 'ended' ${toEnded.get(callId)?.length ?? 0} times`,
    );
  }
  for (const callId of ended.keys())
    check(created.has(callId), () => `${callId} ended but never created`);

  const requested = byId(events, 'callback.requested', (e) => e.callbackId);
  const completed = byId(events, 'callback.completed', (e) => e.callbackId);
  const callbackCalls = byId(events, 'call.created', (e) =>
    e.kind === 'callback' ? (e.callbackId ?? '') : '',
  );
  const attempts = byId(events, 'callback.attempt', (e) => e.callbackId);
  for (const [callbackId, [req, ...more]] of requested) {
    check(more.length === 0, () => `${callbackId} requested twice`);
    check(
      created.get(req!.requestCallId)?.[0]?.kind === 'inbound',
      () => `${callbackId} has no inbound request call`,
    );
    const ends = completed.get(callbackId) ?? [];
    check(ends.length === 1, () => `${callbackId} completed ${ends.length} times`);
    const done = ends[0]!;
    check(CALLBACK_OUTCOMES.includes(done.outcome), () => `${callbackId} outcome ${done.outcome}`);
    check(
      typeof done.reason === 'string' && done.reason.length > 0,
      () => `${callbackId} has no reason`,
    );
    // QCB-14: connected means the system's outbound callback call reached an agent.
    check(
      (done.outcome === 'connected') === (done.reason === 'connected'),
      () => `${callbackId} ${done.outcome}/${done.reason}`,
    );
    if (done.outcome === 'connected') {
      check(
        (callbackCalls.get(callbackId) ?? []).length > 0,
        () => `${callbackId} connected without a callback call`,
      );
    }
    // "No callback" means the customer was never dialled; any other outcome means they were.
    const dialled = attempts.has(callbackId);
    check(
      (done.outcome === 'no-callback') === !dialled,
      () =>
        `${callbackId} ended ${done.outcome} (${done.reason}) after ${attempts.get(callbackId)?.length ?? 0} dials`,
    );
  }
  for (const callbackId of completed.keys())
    check(requested.has(callbackId), () => `${callbackId} never requested`);

  const joined = byId(events, 'queue.joined', (e) => e.entryId);
  const left = byId(events, 'queue.left', (e) => e.entryId);
  for (const entryId of joined.keys()) {
    check(
      (left.get(entryId) ?? []).length === 1,
      () => `${entryId} left ${left.get(entryId)?.length ?? 0} times`,
    );
  }
}

/** Quiescence: nothing live is left in the engine or on the (virtual) network. */
function checkQuiescent(run: ScenarioRun): void {
  const s = run.vc.runner.state;
  check(
    s.calls.size === 0,
    () => `calls left: ${[...s.calls.values()].map((c) => `${c.id}:${c.state}`).join(',')}`,
  );
  check(s.offers.size === 0, () => `offers left: ${[...s.offers.keys()].join(',')}`);
  check(s.entries.size === 0, () => `entries left: ${[...s.entries.keys()].join(',')}`);
  check(
    s.callbacks.size === 0,
    () => `callbacks left: ${[...s.callbacks.values()].map((c) => `${c.id}:${c.state}`).join(',')}`,
  );
  check(s.legs.size === 0, () => `legs left: ${[...s.legs.keys()].join(',')}`);
  check(
    s.openCallbackByNumber.size === 0,
    () => `numbers still held: ${[...s.openCallbackByNumber.keys()].join(',')}`,
  );
  for (const [queueId, line] of s.lines)
    check(line.length === 0, () => `${queueId} line not empty`);
  for (const a of s.agents.values()) {
    check(a.presence !== 'ringing', () => `${a.id} still ringing`);
    check(
      a.callId === null && a.offerId === null && a.reservedFor === null,
      () => `${a.id} still holds work`,
    );
  }
  for (const leg of run.vc.telephony.legs.values()) {
    check(leg.state === 'ended', () => `virtual leg ${leg.id} (${leg.kind}) still ${leg.state}`);
  }
}

describe('property: everything ends', () => {
  it('[QCB-14] every call and every callback ends in exactly one terminal state with a reason', () => {
    fc.assert(
      fc.property(scenarioArb(), (scenario) => {
        const run = prepareScenario(scenario);
        run.run();
        checkHistory(run.vc.events);
        checkQuiescent(run);
      }),
      scenarioParams(1350),
    );
  });
});
