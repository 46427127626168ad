import type { Call, Leg } from '../model/call.js';
import type { TelephonyEvent } from '../io/inputs.js';
import type { Ctx } from './context.js';
import { moveAgent, moveCall, moveLeg } from './transitions.js';
import {
  answerCustomer,
  endCall,
  endLeg,
  legFailureToEnd,
  legOf,
  newCall,
  newLeg,
} from './calls.js';
import { removeEntry } from './line.js';
import { acceptOffer, missOffer } from './offers.js';
import { joinQueue } from './hold-queue.js';
import { onDigitsCollected, onQueueDigit } from './menus.js';
import { onVoicemailDigit, onVoicemailPromptDone, onVoicemailRecorded } from './voicemail.js';
import {
  completeCallback,
  onCallbackAgentAnswered,
  onCallbackCustomerAnswered,
  onCallbackAgentGone,
  onCallbackCustomerGone,
  onCallbackDialFailed,
} from './callbacks.js';
import { onDialAgentAnswered, onHold, onResume } from './call-control.js';
import { consultationOf, onConsultLeg } from './consultation.js';
import { agentLeaves } from './consult-actions.js';
import { onAttendedTransfer, onConsultPhoneLeg, onDeskPhoneCall } from './desk-phone.js';
import { onRecordingDone, startRecordingIfDue } from './recording.js';

function ignore(ctx: Ctx, ev: TelephonyEvent, reason: string): void {
  ctx.emit({ type: 'engine.input-ignored', inputType: ev.type, reason });
}

/** Telephony events enter here and go to the leg's call, by the leg's role. */
export function onTelephonyEvent(ctx: Ctx, ev: TelephonyEvent): void {
  if (ev.type === 'leg.offered') return onInboundLeg(ctx, ev);
  // A call recording's report may come after its call and leg have left the state (AGT-04).
  if (ev.type === 'leg.recording-done' && onRecordingDone(ctx, ev)) return;
  const leg = ctx.s.legs.get(ev.legId);
  if (!leg) return ignore(ctx, ev, 'unknown-leg');
  const call = ctx.s.calls.get(leg.callId);
  if (!call) return ignore(ctx, ev, 'unknown-call');
  const consult = consultationOf(ctx, call);
  if (consult && consult.legId === leg.id) return onConsultLeg(ctx, call, consult, leg, ev);
  if (consult && consult.phoneLegId === leg.id) return onConsultPhoneLeg(ctx, call, leg, ev);
  if (leg.role === 'agent') onAgentLeg(ctx, call, leg, ev);
  else if (leg.role === 'party') onPartyLeg(ctx, call, leg, ev);
  else onCustomerLeg(ctx, call, leg, ev);
}

/** An outside party the customer was transferred to (AGT-07): their hang-up ends the call. */
function onPartyLeg(ctx: Ctx, call: Call, leg: Leg, ev: TelephonyEvent): void {
  if (ev.type !== 'leg.ended' && ev.type !== 'leg.failed') return;
  endLeg(ctx, leg, ev.reason, false);
  if (call.partyLegId === leg.id) endCall(ctx, call, 'party-hangup');
}

function onInboundLeg(ctx: Ctx, ev: Extract<TelephonyEvent, { type: 'leg.offered' }>): void {
  if (ctx.s.legs.has(ev.legId)) return ignore(ctx, ev, 'duplicate-leg');
  if (onDeskPhoneCall(ctx, ev)) return;
  const queueId = ctx.s.numberToQueue.get(ev.to);
  const queue = queueId === undefined ? undefined : ctx.s.queues.get(queueId);
  if (!queue) {
    ctx.command({ type: 'leg.hangup', legId: ev.legId, reason: 'rejected' });
    return ignore(ctx, ev, 'no-route');
  }
  const call = newCall(ctx, {
    kind: 'inbound',
    centerId: queue.centerId,
    state: 'arriving',
    customerNumber: ev.from,
    ourNumber: ev.to,
    queueId: queue.id,
  });
  newLeg(ctx, call, { id: ev.legId, role: 'customer', direction: 'inbound', state: 'offered' });
  joinQueue(ctx, call, queue);
}

/**
 * Bridges the customer with the agent who answered: the caller is connected (the end of
 * the wait), leaves the line, and a callback in progress ends "connected to agent".
 */
