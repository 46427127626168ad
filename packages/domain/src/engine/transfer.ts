import type { Call } from '../model/call.js';
import type { Queue } from '../model/queue.js';
import type {
  Consultation,
  ConsultRefusal,
  TransferHow,
  TransferTarget,
} from '../model/consultation.js';
import { DomainError } from '../errors.js';
import type { Ctx } from './context.js';
import { adoptLeg, endCall, legOf, newCall } from './calls.js';
import { moveAgent, moveCall, moveLeg } from './transitions.js';
import { joinQueue } from './hold-queue.js';
import { startRecordingIfDue } from './recording.js';
import {
  connectedCallOf,
  consultationOf,
  finishConsultation,
  resumeCustomer,
  startConsultation,
} from './consultation.js';

/**
 * AGT-07 / OUT-01 "instant transfer". To a queue the customer is handed over at once; to an
 * agent or a number the target is rung first (a cold consultation) and the customer is handed
 * over when it answers, so a refusal can fall back instead of losing the customer.
 */
export function onTransfer(
  ctx: Ctx,
  agentId: string,
  callId: string,
  target: TransferTarget,
): void {
  if (target.kind !== 'queue') {
    startConsultation(ctx, agentId, callId, target, 'transfer');
    return;
  }
  const { agent, call } = connectedCallOf(ctx, agentId, callId);
  if (call.consultationId !== null) throw new DomainError('CC_ERR_CONSULT_IN_PROGRESS', { callId });
  const queue = ctx.s.queues.get(target.queueId);
  if (!queue) throw new DomainError('CC_ERR_QUEUE_NOT_FOUND', { queueId: target.queueId });
  if (queue.centerId !== agent.centerId)
    throw new DomainError('CC_ERR_TRANSFER_TARGET_INVALID', { queueId: queue.id });
  handOverToQueue(ctx, call, queue, 'cold', ctx.now);
}

/** The customer's next call record: same customer and numbers, kind 'transfer' (seed 000). */
function continuation(
  ctx: Ctx,
  call: Call,
  state: 'dialing' | 'routing',
  queueId: string | null,
): Call {
  return newCall(ctx, {
    kind: 'transfer',
    centerId: call.centerId,
    state,
    customerNumber: call.customerNumber,
    ourNumber: call.ourNumber,
    queueId,
  });
}

/**
 * Hands the customer to the consulted party: warm transfer's "connect customer" (CTI-06), a
 * cold transfer answered, or the agent leaving a consultation or conference. The agent's call
 * ends 'transferred' (they go to wrap-up) and the customer goes on in a new 'transfer' call
 * with the target, who owns it from now. Also the entry point for a desk phone's attended
 * transfer (REFER with Replaces). Returns the new call, or null if nothing could be handed over.
 */
export function connectConsultation(ctx: Ctx, call: Call, how: TransferHow = 'warm'): Call | null {
  const consult = consultationOf(ctx, call);
  const customer = legOf(ctx, call.customerLegId);
  const target = consult ? legOf(ctx, consult.legId) : undefined;
  if (!consult || !customer || !target || target.state !== 'answered') return null;
  if (consult.conferenceId !== null)
    ctx.command({ type: 'leg.conference', conferenceId: consult.conferenceId, legIds: [] });
  finishConsultation(ctx, call, consult);
  // Bridge first: a held leg resumes into whatever it is bridged to (see resumeCustomer).
  ctx.command({ type: 'leg.bridge', legA: customer.id, legB: target.id });
  if (customer.state === 'held') {
    ctx.command({ type: 'leg.resume', legId: customer.id });
    moveLeg(ctx, customer, 'answered');
  }

  const next = continuation(ctx, call, 'dialing', call.queueId);
  call.customerLegId = null;
  adoptLeg(ctx, next, customer);
  adoptLeg(ctx, next, target);
  const toAgent =
    consult.target.kind === 'agent' ? ctx.s.agents.get(consult.target.agentId) : undefined;
  if (toAgent) {
    next.agentLegId = target.id;
    next.agentId = toAgent.id;
    toAgent.callId = next.id;
    if (toAgent.presence !== 'on-call') moveAgent(ctx, toAgent, 'on-call', null);
  } else {
    next.partyLegId = target.id;
  }
  moveCall(ctx, next, 'talking');
  next.connectedAt = ctx.now;
  if (toAgent) {
    ctx.emit({
      type: 'call.connected',
      callId: next.id,
      agentId: toAgent.id,
      queueId: next.queueId,
      waitMs: 0,
    });
  }
  ctx.emit({
    type: 'call.transferred',
    callId: call.id,
    agentId: consult.agentId,
    newCallId: next.id,
    target: consult.target,
    toAgentId: toAgent?.id ?? null,
    how,
  });
  endCall(ctx, call, 'transferred');
  // After the first call's recording stopped: the new call record gets its own (AGT-04).
  startRecordingIfDue(ctx, next);
  return next;
}

