import type { Call } from '../model/call.js';
import type { Queue, Route } from '../model/queue.js';
import type { QueueEntry } from '../model/entry.js';
import { prompt, type Playable } from '../model/prompts.js';
import type { Ctx } from './context.js';
import { moveCall } from './transitions.js';
import {
  assignedAhead,
  insertEntry,
  flowOf,
  positionOf,
  removeEntry,
  waitingCount,
} from './line.js';
import { answerCustomer, endCall, play } from './calls.js';
import { estimateWaitMs, flowBacklog } from '../routing/estimate.js';
import { isFreeFor, hasSkills } from '../routing/select-agent.js';
import { isOpen, nextClose } from '../policy/business-hours.js';
import { withdrawOffer } from './offers.js';
import { startVoicemail } from './voicemail.js';

const MAX_ROUTE_HOPS = 5;

/** Whether some agent of the queue is free now; walks the short list of available agents. */
export function hasFreeAgent(ctx: Ctx, queue: Queue): boolean {
  const members = ctx.s.memberIndex.get(queue.id);
  if (!members) return false;
  for (const id of ctx.s.available) {
    if (!members.has(id)) continue;
    const agent = ctx.s.agents.get(id);
    if (agent && isFreeFor(agent, null) && hasSkills(agent, queue.requiredSkills)) return true;
  }
  return false;
}

/** Agents who serve the queue now (not logged out, off duty, on a break or busy), for BEY-01. */
export function staffedAgents(ctx: Ctx, queue: Queue): number {
  return ctx.s.staffed.get(queue.id) ?? 0;
}

/** BEY-01: the wait of `entry`, at `position`, if it stays (ADR 7). */
export function estimateFor(
  ctx: Ctx,
  queue: Queue,
  entry: QueueEntry,
  position: number,
): number | null {
  return estimateWaitMs(
    flowOf(ctx.s, queue.id),
    position,
    staffedAgents(ctx, queue),
    assignedAhead(ctx.s, entry),
  );
}

/**
 * A call arrives at a queue (HQ-01, HQ-02, HQ-04, HQ-06). Closed: the after-hours route.
 * Full, or busy with "send to queue" off: the fallback. Otherwise it gets an entry at the end
 * of the line and is offered at once if an agent is free; if not, it goes on hold. A caller
 * whose transfer fell through comes back with an earlier first-join time, so at their place.
 */
export function joinQueue(
  ctx: Ctx,
  call: Call,
  queue: Queue,
  hops = 0,
  firstJoinedAt: number = ctx.now,
): void {
  const center = ctx.s.centers.get(queue.centerId);
  if (center && !isOpen(center.businessHours, center.timeZone, ctx.now)) {
    followRoute(ctx, call, queue.afterHours, 'after-hours', hops);
    return;
  }
  if (waitingCount(ctx.s, queue.id) >= queue.maxSize) {
    followRoute(ctx, call, queue.fallback, 'queue-full', hops);
    return;
  }
  const free = hasFreeAgent(ctx, queue);
  if (!queue.queueWhenBusy && !free) {
    followRoute(ctx, call, queue.fallback, 'agents-busy', hops);
    return;
  }
  const entry: QueueEntry = {
    id: ctx.id('entry'),
    queueId: queue.id,
    firstJoinedAt,
    seq: ctx.s.seq,
    callId: call.id,
    callbackId: null,
    offerId: null,
    declinedBy: [],
    estimatedWaitMs: null,
    onHold: false,
  };
  insertEntry(ctx, entry);
  call.queueId = queue.id;
  call.entryId = entry.id;
  const position = positionOf(ctx.s, entry);
  entry.estimatedWaitMs = free ? 0 : estimateFor(ctx, queue, entry, position);
  ctx.emit({
    type: 'queue.joined',
    queueId: queue.id,
    entryId: entry.id,
    callId: call.id,
    callbackId: null,
    firstJoinedAt: entry.firstJoinedAt,
    position,
    estimatedWaitMs: entry.estimatedWaitMs,
  });
  scheduleMaxWait(ctx, queue, entry);
  if (call.state === 'arriving') {
    moveCall(ctx, call, 'routing');
    ctx.unrouted.push(entry);
  } else {
    enterHold(ctx, call, entry);
  }
}

