import type { QueueEntry } from '../model/entry.js';
import type { Queue } from '../model/queue.js';
import type { CallbackRequest } from '../model/callback.js';
import type { Ctx } from './context.js';
import { selectAgent, type Selection } from '../routing/select-agent.js';
import { makeOffer } from './offers.js';
import { releaseCallback, callbackCallFor } from './callbacks.js';
import { enterHold, hasFreeAgent, staffedAgents } from './hold-queue.js';
import { flowOf } from './line.js';
import { flowAssigned, flowIdle } from '../routing/estimate.js';

/** BEY-03: one step of queue priority counts as this much earlier first-join time. */
export const PRIORITY_STEP_MS = 60_000;

/**
 * Whether an entry is work an agent can take now. Live callers qualify while they wait (also
 * in the callback menu); callback requests while pending, or after the customer pressed 1.
 */
function isEligible(ctx: Ctx, entry: QueueEntry): CallbackRequest | null | false {
  if (entry.offerId !== null) return false;
  if (entry.callbackId !== null) {
    const cb = ctx.s.callbacks.get(entry.callbackId);
    if (!cb) return false;
    return cb.state === 'pending' || cb.state === 'waiting-agent' ? cb : false;
  }
  if (entry.callId === null) return false;
  const call = ctx.s.calls.get(entry.callId);
  return call !== undefined &&
    (call.state === 'routing' || call.state === 'queued' || call.state === 'menu')
    ? null
    : false;
}

interface Candidate {
  readonly queue: Queue;
  readonly entry: QueueEntry;
  readonly callback: CallbackRequest | null;
  readonly selection: Selection;
  readonly rank: number;
}

/**
 * The routing loop. Invariant on return: no eligible entry and free agent that could take it
 * are left apart. Each round hands the oldest eligible work (by first-join time, adjusted by
 * queue priority) that has a free agent to that agent, so service follows first-join order.
 */
export function dispatch(ctx: Ctx): void {
  const s = ctx.s;
  // Nobody free: nothing can be handed out (the common case when callers wait).
  if (s.available.size === 0) return finishUnrouted(ctx);
  if (s.unbacked.size > 0) backInFlightCallbacks(ctx);
  // Asked only when a queue's first eligible entry finds no agent: with agents free and short
  // lines, that is rare, and the answer walks every available agent.
  let reservations: boolean | undefined;
  for (let guard = 0; guard < 100_000; guard += 1) {
    let best: Candidate | null = null;
    for (const [queueId, line] of s.lines) {
      if (line.length === 0) continue;
      const queue = s.queues.get(queueId);
      if (!queue) continue;
      const view = {
        agents: s.agents,
        available: s.available,
        memberIndex: s.memberIndex.get(queueId),
      };
      let blocked = false;
      for (const entry of line) {
        const callback = isEligible(ctx, entry);
        if (callback === false) continue;
        // Behind a blocked head only a callback whose reserved agent waits for it can go.
        if (blocked && (callback === null || callback.reservedAgentId === null)) continue;
        const rank = entry.firstJoinedAt - queue.priority * PRIORITY_STEP_MS;
        if (best && rank >= best.rank) break;
        const selection = selectAgent(
          queue,
          entry,
          view,
          s.roundRobin.get(queueId) ?? -1,
          callback?.reservedAgentId ?? null,
        );
        if (selection) {
          best = { queue, entry, callback, selection, rank };
          break;
        }
        // The first eligible entry decides for the queue: later ones need the same agents.
        reservations ??= agentsHeldForWaitingCustomers(ctx);
        if (!reservations) break;
        blocked = true;
      }
    }
    if (!best) break;
    assign(ctx, best);
  }
  endBacklogs(ctx);
  finishUnrouted(ctx);
}

/**
 * Only a customer who pressed 1 can be waiting with an agent held for them (QCB-05); held
 * agents are among the available ones, so the short list answers it. A hold for a callback
 * still being dialled cannot be used yet; counting it made every dispatch walk the whole line
 * while any callback was in flight (docs/benchmarks.md).
 */