/**
 * The customer joins a queue as a new call and entry: music, announcements, the queue's own
 * rules (HQ-01..06). `firstJoinedAt` is now for a transfer to a queue, or the customer's first
 * arrival when a refused transfer falls back, so they are not put behind later callers.
 */
function handOverToQueue(
  ctx: Ctx,
  call: Call,
  queue: Queue,
  how: TransferHow,
  firstJoinedAt: number,
): void {
  const customer = legOf(ctx, call.customerLegId);
  if (!customer) return endCall(ctx, call, 'transfer-failed');
  const agentLeg = legOf(ctx, call.agentLegId);
  if (agentLeg) ctx.command({ type: 'leg.unbridge', legA: customer.id, legB: agentLeg.id });
  if (customer.state === 'held') {
    ctx.command({ type: 'leg.resume', legId: customer.id });
    moveLeg(ctx, customer, 'answered');
  }
  const next = continuation(ctx, call, 'routing', null);
  call.customerLegId = null;
  adoptLeg(ctx, next, customer);
  ctx.emit({
    type: 'call.transferred',
    callId: call.id,
    agentId: call.agentId,
    newCallId: next.id,
    target: { kind: 'queue', queueId: queue.id },
    toAgentId: null,
    how,
  });
  endCall(ctx, call, 'transferred');
  joinQueue(ctx, next, queue, 0, firstJoinedAt);
}

/**
 * AGT-07 "a rejected transfer follows the fallback". The customer goes back to the agent who
 * transferred them while that agent is still on the call; if the agent has left, the customer
 * joins the call's queue again at the place of their first arrival (in practice the head);
 * a call that came through no queue (the agent's own dial) has nowhere left and ends.
 */
export function onTransferRefused(
  ctx: Ctx,
  call: Call,
  consult: Consultation,
  reason: ConsultRefusal,
): void {
  const agent = ctx.s.agents.get(consult.agentId);
  const customer = legOf(ctx, call.customerLegId);
  const agentLeg = legOf(ctx, call.agentLegId);
  const queue = call.queueId === null ? undefined : ctx.s.queues.get(call.queueId);
  const stillThere = !consult.agentLeft && agent?.callId === call.id && agentLeg !== undefined;
  const fallback = stillThere ? 'agent' : queue ? 'queue' : 'ended';
  ctx.emit({
    type: 'call.transfer-failed',
    callId: call.id,
    agentId: consult.agentId,
    consultationId: consult.id,
    target: consult.target,
    reason,
    fallback,
  });
  if (stillThere && customer && agent) {
    resumeCustomer(ctx, call, customer, agentLeg);
    if (agent.presence !== 'on-call') moveAgent(ctx, agent, 'on-call', null);
    return;
  }
  if (queue) return handOverToQueue(ctx, call, queue, 'fallback', call.createdAt);
  endCall(ctx, call, 'transfer-failed');
}