/** Max wait (HQ-04, QCB-09), or closing time when callers do not wait past it (HQ-02). */
export function scheduleMaxWait(ctx: Ctx, queue: Queue, entry: QueueEntry): void {
  let at = entry.firstJoinedAt + queue.maxWaitSec * 1000;
  const center = ctx.s.centers.get(queue.centerId);
  if (center && !queue.keepWaitingAfterHours && entry.callbackId === null) {
    const close = nextClose(center.businessHours, center.timeZone, ctx.now);
    if (close !== null && close < at) at = close;
  }
  ctx.command({
    type: 'timer.set',
    timer: { kind: 'max-wait', entryId: entry.id },
    at: Math.max(at, ctx.now),
  });
}

/** The caller is in the hold queue: answered, hearing announcements then music (HQ-03). */
export function enterHold(ctx: Ctx, call: Call, entry: QueueEntry): void {
  const queue = ctx.s.queues.get(entry.queueId);
  if (!queue) return;
  answerCustomer(ctx, call);
  if (call.state !== 'queued') moveCall(ctx, call, 'queued');
  const first = !entry.onHold;
  entry.onHold = true;
  if (first) {
    // Nobody could take the caller on arrival: callers now wait for agents (ADR 7).
    flowBacklog(flowOf(ctx.s, queue.id), ctx.now);
    ctx.emit({ type: 'queue.entered-hold', queueId: queue.id, entryId: entry.id, callId: call.id });
  }
  announce(ctx, call, entry, queue, first);
}

function callbackOffered(ctx: Ctx, queue: Queue): boolean {
  return queue.callback.enabled && waitingCount(ctx.s, queue.id) >= queue.callback.minWaiting;
}

/** Position, estimated wait, and the callback and voicemail offers, then music again. */
export function announce(
  ctx: Ctx,
  call: Call,
  entry: QueueEntry,
  queue: Queue,
  welcome: boolean,
): void {
  const items: Playable[] = welcome ? [prompt('queue.welcome')] : [];
  const position = positionOf(ctx.s, entry);
  const estimate = estimateFor(ctx, queue, entry, position);
  if (queue.announcePosition) {
    items.push(
      prompt('queue.position'),
      { kind: 'number', value: position },
      prompt('queue.position-suffix'),
    );
  }
  if (queue.announceEstimatedWait && estimate !== null) {
    items.push(prompt('queue.estimated-wait'), {
      kind: 'duration',
      seconds: Math.ceil(estimate / 1000),
    });
    items.push(prompt('queue.estimated-wait-suffix'));
  }
  const offerCallback = callbackOffered(ctx, queue);
  if (offerCallback)
    items.push(prompt('queue.callback-offer'), { kind: 'digits', value: queue.callback.key });
  if (queue.voicemailKey !== null) {
    items.push(prompt('queue.voicemail-offer'), { kind: 'digits', value: queue.voicemailKey });
  }
  play(ctx, call, items, 'music');
  ctx.emit({
    type: 'queue.announced',
    queueId: queue.id,
    entryId: entry.id,
    callId: call.id,
    position,
    estimatedWaitMs: estimate,
    callbackOffered: offerCallback,
  });
  if (queue.announcePosition || queue.announceEstimatedWait || queue.callback.enabled) {
    ctx.command({
      type: 'timer.set',
      timer: { kind: 'announce', entryId: entry.id },
      at: ctx.now + queue.announceIntervalSec * 1000,
    });
  }
}

export function onAnnounceTimer(ctx: Ctx, entryId: string): void {
  const entry = ctx.s.entries.get(entryId);
  if (!entry || entry.callId === null) return;
  const call = ctx.s.calls.get(entry.callId);
  const queue = ctx.s.queues.get(entry.queueId);
  if (!call || !queue) return;
  // Not over a menu, but not dropped either: the caller may come back to the queue (HQ-03).
  if (call.state === 'menu') {
    const at = ctx.now + queue.announceIntervalSec * 1000;
    ctx.command({ type: 'timer.set', timer: { kind: 'announce', entryId }, at });
    return;
  }
  if (call.state !== 'queued') return;
  announce(ctx, call, entry, queue, false);
}

