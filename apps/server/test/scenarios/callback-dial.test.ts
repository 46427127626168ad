import { describe, expect, it } from 'vitest';
import type { TelephonyCommand } from '@tsunagu/domain';
import { agentId } from '../../src/runtime/demo-config.js';
import { forCall, setup, type Scenario } from '../support/scenario-center.js';
import {
  IGNORES,
  callerRequestingCallback,
  customer,
  holdingCaller,
} from '../support/scenario-scripts.js';

const A1 = agentId(0);
const A2 = agentId(1);
const REQUESTER = '09033334444';
const E164 = '+819033334444';

type Originate = Extract<TelephonyCommand, { type: 'leg.originate' }>;
const originates = (sc: Scenario, kind: 'agent' | 'number'): Originate[] =>
  sc.commands.filter((c): c is Originate => c.type === 'leg.originate' && c.target.kind === kind);

/** A caller on hold asks for a callback; returns when the request is registered. */
function requestCallback(sc: Scenario, from = REQUESTER): string {
  const before = sc.eventsOf('callback.requested').length;
  const leg = sc.call(from, callerRequestingCallback());
  sc.runUntil(() => sc.eventsOf('callback.requested').length > before, 60_000);
  sc.run(3_000);
  return leg;
}

const CALLBACK_MODES = ['customer-first', 'agent-first'] as const;

