import type { Digit } from '@tsunagu/domain';
import type { SipLeg, UaContext } from './context.js';
import type { LegMedia } from './media-port.js';

/** Keys pressed in the RTP stream (RFC 4733 telephone-events) go the same way as INFO's. */
export function listenForDigits(ctx: UaContext, leg: SipLeg, media: LegMedia): void {
  media.onDigit((digit) => {
    if (/^[0-9*#A-D]$/.test(digit)) digitPressed(ctx, leg, digit as Digit);
  });
}

/** A key the party pressed (RFC 4733 or INFO): to the active collect, else `leg.digit`. */
export function digitPressed(ctx: UaContext, leg: SipLeg, digit: Digit): void {
  if (leg.state === 'ended') return;
  const collect = leg.collect;
  if (collect === null) return ctx.emit({ type: 'leg.digit', legId: leg.id, digit });
  if (digit === collect.terminator) return finishCollect(ctx, leg, false);
  collect.buffer += digit;
  if (collect.buffer.length >= collect.max) finishCollect(ctx, leg, false);
}

export function startCollect(
  ctx: UaContext,
  leg: SipLeg,
  c: { collectId: string; maxDigits: number; terminator: string | null; timeoutMs: number },
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