/** Where a caller goes when the queue cannot keep them: voicemail, queue, number, or goodbye. */
export function followRoute(
  ctx: Ctx,
  call: Call,
  route: Route,
  reason: 'after-hours' | 'queue-full' | 'agents-busy' | 'max-wait',
  hops: number,
): void {
  if (hops >= MAX_ROUTE_HOPS) route = { kind: 'hangup' };
  switch (route.kind) {
    case 'voicemail':
      startVoicemail(ctx, call);
      return;
    case 'queue': {
      const next = ctx.s.queues.get(route.queueId);
      if (next) {
        joinQueue(ctx, call, next, hops + 1);
        return;
      }
      sayGoodbye(ctx, call, reason);
      return;
    }
    case 'external': {
      const legId = call.customerLegId;
      const queue = call.queueId === null ? undefined : ctx.s.queues.get(call.queueId);
      if (legId !== null)
        ctx.command({
          type: 'leg.redirect',
          legId,
          to: route.number,
          callerId: queue?.callerId ?? null,
        });
      const leg = legId === null ? undefined : ctx.s.legs.get(legId);
      if (leg) {
        // The leg is handed to the network; it is no longer ours to hang up.
        call.customerLegId = null;
        leg.endReason = 'transferred';
        ctx.s.legs.delete(leg.id);
      }
      endCall(ctx, call, 'forwarded');
      return;
    }
    case 'hangup':
      sayGoodbye(ctx, call, reason);
  }
}

function sayGoodbye(
  ctx: Ctx,
  call: Call,
  reason: 'after-hours' | 'queue-full' | 'agents-busy' | 'max-wait',
): void {
  answerCustomer(ctx, call);
  if (call.state !== 'menu') moveCall(ctx, call, 'menu');
  call.menu = { kind: 'goodbye', reason };
  const p =
    reason === 'after-hours'
      ? 'queue.closed'
      : reason === 'max-wait'
        ? 'queue.goodbye'
        : 'queue.full';
  play(ctx, call, [prompt(p)], 'silence');
}

/** HQ-04 / HQ-06 timer: a live caller follows the fallback; a callback request expires. */
export function onMaxWaitTimer(
  ctx: Ctx,
  entryId: string,
  expireCallback: (cbId: string) => void,
): void {
  const entry = ctx.s.entries.get(entryId);
  if (!entry) return;
  const queue = ctx.s.queues.get(entry.queueId);
  if (!queue) return;
  const maxWaitAt = entry.firstJoinedAt + queue.maxWaitSec * 1000;
  if (entry.callbackId !== null) {
    if (ctx.now >= maxWaitAt) expireCallback(entry.callbackId);
    else ctx.command({ type: 'timer.set', timer: { kind: 'max-wait', entryId }, at: maxWaitAt });
    return;
  }
  const call = entry.callId === null ? undefined : ctx.s.calls.get(entry.callId);
  if (!call) return;
  const center = ctx.s.centers.get(queue.centerId);
  const closed = center !== undefined && !isOpen(center.businessHours, center.timeZone, ctx.now);
  if (ctx.now < maxWaitAt && !(closed && !queue.keepWaitingAfterHours)) {
    scheduleMaxWait(ctx, queue, entry);
    return;
  }
  const reason = ctx.now >= maxWaitAt ? 'max-wait' : 'after-hours';
  if (entry.offerId !== null) withdrawOffer(ctx, entry);
  removeEntry(ctx, entry, reason);
  call.entryId = null;
  if (call.state === 'menu') moveCall(ctx, call, 'queued');
  call.menu = null;
  call.pendingCollectId = null;
  if (call.customerLegId !== null)
    ctx.command({ type: 'leg.stop-play', legId: call.customerLegId });
  followRoute(ctx, call, reason === 'max-wait' ? queue.fallback : queue.afterHours, reason, 0);
}
