import type { EngineInput } from '../io/inputs.js';
import type { DomainEvent } from '../io/events.js';
import type { EngineCommand } from '../io/commands.js';
import { DomainError, isDomainError } from '../errors.js';
import type { EngineState } from './state.js';
import { Ctx } from './context.js';
import { onAgentUpsert, onCenterUpsert, onQueueUpsert } from './config.js';
import { onEndWrapUp, onSetStatus, onWrapUpTimer } from './agents.js';
import {
  onAgentHangup,
  onDial,
  onEndAll,
  onHold,
  onResume,
  onSetDisposition,
} from './call-control.js';
import { startConsultation } from './consultation.js';
import { onConference, onConsultConnect, onConsultEnd } from './consult-actions.js';
import { onTransfer } from './transfer.js';
import { onRecordingToggle } from './recording.js';
import { onSendDtmf } from './agent-dtmf.js';
import { onTelephonyEvent } from './leg-events.js';
import { missOffer } from './offers.js';
import { onAnnounceTimer, onMaxWaitTimer } from './hold-queue.js';
import {
  cancelCallback,
  expireCallback,
  onCallbackDue,
  onCallbackRetryTimer,
} from './callbacks.js';
import { dispatch } from './dispatch.js';
import { onCallbackRestore } from './restore.js';
import { rescheduleCallback } from './callback-schedule.js';

export interface HandleResult {
  readonly state: EngineState;
  readonly events: readonly DomainEvent[];
  readonly commands: readonly EngineCommand[];
  /** Set when the input was refused; then nothing changed and nothing was produced. */
  readonly error?: DomainError;
}

/**
 * The engine: `handle(state, input, now) -> { state, events, commands }`. Pure in the sense
 * that matters: no I/O, no clock, no randomness, so the same inputs give the same outputs
 * live, in tests, in the simulator and in crash replay. The runtime must commit `events`
 * before carrying out `commands` (a callback is committed before the caller hears it is).
 */
export function handle(state: EngineState, input: EngineInput, now: number): HandleResult {
  const ctx = new Ctx(state, now);
  try {
    route(ctx, input);
    if (ctx.needsDispatch || ctx.unrouted.length > 0) dispatch(ctx);
  } catch (err) {
    if (isDomainError(err)) return { state, events: [], commands: [], error: err };
    throw err;
  }
  return { state, events: ctx.events, commands: ctx.commands };
}

function route(ctx: Ctx, input: EngineInput): void {
  switch (input.type) {
    case 'center.upsert':
      return onCenterUpsert(ctx, input.center);
    case 'queue.upsert':
      return onQueueUpsert(ctx, input.queue);
    case 'agent.upsert':
      return onAgentUpsert(ctx, input.agent);
    case 'callback.cancel':
      return cancelCallback(ctx, input.callbackId);
    case 'callback.reschedule':
      return rescheduleCallback(ctx, input.callbackId, input.dueAt);
    case 'callback.restore':
      return onCallbackRestore(ctx, input.callback);
    case 'agent.set-status':
      return onSetStatus(ctx, input.agentId, input.status, input.reason ?? null);
    case 'offer.answer':
      return onOfferAnswer(ctx, input.agentId, input.offerId);
    case 'offer.reject':
      return onOfferReject(ctx, input.agentId, input.offerId);
    case 'call.hold':
      return onHold(ctx, input.agentId, input.callId);
    case 'call.resume':
      return onResume(ctx, input.agentId, input.callId);
    case 'call.hangup':
      return onAgentHangup(ctx, input.agentId, input.callId);
    case 'call.set-disposition':
      return onSetDisposition(ctx, input.agentId, input.callId, input.dispositionId);
    case 'wrap-up.end':
      return onEndWrapUp(ctx, input.agentId);
    case 'agent.dial':
      return onDial(ctx, input.agentId, input.to, input.callerId);
    case 'call.transfer':
      return onTransfer(ctx, input.agentId, input.callId, input.target);
    case 'call.consult':
      startConsultation(ctx, input.agentId, input.callId, input.target, 'consult');
      return;
    case 'call.consult-connect':
      return onConsultConnect(ctx, input.agentId, input.callId);
    case 'call.consult-cancel':
      return onConsultEnd(ctx, input.agentId, input.callId, 'cancelled');
    case 'call.consult-release':
      return onConsultEnd(ctx, input.agentId, input.callId, 'released');
    case 'call.conference':
      return onConference(ctx, input.agentId, input.callId);
    case 'call.end-all':
      return onEndAll(ctx, input.agentId, input.callId);
    case 'call.recording-pause':
      return onRecordingToggle(ctx, input.agentId, input.callId, true);
    case 'call.recording-resume':
      return onRecordingToggle(ctx, input.agentId, input.callId, false);
    case 'call.send-dtmf':
      return onSendDtmf(ctx, input.agentId, input.callId, input.digits);
    case 'timer.fired':
      return onTimer(ctx, input.timer);
    case 'leg.offered':
    case 'leg.ringing':
    case 'leg.answered':
    case 'leg.failed':
    case 'leg.digit':
    case 'leg.digits-collected':
    case 'leg.play-done':
    case 'leg.remote-hold':
    case 'leg.transfer-requested':
    case 'leg.recording-done':
    case 'leg.ended':
      return onTelephonyEvent(ctx, input);
    default:
      throw new DomainError('CC_ERR_VALIDATION', {
        input: (input as { type?: unknown }).type ?? null,
      });
  }
}

function offerOf(ctx: Ctx, agentId: string, offerId: string) {
  const offer = ctx.s.offers.get(offerId);
  if (!offer || offer.agentId !== agentId)
    throw new DomainError('CC_ERR_OFFER_NOT_FOUND', { offerId });
  return offer;
}

/** The desktop's "answer" button: the device is told to pick up; its answer event follows. */
function onOfferAnswer(ctx: Ctx, agentId: string, offerId: string): void {
  const offer = offerOf(ctx, agentId, offerId);
  ctx.command({ type: 'leg.answer', legId: offer.agentLegId, earlyMedia: false });
}

/** AGT-03: a rejected offer goes to the next agent without losing its place. */
function onOfferReject(ctx: Ctx, agentId: string, offerId: string): void {
  missOffer(ctx, offerOf(ctx, agentId, offerId), 'rejected');
}

function onTimer(ctx: Ctx, timer: Extract<EngineInput, { type: 'timer.fired' }>['timer']): void {
  switch (timer.kind) {
    case 'offer-timeout': {
      const offer = ctx.s.offers.get(timer.offerId);
      if (offer) missOffer(ctx, offer, 'timeout');
      return;
    }
    case 'wrap-up-end':
      return onWrapUpTimer(ctx, timer.agentId, timer.seq);
    case 'max-wait':
      return onMaxWaitTimer(ctx, timer.entryId, (id) => expireCallback(ctx, id));
    case 'announce':
      return onAnnounceTimer(ctx, timer.entryId);
    case 'callback-retry':
      return onCallbackRetryTimer(ctx, timer.callbackId);
    case 'callback-due':
      return onCallbackDue(ctx, timer.callbackId);
  }
}
