import type { Call } from '../model/call.js';
import type { Consultation, ConsultEndReason } from '../model/consultation.js';
import { DomainError } from '../errors.js';
import type { Ctx } from './context.js';
import { afterCall } from './agents.js';
import { endLeg, legOf } from './calls.js';
import { closeOffer } from './offers.js';
import { moveAgent, moveCall, moveLeg } from './transitions.js';
import {
  connectedCallOf,
  consultationOf,
  finishConsultation,
  holdCustomer,
  resumeCustomer,
  type ConnectedCall,
} from './consultation.js';
import { connectConsultation } from './transfer.js';

/** The agent's call and the consultation on it; refuses when there is none. */
function ownConsultation(
  ctx: Ctx,
  agentId: string,
  callId: string,
): ConnectedCall & { consult: Consultation } {
  const own = connectedCallOf(ctx, agentId, callId);
  const consult = consultationOf(ctx, own.call);
  if (!consult) throw new DomainError('CC_ERR_NO_CONSULTATION', { callId });
  return { ...own, consult };
}

/** CTI-06 "connect customer" (warm transfer's second step); also from a conference. */
export function onConsultConnect(ctx: Ctx, agentId: string, callId: string): void {
  const { call, consult } = ownConsultation(ctx, agentId, callId);
  if (consult.state === 'ringing') throw new DomainError('CC_ERR_CONSULT_NOT_ANSWERED', { callId });
  connectConsultation(ctx, call, consult.state === 'conference' ? 'conference' : 'warm');
}

/**
 * CTI-06 "cancel" (the customer stays on hold, the agent shows on hold) and "release" (the
 * agent talks to the customer again). Either drops the target, ringing or answered, and
 * also stops a cold transfer that has not been answered yet.
 */
export function onConsultEnd(
  ctx: Ctx,
  agentId: string,
  callId: string,
  how: 'cancelled' | 'released',
): void {
  const { agent, call, customer, agentLeg, consult } = ownConsultation(ctx, agentId, callId);
  dropTarget(ctx, call, consult);
  if (how === 'cancelled') {
    holdCustomer(ctx, call, customer);
    if (agent.presence !== 'on-hold') moveAgent(ctx, agent, 'on-hold', null);
  } else {
    resumeCustomer(ctx, call, customer, agentLeg);
    if (agent.presence !== 'on-call') moveAgent(ctx, agent, 'on-call', null);
  }
  ctx.emit({
    type: 'call.consult-ended',
    callId,
    agentId,
    consultationId: consult.id,
    reason: how,
  });
}

/** OUT-01 instant conference: the customer, the agent and the consulted party all talk. */
export function onConference(ctx: Ctx, agentId: string, callId: string): void {
  const { agent, call, customer, agentLeg, consult } = ownConsultation(ctx, agentId, callId);
  const target = legOf(ctx, consult.legId);
  if (consult.state === 'ringing' || !target)
    throw new DomainError('CC_ERR_CONSULT_NOT_ANSWERED', { callId });
  if (consult.state === 'conference') {
    throw new DomainError('CC_ERR_ILLEGAL_TRANSITION', {
      machine: 'consultation',
      from: 'conference',
      to: 'conference',
    });
  }
  if (customer.state === 'held') {
    ctx.command({ type: 'leg.resume', legId: customer.id });
    moveLeg(ctx, customer, 'answered');
  }
  if (call.state === 'held') moveCall(ctx, call, 'talking');
  const conferenceId = ctx.id('conf');
  consult.conferenceId = conferenceId;
  consult.state = 'conference';
  ctx.command({
    type: 'leg.conference',
    conferenceId,
    legIds: [customer.id, agentLeg.id, target.id],
  });
  if (agent.presence !== 'on-call') moveAgent(ctx, agent, 'on-call', null);
  ctx.emit({
    type: 'call.conference-started',
    callId,
    agentId,
    consultationId: consult.id,
    conferenceId,
  });
}

/**
 * The agent leaves while a consultation is on (their hang-up button or their phone): the
 * customer is handed to the party being consulted, as a desk phone's "transfer on hang-up".
 * Still ringing, it becomes a cold transfer without the agent (a refusal then falls back to
 * the queue); answered or in conference, the customer and the target are connected now.
 * `legGone`: the agent's phone already hung up.
 */
