import { describe, it, expect } from 'vitest';
import { setup, forCall } from '../support/scenario-center.js';
import { agentId } from '../../src/runtime/demo-config.js';

const A1 = agentId(0);
const A2 = agentId(1);

/** Agent 1 talks to a caller and has started consulting agent 2, who has answered. */
function consulting(wrapUpSec = 0) {
  const sc = setup({ agentCount: 2, queue: { wrapUpSec } });
  const caller = sc.call('09011112222');
  sc.runUntil(() => sc.agent(A1).presence === 'on-call');
  const callId = sc.callIdOf(caller);
  const agentLeg = sc.vc.runner.state.calls.get(callId)!.agentLegId!;
  sc.ok({ type: 'call.consult', agentId: A1, callId, target: { kind: 'agent', agentId: A2 } });
  const dial = sc.commands.filter((c) => c.type === 'leg.originate').at(-1)!;
  const consultLeg = dial.type === 'leg.originate' ? dial.legId : '';
  return { sc, caller, callId, agentLeg, consultLeg };
}

const answered = (sc: ReturnType<typeof setup>) =>
  sc.runUntil(() => sc.eventsOf('call.consult-answered').length > 0, 10_000);

describe('consultation (CTI-06, OUT-01) and warm transfer (AGT-07)', () => {
  it('[CTI-06][AGT-01] the customer hears music, the agent shows consulting, then talks with the target', () => {
    const { sc, caller, callId, agentLeg, consultLeg } = consulting();
    expect(sc.leg(caller)).toMatchObject({ held: true, hearing: 'music' });
    expect(sc.agent(A1)).toMatchObject({ presence: 'consulting', reason: 'consult' });
    expect(sc.eventsOf('offer.created').at(-1)).toMatchObject({ agentId: A2, origin: 'transfer' });
    answered(sc);
    expect(sc.leg(agentLeg).bridgedTo).toBe(consultLeg);
    expect(sc.leg(caller).held).toBe(true);
    expect(sc.agent(A2)).toMatchObject({ presence: 'on-call', callId });
    expect(sc.vc.runner.state.calls.get(callId)?.state).toBe('held');
  });

  it('[CTI-06][AGT-07] "connect customer" hands the customer to the target; the agent goes to wrap-up', () => {
    const { sc, caller, callId, consultLeg } = consulting(30);
    answered(sc);
    sc.ok({ type: 'call.consult-connect', agentId: A1, callId });
    const transferred = sc.eventsOf('call.transferred')[0]!;
    expect(transferred).toMatchObject({ callId, how: 'warm', toAgentId: A2 });
    expect(sc.leg(caller)).toMatchObject({ bridgedTo: consultLeg, held: false });
    expect(sc.agent(A1).presence).toBe('wrap-up');
    expect(sc.agent(A2)).toMatchObject({ presence: 'on-call', callId: transferred.newCallId });
    expect(forCall(sc.eventsOf('call.ended'), callId)).toMatchObject([{ reason: 'transferred' }]);
    // The target now owns the call: hold, resume and hang up are theirs.
    const next = transferred.newCallId!;
    sc.ok({ type: 'call.hold', agentId: A2, callId: next });
    expect(sc.leg(caller).hearing).toBe('music');
    sc.ok({ type: 'call.resume', agentId: A2, callId: next });
    sc.ok({ type: 'call.hangup', agentId: A2, callId: next });
    expect(sc.leg(caller).state).toBe('ended');
  });

  it('[CTI-06] "cancel" ends the consultation and leaves the customer on hold; hold release then resumes', () => {
    const { sc, caller, callId, agentLeg, consultLeg } = consulting();
    answered(sc);
    sc.ok({ type: 'call.consult-cancel', agentId: A1, callId });
    expect(sc.leg(consultLeg).state).toBe('ended');
    expect(sc.leg(caller)).toMatchObject({ held: true, hearing: 'music' });
    expect(sc.agent(A1).presence).toBe('on-hold');
    expect(sc.agent(A2)).toMatchObject({ presence: 'available', callId: null });
    expect(sc.eventsOf('call.consult-ended').at(-1)).toMatchObject({ reason: 'cancelled' });
    sc.ok({ type: 'call.resume', agentId: A1, callId });
    expect(sc.agent(A1).presence).toBe('on-call');
    expect(sc.leg(caller).held).toBe(false);
    expect(sc.leg(agentLeg).state).toBe('up');
  });

  it('[CTI-06] "release" ends the consultation and the agent talks to the customer again', () => {
    const { sc, caller, callId, agentLeg, consultLeg } = consulting();
    answered(sc);
    sc.ok({ type: 'call.consult-release', agentId: A1, callId });
    expect(sc.leg(consultLeg).state).toBe('ended');
    expect(sc.leg(caller)).toMatchObject({ held: false, bridgedTo: agentLeg });
    expect(sc.agent(A1).presence).toBe('on-call');
    expect(sc.vc.runner.state.calls.get(callId)?.state).toBe('talking');
    expect(sc.eventsOf('call.consult-ended').at(-1)).toMatchObject({ reason: 'released' });
  });

  it('[OUT-01] the target may refuse: the agent is told and the customer stays on hold', () => {
    const sc = setup({ agentCount: 2 });
    sc.phones.set(A2, { response: 'reject', answerAfterMs: 0, talkMs: Infinity });
    const caller = sc.call('09011112222');
    sc.runUntil(() => sc.agent(A1).presence === 'on-call');
    const callId = sc.callIdOf(caller);
    sc.ok({ type: 'call.consult', agentId: A1, callId, target: { kind: 'agent', agentId: A2 } });
    sc.runUntil(() => sc.eventsOf('call.consult-refused').length > 0, 10_000);
    expect(sc.eventsOf('call.consult-refused')[0]).toMatchObject({ callId, reason: 'rejected' });
    expect(sc.leg(caller)).toMatchObject({ held: true, hearing: 'music' });
    expect(sc.agent(A1).presence).toBe('on-hold');
    // Another consultation can follow; this time to a number that answers.
    sc.ok({
      type: 'call.consult',
      agentId: A1,
      callId,
      target: { kind: 'number', number: '0355550000' },
    });
    answered(sc);
    expect(sc.agent(A1).presence).toBe('consulting');
  });

  it('[OUT-01] cancel while the target still rings withdraws the offer without penalty', () => {
    const sc = setup({ agentCount: 2 });
    sc.phones.set(A2, { response: 'ignore', answerAfterMs: 0, talkMs: Infinity });
    const caller = sc.call('09011112222');
    sc.runUntil(() => sc.agent(A1).presence === 'on-call');
    const callId = sc.callIdOf(caller);
    sc.ok({ type: 'call.consult', agentId: A1, callId, target: { kind: 'agent', agentId: A2 } });
    expect(sc.submit({ type: 'call.consult-connect', agentId: A1, callId }).error?.code).toBe(
      'CC_ERR_CONSULT_NOT_ANSWERED',
    );
    sc.ok({ type: 'call.consult-cancel', agentId: A1, callId });
    expect(sc.eventsOf('offer.withdrawn').at(-1)).toMatchObject({ agentId: A2 });
    expect(sc.agent(A2)).toMatchObject({ presence: 'available', offerId: null });
  });

  it('[OUT-01] instant conference mixes all three; the agent leaving keeps the other two together', () => {
    const { sc, caller, callId, agentLeg, consultLeg } = consulting();
    answered(sc);
    sc.ok({ type: 'call.conference', agentId: A1, callId });
    expect(sc.vc.telephony.mixedWith(caller).sort()).toEqual([agentLeg, consultLeg].sort());
    expect(sc.leg(caller).held).toBe(false);
    expect(sc.agent(A1).presence).toBe('on-call');
    expect(sc.eventsOf('call.conference-started')).toHaveLength(1);
    sc.ok({ type: 'call.hangup', agentId: A1, callId });
    expect(sc.leg(agentLeg).state).toBe('ended');
    expect(sc.vc.telephony.mixedWith(caller)).toEqual([]);
    expect(sc.leg(caller).bridgedTo).toBe(consultLeg);
    expect(sc.eventsOf('call.transferred')[0]).toMatchObject({ how: 'conference', toAgentId: A2 });
    expect(sc.agent(A2).presence).toBe('on-call');
  });

  it('[OUT-01] "end all" ends the conference for everyone', () => {
    const { sc, caller, callId, consultLeg } = consulting();
    answered(sc);
    sc.ok({ type: 'call.conference', agentId: A1, callId });
    sc.ok({ type: 'call.end-all', agentId: A1, callId });
    expect(sc.leg(caller).state).toBe('ended');
    expect(sc.leg(consultLeg).state).toBe('ended');
    expect(sc.agent(A1).presence).toBe('available');
    expect(sc.agent(A2)).toMatchObject({ presence: 'available', callId: null });
    expect(forCall(sc.eventsOf('call.ended'), callId)).toMatchObject([{ reason: 'agent-hangup' }]);
  });

  it('[OUT-01] the target hanging up ends the consultation; from a conference the other two go on', () => {
    const { sc, caller, callId, agentLeg, consultLeg } = consulting();
    answered(sc);
    sc.vc.telephony.hangupFromParty(consultLeg);
    sc.run(100);
    expect(sc.eventsOf('call.consult-ended').at(-1)).toMatchObject({ reason: 'target-hangup' });
    expect(sc.agent(A1).presence).toBe('on-hold');
    expect(sc.leg(caller).held).toBe(true);
    // A second consultation, made a conference, which the target then leaves.
    sc.ok({ type: 'call.consult', agentId: A1, callId, target: { kind: 'agent', agentId: A2 } });
    sc.runUntil(() => sc.eventsOf('call.consult-answered').length === 2, 10_000);
    sc.ok({ type: 'call.conference', agentId: A1, callId });
    sc.ok({ type: 'call.hangup', agentId: A2, callId });
    expect(sc.leg(caller)).toMatchObject({ bridgedTo: agentLeg, held: false });
    expect(sc.agent(A1).presence).toBe('on-call');
    expect(sc.agent(A2).presence).toBe('available');
  });

  it('[CTI-06] the customer hanging up during a consultation ends it too: the target is released', () => {
    const { sc, caller, callId, consultLeg } = consulting(30);
    answered(sc);
    sc.vc.telephony.hangupFromParty(caller);
    sc.run(100);
    expect(forCall(sc.eventsOf('call.ended'), callId)).toMatchObject([{ reason: 'caller-hangup' }]);
    expect(sc.eventsOf('call.consult-ended').at(-1)).toMatchObject({ reason: 'call-ended' });
    expect(sc.leg(consultLeg).state).toBe('ended');
    expect(sc.agent(A1).presence).toBe('wrap-up');
    expect(sc.agent(A2)).toMatchObject({ presence: 'available', callId: null });
  });

  it('[AGT-07] the agent hanging up during a consultation hands the customer over (transfer on hang-up)', () => {
    const { sc, caller, callId, agentLeg, consultLeg } = consulting();
    answered(sc);
    sc.vc.telephony.hangupFromParty(agentLeg);
    sc.run(100);
    expect(sc.eventsOf('call.transferred')[0]).toMatchObject({ callId, how: 'warm' });
    expect(sc.leg(caller).bridgedTo).toBe(consultLeg);
  });

  it('[CTI-06][OUT-01] refusals: no consultation, a second one, plain hold meanwhile; nothing changes', () => {
    const { sc, callId } = consulting();
    const before = structuredClone(sc.vc.runner.state);
    const codes = [
      sc.submit({
        type: 'call.consult',
        agentId: A1,
        callId,
        target: { kind: 'number', number: '0355550000' },
      }),
      sc.submit({
        type: 'call.transfer',
        agentId: A1,
        callId,
        target: { kind: 'queue', queueId: 'support' },
      }),
      sc.submit({ type: 'call.resume', agentId: A1, callId }),
      sc.submit({ type: 'call.conference', agentId: A1, callId }),
      sc.submit({ type: 'call.consult-connect', agentId: A2, callId }),
    ].map((r) => r.error?.code);
    expect(codes).toEqual([
      'CC_ERR_CONSULT_IN_PROGRESS',
      'CC_ERR_CONSULT_IN_PROGRESS',
      'CC_ERR_CONSULT_IN_PROGRESS',
      'CC_ERR_CONSULT_NOT_ANSWERED',
      'CC_ERR_AGENT_NOT_ON_CALL',
    ]);
    expect(sc.vc.runner.state).toEqual(before);
    sc.ok({ type: 'call.consult-release', agentId: A1, callId });
    for (const type of ['call.consult-connect', 'call.consult-cancel', 'call.conference'] as const)
      expect(sc.submit({ type, agentId: A1, callId }).error?.code).toBe('CC_ERR_NO_CONSULTATION');
  });

  it('[CTI-06] a call that is not connected yet cannot be transferred or consulted on', () => {
    const sc = setup({ agentCount: 2 });
    sc.customers.set('0355550000', {
      answerAfterMs: 50_000,
      patienceMs: Infinity,
      talkMs: Infinity,
    });
    sc.ok({ type: 'agent.dial', agentId: A1, to: '0355550000', callerId: '0698765432' });
    sc.runUntil(() => sc.commands.filter((c) => c.type === 'leg.originate').length === 2, 10_000);
    const callId = sc.agent(A1).callId!;
    const r = sc.submit({
      type: 'call.consult',
      agentId: A1,
      callId,
      target: { kind: 'agent', agentId: A2 },
    });
    expect(r.error?.code).toBe('CC_ERR_CALL_NOT_CONNECTED');
  });
});
