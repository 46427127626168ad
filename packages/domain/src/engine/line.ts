import { compareEntries, type QueueEntry } from '../model/entry.js';
import {
  estimateWaitMs,
  flowLeftUnserved,
  flowLineChanging,
  newFlow,
  type QueueFlow,
} from '../routing/estimate.js';
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
  flowLineChanging(flowOf(ctx.s, entry.queueId), ctx.now, line.length + 1);
  line.splice(i, 0, entry);
  ctx.s.entries.set(entry.id, entry);
  ctx.needsDispatch = true;
}

/**
 * Whether an entry leaves without having taken an agent's turn: the wait estimate counts these
 * as the line shortening by itself. A callback that was dialled (answered or not) used a turn.
 */
function leftUnserved(ctx: Ctx, entry: QueueEntry, reason: QueueLeaveReason): boolean {
  if (reason === 'answered') return false;
  if (reason !== 'callback-completed') return true;
  const cb = entry.callbackId === null ? undefined : ctx.s.callbacks.get(entry.callbackId);
  return cb?.endReason === 'expired' || cb?.endReason === 'cancelled';
}

/** Takes an entry off its line and records the departure for the wait estimate. */
export function removeEntry(ctx: Ctx, entry: QueueEntry, reason: QueueLeaveReason): void {
  const line = lineOf(ctx.s, entry.queueId);
  const i = line.indexOf(entry);
  const flow = flowOf(ctx.s, entry.queueId);
  if (i >= 0) {
    flowLineChanging(flow, ctx.now, line.length - 1);
    line.splice(i, 1);
  }
  if (leftUnserved(ctx, entry, reason)) flowLeftUnserved(flow);
  ctx.s.entries.delete(entry.id);
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
  let ahead = indexInLine(lineOf(s, entry.queueId), entry);
  const resting = s.retryWaiting.get(entry.queueId);
  if (resting) {
    for (const id of resting) {
      const e = s.entries.get(id);
      if (e && e !== entry && compareEntries(e, entry) < 0) ahead -= 1;
    }
  }
  return ahead + 1;
}

/** Binary search: the line is kept in routing order, so a position costs O(log n), not O(n). */
function indexInLine(line: readonly QueueEntry[], entry: QueueEntry): number {
  let lo = 0;
  let hi = line.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareEntries(line[mid]!, entry) < 0) lo = mid + 1;
    else hi = mid;
  }
  return line[lo] === entry ? lo : Math.max(0, line.indexOf(entry));
}

/** How many are waiting in the queue, for the callback threshold (QCB-01). */
export function waitingCount(s: EngineState, queueId: string): number {
  return lineOf(s, queueId).length;
}

/** Entries near the head this far ahead are checked for an agent already on their way. */
const ASSIGNED_SCAN = 64;

/**
 * Of the entries ahead of `entry` (as `positionOf` counts them), how many already have an agent:
 * an offer ringing, or a callback whose agent is held or on the call while the customer is
 * dialled. They leave without waiting for another free agent. Only the head is scanned: under
 * first-join routing that is where such entries are.
 */
export function assignedAhead(s: EngineState, entry: QueueEntry): number {
  const line = lineOf(s, entry.queueId);
  const resting = s.retryWaiting.get(entry.queueId);
  let count = 0;
  for (let i = 0; i < line.length && i < ASSIGNED_SCAN; i += 1) {
    const e = line[i]!;
    if (e === entry || compareEntries(e, entry) > 0) break;
    if (resting?.has(e.id)) continue;
    if (e.offerId !== null) count += 1;
    else if (e.callbackId !== null) {
      const cb = s.callbacks.get(e.callbackId);
      if (
        cb &&
        (cb.reservedAgentId !== null ||
          cb.state === 'dialing-customer' ||
          cb.state === 'awaiting-confirmation')
      )
        count += 1;
    }
  }
  return count;
}

/**
 * BEY-01: the wait an entry would be told now (ADR 7), from state alone, so views show the same
 * figure the caller hears: its place, the agents staffing the queue, and the entries ahead that
 * already have an agent.
 */
export function estimatedWaitOf(s: EngineState, entry: QueueEntry): number | null {
  return estimateWaitMs(
    flowOf(s, entry.queueId),
    positionOf(s, entry),
    s.staffed.get(entry.queueId) ?? 0,
    assignedAhead(s, entry),
  );
}