export function agentLeaves(ctx: Ctx, call: Call, consult: Consultation, legGone: boolean): void {
  if (consult.state !== 'ringing') {
    connectConsultation(ctx, call, consult.state === 'conference' ? 'conference' : 'warm');
    return;
  }
  consult.agentLeft = true;
  consult.mode = 'transfer';
  const leg = legOf(ctx, call.agentLegId);
  if (leg) endLeg(ctx, leg, 'hangup', !legGone);
  const agent = ctx.s.agents.get(consult.agentId);
  if (agent && agent.callId === call.id) afterCall(ctx, agent, call);
}

/**
 * The consulted party hung up (or the target agent pressed hang-up). From a consultation the
 * customer stays on hold and the agent shows on hold (as after "cancel"); from a conference
 * the customer and the agent go on talking.
 */
export function onTargetLeft(ctx: Ctx, call: Call, consult: Consultation): void {
  const conference = consult.state === 'conference';
  dropTarget(ctx, call, consult);
  const agent = ctx.s.agents.get(consult.agentId);
  const customer = legOf(ctx, call.customerLegId);
  const agentLeg = legOf(ctx, call.agentLegId);
  if (conference && customer && agentLeg) {
    ctx.command({ type: 'leg.bridge', legA: customer.id, legB: agentLeg.id });
  } else if (agent && agent.callId === call.id && agent.presence === 'consulting') {
    moveAgent(ctx, agent, 'on-hold', null);
  }
  ctx.emit({
    type: 'call.consult-ended',
    callId: call.id,
    agentId: consult.agentId,
    consultationId: consult.id,
    reason: 'target-hangup',
  });
}

/** The target agent ends the consultation from their desktop. */
export function onTargetHangup(ctx: Ctx, call: Call, consult: Consultation): void {
  if (consult.state === 'ringing') {
    throw new DomainError('CC_ERR_AGENT_NOT_ON_CALL', { callId: call.id });
  }
  onTargetLeft(ctx, call, consult);
}

/** Whether `agentId` is the answered target agent of the call's consultation. */
export function consultedAgentCall(ctx: Ctx, agentId: string, call: Call): Consultation | null {
  const consult = consultationOf(ctx, call);
  if (!consult || consult.target.kind !== 'agent' || consult.target.agentId !== agentId)
    return null;
  return consult;
}

/**
 * The customer's call ends with a consultation still on (the customer hung up, or "end for
 * everyone"): the consultation exists only for that customer, so the target is hung up too.
 */
export function dropConsultation(ctx: Ctx, call: Call): void {
  const consult = consultationOf(ctx, call);
  if (!consult) return;
  dropTarget(ctx, call, consult);
  ctx.emit({
    type: 'call.consult-ended',
    callId: call.id,
    agentId: consult.agentId,
    consultationId: consult.id,
    reason: 'call-ended' satisfies ConsultEndReason,
  });
}

/**
 * Takes the target off the call: a ringing offer is withdrawn (no fault of the target's),
 * an answered target agent is free again, a conference mix is dissolved.
 */
function dropTarget(ctx: Ctx, call: Call, consult: Consultation): void {
  if (consult.conferenceId !== null)
    ctx.command({ type: 'leg.conference', conferenceId: consult.conferenceId, legIds: [] });
  const leg = legOf(ctx, consult.legId);
  if (leg) endLeg(ctx, leg, consult.state === 'ringing' ? 'cancelled' : 'hangup', true);
  const offer = consult.offerId === null ? undefined : ctx.s.offers.get(consult.offerId);
  consult.offerId = null;
  if (offer) {
    closeOffer(ctx, offer);
    ctx.emit({
      type: 'offer.withdrawn',
      offerId: offer.id,
      agentId: offer.agentId,
      callId: call.id,
    });
  }
  const target = consult.target.kind === 'agent' ? ctx.s.agents.get(consult.target.agentId) : null;
  if (target && ((offer && target.presence === 'ringing') || target.callId === call.id)) {
    target.callId = null;
    moveAgent(ctx, target, 'available', null);
  }
  finishConsultation(ctx, call, consult);
}
