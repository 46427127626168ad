import type { Agent } from '../model/agent.js';
import type { Call, Leg } from '../model/call.js';
import type {
  Consultation,
  ConsultMode,
  ConsultRefusal,
  ConsultTarget,
} from '../model/consultation.js';
import type { TelephonyEvent } from '../io/inputs.js';
import { DomainError } from '../errors.js';
import { checkDomesticNumber, defaultPolicy } from '../policy/number-policy.js';
import type { Ctx } from './context.js';
import { agentOrFail } from './agents.js';
import { endLeg, legOf, newLeg } from './calls.js';
import { moveAgent, moveCall, moveLeg } from './transitions.js';
import { connectConsultation, onTransferRefused } from './transfer.js';
import { onTargetLeft } from './consult-actions.js';
import { offerToTarget, releaseTargetOffer, takeOffer } from './consult-offers.js';

/** How long a transfer or consultation target rings when the call has no queue to say. */
const DEFAULT_RING_SEC = 30;

export interface ConnectedCall {
  readonly agent: Agent;
  readonly call: Call;
  readonly customer: Leg;
  readonly agentLeg: Leg;
}

/** The agent's own call with the customer on the line: talking, or on hold. */
export function connectedCallOf(ctx: Ctx, agentId: string, callId: string): ConnectedCall {
  const agent = agentOrFail(ctx, agentId);
  const call = ctx.s.calls.get(callId);
  if (!call) throw new DomainError('CC_ERR_CALL_NOT_FOUND', { callId });
  if (agent.callId !== callId || call.agentId !== agentId) {
    throw new DomainError('CC_ERR_AGENT_NOT_ON_CALL', { agentId, callId });
  }
  const customer = legOf(ctx, call.customerLegId);
  const agentLeg = legOf(ctx, call.agentLegId);
  const up = (leg: Leg | undefined): leg is Leg =>
    leg !== undefined && (leg.state === 'answered' || leg.state === 'held');
  if ((call.state !== 'talking' && call.state !== 'held') || !up(customer) || !up(agentLeg)) {
    throw new DomainError('CC_ERR_CALL_NOT_CONNECTED', { callId, state: call.state });
  }
  return { agent, call, customer, agentLeg };
}

export function consultationOf(ctx: Ctx, call: Call): Consultation | undefined {
  return call.consultationId === null ? undefined : ctx.s.consultations.get(call.consultationId);
}

/** The target must exist in the agent's center and, for a colleague, be ready now. */
function checkTarget(ctx: Ctx, agent: Agent, call: Call, target: ConsultTarget): ConsultTarget {
  if (target.kind === 'agent') {
    const other = ctx.s.agents.get(target.agentId);
    if (!other) throw new DomainError('CC_ERR_AGENT_NOT_FOUND', { agentId: target.agentId });
    if (other.id === agent.id || other.centerId !== agent.centerId) {
      throw new DomainError('CC_ERR_TRANSFER_TARGET_INVALID', { agentId: other.id });
    }
    const ready =
      other.presence === 'available' &&
      other.callId === null &&
      other.offerId === null &&
      other.reservedFor === null;
    if (!ready) {
      throw new DomainError('CC_ERR_TRANSFER_TARGET_NOT_READY', {
        agentId: other.id,
        presence: other.presence,
      });
    }
    return { kind: 'agent', agentId: other.id };
  }
  const center = ctx.s.centers.get(call.centerId);
  if (!center) throw new DomainError('CC_ERR_CENTER_NOT_FOUND', { centerId: call.centerId });
  // The same domestic-only rule as the agent's own dialling (AGT-05, BEY-08 toll fraud).
  return {
    kind: 'number',
    number: checkDomesticNumber(target.number, defaultPolicy(center.country)),
  };
}

/** The customer hears music; the agent's bridge to them is cut (CTI-08). */
export function holdCustomer(ctx: Ctx, call: Call, customer: Leg): void {
  if (customer.state === 'answered') {
    ctx.command({ type: 'leg.hold', legId: customer.id });
    moveLeg(ctx, customer, 'held');
  }
  if (call.state === 'talking') moveCall(ctx, call, 'held');
}

/**
 * The customer and the agent talk again after a hold or a consultation. Bridge before resume:
 * an adapter resumes a held leg into whatever it is bridged to, which must be the agent now.
 */
export function resumeCustomer(ctx: Ctx, call: Call, customer: Leg, agentLeg: Leg): void {
  ctx.command({ type: 'leg.bridge', legA: customer.id, legB: agentLeg.id });
  if (customer.state === 'held') {
    ctx.command({ type: 'leg.resume', legId: customer.id });
    moveLeg(ctx, customer, 'answered');
  }
  if (call.state === 'held') moveCall(ctx, call, 'talking');
}

/**
 * Rings a colleague or a number about the agent's call while the customer hears music
 * (CTI-06: the agent shows "on call (transfer)"). A cold transfer ('transfer') hands the
 * customer over as soon as the target answers; a consultation ('consult') bridges the agent
 * to the target first. Every check runs before anything changes (BEY-08).
 */
