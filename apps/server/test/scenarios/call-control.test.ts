import { describe, it, expect } from 'vitest';
import { setup } from '../support/scenario-center.js';
import { agentId } from '../../src/runtime/demo-config.js';

const A1 = agentId(0);

function connectedCall() {
  const sc = setup({ agentCount: 1 });
  const caller = sc.call('09011112222', { patienceMs: Infinity, talkMs: Infinity });
  sc.runUntil(() => sc.agent(A1).presence === 'on-call');
  return { sc, caller, callId: sc.callIdOf(caller) };
}

describe('in-call control', () => {
  it('[CTI-08][OUT-01] hold plays music to the customer and release resumes the conversation', () => {
    const { sc, caller, callId } = connectedCall();
    sc.ok({ type: 'call.hold', agentId: A1, callId });
    expect(sc.leg(caller).held).toBe(true);
    expect(sc.leg(caller).hearing).toBe('music');
    expect(sc.agent(A1).presence).toBe('on-hold');
    expect(sc.eventsOf('call.held')).toHaveLength(1);
    sc.ok({ type: 'call.resume', agentId: A1, callId });
    expect(sc.leg(caller).held).toBe(false);
    expect(sc.agent(A1).presence).toBe('on-call');
    expect(sc.vc.runner.state.calls.get(callId)?.state).toBe('talking');
  });

  it('[CTI-08] hold and resume pressed on a SIP desk phone act the same (re-INVITE from the phone)', () => {
    const { sc, caller, callId } = connectedCall();
    const agentLeg = sc.vc.runner.state.calls.get(callId)!.agentLegId!;
    sc.ok({ type: 'leg.remote-hold', legId: agentLeg, held: true });
    expect(sc.leg(caller).hearing).toBe('music');
    expect(sc.agent(A1).presence).toBe('on-hold');
    sc.ok({ type: 'leg.remote-hold', legId: agentLeg, held: false });
    expect(sc.agent(A1).presence).toBe('on-call');
  });

  it('[OUT-01] hold is refused when the call is not connected, and changes nothing', () => {
    const { sc, callId } = connectedCall();
    sc.ok({ type: 'call.hold', agentId: A1, callId });
    const before = structuredClone(sc.vc.runner.state);
    const again = sc.submit({ type: 'call.hold', agentId: A1, callId });
    expect(again.error?.code).toBe('CC_ERR_ILLEGAL_TRANSITION');
    expect(again.events).toHaveLength(0);
    expect(sc.vc.runner.state).toEqual(before);
    expect(sc.submit({ type: 'call.hold', agentId: agentId(1), callId }).error?.code).toBe(
      'CC_ERR_AGENT_NOT_FOUND',
    );
  });

  it('[OUT-01] the agent ends the call: the customer is hung up and the agent moves on', () => {
    const { sc, caller, callId } = connectedCall();
    sc.ok({ type: 'call.hangup', agentId: A1, callId });
    expect(sc.leg(caller).state).toBe('ended');
    const ended = sc.eventsOf('call.ended').find((e) => e.callId === callId);
    expect(ended?.reason).toBe('agent-hangup');
    expect(sc.agent(A1).presence).toBe('available');
    expect(sc.vc.runner.state.calls.has(callId)).toBe(false);
  });

  it('[OUT-01] a call ended while on hold ends cleanly', () => {
    const { sc, caller, callId } = connectedCall();
    sc.ok({ type: 'call.hold', agentId: A1, callId });
    sc.vc.telephony.hangupFromParty(caller);
    sc.run(1_000);
    expect(sc.eventsOf('call.ended').find((e) => e.callId === callId)?.reason).toBe(
      'caller-hangup',
    );
    expect(sc.agent(A1).presence).toBe('available');
  });
});
