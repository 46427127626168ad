import { describe, expect, it } from 'vitest';
import type { AgentPhoneScript, PartyScript } from '@tsunagu/telephony';
import type { CallbackOutcome } from '@tsunagu/domain';
import { agentId } from '../../src/runtime/demo-config.js';
import { forCall, setup, type Scenario } from '../support/scenario-center.js';
import { callerRequestingCallback, customer, holdingCaller } from '../support/scenario-scripts.js';

const A1 = agentId(0);
const A2 = agentId(1);
const A3 = agentId(2);
const REQUESTER = '09033334444';

function requestCallback(sc: Scenario, from = REQUESTER): string {
  const before = sc.eventsOf('callback.requested').length;
  const leg = sc.call(from, callerRequestingCallback());
  sc.runUntil(() => sc.eventsOf('callback.requested').length > before, 60_000);
  sc.run(3_000);
  return leg;
}

const SLOW_AGENT: AgentPhoneScript = {
  response: 'answer',
  answerAfterMs: 15_000,
  talkMs: Infinity,
};

interface OutcomeCase {
  readonly name: string;
  readonly customer: PartyScript;
  readonly phone?: AgentPhoneScript;
  readonly agentComes: boolean;
  readonly outcome: CallbackOutcome;
  readonly reason: string;
  readonly callbackCalls: number;
}

const CASES: OutcomeCase[] = [
  {
    name: 'connected',
    customer: customer(),
    agentComes: true,
    outcome: 'connected',
    reason: 'connected',
    callbackCalls: 1,
  },
  {
    name: 'customer presses 2',
    customer: customer({ onPrompt: { 'callback.greeting': '2' } }),
    agentComes: true,
    outcome: 'no-answer-or-declined',
    reason: 'declined',
    callbackCalls: 1,
  },
  {
    name: 'no answer',
    customer: customer({ response: 'no-answer' }),
    agentComes: true,
    outcome: 'no-answer-or-declined',
    reason: 'no-answer',
    callbackCalls: 1,
  },
  {
    name: 'accepted, hung up before an agent answered',
    customer: customer({ patienceMs: 8_000 }),
    phone: SLOW_AGENT,
    agentComes: true,
    outcome: 'accepted-not-connected',
    reason: 'hung-up-before-agent',
    callbackCalls: 1,
  },
  {
    name: 'expired',
    customer: customer(),
    agentComes: false,
    outcome: 'no-callback',
    reason: 'expired',
    callbackCalls: 0,
  },
];

