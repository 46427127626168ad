import { DomainError } from '../errors.js';
import { isOpen } from '../policy/business-hours.js';
import type { Ctx } from './context.js';
import { removeEntry } from './line.js';
import { moveCallback } from './transitions.js';
import { onCallbackDue } from './callbacks.js';

/**
 * A supervisor re-times an open request (issue #5: "list, cancel and re-time pending requests").
 * A time moves it out of the line until then, exactly as if the customer had chosen that time
 * by keypad (BEY-02): when due it joins the line as of then. `null` ("now") puts a scheduled
 * request in the line at once. Requests being dialled or offered are not touched: the customer
 * may already be on the phone.
 */
export function rescheduleCallback(ctx: Ctx, callbackId: string, dueAt: number | null): void {
  const cb = ctx.s.callbacks.get(callbackId);
  if (!cb) throw new DomainError('CC_ERR_CALLBACK_NOT_FOUND', { callbackId });
  if (cb.state !== 'pending' && cb.state !== 'scheduled') {
    throw new DomainError('CC_ERR_CALLBACK_CLOSED', { callbackId, state: cb.state });
  }
  if (dueAt === null) {
    if (cb.state !== 'scheduled') return;
    ctx.command({ type: 'timer.cancel', timer: { kind: 'callback-due', callbackId } });
    cb.dueAt = null;
    emitRescheduled(ctx, callbackId);
    onCallbackDue(ctx, callbackId);
    ctx.needsDispatch = true;
    return;
  }
  const center = ctx.s.centers.get(cb.centerId);
  if (dueAt <= ctx.now || (center && !isOpen(center.businessHours, center.timeZone, dueAt))) {
    throw new DomainError('CC_ERR_SCHEDULE_INVALID', { callbackId, dueAt });
  }
  const entry = cb.entryId === null ? undefined : ctx.s.entries.get(cb.entryId);
  if (entry) removeEntry(ctx, entry, 'scheduled');
  cb.entryId = null;
  cb.dueAt = dueAt;
  cb.firstJoinedAt = dueAt;
  ctx.s.seq += 1;
  cb.seq = ctx.s.seq;
  if (cb.state === 'pending') moveCallback(ctx, cb, 'scheduled');
  ctx.command({ type: 'timer.set', timer: { kind: 'callback-due', callbackId }, at: dueAt });
  emitRescheduled(ctx, callbackId);
  ctx.needsDispatch = true;
}

function emitRescheduled(ctx: Ctx, callbackId: string): void {
  const cb = ctx.s.callbacks.get(callbackId)!;
  ctx.emit({
    type: 'callback.rescheduled',
    callbackId,
    queueId: cb.queueId,
    dueAt: cb.dueAt,
    firstJoinedAt: cb.firstJoinedAt,
    seq: cb.seq,
  });
}