describe('placing the callback', () => {
  it('[QCB-04] at the head of the line with an agent free, the customer is dialled with the queue caller ID', () => {
    const sc = setup({ agentCount: 1, queue: { callerId: '0698765432' } });
    sc.occupy([A1]);
    const ahead = sc.call('09011112222');
    sc.run(1_000);
    requestCallback(sc);
    sc.run(10 * 60_000);
    expect(sc.eventsOf('callback.attempt')).toHaveLength(0);
    sc.hangUp(A1);
    sc.run(5_000);
    // The live caller ahead is served first; the callback waits its turn.
    expect(forCall(sc.eventsOf('call.connected'), sc.callIdOf(ahead))).toHaveLength(1);
    expect(sc.eventsOf('callback.attempt')).toHaveLength(0);
    sc.hangUp(A1);
    sc.run(1_000);
    expect(sc.eventsOf('queue.assigned').at(-1)).toMatchObject({
      agentId: A1,
      mode: 'callback-release',
    });
    expect(originates(sc, 'number')).toMatchObject([
      { target: { kind: 'number', number: E164 }, callerId: '0698765432', display: null },
    ]);
    expect(sc.eventsOf('callback.attempt')).toMatchObject([{ attempt: 1 }]);
  });

  it('[QCB-04] never more callbacks are placed at once than there are free agents', () => {
    const sc = setup({ agentCount: 2, available: 0 });
    sc.customers.set(REQUESTER, customer({ talkMs: Infinity }));
    requestCallback(sc);
    requestCallback(sc, '09055556666');
    sc.setStatus(A1, 'available');
    sc.run(1_000);
    expect(sc.eventsOf('callback.attempt')).toHaveLength(1);
    sc.run(10 * 60_000);
    expect(sc.eventsOf('callback.attempt')).toHaveLength(1);
    expect(sc.eventsOf('callback.completed')).toMatchObject([{ outcome: 'connected' }]);
    sc.setStatus(A2, 'available');
    sc.run(1_000);
    expect(sc.eventsOf('callback.attempt')).toHaveLength(2);
  });

  it('[QCB-05] customer-first: 1 connects to the next free agent; a missed agent costs no place', () => {
    const sc = setup({ agentCount: 2 });
    sc.occupy([A1, A2]);
    requestCallback(sc);
    const later = sc.call('09055556666');
    sc.run(5_000);
    sc.phones.set(A1, IGNORES);
    sc.hangUp(A1);
    sc.run(10_000);
    const [dial] = originates(sc, 'number');
    const customerLeg = dial!.legId;
    expect(sc.prompts(customerLeg)).toEqual(['callback.greeting', 'callback.connecting']);
    sc.run(25_000);
    expect(sc.eventsOf('offer.missed')).toMatchObject([
      { agentId: A1, reason: 'timeout', callId: dial!.callId },
    ]);
    expect(sc.agent(A1).presence).toBe('off-duty');
    expect(sc.leg(customerLeg).hearing).toBe('music');
    expect(sc.vc.runner.state.callbacks.values().next().value).toMatchObject({
      state: 'waiting-agent',
    });
    expect(sc.line()[0]!.callId).toBe(dial!.callId);

    sc.hangUp(A2);
    sc.run(5_000);
    expect(forCall(sc.eventsOf('offer.created'), dial!.callId).map((e) => e.agentId)).toEqual([
      A1,
      A2,
    ]);
    expect(forCall(sc.eventsOf('call.connected'), dial!.callId)).toMatchObject([{ agentId: A2 }]);
    expect(sc.leg(sc.leg(customerLeg).bridgedTo!).agentId).toBe(A2);
    expect(sc.eventsOf('callback.completed')).toMatchObject([{ outcome: 'connected' }]);
    expect(forCall(sc.eventsOf('offer.created'), sc.callIdOf(later))).toHaveLength(0);
  });

  it('[QCB-06] agent-first: the agent is offered "callback from <number>" first, then the customer is dialled', () => {
    const sc = setup({
      agentCount: 1,
      queue: { callback: { enabled: true, key: '1', mode: 'agent-first' } },
    });
    sc.occupy([A1]);
    requestCallback(sc);
    sc.hangUp(A1);
    sc.run(1_000);
    const [offer] = sc.eventsOf('offer.created').slice(-1);
    expect(offer).toMatchObject({ agentId: A1, origin: 'callback', customerNumber: E164 });
    expect(originates(sc, 'agent').at(-1)!.display).toEqual({
      origin: 'callback',
      customerNumber: E164,
      queueName: 'サポート',
    });
    expect(originates(sc, 'number')).toHaveLength(0);
    sc.run(10_000);
    const accepted = sc.eventsOf('offer.accepted').at(-1)!;
    const dial = originates(sc, 'number');
    expect(dial).toMatchObject([
      { callId: offer!.callId, target: { number: E164 }, callerId: '0312345678' },
    ]);
    const dialledAt = sc.eventsOf('callback.attempt')[0]!.at;
    expect(dialledAt).toBe(accepted.at);
    const moves = sc
      .eventsOf('agent.status-changed')
      .filter((e) => e.at >= offer!.at)
      .map((e) => e.to);
    expect(moves).toEqual(['available', 'ringing', 'dialing', 'on-call']);
    expect(forCall(sc.eventsOf('call.connected'), offer!.callId)).toMatchObject([{ agentId: A1 }]);
    const agentLeg = originates(sc, 'agent').find((c) => c.callId === offer!.callId)!.legId;
    expect(sc.leg(dial[0]!.legId).bridgedTo).toBe(agentLeg);
    expect(sc.prompts(dial[0]!.legId)).not.toContain('callback.greeting');
    expect(sc.eventsOf('callback.completed')).toMatchObject([{ outcome: 'connected' }]);
  });

  it.each(CALLBACK_MODES)('[QCB-12] the agent sees that it is a callback (%s)', (mode) => {
    const sc = setup({ agentCount: 1, queue: { callback: { enabled: true, key: '1', mode } } });
    sc.occupy([A1]);
    requestCallback(sc);
    sc.hangUp(A1);
    sc.run(30_000);
    const callbackCall = sc.eventsOf('call.created').find((e) => e.kind === 'callback')!;
    const offers = forCall(sc.eventsOf('offer.created'), callbackCall.callId);
    expect(offers.length).toBeGreaterThan(0);
    expect(offers.every((o) => o.origin === 'callback' && o.customerNumber === E164)).toBe(true);
    const rung = originates(sc, 'agent').filter((c) => c.callId === callbackCall.callId);
    expect(rung.map((c) => c.display?.origin)).toEqual(offers.map(() => 'callback'));
    // An ordinary inbound call is labelled differently, so the label is not a constant.
    expect(sc.eventsOf('offer.created')[0]).toMatchObject({ origin: 'inbound' });
  });
});

