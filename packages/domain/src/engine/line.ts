import { compareEntries, type QueueEntry } from '../model/entry.js';
import { flowDeparture, flowLineBusy, newFlow, type QueueFlow } from '../routing/estimate.js';
import type { EngineState } from './state.js';
import type { Ctx } from './context.js';
import type { QueueLeaveReason } from '../io/events.js';

/** The ordered line of one queue: insert in first-join order, remove, count, position. */
export function lineOf(s: EngineState, queueId: string): QueueEntry[] {
  let line = s.lines.get(queueId);
  if (!line) {
    line = [];
    s.lines.set(queueId, line);
  }
  return line;
}

export function flowOf(s: EngineState, queueId: string): QueueFlow {
  let flow = s.flows.get(queueId);
  if (!flow) {
    flow = newFlow();
    s.flows.set(queueId, flow);
  }
  return flow;
}

export function insertEntry(ctx: Ctx, entry: QueueEntry): void {
  const line = lineOf(ctx.s, entry.queueId);
  let i = line.length;
  // Nearly always appended; an older first-join time walks back to its place.
  while (i > 0 && compareEntries(line[i - 1]!, entry) > 0) i -= 1;
  line.splice(i, 0, entry);
  ctx.s.entries.set(entry.id, entry);
  flowLineBusy(flowOf(ctx.s, entry.queueId), ctx.now);
  ctx.needsDispatch = true;
}

/** Takes an entry off its line and records the departure for the wait estimate. */
export function removeEntry(ctx: Ctx, entry: QueueEntry, reason: QueueLeaveReason): void {
  const line = lineOf(ctx.s, entry.queueId);
  const i = line.indexOf(entry);
  if (i >= 0) line.splice(i, 1);
  ctx.s.entries.delete(entry.id);
  flowDeparture(flowOf(ctx.s, entry.queueId), ctx.now, line.length > 0);
  ctx.command({ type: 'timer.cancel', timer: { kind: 'max-wait', entryId: entry.id } });
  ctx.command({ type: 'timer.cancel', timer: { kind: 'announce', entryId: entry.id } });
  ctx.emit({
    type: 'queue.left',
    queueId: entry.queueId,
    entryId: entry.id,
    reason,
    firstJoinedAt: entry.firstJoinedAt,
    waitMs: ctx.now - entry.firstJoinedAt,
    wasCallback: entry.callbackId !== null,
  });
}

/**
 * The position a caller is told: 1 + the entries ahead of them that will be served before
 * them. Callbacks waiting out a retry interval are not counted: they are not ahead now.
 */
export function positionOf(s: EngineState, entry: QueueEntry): number {
  const line = lineOf(s, entry.queueId);
  let ahead = 0;
  for (const e of line) {
    if (e === entry) break;
    if (isCounted(s, e)) ahead += 1;
  }
  return ahead + 1;
}

function isCounted(s: EngineState, e: QueueEntry): boolean {
  if (e.callbackId === null) return true;
  const cb = s.callbacks.get(e.callbackId);
  return cb !== undefined && cb.state !== 'retry-wait';
}

/** How many are waiting in the queue, for the callback threshold (QCB-01). */
export function waitingCount(s: EngineState, queueId: string): number {
  return lineOf(s, queueId).length;
}