function agentsHeldForWaitingCustomers(ctx: Ctx): boolean {
  for (const id of ctx.s.available) {
    const held = ctx.s.agents.get(id)?.reservedFor;
    if (held != null && ctx.s.callbacks.get(held)?.state === 'waiting-agent') return true;
  }
  return false;
}

/** A queue left with a free agent has nobody waiting for one: its backlog is over (ADR 7). */
function endBacklogs(ctx: Ctx): void {
  for (const [queueId, flow] of ctx.s.flows) {
    if (flow.markAt === null) continue;
    const queue = ctx.s.queues.get(queueId);
    if (queue && hasFreeAgent(ctx, queue)) flowIdle(flow);
  }
}

/**
 * A customer-first callback whose held agent left (break, log-out) is still being dialled: it
 * takes the next free agent of its queue before any other work is released, so callbacks in
 * flight never outnumber the free agents for long (ADR 5).
 */
function backInFlightCallbacks(ctx: Ctx): void {
  const s = ctx.s;
  const waiting = [...s.unbacked]
    .map((id) => s.callbacks.get(id))
    .filter((cb): cb is CallbackRequest => {
      const inFlight =
        cb !== undefined &&
        (cb.state === 'dialing-customer' || cb.state === 'awaiting-confirmation');
      return inFlight && cb.reservedAgentId === null && cb.entryId !== null;
    })
    .sort((a, b) => a.firstJoinedAt - b.firstJoinedAt);
  s.unbacked.clear();
  for (const cb of waiting) {
    const queue = s.queues.get(cb.queueId);
    const entry = s.entries.get(cb.entryId!);
    const view = {
      agents: s.agents,
      available: s.available,
      memberIndex: s.memberIndex.get(cb.queueId),
    };
    const selection = queue && entry ? selectAgent(queue, entry, view, -1, null) : null;
    if (!selection) {
      s.unbacked.add(cb.id);
      continue;
    }
    selection.agent.reservedFor = cb.id;
    cb.reservedAgentId = selection.agent.id;
    ctx.emit({
      type: 'callback.agent-reserved',
      callbackId: cb.id,
      entryId: entry!.id,
      agentId: selection.agent.id,
    });
  }
}

function assign(ctx: Ctx, c: Candidate): void {
  const { queue, entry, callback, selection } = c;
  const agent = selection.agent;
  ctx.s.roundRobin.set(queue.id, selection.index);
  const releasing =
    callback !== null && callback.state === 'pending' && queue.callback.mode === 'customer-first';
  // A free agent took waiting work: the wait estimate's measure of agents freeing up (ADR 7).
  // The agent held for a customer who pressed 1 was counted when the callback was released.
  if (callback === null || callback.reservedAgentId !== agent.id)
    flowAssigned(flowOf(ctx.s, queue.id), ctx.now, staffedAgents(ctx, queue));
  ctx.emit({
    type: 'queue.assigned',
    queueId: queue.id,
    entryId: entry.id,
    agentId: agent.id,
    firstJoinedAt: entry.firstJoinedAt,
    mode: releasing ? 'callback-release' : 'offer',
  });
  if (callback !== null && releasing) {
    releaseCallback(ctx, queue, entry, callback, agent);
    return;
  }
  if (callback !== null && callback.reservedAgentId !== null) {
    const reserved = ctx.s.agents.get(callback.reservedAgentId);
    if (reserved && reserved.reservedFor === callback.id) reserved.reservedFor = null;
    callback.reservedAgentId = null;
  }
  const call =
    callback !== null
      ? callbackCallFor(ctx, queue, entry, callback)
      : ctx.s.calls.get(entry.callId!);
  if (!call) return;
  makeOffer(ctx, queue, entry, call, agent);
}

/** HQ-01: a caller who could not be offered to an agent on arrival enters the hold queue. */
function finishUnrouted(ctx: Ctx): void {
  while (ctx.unrouted.length > 0) {
    const entry = ctx.unrouted.pop()!;
    if (entry.offerId !== null || !ctx.s.entries.has(entry.id) || entry.callId === null) continue;
    const call = ctx.s.calls.get(entry.callId);
    if (call && call.state === 'routing') enterHold(ctx, call, entry);
  }
}