describe('callback outcomes', () => {
  it.each(CASES)('[QCB-14] two calls and exactly one outcome: $name', (c) => {
    const sc = setup({ agentCount: 1, available: 0, queue: { maxWaitSec: 600 } });
    sc.customers.set(REQUESTER, c.customer);
    if (c.phone) sc.phones.set(A1, c.phone);
    const leg = requestCallback(sc);
    if (c.agentComes) sc.ok({ type: 'agent.set-status', agentId: A1, status: 'available' });
    sc.run(15 * 60_000);
    const created = sc.eventsOf('call.created');
    expect(created.filter((e) => e.kind === 'inbound')).toHaveLength(1);
    expect(forCall(sc.eventsOf('call.ended'), sc.callIdOf(leg))).toMatchObject([
      { reason: 'callback-requested' },
    ]);
    const callbackCalls = created.filter((e) => e.kind === 'callback');
    expect(callbackCalls).toHaveLength(c.callbackCalls);
    const callbackId = sc.eventsOf('callback.requested')[0]!.callbackId;
    expect(callbackCalls.every((e) => e.callbackId === callbackId)).toBe(true);
    expect(sc.eventsOf('callback.completed')).toMatchObject([
      { callbackId, outcome: c.outcome, reason: c.reason },
    ]);
    expect(sc.vc.runner.state.callbacks.size).toBe(0);
    // Nothing is left behind: no live call, no armed timer (a stale one would act later).
    expect(sc.vc.runner.state.calls.size).toBe(0);
    expect(sc.vc.timers.size).toBe(0);
  });

  it('[QCB-14] a customer who presses 2 hears the cancellation and the call ends', () => {
    const sc = setup({ agentCount: 1, available: 0 });
    sc.customers.set(REQUESTER, customer({ onPrompt: { 'callback.greeting': '2' } }));
    requestCallback(sc);
    sc.ok({ type: 'agent.set-status', agentId: A1, status: 'available' });
    sc.run(30_000);
    const dial = sc.commands.find((c) => c.type === 'leg.originate' && c.target.kind === 'number')!;
    expect(sc.prompts(dial.type === 'leg.originate' ? dial.legId : '')).toEqual([
      'callback.greeting',
      'callback.cancelled',
    ]);
    expect(sc.eventsOf('offer.created')).toHaveLength(0);
    expect(sc.agent(A1).presence).toBe('available');
  });

  it('[QCB-14] accepted-not-connected: the ringing agent is released at once, not sent off duty', () => {
    const sc = setup({ agentCount: 1, available: 0 });
    sc.customers.set(REQUESTER, customer({ patienceMs: 8_000 }));
    sc.phones.set(A1, SLOW_AGENT);
    requestCallback(sc);
    sc.ok({ type: 'agent.set-status', agentId: A1, status: 'available' });
    sc.runUntil(() => sc.eventsOf('callback.completed').length === 1, 60_000);
    const done = sc.eventsOf('callback.completed')[0]!;
    expect(done.outcome).toBe('accepted-not-connected');
    expect(sc.eventsOf('offer.withdrawn')).toMatchObject([{ agentId: A1, at: done.at }]);
    sc.run(60_000);
    expect(sc.eventsOf('offer.missed')).toHaveLength(0);
    expect(sc.agent(A1).presence).toBe('available');
    expect(sc.vc.runner.state.offers.size).toBe(0);
  });

  it('[QCB-09] a request not placed within the max wait expires with outcome no-callback', () => {
    const sc = setup({ agentCount: 1, available: 0, queue: { maxWaitSec: 120 } });
    const leg = requestCallback(sc);
    const joined = forCall(sc.eventsOf('queue.joined'), sc.callIdOf(leg))[0]!;
    sc.run(5 * 60_000);
    expect(sc.eventsOf('callback.completed')).toMatchObject([
      { outcome: 'no-callback', reason: 'expired', at: joined.firstJoinedAt + 120_000 },
    ]);
    expect(sc.eventsOf('queue.left').filter((e) => e.entryId === joined.entryId)).toMatchObject([
      { reason: 'callback-completed', wasCallback: true },
    ]);
    expect(sc.line()).toHaveLength(0);
    expect(sc.eventsOf('callback.attempt')).toHaveLength(0);
    // The number is free again once its request is closed (QCB-07 counts open requests only).
    requestCallback(sc);
    expect(sc.eventsOf('callback.requested')).toHaveLength(2);
  });

  it('[QCB-10] the fallback sends a live caller to another queue but not a callback request', () => {
    const overflow = { id: 'overflow', centerId: 'tokyo', name: 'Overflow', members: [A2, A3] };
    const sc = setup({
      agentCount: 3,
      available: 1,
      queuesBefore: [overflow],
      queue: { members: [A1], maxWaitSec: 60, fallback: { kind: 'queue', queueId: 'overflow' } },
    });
    sc.occupy([A1]);
    const live = sc.call('09011112222', holdingCaller());
    requestCallback(sc);
    sc.ok({ type: 'agent.set-status', agentId: A2, status: 'available' });
    sc.ok({ type: 'agent.set-status', agentId: A3, status: 'available' });
    sc.run(3 * 60_000);
    expect(forCall(sc.eventsOf('call.connected'), sc.callIdOf(live))).toMatchObject([
      { queueId: 'overflow' },
    ]);
    expect(
      sc
        .eventsOf('queue.joined')
        .filter((e) => e.queueId === 'overflow')
        .map((e) => e.callbackId),
    ).toEqual([null]);
    expect(sc.eventsOf('callback.completed')).toMatchObject([
      { outcome: 'no-callback', reason: 'expired' },
    ]);
    expect(sc.eventsOf('call.created').filter((e) => e.kind === 'callback')).toHaveLength(0);
    expect(sc.agent(A3).presence).toBe('available');
  });

  it('[QCB-10] voicemail and external fallbacks never touch a callback request', () => {
    const sc = setup({
      agentCount: 1,
      available: 0,
      queue: { maxWaitSec: 60, fallback: { kind: 'external', number: '0355550000' } },
    });
    requestCallback(sc);
    sc.run(3 * 60_000);
    expect(
      sc.commands.filter((c) => c.type === 'leg.redirect' || c.type === 'leg.originate'),
    ).toEqual([]);
    expect(sc.eventsOf('voicemail.started')).toHaveLength(0);
    expect(sc.eventsOf('callback.completed')).toMatchObject([{ outcome: 'no-callback' }]);
  });

  it('[QCB-15] a callback is never reported as abandoned; its connected wait feeds the service level', () => {
    const sc = setup({ agentCount: 1, available: 0 });
    const quitter = sc.call('09011112222', { patienceMs: 30_000, talkMs: Infinity });
    const leg = requestCallback(sc);
    sc.run(60_000);
    const entryOf = (l: string) => forCall(sc.eventsOf('queue.joined'), sc.callIdOf(l))[0]!;
    const left = (l: string) =>
      sc.eventsOf('queue.left').filter((e) => e.entryId === entryOf(l).entryId);
    expect(left(quitter)).toMatchObject([{ reason: 'abandoned', wasCallback: false }]);
    expect(left(leg)).toEqual([]);
    sc.ok({ type: 'agent.set-status', agentId: A1, status: 'available' });
    sc.run(60_000);
    expect(left(leg)).toMatchObject([{ reason: 'answered', wasCallback: true }]);
    const connected = sc.eventsOf('call.connected').at(-1)!;
    const done = sc.eventsOf('callback.completed')[0]!;
    expect(done).toMatchObject({ outcome: 'connected', firstJoinedAt: entryOf(leg).firstJoinedAt });
    expect(done.connectedWaitMs).toBe(connected.at - entryOf(leg).firstJoinedAt);
    expect(forCall(sc.eventsOf('call.ended'), sc.callIdOf(leg)).map((e) => e.reason)).toEqual([
      'callback-requested',
    ]);
  });
});
