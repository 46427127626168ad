import type { Call } from '../model/call.js';
import { prompt } from '../model/prompts.js';
import type { Ctx } from './context.js';
import { moveCall } from './transitions.js';
import { answerCustomer, endCall, play } from './calls.js';

/**
 * Voicemail (HQ-02, HQ-04 fallback): greeting and beep, then the recording, which ends on
 * '#' or when the caller hangs up. Telephony reports `recording-done` before the leg ends.
 */
export function startVoicemail(ctx: Ctx, call: Call): void {
  answerCustomer(ctx, call);
  moveCall(ctx, call, 'voicemail');
  call.menu = null;
  play(ctx, call, [prompt('voicemail.greeting'), { kind: 'tone', name: 'beep' }], 'silence');
}

/** The greeting finished: start recording. */
export function onVoicemailPromptDone(ctx: Ctx, call: Call): void {
  if (call.customerLegId === null || call.recordingId !== null) return;
  call.recordingId = ctx.id('rec');
  ctx.command({
    type: 'leg.record',
    legId: call.customerLegId,
    recordingId: call.recordingId,
    action: 'start',
  });
  ctx.emit({
    type: 'voicemail.started',
    callId: call.id,
    queueId: call.queueId ?? '',
    recordingId: call.recordingId,
  });
}

export function onVoicemailDigit(ctx: Ctx, call: Call, digit: string): void {
  if (digit !== '#' || call.customerLegId === null || call.recordingId === null) return;
  ctx.command({
    type: 'leg.record',
    legId: call.customerLegId,
    recordingId: call.recordingId,
    action: 'stop',
  });
}

export function onVoicemailRecorded(
  ctx: Ctx,
  call: Call,
  recordingId: string,
  durationMs: number,
): void {
  ctx.emit({
    type: 'voicemail.recorded',
    callId: call.id,
    queueId: call.queueId,
    recordingId,
    durationMs,
    from: call.customerNumber,
  });
  endCall(ctx, call, 'voicemail-left');
}
