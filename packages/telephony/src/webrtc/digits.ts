/**
 * Keys a browser leg's party pressed (RFC 4733 on the audio track, or a `dtmf` message): the
 * same rules as every media leg (key-collector.ts), on a browser leg.
 */
import type { Digit, TelephonyEvent } from '@tsunagu/domain';
import * as keys from '../key-collector.js';
import type { TaskScheduler } from '../virtual/scheduler.js';
import type { BrowserLeg } from './browser-leg.js';

export interface DigitContext {
  readonly scheduler: TaskScheduler;
  emit(event: TelephonyEvent): void;
}

function keyContext(ctx: DigitContext): keys.KeyContext {
  return { after: (ms, task) => ctx.scheduler.after(ms, task), emit: (e) => ctx.emit(e) };
}

export function digitPressed(ctx: DigitContext, leg: BrowserLeg, digit: Digit): void {
  keys.keyPressed(keyContext(ctx), leg, digit);
}

export const cancelCollect = keys.cancelCollect;