export function connect(ctx: Ctx, call: Call): void {
  const customer = legOf(ctx, call.customerLegId);
  const agentLeg = legOf(ctx, call.agentLegId);
  const agent = call.agentId === null ? undefined : ctx.s.agents.get(call.agentId);
  if (!customer || !agentLeg || !agent) return;
  answerCustomer(ctx, call);
  ctx.command({ type: 'leg.stop-play', legId: customer.id });
  ctx.command({ type: 'leg.bridge', legA: customer.id, legB: agentLeg.id });
  call.menu = null;
  call.pendingCollectId = null;
  call.pendingPlayId = null;
  moveCall(ctx, call, 'talking');
  // An agent who dialled out while off duty stays off duty (AGT-05).
  if (agent.presence === 'ringing' || agent.presence === 'dialing')
    moveAgent(ctx, agent, 'on-call', null);
  call.connectedAt = ctx.now;
  const entry = call.entryId === null ? undefined : ctx.s.entries.get(call.entryId);
  const waitMs = entry ? ctx.now - entry.firstJoinedAt : 0;
  if (entry) removeEntry(ctx, entry, 'answered');
  call.entryId = null;
  ctx.emit({
    type: 'call.connected',
    callId: call.id,
    agentId: agent.id,
    queueId: call.queueId,
    waitMs,
  });
  startRecordingIfDue(ctx, call);
  const cb = call.callbackId === null ? undefined : ctx.s.callbacks.get(call.callbackId);
  if (cb) {
    cb.entryId = null;
    completeCallback(ctx, cb, 'connected', 'connected');
  }
}

function onAgentLeg(ctx: Ctx, call: Call, leg: Leg, ev: TelephonyEvent): void {
  const agent = leg.agentId === null ? undefined : ctx.s.agents.get(leg.agentId);
  const offer = agent?.offerId ? ctx.s.offers.get(agent.offerId) : undefined;
  const ours = offer !== undefined && offer.agentLegId === leg.id ? offer : undefined;
  switch (ev.type) {
    case 'leg.ringing':
      if (leg.state === 'originating') moveLeg(ctx, leg, 'ringing');
      return;
    case 'leg.answered': {
      if (leg.state === 'answered' || leg.state === 'held') return;
      moveLeg(ctx, leg, 'answered');
      if (ours && agent) {
        acceptOffer(ctx, ours);
        const cb = call.callbackId === null ? undefined : ctx.s.callbacks.get(call.callbackId);
        if (cb && cb.state === 'offering-agent') onCallbackAgentAnswered(ctx, call, cb, agent);
        else connect(ctx, call);
        return;
      }
      if (call.kind === 'outbound' && agent && agent.callId === call.id)
        onDialAgentAnswered(ctx, call);
      return;
    }
    case 'leg.failed':
    case 'leg.ended': {
      const reason = ev.type === 'leg.failed' ? ev.reason : ev.reason;
      endLeg(ctx, leg, reason, false);
      if (ours) {
        missOffer(
          ctx,
          ours,
          ev.type === 'leg.failed' && ev.reason === 'rejected' ? 'rejected' : 'failed',
        );
        return;
      }
      if (call.agentLegId !== leg.id) return;
      const consult = consultationOf(ctx, call);
      if (consult) return agentLeaves(ctx, call, consult, true);
      if (!onCallbackAgentGone(ctx, call)) endCall(ctx, call, 'agent-hangup');
      return;
    }
    case 'leg.remote-hold':
      // The agent pressed hold on a SIP desk phone: the customer hears music (CTI-08).
      // During a consultation the customer is already held by us; the phone's hold is its own.
      if (!agent || agent.callId !== call.id || call.consultationId !== null) return;
      if (ev.held && call.state === 'talking') onHold(ctx, agent.id, call.id);
      else if (!ev.held && call.state === 'held') onResume(ctx, agent.id, call.id);
      return;
    case 'leg.transfer-requested':
      return onPhoneTransfer(ctx, call, ev);
    default:
      return;
  }
}

/**
 * AGT-07, transfer from the agent's desk phone (SIP REFER). Blind: the customer is sent to the
 * number the agent dialled and the agent goes to after-call work. Attended (Replaces naming the
 * phone's consultation call): the customer is joined with the consulted party (desk-phone.ts).
 */
