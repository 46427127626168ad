import type { Call, CallEndReason, CallKind, Leg, LegEndReason, LegRole } from '../model/call.js';
import type { CallState } from '../machines/call-machine.js';
import type { LegState } from '../machines/leg-machine.js';
import type { Playable } from '../model/prompts.js';
import type { Ctx } from './context.js';
import { moveCall, moveLeg } from './transitions.js';
import { afterCall } from './agents.js';
import { withdrawOffer } from './offers.js';
import { flowOf, removeEntry } from './line.js';
import { flowHandled } from '../routing/estimate.js';
import { dropConsultation } from './consult-actions.js';
import { stopRecording } from './recording.js';

export function newCall(
  ctx: Ctx,
  fields: {
    kind: CallKind;
    centerId: string;
    state: CallState;
    customerNumber: string;
    ourNumber: string;
    queueId: string | null;
    callbackId?: string | null;
  },
): Call {
  const call: Call = {
    id: ctx.id('call'),
    centerId: fields.centerId,
    kind: fields.kind,
    state: fields.state,
    customerNumber: fields.customerNumber,
    ourNumber: fields.ourNumber,
    queueId: fields.queueId,
    entryId: null,
    callbackId: fields.callbackId ?? null,
    customerLegId: null,
    agentLegId: null,
    agentId: null,
    createdAt: ctx.now,
    connectedAt: null,
    endedAt: null,
    endReason: null,
    dispositionId: null,
    menu: null,
    pendingPlayId: null,
    pendingCollectId: null,
    recordingId: null,
    callRecording: null,
    consultationId: null,
    partyLegId: null,
  };
  ctx.s.calls.set(call.id, call);
  ctx.emit({
    type: 'call.created',
    callId: call.id,
    kind: call.kind,
    centerId: call.centerId,
    customerNumber: call.customerNumber,
    ourNumber: call.ourNumber,
    queueId: call.queueId,
    callbackId: call.callbackId,
  });
  return call;
}

export function newLeg(
  ctx: Ctx,
  call: Call,
  fields: {
    id?: string;
    role: LegRole;
    direction: 'inbound' | 'outbound';
    state: LegState;
    agentId?: string | null;
  },
): Leg {
  const leg: Leg = {
    id: fields.id ?? ctx.id('leg'),
    callId: call.id,
    role: fields.role,
    direction: fields.direction,
    state: fields.state,
    agentId: fields.agentId ?? null,
    createdAt: ctx.now,
    answeredAt: null,
    endedAt: null,
    endReason: null,
    lastDigitSeq: 0,
  };
  ctx.s.legs.set(leg.id, leg);
  if (fields.role === 'customer') call.customerLegId = leg.id;
  ctx.emit({
    type: 'leg.state-changed',
    legId: leg.id,
    callId: call.id,
    role: leg.role,
    from: null,
    to: leg.state,
  });
  return leg;
}

/** Marks a leg ended (the far end is gone, or we hung it up) and forgets it. */
export function endLeg(ctx: Ctx, leg: Leg, reason: LegEndReason, hangUp: boolean): void {
  if (leg.state === 'ended') return;
  if (hangUp) ctx.command({ type: 'leg.hangup', legId: leg.id, reason });
  leg.endedAt = ctx.now;
  leg.endReason = reason;
  moveLeg(ctx, leg, 'ended');
  ctx.s.legs.delete(leg.id);
}

/**
 * The same telephony leg goes on in another call (a transfer hands the customer to a new
 * call record, seed 000): the leg is recorded afresh on `call` and forgotten on its old one.
 */
export function adoptLeg(ctx: Ctx, call: Call, leg: Leg): Leg {
  const moved: Leg = { ...leg, callId: call.id };
  ctx.s.legs.set(leg.id, moved);
  if (leg.role === 'customer') call.customerLegId = leg.id;
  ctx.emit({
    type: 'leg.state-changed',
    legId: leg.id,
    callId: call.id,
    role: leg.role,
    from: null,
    to: leg.state,
  });
  return moved;
}

