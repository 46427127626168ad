import type { Agent } from '../model/agent.js';
import type { Call } from '../model/call.js';
import type { Queue } from '../model/queue.js';
import type { QueueEntry } from '../model/entry.js';
import type { Offer } from '../model/offer.js';
import type { Ctx } from './context.js';
import { moveAgent, moveCall, moveCallback } from './transitions.js';
import { endLeg, newLeg } from './calls.js';
import { onTransferOfferMissed } from './consult-offers.js';

/**
 * Offers one entry to one agent (AGT-02): the agent's device is rung with what the call is
 * (QCB-12), the entry keeps its place while it rings, and a ring timer bounds the wait.
 */
export function makeOffer(
  ctx: Ctx,
  queue: Queue,
  entry: QueueEntry,
  call: Call,
  agent: Agent,
): Offer {
  const origin =
    call.kind === 'callback' ? 'callback' : call.kind === 'transfer' ? 'transfer' : 'inbound';
  const leg = newLeg(ctx, call, {
    role: 'agent',
    direction: 'outbound',
    state: 'originating',
    agentId: agent.id,
  });
  const offer: Offer = {
    id: ctx.id('offer'),
    entryId: entry.id,
    agentId: agent.id,
    callId: call.id,
    agentLegId: leg.id,
    origin,
    createdAt: ctx.now,
    expiresAt: ctx.now + queue.ringTimeoutSec * 1000,
  };
  ctx.s.offers.set(offer.id, offer);
  entry.offerId = offer.id;
  agent.offerId = offer.id;
  call.agentLegId = leg.id;
  if (call.state === 'arriving') moveCall(ctx, call, 'routing');
  moveAgent(ctx, agent, 'ringing', null);
  ctx.command({
    type: 'leg.originate',
    legId: leg.id,
    callId: call.id,
    target: { kind: 'agent', agentId: agent.id },
    callerId: call.customerNumber,
    ringTimeoutMs: queue.ringTimeoutSec * 1000,
    display: { origin, customerNumber: call.customerNumber, queueName: queue.name },
  });
  ctx.command({
    type: 'timer.set',
    timer: { kind: 'offer-timeout', offerId: offer.id },
    at: offer.expiresAt,
  });
  ctx.emit({
    type: 'offer.created',
    offerId: offer.id,
    entryId: entry.id,
    agentId: agent.id,
    callId: call.id,
    origin,
    customerNumber: call.customerNumber,
    expiresAt: offer.expiresAt,
  });
  return offer;
}

/** Clears the offer's bookkeeping on the entry, the agent and the call. */
export function closeOffer(
  ctx: Ctx,
  offer: Offer,
): { entry?: QueueEntry; agent?: Agent; call?: Call } {
  ctx.s.offers.delete(offer.id);
  ctx.command({ type: 'timer.cancel', timer: { kind: 'offer-timeout', offerId: offer.id } });
  const entry = offer.entryId === null ? undefined : ctx.s.entries.get(offer.entryId);
  if (entry && entry.offerId === offer.id) entry.offerId = null;
  const agent = ctx.s.agents.get(offer.agentId);
  if (agent && agent.offerId === offer.id) agent.offerId = null;
  const call = ctx.s.calls.get(offer.callId);
  if (call && call.agentLegId === offer.agentLegId) call.agentLegId = null;
  return { entry, agent, call };
}

/**
 * The agent did not take the offer (AGT-03): rejected, rang out, or the device failed. The
 * entry keeps its place and is offered again; the agent goes off duty and is asked
 * "stay off duty / start working", or under the keep-ready policy stays ready and is tried last.
 */
export function missOffer(ctx: Ctx, offer: Offer, reason: 'rejected' | 'timeout' | 'failed'): void {
  // An agent's transfer or consultation request, not queue work: it follows its own rules.
  if (offer.entryId === null) return onTransferOfferMissed(ctx, offer, reason);
  const leg = ctx.s.legs.get(offer.agentLegId);
  if (leg) endLeg(ctx, leg, reason === 'timeout' ? 'no-answer' : 'rejected', true);
  const { entry, agent, call } = closeOffer(ctx, offer);
  ctx.emit({
    type: 'offer.missed',
    offerId: offer.id,
    agentId: offer.agentId,
    callId: offer.callId,
    reason,
  });
  const queue = entry ? ctx.s.queues.get(entry.queueId) : undefined;
  if (agent && agent.presence === 'ringing') {
    if (queue?.ringTimeoutPolicy === 'keep-ready') {
      moveAgent(ctx, agent, 'available', null);
    } else {
      moveAgent(ctx, agent, 'off-duty', reason === 'rejected' ? 'rejected-offer' : 'missed-offer');
      ctx.emit({ type: 'agent.off-duty-prompt', agentId: agent.id, offerId: offer.id });
    }
  }
  if (entry) {
    if (!entry.declinedBy.includes(offer.agentId)) entry.declinedBy.push(offer.agentId);
    const cb = entry.callbackId === null ? undefined : ctx.s.callbacks.get(entry.callbackId);
    if (cb && cb.state === 'offering-agent') moveCallback(ctx, cb, 'pending');
    if (call && call.state === 'routing' && call.kind === 'inbound') ctx.unrouted.push(entry);
  }
  ctx.needsDispatch = true;
}

/** The customer left while the agent's phone rang: no fault of the agent's. */
export function withdrawOffer(ctx: Ctx, entry: QueueEntry): void {
  const offer = entry.offerId === null ? undefined : ctx.s.offers.get(entry.offerId);
  if (!offer) return;
  const leg = ctx.s.legs.get(offer.agentLegId);
  if (leg) endLeg(ctx, leg, 'cancelled', true);
  const { agent } = closeOffer(ctx, offer);
  if (agent && agent.presence === 'ringing') moveAgent(ctx, agent, 'available', null);
  ctx.emit({
    type: 'offer.withdrawn',
    offerId: offer.id,
    agentId: offer.agentId,
    callId: offer.callId,
  });
}

/** The agent's device answered: the offer becomes the agent's call. */
export function acceptOffer(
  ctx: Ctx,
  offer: Offer,
): { entry?: QueueEntry; agent?: Agent; call?: Call } {
  const parts = closeOffer(ctx, offer);
  const { agent, call } = parts;
  if (call) {
    call.agentLegId = offer.agentLegId;
    call.agentId = offer.agentId;
  }
  if (agent) agent.callId = offer.callId;
  ctx.emit({
    type: 'offer.accepted',
    offerId: offer.id,
    agentId: offer.agentId,
    callId: offer.callId,
  });
  return parts;
}