function onPhoneTransfer(
  ctx: Ctx,
  call: Call,
  ev: Extract<TelephonyEvent, { type: 'leg.transfer-requested' }>,
): void {
  if (call.state !== 'talking' && call.state !== 'held') return ignore(ctx, ev, 'not-talking');
  if (onAttendedTransfer(ctx, call, ev)) return;
  if (call.consultationId !== null) return ignore(ctx, ev, 'consultation-in-progress');
  const customer = legOf(ctx, call.customerLegId);
  if (!customer || !/^\+?\d{2,20}$/.test(ev.to)) return ignore(ctx, ev, 'transfer-target-invalid');
  ctx.command({
    type: 'leg.transfer',
    legId: customer.id,
    target: { kind: 'number', number: ev.to },
    callerId: null,
  });
  endLeg(ctx, customer, 'transferred', false);
  ctx.emit({
    type: 'call.transferred',
    callId: call.id,
    agentId: call.agentId,
    newCallId: null,
    target: { kind: 'number', number: ev.to },
    toAgentId: null,
    how: 'phone',
  });
  endCall(ctx, call, 'transferred');
}

function onCustomerLeg(ctx: Ctx, call: Call, leg: Leg, ev: TelephonyEvent): void {
  const cb = call.callbackId === null ? undefined : ctx.s.callbacks.get(call.callbackId);
  switch (ev.type) {
    case 'leg.ringing':
      if (leg.state === 'originating') moveLeg(ctx, leg, 'ringing');
      return;
    case 'leg.answered':
      if (leg.direction === 'inbound' || leg.state === 'answered' || leg.state === 'held') return;
      moveLeg(ctx, leg, 'answered');
      if (call.kind === 'callback' && cb) {
        if (onCallbackCustomerAnswered(ctx, call, cb) === 'connect') connect(ctx, call);
      } else if (call.kind === 'outbound') {
        connect(ctx, call);
      }
      return;
    case 'leg.failed':
      endLeg(ctx, leg, ev.reason, false);
      if (call.kind === 'callback' && cb) onCallbackDialFailed(ctx, call, cb, ev.reason);
      else endCall(ctx, call, legFailureToEnd(ev.reason));
      return;
    case 'leg.digit': {
      if (ev.seq !== undefined) leg.lastDigitSeq = Math.max(leg.lastDigitSeq, ev.seq);
      if (call.state === 'voicemail') return onVoicemailDigit(ctx, call, ev.digit);
      if (call.state !== 'queued' || call.kind !== 'inbound') return;
      const entry = call.entryId === null ? undefined : ctx.s.entries.get(call.entryId);
      const queue = entry ? ctx.s.queues.get(entry.queueId) : undefined;
      if (entry && queue) onQueueDigit(ctx, call, entry, queue, ev.digit);
      return;
    }
    case 'leg.digits-collected':
      return onDigitsCollected(ctx, call, ev.collectId, ev.digits);
    case 'leg.play-done':
      if (ev.playId !== call.pendingPlayId) return;
      call.pendingPlayId = null;
      if (call.state === 'voicemail') return onVoicemailPromptDone(ctx, call);
      if (call.menu?.kind === 'goodbye') endCall(ctx, call, call.menu.reason);
      return;
    case 'leg.recording-done':
      if (call.state === 'voicemail') onVoicemailRecorded(ctx, call, ev.recordingId, ev.durationMs);
      return;
    case 'leg.ended': {
      endLeg(ctx, leg, ev.reason, false);
      if (call.kind === 'callback' && cb) return onCallbackCustomerGone(ctx, call, cb);
      const waiting =
        call.state === 'arriving' ||
        call.state === 'routing' ||
        call.state === 'queued' ||
        call.state === 'menu';
      if (call.menu?.kind === 'goodbye') return endCall(ctx, call, call.menu.reason);
      endCall(
        ctx,
        call,
        waiting || call.state === 'voicemail' ? 'abandoned' : legFailureToEnd(ev.reason),
      );
      return;
    }
    case 'leg.remote-hold':
      return;
    case 'leg.transfer-requested':
      return ignore(ctx, ev, 'transfer-not-supported');
  }
}
