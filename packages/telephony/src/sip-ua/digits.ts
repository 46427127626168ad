import type { Digit } from '@tsunagu/domain';
import * as keys from '../key-collector.js';
import type { SipLeg, UaContext } from './context.js';
import type { LegMedia } from './media-port.js';

/** The user agent as the key collector sees it: its scheduler and its event queue. */
function keyContext(ctx: UaContext): keys.KeyContext {
  return { after: (ms, task) => ctx.options.scheduler.after(ms, task), emit: (e) => ctx.emit(e) };
}

/** Keys pressed in the RTP stream (RFC 4733 telephone-events) go the same way as INFO's. */
export function listenForDigits(ctx: UaContext, leg: SipLeg, media: LegMedia): void {
  media.onDigit((digit) => {
    if (/^[0-9*#A-D]$/.test(digit)) digitPressed(ctx, leg, digit as Digit);
  });
}

/** A key the party pressed (RFC 4733 or INFO): see key-collector.ts. */
export function digitPressed(ctx: UaContext, leg: SipLeg, digit: Digit): void {
  keys.keyPressed(keyContext(ctx), leg, digit);
}