export function legOf(ctx: Ctx, legId: string | null): Leg | undefined {
  return legId === null ? undefined : ctx.s.legs.get(legId);
}

/** Answers the customer's inbound leg if it is not answered yet. */
export function answerCustomer(ctx: Ctx, call: Call): void {
  const leg = legOf(ctx, call.customerLegId);
  if (!leg || leg.state === 'answered' || leg.state === 'held' || leg.direction !== 'inbound')
    return;
  ctx.command({ type: 'leg.answer', legId: leg.id, earlyMedia: false });
  moveLeg(ctx, leg, 'answered');
}

export function play(ctx: Ctx, call: Call, items: Playable[], then: 'music' | 'silence'): void {
  const legId = call.customerLegId;
  if (legId === null) return;
  const center = ctx.s.centers.get(call.centerId);
  const playId = ctx.id('play');
  call.pendingPlayId = playId;
  ctx.command({
    type: 'leg.play',
    legId,
    playId,
    items,
    language: center?.language ?? 'ja',
    centerId: call.centerId,
    then,
  });
}

export function collect(
  ctx: Ctx,
  call: Call,
  maxDigits: number,
  terminator: '#' | null,
  timeoutMs: number,
): void {
  const leg = legOf(ctx, call.customerLegId);
  if (!leg) return;
  const collectId = ctx.id('dtmf');
  call.pendingCollectId = collectId;
  ctx.command({
    type: 'leg.collect',
    legId: leg.id,
    collectId,
    maxDigits,
    terminator,
    timeoutMs,
    // Keys the caller typed ahead, pressed before this menu began listening, are not lost.
    afterDigit: leg.lastDigitSeq,
  });
}

/**
 * Ends a call with one reason: hangs up what is still up, takes it off its queue, withdraws
 * its offer, sends its agent to after-call work, and forgets it. Idempotent.
 */
export function endCall(
  ctx: Ctx,
  call: Call,
  reason: CallEndReason,
  legReason: LegEndReason = 'hangup',
): void {
  if (call.state === 'ended') return;
  // Before the hang-ups, so the telephony still has the leg to stop it on (AGT-04).
  stopRecording(ctx, call);
  if (call.consultationId !== null) dropConsultation(ctx, call);
  for (const legId of [call.customerLegId, call.agentLegId, call.partyLegId]) {
    const leg = legOf(ctx, legId);
    if (leg) endLeg(ctx, leg, legReason, true);
  }
  const entry = call.entryId === null ? undefined : ctx.s.entries.get(call.entryId);
  if (entry && entry.callId === call.id) {
    if (entry.offerId !== null) withdrawOffer(ctx, entry);
    entry.callId = null;
    if (entry.callbackId === null) removeEntry(ctx, entry, 'abandoned');
  }
  call.endedAt = ctx.now;
  call.endReason = reason;
  if (call.connectedAt !== null && call.queueId !== null)
    flowHandled(flowOf(ctx.s, call.queueId), ctx.now - call.connectedAt);
  moveCall(ctx, call, 'ended');
  ctx.emit({
    type: 'call.ended',
    callId: call.id,
    kind: call.kind,
    reason,
    agentId: call.agentId,
    queueId: call.queueId,
  });
  const agent = call.agentId === null ? undefined : ctx.s.agents.get(call.agentId);
  if (agent && agent.callId === call.id) afterCall(ctx, agent, call);
  ctx.s.calls.delete(call.id);
}

export function legFailureToEnd(reason: LegEndReason): CallEndReason {
  switch (reason) {
    case 'busy':
      return 'busy';
    case 'no-answer':
      return 'no-answer';
    case 'rejected':
      return 'rejected';
    case 'unreachable':
      return 'unreachable';
    case 'media-lost':
      return 'media-lost';
    default:
      return 'caller-hangup';
  }
}
