import type { Agent } from '../model/agent.js';
import type { Call } from '../model/call.js';
import { DomainError } from '../errors.js';
import type { Ctx } from './context.js';
import { moveAgent, moveCall, moveLeg } from './transitions.js';
import { endCall, legOf, newCall, newLeg } from './calls.js';
import { agentOrFail } from './agents.js';
import { checkDomesticNumber, defaultPolicy } from '../policy/number-policy.js';
import { onCallbackAgentGone } from './callbacks.js';
import { consultationOf } from './consultation.js';
import { agentLeaves, consultedAgentCall, onTargetHangup } from './consult-actions.js';

function agentsCall(ctx: Ctx, agentId: string, callId: string): { agent: Agent; call: Call } {
  const agent = agentOrFail(ctx, agentId);
  const call = ctx.s.calls.get(callId);
  if (!call) throw new DomainError('CC_ERR_CALL_NOT_FOUND', { callId });
  if (agent.callId !== callId || call.agentId !== agentId) {
    throw new DomainError('CC_ERR_AGENT_NOT_ON_CALL', { agentId, callId });
  }
  return { agent, call };
}

/** Plain hold and resume would fight a consultation's own hold (CTI-06): refused meanwhile. */
function noConsultation(call: Call): void {
  if (call.consultationId !== null)
    throw new DomainError('CC_ERR_CONSULT_IN_PROGRESS', { callId: call.id });
}

/** CTI-08 / OUT-01: hold plays music to the customer; the agent shows "on hold". */
export function onHold(ctx: Ctx, agentId: string, callId: string): void {
  const { agent, call } = agentsCall(ctx, agentId, callId);
  noConsultation(call);
  const leg = legOf(ctx, call.customerLegId);
  if (call.state !== 'talking' || !leg || leg.state !== 'answered') {
    throw new DomainError('CC_ERR_ILLEGAL_TRANSITION', {
      machine: 'call',
      from: call.state,
      to: 'held',
    });
  }
  ctx.command({ type: 'leg.hold', legId: leg.id });
  moveLeg(ctx, leg, 'held');
  moveCall(ctx, call, 'held');
  moveAgent(ctx, agent, 'on-hold', null);
  ctx.emit({ type: 'call.held', callId, agentId });
}

export function onResume(ctx: Ctx, agentId: string, callId: string): void {
  const { agent, call } = agentsCall(ctx, agentId, callId);
  noConsultation(call);
  const leg = legOf(ctx, call.customerLegId);
  if (call.state !== 'held' || !leg || leg.state !== 'held') {
    throw new DomainError('CC_ERR_ILLEGAL_TRANSITION', {
      machine: 'call',
      from: call.state,
      to: 'talking',
    });
  }
  ctx.command({ type: 'leg.resume', legId: leg.id });
  moveLeg(ctx, leg, 'answered');
  moveCall(ctx, call, 'talking');
  moveAgent(ctx, agent, 'on-call', null);
  ctx.emit({ type: 'call.resumed', callId, agentId });
}

/**
 * The agent hangs up. During a consultation this leaves the call to the customer and the
 * consulted party (agentLeaves); the consulted agent hanging up ends only the consultation.
 */
export function onAgentHangup(ctx: Ctx, agentId: string, callId: string): void {
  const live = ctx.s.calls.get(callId);
  const consulted = live ? consultedAgentCall(ctx, agentId, live) : null;
  if (live && consulted && live.agentId !== agentId) return onTargetHangup(ctx, live, consulted);
  const { call } = agentsCall(ctx, agentId, callId);
  const consult = consultationOf(ctx, call);
  if (consult) return agentLeaves(ctx, call, consult, false);
  if (!onCallbackAgentGone(ctx, call)) endCall(ctx, call, 'agent-hangup');
}

/** OUT-01 "end all": the call ends for everyone on it, the consulted party included. */
export function onEndAll(ctx: Ctx, agentId: string, callId: string): void {
  const { call } = agentsCall(ctx, agentId, callId);
  if (!onCallbackAgentGone(ctx, call)) endCall(ctx, call, 'agent-hangup');
}

/** SUP-05: a disposition (call type) of the center, on the current call or in wrap-up. */
export function onSetDisposition(
  ctx: Ctx,
  agentId: string,
  callId: string,
  dispositionId: string,
): void {
  const agent = agentOrFail(ctx, agentId);
  if (agent.callId !== callId && agent.lastCallId !== callId) {
    throw new DomainError('CC_ERR_AGENT_NOT_ON_CALL', { agentId, callId });
  }
  const center = ctx.s.centers.get(agent.centerId);
  if (!center || !center.dispositions.some((d) => d.id === dispositionId)) {
    throw new DomainError('CC_ERR_DISPOSITION_UNKNOWN', { dispositionId });
  }
  const call = ctx.s.calls.get(callId);
  if (call) call.dispositionId = dispositionId;
  ctx.emit({ type: 'call.disposition-set', callId, agentId, dispositionId });
}

/**
 * AGT-05: the agent dials out with one of the center's numbers as caller ID (remembered for
 * next time). The agent's own device rings first, then the customer. Dialling while
 * available shows "dialing" then "on call"; dialling while off duty keeps them off duty.
 */
export function onDial(ctx: Ctx, agentId: string, to: string, callerId: string): void {
  const agent = agentOrFail(ctx, agentId);
  if (agent.presence === 'logged-out')
    throw new DomainError('CC_ERR_AGENT_LOGGED_OUT', { agentId });
  if (
    agent.callId !== null ||
    agent.offerId !== null ||
    agent.presence === 'wrap-up' ||
    agent.reservedFor !== null
  ) {
    throw new DomainError('CC_ERR_AGENT_BUSY', { agentId });
  }
  const center = ctx.s.centers.get(agent.centerId);
  if (!center) throw new DomainError('CC_ERR_CENTER_NOT_FOUND', { centerId: agent.centerId });
  if (!center.callerIds.some((c) => c.number === callerId)) {
    throw new DomainError('CC_ERR_CALLER_ID_NOT_ALLOWED', { callerId });
  }
  const number = checkDomesticNumber(to, defaultPolicy(center.country));
  const call = newCall(ctx, {
    kind: 'outbound',
    centerId: center.id,
    state: 'dialing',
    customerNumber: number,
    ourNumber: callerId,
    queueId: null,
  });
  const leg = newLeg(ctx, call, {
    role: 'agent',
    direction: 'outbound',
    state: 'originating',
    agentId,
  });
  call.agentLegId = leg.id;
  call.agentId = agentId;
  agent.callId = call.id;
  agent.lastCallerId = callerId;
  if (agent.presence === 'available') moveAgent(ctx, agent, 'dialing', null);
  ctx.command({
    type: 'leg.originate',
    legId: leg.id,
    callId: call.id,
    target: { kind: 'agent', agentId },
    callerId,
    ringTimeoutMs: 30_000,
    display: null,
  });
}

/** The agent's own device answered an outbound dial: now ring the customer. */
export function onDialAgentAnswered(ctx: Ctx, call: Call): void {
  if (call.customerLegId !== null) return;
  const leg = newLeg(ctx, call, { role: 'customer', direction: 'outbound', state: 'originating' });
  ctx.command({
    type: 'leg.originate',
    legId: leg.id,
    callId: call.id,
    target: { kind: 'number', number: call.customerNumber },
    callerId: call.ourNumber,
    ringTimeoutMs: 60_000,
    display: null,
  });
}
