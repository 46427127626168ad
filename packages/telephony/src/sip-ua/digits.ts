import type { Digit } from '@tsunagu/domain';
import type { SipLeg, UaContext } from './context.js';
import type { LegMedia } from './media-port.js';

/** Keys pressed in the RTP stream (RFC 4733 telephone-events) go the same way as INFO's. */
export function listenForDigits(ctx: UaContext, leg: SipLeg, media: LegMedia): void {
  media.onDigit((digit) => {
    if (/^[0-9*#A-D]$/.test(digit)) digitPressed(ctx, leg, digit as Digit);
  });
}

/** How many keys pressed outside a collect are kept for type-ahead. */
const TYPE_AHEAD_KEYS = 32;

/**
 * A key the party pressed (RFC 4733 or INFO): to the active collect, else `leg.digit`. Keys
 * outside a collect are also remembered: a caller who presses "1" for the callback menu and
 * "1" again to confirm at once is faster than the engine's commit, and the second key must
 * count toward the menu's collect when it starts (`afterDigit`).
 */
export function digitPressed(ctx: UaContext, leg: SipLeg, digit: Digit): void {
  if (leg.state === 'ended') return;
  const seq = ++leg.digitSeq;
  if (leg.collect !== null) return addToCollect(ctx, leg, digit);
  leg.typedAhead.push({ seq, digit });
  if (leg.typedAhead.length > TYPE_AHEAD_KEYS) leg.typedAhead.shift();
  ctx.emit({ type: 'leg.digit', legId: leg.id, digit, seq });
}

function addToCollect(ctx: UaContext, leg: SipLeg, digit: Digit): void {
  const collect = leg.collect;
  if (collect === null) return;
  if (digit === collect.terminator) return finishCollect(ctx, leg, false);
  collect.buffer += digit;
  if (collect.buffer.length >= collect.max) finishCollect(ctx, leg, false);
}

export function startCollect(
  ctx: UaContext,
  leg: SipLeg,
  c: {
    collectId: string;
    maxDigits: number;
    terminator: string | null;
    timeoutMs: number;
    afterDigit?: number;
  },
): void {
  leg.collect?.cancelTimer();
  const collect = {
    id: c.collectId,
    max: c.maxDigits,
    terminator: c.terminator,
    buffer: '',
    cancelTimer: () => {},
  };
  leg.collect = collect;
  collect.cancelTimer = ctx.options.scheduler.after(c.timeoutMs, () => {
    if (leg.collect === collect) finishCollect(ctx, leg, true);
  });
  const ahead = leg.typedAhead.splice(0);
  if (c.afterDigit === undefined) return;
  for (const key of ahead) {
    if (key.seq > c.afterDigit && leg.collect === collect) addToCollect(ctx, leg, key.digit);
  }
}

export function finishCollect(ctx: UaContext, leg: SipLeg, timedOut: boolean): void {
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
