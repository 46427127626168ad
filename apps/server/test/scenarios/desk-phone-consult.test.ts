import { describe, expect, it } from 'vitest';
import { setup } from '../support/scenario-center.js';
import { agentId } from '../../src/runtime/demo-config.js';

const A1 = agentId(0);
const A2 = agentId(1);
const PHONE_CALL = 'sip-phone-line-2';

/**
 * The engine's side of a desk phone's consultation and attended transfer (RFC 5589 §7): the
 * phone's second call arrives as `leg.offered` with the phone's login, and its REFER names the
 * other call by Replaces. The SIP exchange itself is tested with SIPp in
 * apps/server/test/sip/attended-transfer.test.ts; here are the refusals and the other endings.
 */
function onHoldFromPhone() {
  const sc = setup({
    agentCount: 2,
    agents: [
      { device: { kind: 'sip', aor: 'sip:1001@pbx.example' } },
      { device: { kind: 'sip', aor: '1002' } },
    ],
  });
  const caller = sc.call('09011113333');
  sc.runUntil(() => sc.agent(A1).presence === 'on-call');
  const callId = sc.callIdOf(caller);
  const call = () => sc.vc.runner.state.calls.get(callId)!;
  const agentLeg = call().agentLegId!;
  sc.ok({ type: 'leg.remote-hold', legId: agentLeg, held: true });
  expect(call().state).toBe('held');
  const dial = (to: string) =>
    sc.ok({ type: 'leg.offered', legId: PHONE_CALL, from: '1001', to, phone: '1001' });
  return { sc, caller, callId, call, agentLeg, dial };
}

const hangups = (sc: ReturnType<typeof setup>, legId: string) =>
  sc.commands.filter((c) => c.type === 'leg.hangup' && c.legId === legId);

describe('consultation and attended transfer from a desk phone', () => {
  it('[CTI-06] dialling a colleague’s phone while the customer is held rings them as a consultation', () => {
    const { sc, callId, call, dial } = onHoldFromPhone();
    dial('1002');
    expect(sc.agent(A1).presence).toBe('consulting');
    expect(sc.eventsOf('call.consult-started').at(-1)).toMatchObject({
      callId,
      target: { kind: 'agent', agentId: A2 },
    });
    expect(sc.eventsOf('offer.created').at(-1)).toMatchObject({ agentId: A2, origin: 'transfer' });
    const consult = sc.vc.runner.state.consultations.get(call().consultationId!)!;
    expect(consult.phoneLegId).toBe(PHONE_CALL);
    // The phone's call is answered only when the colleague answers, then bridged to them.
    sc.runUntil(() => sc.eventsOf('call.consult-answered').length > 0, 10_000);
    expect(sc.commands).toContainEqual({
      type: 'leg.answer',
      legId: PHONE_CALL,
      earlyMedia: false,
    });
    expect(sc.commands).toContainEqual({
      type: 'leg.bridge',
      legA: PHONE_CALL,
      legB: consult.legId,
    });
  });

  it('[CTI-06] a colleague who is not ready is refused: the phone’s call is turned away and nothing else changes', () => {
    const { sc, call, dial } = onHoldFromPhone();
    sc.ok({ type: 'agent.set-status', agentId: A2, status: 'break', reason: null });
    const before = structuredClone({ call: call(), agent: sc.agent(A1) });
    dial('1002');
    expect(hangups(sc, PHONE_CALL)).toEqual([
      { type: 'leg.hangup', legId: PHONE_CALL, reason: 'rejected' },
    ]);
    expect(sc.eventsOf('engine.input-ignored').at(-1)?.reason).toBe(
      'desk-phone-consultation-refused:CC_ERR_TRANSFER_TARGET_NOT_READY',
    );
    expect({ call: call(), agent: sc.agent(A1) }).toEqual(before);
  });

  it('[CTI-06] hanging up the phone’s consultation call cancels it: the customer stays on hold', () => {
    const { sc, caller, dial } = onHoldFromPhone();
    dial('0399990000');
    const consult = sc.eventsOf('call.consult-started').at(-1)!;
    expect(consult.target).toEqual({ kind: 'number', number: '+81399990000' });
    sc.ok({ type: 'leg.ended', legId: PHONE_CALL, reason: 'hangup' });
    expect(sc.eventsOf('call.consult-ended').at(-1)).toMatchObject({ reason: 'cancelled' });
    expect(sc.agent(A1).presence).toBe('on-hold');
    expect(sc.leg(caller)).toMatchObject({ held: true, hearing: 'music' });
  });

  it('[AGT-07] REFER with Replaces naming a call that is not the phone’s consultation changes nothing', () => {
    const { sc, callId, call, agentLeg, caller, dial } = onHoldFromPhone();
    dial('1002');
    sc.runUntil(() => sc.eventsOf('call.consult-answered').length > 0, 10_000);
    const before = structuredClone(call());
    sc.ok({ type: 'leg.transfer-requested', legId: agentLeg, to: '1002', replaces: caller });
    expect(sc.eventsOf('engine.input-ignored').at(-1)?.reason).toBe(
      'attended-transfer-unknown-dialog',
    );
    expect(call()).toEqual(before);
    expect(sc.eventsOf('call.transferred').filter((e) => e.callId === callId)).toEqual([]);
  });

  it('[AGT-07] an attended transfer while the colleague still rings goes on without the agent', () => {
    const { sc, callId, agentLeg, dial } = onHoldFromPhone();
    dial('1002');
    sc.ok({ type: 'leg.transfer-requested', legId: agentLeg, to: '1002', replaces: PHONE_CALL });
    expect(hangups(sc, PHONE_CALL)).toHaveLength(1);
    expect(sc.agent(A1).presence).not.toBe('consulting');
    sc.runUntil(() => sc.eventsOf('call.transferred').length > 0, 10_000);
    expect(sc.eventsOf('call.transferred').at(-1)).toMatchObject({ callId, toAgentId: A2 });
    expect(sc.agent(A2).presence).toBe('on-call');
  });
});
