/**
 * Keys a browser leg's party pressed (RFC 4733 on the audio track, or a `dtmf` message): to
 * the active collect, else `leg.digit`, with type-ahead kept for a collect that starts later.
 * The same rules as the SIP adapter's (sip-ua/digits.ts), on a browser leg.
 */
import type { Digit, TelephonyCommand, TelephonyEvent } from '@tsunagu/domain';
import type { TaskScheduler } from '../virtual/scheduler.js';
import type { BrowserLeg } from './browser-leg.js';

const TYPE_AHEAD_KEYS = 32;

export interface DigitContext {
  readonly scheduler: TaskScheduler;
  emit(event: TelephonyEvent): void;
}

export function digitPressed(ctx: DigitContext, leg: BrowserLeg, digit: Digit): void {
  if (leg.state === 'ended') return;
  const seq = ++leg.digitSeq;
  if (leg.collect !== null) return addToCollect(ctx, leg, digit);
  leg.typedAhead.push({ seq, digit });
  if (leg.typedAhead.length > TYPE_AHEAD_KEYS) leg.typedAhead.shift();
  ctx.emit({ type: 'leg.digit', legId: leg.id, digit, seq });
}

export function startCollect(
  ctx: DigitContext,
  leg: BrowserLeg,
  c: Extract<TelephonyCommand, { type: 'leg.collect' }>,
): void {
  leg.collect?.cancelTimer();
  const collect: NonNullable<BrowserLeg['collect']> = {
    id: c.collectId,
    max: c.maxDigits,
    terminator: c.terminator,
    buffer: '',
    cancelTimer: () => {},
  };
  leg.collect = collect;
  collect.cancelTimer = ctx.scheduler.after(c.timeoutMs, () => {
    if (leg.collect === collect) finishCollect(ctx, leg, true);
  });
  const ahead = leg.typedAhead.splice(0);
  if (c.afterDigit === undefined) return;
  for (const key of ahead) {
    if (key.seq > c.afterDigit && leg.collect === collect) addToCollect(ctx, leg, key.digit);
  }
}

export function cancelCollect(leg: BrowserLeg): void {
  leg.collect?.cancelTimer();
  leg.collect = null;
}

function addToCollect(ctx: DigitContext, leg: BrowserLeg, digit: Digit): void {
  const collect = leg.collect;
  if (collect === null) return;
  if (digit === collect.terminator) return finishCollect(ctx, leg, false);
  collect.buffer += digit;
  if (collect.buffer.length >= collect.max) finishCollect(ctx, leg, false);
}

function finishCollect(ctx: DigitContext, leg: BrowserLeg, timedOut: boolean): void {
  const collect = leg.collect;
  if (collect === null) return;
  leg.collect = null;
  collect.cancelTimer();
  ctx.emit({
    type: 'leg.digits-collected',
    legId: leg.id,
    collectId: collect.id,
    digits: collect.buffer,
    timedOut,
  });
}