describe('retries', () => {
  it('[QCB-08] by default an unanswered callback is not retried', () => {
    const sc = setup({ agentCount: 1, available: 0 });
    sc.customers.set(REQUESTER, customer({ response: 'busy' }));
    requestCallback(sc);
    sc.ok({ type: 'agent.set-status', agentId: A1, status: 'available' });
    sc.run(30 * 60_000);
    expect(sc.eventsOf('callback.attempt')).toHaveLength(1);
    expect(sc.eventsOf('callback.completed')).toMatchObject([
      { outcome: 'no-answer-or-declined', reason: 'busy' },
    ]);
  });

  it('[QCB-08] with maxAttempts 2 the customer is tried three times, intervalSec apart', () => {
    const sc = setup({
      agentCount: 1,
      available: 0,
      queue: { callback: { enabled: true, key: '1', retry: { maxAttempts: 2, intervalSec: 60 } } },
    });
    sc.customers.set(REQUESTER, customer({ response: 'busy' }));
    requestCallback(sc);
    sc.ok({ type: 'agent.set-status', agentId: A1, status: 'available' });
    sc.run(30 * 60_000);
    const attempts = sc.eventsOf('callback.attempt');
    expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3]);
    const failures = sc.eventsOf('call.ended').filter((e) => e.kind === 'callback');
    expect(failures.map((e) => e.reason)).toEqual(['busy', 'busy', 'busy']);
    expect(attempts[1]!.at - failures[0]!.at).toBe(60_000);
    expect(attempts[2]!.at - failures[1]!.at).toBe(60_000);
    expect(sc.eventsOf('callback.completed')).toMatchObject([
      { outcome: 'no-answer-or-declined', at: failures[2]!.at },
    ]);
  });

  it('[QCB-08] a retry that succeeds ends connected', () => {
    const sc = setup({
      agentCount: 1,
      available: 0,
      queue: { callback: { enabled: true, key: '1', retry: { maxAttempts: 1, intervalSec: 60 } } },
    });
    sc.customers.set(REQUESTER, customer({ response: 'no-answer' }));
    requestCallback(sc);
    sc.ok({ type: 'agent.set-status', agentId: A1, status: 'available' });
    sc.runUntil(
      () => sc.eventsOf('callback.state-changed').some((e) => e.to === 'retry-wait'),
      120_000,
    );
    sc.customers.set(REQUESTER, customer());
    sc.run(5 * 60_000);
    expect(sc.eventsOf('callback.attempt')).toHaveLength(2);
    expect(sc.eventsOf('callback.completed')).toMatchObject([{ outcome: 'connected' }]);
  });
});

describe('turning the feature off', () => {
  it('[QCB-13] pending requests are kept and served; new callers cannot ask', () => {
    const sc = setup({ agentCount: 1, available: 0 });
    requestCallback(sc);
    expect(sc.updateQueue({ callback: { enabled: false, key: '1' } }).error).toBeUndefined();
    const late = sc.call('09055556666', holdingCaller());
    sc.run(15_000);
    expect(forCall(sc.eventsOf('queue.announced'), sc.callIdOf(late))).toMatchObject([
      { callbackOffered: false },
    ]);
    sc.vc.telephony.press(late, '1');
    sc.run(2_000);
    expect(sc.eventsOf('callback.refused')).toMatchObject([
      { code: 'CC_ERR_CALLBACK_UNAVAILABLE' },
    ]);
    expect(sc.vc.runner.state.callbacks.size).toBe(1);
    sc.ok({ type: 'agent.set-status', agentId: A1, status: 'available' });
    sc.run(30_000);
    expect(sc.eventsOf('callback.attempt')).toHaveLength(1);
    expect(sc.eventsOf('callback.completed')).toMatchObject([{ outcome: 'connected' }]);
    expect(sc.eventsOf('callback.requested')).toHaveLength(1);
  });
});