export function startConsultation(
  ctx: Ctx,
  agentId: string,
  callId: string,
  target: ConsultTarget,
  mode: ConsultMode,
  phoneLegId: string | null = null,
): Consultation {
  const { agent, call, customer } = connectedCallOf(ctx, agentId, callId);
  if (call.consultationId !== null) throw new DomainError('CC_ERR_CONSULT_IN_PROGRESS', { callId });
  const checked = checkTarget(ctx, agent, call, target);
  const queue = call.queueId === null ? undefined : ctx.s.queues.get(call.queueId);
  const ringTimeoutMs = (queue?.ringTimeoutSec ?? DEFAULT_RING_SEC) * 1000;

  holdCustomer(ctx, call, customer);
  moveAgent(ctx, agent, 'consulting', mode);
  const leg = newLeg(ctx, call, {
    role: checked.kind === 'agent' ? 'agent' : 'party',
    direction: 'outbound',
    state: 'originating',
    agentId: checked.kind === 'agent' ? checked.agentId : null,
  });
  const consult: Consultation = {
    id: ctx.id('consult'),
    callId,
    agentId,
    target: checked,
    mode,
    state: 'ringing',
    legId: leg.id,
    phoneLegId,
    offerId: null,
    conferenceId: null,
    agentLeft: false,
    createdAt: ctx.now,
  };
  ctx.s.consultations.set(consult.id, consult);
  call.consultationId = consult.id;
  if (checked.kind === 'agent') offerToTarget(ctx, consult, call, checked.agentId, ringTimeoutMs);
  ctx.command({
    type: 'leg.originate',
    legId: leg.id,
    callId,
    target: checked,
    // A colleague sees the customer (as with any offer); an outside party sees our number.
    callerId: checked.kind === 'agent' ? call.customerNumber : (queue?.callerId ?? call.ourNumber),
    ringTimeoutMs,
    display:
      checked.kind === 'agent'
        ? {
            origin: 'transfer',
            customerNumber: call.customerNumber,
            queueName: queue?.name ?? null,
          }
        : null,
  });
  ctx.emit({
    type: mode === 'transfer' ? 'call.transfer-started' : 'call.consult-started',
    callId,
    agentId,
    consultationId: consult.id,
    target: checked,
  });
  return consult;
}

/**
 * The consultation is over for this call (handed over, refused or ended). A desk phone's
 * consultation call has nothing left to carry and is hung up, busy or unanswered when the
 * target never answered, so the phone shows why.
 */
export function finishConsultation(
  ctx: Ctx,
  call: Call,
  consult: Consultation,
  refusal: ConsultRefusal | null = null,
): void {
  ctx.s.consultations.delete(consult.id);
  if (call.consultationId === consult.id) call.consultationId = null;
  const phoneLeg = legOf(ctx, consult.phoneLegId);
  consult.phoneLegId = null;
  if (phoneLeg) {
    const reason = refusal === 'busy' || refusal === 'no-answer' ? refusal : 'rejected';
    endLeg(ctx, phoneLeg, refusal === null ? 'hangup' : reason, true);
  }
}

/**
 * The target did not take it. A consultation tells the agent and keeps the customer on hold
 * (CTI-06, OUT-01); a cold transfer follows its fallback (AGT-07, see transfer.ts).
 */
export function refuseConsultation(
  ctx: Ctx,
  call: Call,
  consult: Consultation,
  reason: ConsultRefusal,
): void {
  releaseTargetOffer(ctx, call, consult, reason);
  finishConsultation(ctx, call, consult, reason);
  if (consult.mode === 'transfer') return onTransferRefused(ctx, call, consult, reason);
  const agent = ctx.s.agents.get(consult.agentId);
  if (agent && agent.callId === call.id && agent.presence === 'consulting')
    moveAgent(ctx, agent, 'on-hold', null);
  ctx.emit({
    type: 'call.consult-refused',
    callId: call.id,
    agentId: consult.agentId,
    consultationId: consult.id,
    target: consult.target,
    reason,
  });
}

function refusalOf(ev: TelephonyEvent): ConsultRefusal {
  if (ev.type !== 'leg.failed') return 'failed';
  return ev.reason;
}

/** Telephony events of the target's leg, while the consultation lasts. */
export function onConsultLeg(
  ctx: Ctx,
  call: Call,
  consult: Consultation,
  leg: Leg,
  ev: TelephonyEvent,
): void {
  switch (ev.type) {
    case 'leg.ringing':
      if (leg.state === 'originating') moveLeg(ctx, leg, 'ringing');
      return;
    case 'leg.answered': {
      if (consult.state !== 'ringing' || leg.state === 'answered' || leg.state === 'held') return;
      moveLeg(ctx, leg, 'answered');
      takeOffer(ctx, call, consult);
      if (consult.mode === 'transfer') {
        connectConsultation(ctx, call, 'cold');
        return;
      }
      consult.state = 'talking';
      const phoneLeg = legOf(ctx, consult.phoneLegId);
      if (phoneLeg && phoneLeg.state !== 'answered') {
        ctx.command({ type: 'leg.answer', legId: phoneLeg.id, earlyMedia: false });
        moveLeg(ctx, phoneLeg, 'answered');
      }
      const agentLeg = phoneLeg ?? legOf(ctx, call.agentLegId);
      if (agentLeg) ctx.command({ type: 'leg.bridge', legA: agentLeg.id, legB: leg.id });
      ctx.emit({
        type: 'call.consult-answered',
        callId: call.id,
        agentId: consult.agentId,
        consultationId: consult.id,
        target: consult.target,
      });
      return;
    }
    case 'leg.failed':
    case 'leg.ended': {
      const ringing = consult.state === 'ringing';
      endLeg(ctx, leg, ev.reason, false);
      if (ringing) refuseConsultation(ctx, call, consult, refusalOf(ev));
      else onTargetLeft(ctx, call, consult);
      return;
    }
    default:
      return;
  }
}
