import { describe, it, expect } from 'vitest';
import type { QueueInput } from '@tsunagu/domain';
import { setup, forCall, type ScenarioOptions } from '../support/scenario-center.js';
import { agentId, DEMO_CENTER_ID, DEMO_QUEUE_ID } from '../../src/runtime/demo-config.js';

const A1 = agentId(0);
const A2 = agentId(1);
const A3 = agentId(2);

/** Agent 1 talks to a caller; the other agents are free unless the options say otherwise. */
function talking(options: ScenarioOptions = {}) {
  const sc = setup({ agentCount: 2, ...options });
  const caller = sc.call('09011112222');
  sc.runUntil(() => sc.agent(A1).presence === 'on-call');
  return { sc, caller, callId: sc.callIdOf(caller) };
}

const OTHER_QUEUE: QueueInput = {
  id: 'billing',
  centerId: DEMO_CENTER_ID,
  name: '請求',
  numbers: ['0312340000'],
  members: [A3],
};

describe('cold transfer (AGT-07, CTI-06, OUT-01 instant transfer)', () => {
  it('[AGT-07][CTI-06][AGT-06] to a ready agent: an offer marked transfer, then the customer talks to them; both agents wrap up their own call', () => {
    const { sc, caller, callId } = talking({ queue: { wrapUpSec: 30 } });
    sc.ok({ type: 'call.transfer', agentId: A1, callId, target: { kind: 'agent', agentId: A2 } });
    expect(sc.leg(caller).hearing).toBe('music');
    expect(sc.agent(A1).presence).toBe('consulting');
    expect(sc.agent(A2).presence).toBe('ringing');
    const offer = sc.eventsOf('offer.created').at(-1)!;
    expect(offer).toMatchObject({ agentId: A2, origin: 'transfer', entryId: null, callId });
    const dial = sc.commands.filter((c) => c.type === 'leg.originate').at(-1)!;
    expect(dial).toMatchObject({ target: { kind: 'agent', agentId: A2 } });

    sc.runUntil(() => sc.agent(A2).presence === 'on-call', 10_000);
    const transferred = sc.eventsOf('call.transferred').at(-1)!;
    expect(transferred).toMatchObject({
      callId,
      agentId: A1,
      toAgentId: A2,
      how: 'cold',
      target: { kind: 'agent', agentId: A2 },
    });
    const next = transferred.newCallId!;
    expect(forCall(sc.eventsOf('call.ended'), callId)).toMatchObject([
      { reason: 'transferred', agentId: A1 },
    ]);
    expect(sc.eventsOf('call.created').find((e) => e.callId === next)).toMatchObject({
      kind: 'transfer',
      customerNumber: '09011112222',
    });
    expect(sc.agent(A1).presence).toBe('wrap-up');
    expect(sc.agent(A2).callId).toBe(next);
    const agentLeg = sc.vc.runner.state.calls.get(next)!.agentLegId!;
    expect(sc.leg(caller)).toMatchObject({ bridgedTo: agentLeg, held: false });
    expect(sc.leg(agentLeg).agentId).toBe(A2);
    expect(forCall(sc.eventsOf('call.connected'), next)).toMatchObject([{ agentId: A2 }]);

    sc.hangUp(A2);
    expect(forCall(sc.eventsOf('call.ended'), next)).toMatchObject([
      { kind: 'transfer', reason: 'agent-hangup', agentId: A2 },
    ]);
    // The agent who took the transferred customer wraps it up too (AGT-06).
    expect(sc.agent(A2).presence).toBe('wrap-up');
    expect(sc.eventsOf('agent.wrap-up-started').at(-1)).toMatchObject({
      agentId: A2,
      callId: next,
    });
  });

  it('[AGT-07] a rejected transfer follows the fallback: back to the transferring agent, no penalty for the target', () => {
    const { sc, caller, callId } = talking();
    sc.phones.set(A2, { response: 'reject', answerAfterMs: 0, talkMs: Infinity });
    const agentLeg = sc.vc.runner.state.calls.get(callId)!.agentLegId!;
    sc.ok({ type: 'call.transfer', agentId: A1, callId, target: { kind: 'agent', agentId: A2 } });
    sc.runUntil(() => sc.eventsOf('call.transfer-failed').length > 0, 10_000);
    expect(sc.eventsOf('call.transfer-failed')[0]).toMatchObject({
      callId,
      reason: 'rejected',
      fallback: 'agent',
    });
    expect(sc.agent(A1).presence).toBe('on-call');
    expect(sc.leg(caller)).toMatchObject({ held: false, bridgedTo: agentLeg });
    expect(sc.agent(A2).presence).toBe('available');
    expect(sc.vc.runner.state.calls.get(callId)?.state).toBe('talking');
    expect(sc.eventsOf('offer.missed').at(-1)).toMatchObject({ agentId: A2, reason: 'rejected' });
  });

  it('[AGT-07] the target rejecting from the desktop works like the phone rejecting', () => {
    const { sc, callId } = talking();
    sc.phones.set(A2, { response: 'ignore', answerAfterMs: 0, talkMs: Infinity });
    sc.ok({ type: 'call.transfer', agentId: A1, callId, target: { kind: 'agent', agentId: A2 } });
    const offerId = sc.agent(A2).offerId!;
    sc.ok({ type: 'offer.reject', agentId: A2, offerId });
    expect(sc.eventsOf('call.transfer-failed')[0]).toMatchObject({ fallback: 'agent' });
    expect(sc.agent(A1).presence).toBe('on-call');
  });

  it('[AGT-07][AGT-03] unanswered after the agent left: the customer rejoins the queue at their first place, the target is set off duty', () => {
    const { sc, caller, callId } = talking({ queue: { wrapUpSec: 60 } });
    const firstArrival = sc.eventsOf('call.created').find((e) => e.callId === callId)!.at;
    sc.run(30_000);
    sc.phones.set(A2, { response: 'ignore', answerAfterMs: 0, talkMs: Infinity });
    sc.ok({ type: 'call.transfer', agentId: A1, callId, target: { kind: 'agent', agentId: A2 } });
    const later = sc.call('09033334444');
    sc.run(1_000);
    sc.ok({ type: 'call.hangup', agentId: A1, callId });
    expect(sc.agent(A1).presence).toBe('wrap-up');
    expect(sc.leg(caller).state).toBe('up');
    sc.runUntil(() => sc.eventsOf('call.transfer-failed').length > 0, 60_000);
    expect(sc.eventsOf('call.transfer-failed')[0]).toMatchObject({
      reason: 'no-answer',
      fallback: 'queue',
    });
    expect(sc.agent(A2).presence).toBe('off-duty');
    const transferred = sc.eventsOf('call.transferred').at(-1)!;
    expect(transferred).toMatchObject({ callId, how: 'fallback', target: { kind: 'queue' } });
    const rejoined = sc.eventsOf('queue.joined').find((e) => e.callId === transferred.newCallId);
    expect(rejoined?.firstJoinedAt).toBe(firstArrival);
    // Ahead of the caller who came later, whatever the agent did meanwhile.
    const line = sc.line().map((e) => e.callId);
    expect(line.indexOf(transferred.newCallId)).toBeLessThan(line.indexOf(sc.callIdOf(later)));
  });

  it('[AGT-07] a target who is not ready is refused and nothing changes', () => {
    const { sc, callId } = talking({ agentCount: 3 });
    sc.setStatus(A2, 'break');
    const before = structuredClone(sc.vc.runner.state);
    const refused = sc.submit({
      type: 'call.transfer',
      agentId: A1,
      callId,
      target: { kind: 'agent', agentId: A2 },
    });
    expect(refused.error?.code).toBe('CC_ERR_TRANSFER_TARGET_NOT_READY');
    expect(refused.events).toHaveLength(0);
    expect(sc.vc.runner.state).toEqual(before);
    const self = { type: 'call.transfer', agentId: A1, callId } as const;
    expect(sc.submit({ ...self, target: { kind: 'agent', agentId: A1 } }).error?.code).toBe(
      'CC_ERR_TRANSFER_TARGET_INVALID',
    );
    expect(sc.submit({ ...self, target: { kind: 'agent', agentId: 'nobody' } }).error?.code).toBe(
      'CC_ERR_AGENT_NOT_FOUND',
    );
    expect(sc.submit({ ...self, target: { kind: 'queue', queueId: 'nowhere' } }).error?.code).toBe(
      'CC_ERR_QUEUE_NOT_FOUND',
    );
    expect(
      sc.submit({ ...self, agentId: A3, target: { kind: 'agent', agentId: A2 } }).error?.code,
    ).toBe('CC_ERR_AGENT_NOT_ON_CALL');
  });

  it('[OUT-01][BEY-08] to a number: only domestic numbers, then the customer talks to that number on a new call', () => {
    const { sc, caller, callId } = talking();
    const to = (number: string) =>
      sc.submit({ type: 'call.transfer', agentId: A1, callId, target: { kind: 'number', number } });
    expect(to('+14155550123').error?.code).toBe('CC_ERR_NUMBER_NOT_DOMESTIC');
    expect(to('12ab').error?.code).toBe('CC_ERR_NUMBER_INVALID');
    sc.customers.set('0355550000', { answerAfterMs: 2_000, patienceMs: Infinity, talkMs: 20_000 });
    expect(to('0355550000').error).toBeUndefined();
    const dial = sc.commands.filter((c) => c.type === 'leg.originate').at(-1)!;
    expect(dial).toMatchObject({
      target: { kind: 'number', number: '+81355550000' },
      callerId: '0312345678',
    });
    sc.runUntil(() => sc.eventsOf('call.transferred').length > 0, 10_000);
    const transferred = sc.eventsOf('call.transferred')[0]!;
    expect(transferred).toMatchObject({ how: 'cold', toAgentId: null });
    expect(sc.leg(caller).bridgedTo).toBe(dial.type === 'leg.originate' ? dial.legId : null);
    expect(sc.agent(A1).presence).toBe('available');
    sc.run(30_000);
    expect(forCall(sc.eventsOf('call.ended'), transferred.newCallId!)).toMatchObject([
      { kind: 'transfer', reason: 'party-hangup', agentId: null },
    ]);
    expect(sc.leg(caller).state).toBe('ended');
  });

  it('[OUT-01] a busy number sends the customer back to the agent', () => {
    const { sc, caller, callId } = talking();
    sc.customers.set('0355550000', { response: 'busy', patienceMs: Infinity, talkMs: Infinity });
    sc.ok({
      type: 'call.transfer',
      agentId: A1,
      callId,
      target: { kind: 'number', number: '0355550000' },
    });
    sc.runUntil(() => sc.eventsOf('call.transfer-failed').length > 0, 10_000);
    expect(sc.eventsOf('call.transfer-failed')[0]).toMatchObject({ reason: 'busy' });
    expect(sc.agent(A1).presence).toBe('on-call');
    expect(sc.leg(caller).held).toBe(false);
  });

  it('[AGT-07] to a queue: the customer joins it as a new entry behind those waiting and hears music', () => {
    const { sc, caller, callId } = talking({
      agentCount: 3,
      available: 1,
      queuesBefore: [OTHER_QUEUE],
    });
    const waiting = sc.call('09055556666', undefined, '0312340000');
    sc.run(5_000);
    sc.ok({
      type: 'call.transfer',
      agentId: A1,
      callId,
      target: { kind: 'queue', queueId: 'billing' },
    });
    const transferred = sc.eventsOf('call.transferred')[0]!;
    expect(transferred).toMatchObject({
      how: 'cold',
      target: { kind: 'queue', queueId: 'billing' },
    });
    expect(forCall(sc.eventsOf('call.ended'), callId)).toMatchObject([{ reason: 'transferred' }]);
    const joined = sc.eventsOf('queue.joined').find((e) => e.callId === transferred.newCallId)!;
    expect(joined).toMatchObject({ queueId: 'billing', position: 2, firstJoinedAt: sc.now() });
    sc.run(5_000);
    expect(sc.leg(caller).hearing).toBe('music');
    expect(sc.line('billing').map((e) => e.callId)).toEqual([
      sc.callIdOf(waiting),
      transferred.newCallId,
    ]);
    expect(sc.line(DEMO_QUEUE_ID)).toHaveLength(0);
    // The billing agent takes the first waiting caller, then the transferred one, marked so.
    sc.setStatus(A3, 'available');
    sc.runUntil(() => sc.agent(A3).presence === 'on-call', 10_000);
    sc.hangUp(A3);
    sc.runUntil(() => sc.agent(A3).callId === transferred.newCallId, 10_000);
    expect(sc.eventsOf('offer.created').at(-1)).toMatchObject({ origin: 'transfer', agentId: A3 });
  });
});
