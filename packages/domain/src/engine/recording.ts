import type { Call } from '../model/call.js';
import type { Queue } from '../model/queue.js';
import type { TelephonyEvent } from '../io/inputs.js';
import { DomainError } from '../errors.js';
import type { Ctx } from './context.js';
import { agentOrFail } from './agents.js';

/**
 * Call recording (AGT-04, seed 001 「通話録音」).
 *
 * - A call is recorded when it connects (to an agent, or to the party a customer is transferred
 *   to) and its queue's policy is `recording: 'auto'`. An outbound call has no queue; the queue
 *   its caller ID belongs to decides for it. The customer's leg is recorded: the telephony
 *   mixes what the customer says with what they hear, so both voices are in one file.
 * - The seed's 「停止・再開」 is one banner the agent clicks to stop and to resume: a pause of
 *   the same recording (paused time is not kept), allowed only when the queue's
 *   `agentsMayPauseRecording` is set. There is no separate stop; the recording stops with the
 *   call.
 * - Hold does not pause it: the recording keeps what the customer heard and said on hold too,
 *   and the banner only ever changes by the agent's own choice.
 * - A transfer gives the customer a new call record (seed 000); that call gets its own
 *   recording, under its own agent and its queue's policy, and the first call's recording ends
 *   with the first call. Each recording is one call with one agent in the inbox.
 * - The telephony reports `leg.recording-done` with the audio's duration, possibly after the
 *   call has left the state; the engine then emits `call.recorded`, which the database keeps.
 */

/** Whom a recording belongs to, kept from its start until the telephony reports it done. */
export interface RecordingOwner {
  readonly callId: string;
  readonly agentId: string | null;
  readonly queueId: string | null;
}

/** A bound on owners whose report never came (a failed write): the oldest are forgotten. */
const MAX_PENDING = 10_000;

/** The queue whose recording policy applies to a call. */
function policyOf(ctx: Ctx, call: Call): Queue | undefined {
  const queueId = call.queueId ?? ctx.s.numberToQueue.get(call.ourNumber);
  return queueId === undefined ? undefined : ctx.s.queues.get(queueId);
}

/** A call just connected: records it if its queue says so. Idempotent. */
export function startRecordingIfDue(ctx: Ctx, call: Call): void {
  if (call.callRecording !== null || call.customerLegId === null) return;
  if (policyOf(ctx, call)?.recording !== 'auto') return;
  const recordingId = ctx.id('rec');
  call.callRecording = { id: recordingId, legId: call.customerLegId, paused: false };
  const pending = ctx.s.recordings;
  pending.set(recordingId, { callId: call.id, agentId: call.agentId, queueId: call.queueId });
  if (pending.size > MAX_PENDING) pending.delete(pending.keys().next().value!);
  ctx.command({ type: 'leg.record', legId: call.customerLegId, recordingId, action: 'start' });
  ctx.emit({
    type: 'call.recording-started',
    callId: call.id,
    agentId: call.agentId,
    queueId: call.queueId,
    recordingId,
  });
}

/**
 * The call ends (or hands its customer to a new call record): its recording stops. The
 * telephony's `leg.recording-done` follows, and makes the `call.recorded`.
 */
export function stopRecording(ctx: Ctx, call: Call): void {
  const recording = call.callRecording;
  if (recording === null) return;
  call.callRecording = null;
  ctx.command({
    type: 'leg.record',
    legId: recording.legId,
    recordingId: recording.id,
    action: 'stop',
  });
}

/** The agent's banner: pause (`paused` true) or resume the call's recording. */
export function onRecordingToggle(
  ctx: Ctx,
  agentId: string,
  callId: string,
  paused: boolean,
): void {
  const agent = agentOrFail(ctx, agentId);
  const call = ctx.s.calls.get(callId);
  if (!call) throw new DomainError('CC_ERR_CALL_NOT_FOUND', { callId });
  if (agent.callId !== callId || call.agentId !== agentId)
    throw new DomainError('CC_ERR_AGENT_NOT_ON_CALL', { agentId, callId });
  const recording = call.callRecording;
  if (recording === null) throw new DomainError('CC_ERR_NOT_RECORDING', { callId });
  if (policyOf(ctx, call)?.agentsMayPauseRecording !== true)
    throw new DomainError('CC_ERR_RECORDING_NOT_ALLOWED', { callId });
  // Pressing twice (two tabs, a retry) leaves it as asked: no second event.
  if (recording.paused === paused) return;
  recording.paused = paused;
  ctx.command({
    type: 'leg.record',
    legId: recording.legId,
    recordingId: recording.id,
    action: paused ? 'pause' : 'resume',
  });
  ctx.emit({
    type: paused ? 'call.recording-paused' : 'call.recording-resumed',
    callId,
    agentId,
    recordingId: recording.id,
  });
}

/**
 * The telephony finished a recording. A call recording becomes `call.recorded`; returns false
 * for anything else (a voicemail), which goes on to its leg's call.
 */
export function onRecordingDone(
  ctx: Ctx,
  ev: Extract<TelephonyEvent, { type: 'leg.recording-done' }>,
): boolean {
  const owner = ctx.s.recordings.get(ev.recordingId);
  if (!owner) return false;
  ctx.s.recordings.delete(ev.recordingId);
  // The far end hung up: the telephony stopped the recording before reporting the leg's end.
  const call = ctx.s.calls.get(owner.callId);
  if (call?.callRecording?.id === ev.recordingId) call.callRecording = null;
  ctx.emit({
    type: 'call.recorded',
    callId: owner.callId,
    recordingId: ev.recordingId,
    agentId: owner.agentId,
    queueId: owner.queueId,
    durationMs: ev.durationMs,
  });
  return true;
}
