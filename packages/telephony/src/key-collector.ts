/**
 * The keys a party presses on a media leg (RFC 4733 or SIP INFO or a browser's keypad): to
 * the active collect, else `leg.digit`. Keys outside a collect are also remembered: a caller who
 * presses "1" for the callback menu and "1" again to confirm at once is faster than the
 * engine's commit, and the second key must count toward the menu's collect when it starts
 * (`afterDigit`). One rule for every adapter whose legs carry real audio (SIP, WebRTC).
 */
import type { Digit, TelephonyCommand, TelephonyEvent } from '@tsunagu/domain';

/** How many keys pressed outside a collect are kept for type-ahead. */
const TYPE_AHEAD_KEYS = 32;

export interface KeyCollect {
  readonly id: string;
  readonly max: number;
  readonly terminator: string | null;
  buffer: string;
  cancelTimer: () => void;
}

/** What a leg keeps for its keys. */
export interface KeyLeg {
  readonly id: string;
  readonly state: string;
  collect: KeyCollect | null;
  /** Keys counted on this leg; `seq` of the last one. */
  digitSeq: number;
  /** Keys pressed while no collect listened, newest last, for a collect's type-ahead. */
  readonly typedAhead: { readonly seq: number; readonly digit: Digit }[];
}

export interface KeyContext {
  /** Runs `task` after `ms`; returns its cancel. */
  after(ms: number, task: () => void): () => void;
  emit(event: TelephonyEvent): void;
}

export function keyPressed(ctx: KeyContext, leg: KeyLeg, digit: Digit): void {
  if (leg.state === 'ended') return;
  const seq = ++leg.digitSeq;
  if (leg.collect !== null) return addToCollect(ctx, leg, digit);
  leg.typedAhead.push({ seq, digit });
  if (leg.typedAhead.length > TYPE_AHEAD_KEYS) leg.typedAhead.shift();
  ctx.emit({ type: 'leg.digit', legId: leg.id, digit, seq });
}

export function startCollect(
  ctx: KeyContext,
  leg: KeyLeg,
  c: Pick<
    Extract<TelephonyCommand, { type: 'leg.collect' }>,
    'collectId' | 'maxDigits' | 'terminator' | 'timeoutMs' | 'afterDigit'
  >,
): void {
  leg.collect?.cancelTimer();
  const collect: KeyCollect = {
    id: c.collectId,
    max: c.maxDigits,
    terminator: c.terminator,
    buffer: '',
    cancelTimer: () => {},
  };
  leg.collect = collect;
  collect.cancelTimer = ctx.after(c.timeoutMs, () => {
    if (leg.collect === collect) finishCollect(ctx, leg, true);
  });
  const ahead = leg.typedAhead.splice(0);
  if (c.afterDigit === undefined) return;
  for (const key of ahead) {
    if (key.seq > c.afterDigit && leg.collect === collect) addToCollect(ctx, leg, key.digit);
  }
}

/** Drops the collect without reporting it (the leg is going away or being re-bridged). */
export function cancelCollect(leg: KeyLeg): void {
  leg.collect?.cancelTimer();
  leg.collect = null;
}

export function finishCollect(ctx: KeyContext, leg: KeyLeg, timedOut: boolean): void {
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

function addToCollect(ctx: KeyContext, leg: KeyLeg, digit: Digit): void {
  const collect = leg.collect;
  if (collect === null) return;
  if (digit === collect.terminator) return finishCollect(ctx, leg, false);
  collect.buffer += digit;
  if (collect.buffer.length >= collect.max) finishCollect(ctx, leg, false);
}
