import type { Call } from '../model/call.js';
import type { Consultation, ConsultRefusal } from '../model/consultation.js';
import type { Offer } from '../model/offer.js';
import type { Ctx } from './context.js';
import { endLeg } from './calls.js';
import { closeOffer } from './offers.js';
import { moveAgent } from './transitions.js';
import { consultationOf, refuseConsultation } from './consultation.js';

/**
 * AGT-07: the colleague an agent transfers to or consults gets an offer like any other, marked
 * 'transfer', with no queue entry behind it, and may refuse it.
 */
export function offerToTarget(
  ctx: Ctx,
  consult: Consultation,
  call: Call,
  targetId: string,
  ringTimeoutMs: number,
): void {
  const target = ctx.s.agents.get(targetId)!;
  const offer: Offer = {
    id: ctx.id('offer'),
    entryId: null,
    agentId: targetId,
    callId: call.id,
    agentLegId: consult.legId,
    origin: 'transfer',
    createdAt: ctx.now,
    expiresAt: ctx.now + ringTimeoutMs,
  };
  ctx.s.offers.set(offer.id, offer);
  target.offerId = offer.id;
  consult.offerId = offer.id;
  moveAgent(ctx, target, 'ringing', null);
  ctx.command({
    type: 'timer.set',
    timer: { kind: 'offer-timeout', offerId: offer.id },
    at: offer.expiresAt,
  });
  ctx.emit({
    type: 'offer.created',
    offerId: offer.id,
    entryId: null,
    agentId: targetId,
    callId: call.id,
    origin: 'transfer',
    customerNumber: call.customerNumber,
    expiresAt: offer.expiresAt,
  });
}

/** The target agent answered: they are on this call (as the consulted party) from now. */
export function takeOffer(ctx: Ctx, call: Call, consult: Consultation): void {
  const offer = consult.offerId === null ? undefined : ctx.s.offers.get(consult.offerId);
  consult.offerId = null;
  if (!offer) return;
  closeOffer(ctx, offer);
  ctx.emit({ type: 'offer.accepted', offerId: offer.id, agentId: offer.agentId, callId: call.id });
  const target = ctx.s.agents.get(offer.agentId);
  if (!target) return;
  target.callId = call.id;
  if (target.presence === 'ringing') moveAgent(ctx, target, 'on-call', null);
}

/**
 * The target agent's offer ended unanswered. An explicit refusal costs them nothing (AGT-07:
 * the target may refuse); a ring-out or a dead device is a missed offer (AGT-03), under the
 * call's queue policy (off duty and asked, or kept ready).
 */
export function releaseTargetOffer(
  ctx: Ctx,
  call: Call,
  consult: Consultation,
  refusal: ConsultRefusal,
): void {
  const offer = consult.offerId === null ? undefined : ctx.s.offers.get(consult.offerId);
  consult.offerId = null;
  if (!offer) return;
  closeOffer(ctx, offer);
  const reason =
    refusal === 'rejected' ? 'rejected' : refusal === 'no-answer' ? 'timeout' : 'failed';
  ctx.emit({
    type: 'offer.missed',
    offerId: offer.id,
    agentId: offer.agentId,
    callId: call.id,
    reason,
  });
  const target = ctx.s.agents.get(offer.agentId);
  if (!target || target.presence !== 'ringing') return;
  const queue = call.queueId === null ? undefined : ctx.s.queues.get(call.queueId);
  if (reason === 'rejected' || queue?.ringTimeoutPolicy === 'keep-ready') {
    moveAgent(ctx, target, 'available', null);
    return;
  }
  moveAgent(ctx, target, 'off-duty', 'missed-offer');
  ctx.emit({ type: 'agent.off-duty-prompt', agentId: target.id, offerId: offer.id });
}

/** The target agent rejected the offer on the desktop, or it rang out (offer timer). */
export function onTransferOfferMissed(
  ctx: Ctx,
  offer: Offer,
  reason: 'rejected' | 'timeout' | 'failed',
): void {
  const call = ctx.s.calls.get(offer.callId);
  const consult = call ? consultationOf(ctx, call) : undefined;
  const leg = ctx.s.legs.get(offer.agentLegId);
  if (leg) endLeg(ctx, leg, reason === 'timeout' ? 'no-answer' : 'rejected', true);
  if (!call || !consult || consult.offerId !== offer.id) {
    closeOffer(ctx, offer);
    return;
  }
  refuseConsultation(
    ctx,
    call,
    consult,
    reason === 'timeout' ? 'no-answer' : reason === 'rejected' ? 'rejected' : 'failed',
  );
}
