import type { QueueEntry } from '../model/entry.js';
import type { CallbackRequest } from '../model/callback.js';
import { DomainError } from '../errors.js';
import type { Ctx } from './context.js';
import { insertEntry } from './line.js';
import { scheduleMaxWait } from './hold-queue.js';

/** What the database keeps of an open callback request (DESIGN.md, durability rules). */
export interface StoredCallback {
  readonly id: string;
  readonly centerId: string;
  readonly queueId: string;
  readonly number: string;
  readonly callerId: string;
  readonly requestCallId: string;
  readonly requestedAt: number;
  readonly firstJoinedAt: number;
  readonly seq: number;
  readonly dueAt: number | null;
  readonly attempts: number;
}

/**
 * After a restart, an open request comes back at its place: same first-join time, same
 * sequence, so the line is in the same order as before the crash. Whatever was in flight
 * (a customer being dialled) died with the media; the request waits again, pending.
 */
export function onCallbackRestore(ctx: Ctx, stored: StoredCallback): void {
  const s = ctx.s;
  const queue = s.queues.get(stored.queueId);
  if (!queue) throw new DomainError('CC_ERR_QUEUE_NOT_FOUND', { queueId: stored.queueId });
  if (s.callbacks.has(stored.id))
    throw new DomainError('CC_ERR_VALIDATION', { callbackId: stored.id, reason: 'already open' });
  const scheduled = stored.dueAt !== null && stored.dueAt > ctx.now;
  const cb: CallbackRequest = {
    ...stored,
    state: scheduled ? 'scheduled' : 'pending',
    entryId: null,
    callIds: [],
    reservedAgentId: null,
    outcome: null,
    endReason: null,
    completedAt: null,
    connectedAt: null,
  };
  s.seq = Math.max(s.seq, stored.seq);
  s.callbacks.set(cb.id, cb);
  s.openCallbackByNumber.set(cb.number, cb.id);
  let entry: QueueEntry | null = null;
  if (scheduled) {
    ctx.command({
      type: 'timer.set',
      timer: { kind: 'callback-due', callbackId: cb.id },
      at: stored.dueAt!,
    });
  } else {
    entry = {
      id: ctx.id('entry'),
      queueId: queue.id,
      firstJoinedAt: stored.firstJoinedAt,
      seq: stored.seq,
      callId: null,
      callbackId: cb.id,
      offerId: null,
      declinedBy: [],
      estimatedWaitMs: null,
      onHold: true,
    };
    insertEntry(ctx, entry);
    cb.entryId = entry.id;
    scheduleMaxWait(ctx, queue, entry);
  }
  ctx.emit({
    type: 'callback.restored',
    callbackId: cb.id,
    queueId: queue.id,
    entryId: entry?.id ?? null,
    firstJoinedAt: cb.firstJoinedAt,
  });
}
