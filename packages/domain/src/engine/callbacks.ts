import type { Agent } from '../model/agent.js';
import type { Call } from '../model/call.js';
import type { Queue } from '../model/queue.js';
import type { QueueEntry } from '../model/entry.js';
import type { CallbackEndReason, CallbackRequest } from '../model/callback.js';
import type { CallbackOutcome } from '../machines/callback-machine.js';
import type { LegFailure } from '../io/inputs.js';
import { prompt } from '../model/prompts.js';
import { DomainError } from '../errors.js';
import type { Ctx } from './context.js';
import { moveAgent, moveCall, moveCallback } from './transitions.js';
import { collect, endCall, newCall, newLeg, play } from './calls.js';
import { insertEntry, removeEntry, positionOf } from './line.js';
import { scheduleMaxWait } from './hold-queue.js';
import { withdrawOffer } from './offers.js';

const GREETING_TIMEOUT_MS = 10_000;
const GREETING_TRIES = 2;

function reservationRelease(ctx: Ctx, cb: CallbackRequest): void {
  if (cb.reservedAgentId === null) return;
  const agent = ctx.s.agents.get(cb.reservedAgentId);
  if (agent && agent.reservedFor === cb.id) {
    agent.reservedFor = null;
    ctx.needsDispatch = true;
  }
  cb.reservedAgentId = null;
}

/** Ends a request with one of the four outcomes (QCB-14) and frees its number (QCB-07). */
export function completeCallback(
  ctx: Ctx,
  cb: CallbackRequest,
  outcome: CallbackOutcome,
  reason: CallbackEndReason,
): void {
  if (cb.state === 'completed') return;
  moveCallback(ctx, cb, 'completed');
  cb.outcome = outcome;
  cb.endReason = reason;
  cb.completedAt = ctx.now;
  if (outcome === 'connected') cb.connectedAt = ctx.now;
  reservationRelease(ctx, cb);
  ctx.s.unbacked.delete(cb.id);
  if (ctx.s.openCallbackByNumber.get(cb.number) === cb.id)
    ctx.s.openCallbackByNumber.delete(cb.number);
  ctx.command({ type: 'timer.cancel', timer: { kind: 'callback-retry', callbackId: cb.id } });
  ctx.command({ type: 'timer.cancel', timer: { kind: 'callback-due', callbackId: cb.id } });
  const entry = cb.entryId === null ? undefined : ctx.s.entries.get(cb.entryId);
  // The customer left while an agent's phone rang: withdraw it, no fault of the agent's.
  if (entry && entry.offerId !== null) withdrawOffer(ctx, entry);
  if (entry) removeEntry(ctx, entry, 'callback-completed');
  cb.entryId = null;
  ctx.emit({
    type: 'callback.completed',
    callbackId: cb.id,
    queueId: cb.queueId,
    outcome,
    reason,
    firstJoinedAt: cb.firstJoinedAt,
    connectedWaitMs: outcome === 'connected' ? ctx.now - cb.firstJoinedAt : null,
  });
  ctx.s.callbacks.delete(cb.id);
}

/**
 * QCB-02: the caller's entry becomes the callback request in place; the caller hears the
 * confirmation (the runtime commits these events before it plays anything) and the call ends.
 * BEY-02: a request for a chosen time leaves the line and joins it again when due.
 */
export function createCallback(
  ctx: Ctx,
  call: Call,
  entry: QueueEntry,
  queue: Queue,
  number: string,
  dueAt: number | null,
): CallbackRequest {
  const cb: CallbackRequest = {
    id: ctx.id('cb'),
    centerId: queue.centerId,
    queueId: queue.id,
    number,
    callerId: queue.callerId ?? call.ourNumber,
    requestCallId: call.id,
    requestedAt: ctx.now,
    firstJoinedAt: dueAt ?? entry.firstJoinedAt,
    seq: dueAt === null ? entry.seq : ctx.s.seq,
    state: dueAt === null ? 'pending' : 'scheduled',
    entryId: null,
    dueAt,
    attempts: 0,
    callIds: [],
    reservedAgentId: null,
    outcome: null,
    endReason: null,
    completedAt: null,
    connectedAt: null,
  };
  ctx.s.callbacks.set(cb.id, cb);
  ctx.s.openCallbackByNumber.set(number, cb.id);
  ctx.command({ type: 'timer.cancel', timer: { kind: 'announce', entryId: entry.id } });
  if (dueAt === null) {
    entry.callId = null;
    entry.callbackId = cb.id;
    cb.entryId = entry.id;
    scheduleMaxWait(ctx, queue, entry);
    ctx.needsDispatch = true;
  } else {
    removeEntry(ctx, entry, 'scheduled');
    ctx.command({
      type: 'timer.set',
      timer: { kind: 'callback-due', callbackId: cb.id },
      at: dueAt,
    });
  }
  call.entryId = null;
  ctx.emit({
    type: 'callback.requested',
    callbackId: cb.id,
    centerId: cb.centerId,
    queueId: queue.id,
    number,
    callerId: cb.callerId,
    requestCallId: call.id,
    firstJoinedAt: cb.firstJoinedAt,
    seq: cb.seq,
    dueAt,
  });
  return cb;
}

/** BEY-02: the chosen time came; the request joins the line as of now. */
export function onCallbackDue(ctx: Ctx, callbackId: string): void {
  const cb = ctx.s.callbacks.get(callbackId);
  const queue = cb ? ctx.s.queues.get(cb.queueId) : undefined;
  if (!cb || !queue || cb.state !== 'scheduled') return;
  const entry: QueueEntry = {
    id: ctx.id('entry'),
    queueId: queue.id,
    firstJoinedAt: ctx.now,
    seq: ctx.s.seq,
    callId: null,
    callbackId: cb.id,
    offerId: null,
    declinedBy: [],
    estimatedWaitMs: null,
    onHold: true,
  };
  insertEntry(ctx, entry);
  cb.entryId = entry.id;
  moveCallback(ctx, cb, 'pending');
  ctx.emit({
    type: 'queue.joined',
    queueId: queue.id,
    entryId: entry.id,
    callId: null,
    callbackId: cb.id,
    firstJoinedAt: entry.firstJoinedAt,
    position: positionOf(ctx.s, entry),
    estimatedWaitMs: null,
  });
  scheduleMaxWait(ctx, queue, entry);
}

function dialCustomer(ctx: Ctx, call: Call, cb: CallbackRequest, queue: Queue): void {
  cb.attempts += 1;
  cb.callIds.push(call.id);
  moveCallback(ctx, cb, 'dialing-customer');
  const leg = newLeg(ctx, call, { role: 'customer', direction: 'outbound', state: 'originating' });
  ctx.command({
    type: 'leg.originate',
    legId: leg.id,
    callId: call.id,
    target: { kind: 'number', number: cb.number },
    callerId: cb.callerId,
    ringTimeoutMs: queue.callback.dialTimeoutSec * 1000,
    display: null,
  });
  ctx.emit({ type: 'callback.attempt', callbackId: cb.id, callId: call.id, attempt: cb.attempts });
}

/**
 * QCB-04/05 customer-first: the request is at the head and `agent` is free. The agent is
 * counted against this callback (never more in flight than free agents) and the customer
 * is dialled with the queue's caller ID.
 */
export function releaseCallback(
  ctx: Ctx,
  queue: Queue,
  entry: QueueEntry,
  cb: CallbackRequest,
  agent: Agent,
): void {
  agent.reservedFor = cb.id;
  cb.reservedAgentId = agent.id;
  const call = newCall(ctx, {
    kind: 'callback',
    centerId: cb.centerId,
    state: 'dialing',
    customerNumber: cb.number,
    ourNumber: cb.callerId,
    queueId: queue.id,
    callbackId: cb.id,
  });
  call.entryId = entry.id;
  entry.callId = call.id;
  dialCustomer(ctx, call, cb, queue);
}

/** QCB-06 agent-first: the callback call exists from the offer on; the customer is dialled later. */
export function callbackCallFor(
  ctx: Ctx,
  queue: Queue,
  entry: QueueEntry,
  cb: CallbackRequest,
): Call {
  const existing = entry.callId === null ? undefined : ctx.s.calls.get(entry.callId);
  const call =
    existing ??
    newCall(ctx, {
      kind: 'callback',
      centerId: cb.centerId,
      state: 'routing',
      customerNumber: cb.number,
      ourNumber: cb.callerId,
      queueId: queue.id,
      callbackId: cb.id,
    });
  call.entryId = entry.id;
  entry.callId = call.id;
  if (cb.state === 'pending') moveCallback(ctx, cb, 'offering-agent');
  return call;
}

/** Agent-first: the agent answered "Callback from <number>"; now the customer is dialled. */
export function onCallbackAgentAnswered(
  ctx: Ctx,
  call: Call,
  cb: CallbackRequest,
  agent: Agent,
): void {
  const queue = ctx.s.queues.get(cb.queueId);
  if (!queue) return;
  moveAgent(ctx, agent, 'dialing', null);
  moveCall(ctx, call, 'dialing');
  dialCustomer(ctx, call, cb, queue);
}

/** The customer answered the callback. Customer-first: "press 1 to be connected, 2 to cancel". */
export function onCallbackCustomerAnswered(
  ctx: Ctx,
  call: Call,
  cb: CallbackRequest,
): 'connect' | 'menu' {
  // Agent-first: the agent is already on the call and waiting for the customer.
  if (call.agentId !== null && call.agentLegId !== null) return 'connect';
  moveCallback(ctx, cb, 'awaiting-confirmation');
  moveCall(ctx, call, 'menu');
  call.menu = { kind: 'callback-greeting', attempts: 0 };
  play(ctx, call, [prompt('callback.greeting')], 'silence');
  collect(ctx, call, 1, null, GREETING_TIMEOUT_MS);
  return 'menu';
}

export function onGreetingDigits(ctx: Ctx, call: Call, cb: CallbackRequest, digits: string): void {
  if (digits === '1') {
    moveCallback(ctx, cb, 'waiting-agent');
    moveCall(ctx, call, 'queued');
    call.menu = null;
    play(ctx, call, [prompt('callback.connecting')], 'music');
    ctx.needsDispatch = true;
    return;
  }
  const step =
    call.menu?.kind === 'callback-greeting'
      ? call.menu
      : { kind: 'callback-greeting' as const, attempts: 0 };
  if (digits !== '2' && step.attempts + 1 < GREETING_TRIES) {
    call.menu = { kind: 'callback-greeting', attempts: step.attempts + 1 };
    play(ctx, call, [prompt('callback.greeting')], 'silence');
    collect(ctx, call, 1, null, GREETING_TIMEOUT_MS);
    return;
  }
  completeCallback(ctx, cb, 'no-answer-or-declined', digits === '2' ? 'declined' : 'no-input');
  call.menu = { kind: 'goodbye', reason: 'callback-declined' };
  play(ctx, call, [prompt('callback.cancelled')], 'silence');
}

/** The customer's phone did not answer, was busy, or could not be reached (QCB-08 retries). */
export function onCallbackDialFailed(
  ctx: Ctx,
  call: Call,
  cb: CallbackRequest,
  reason: LegFailure,
): void {
  reservationRelease(ctx, cb);
  const entry = cb.entryId === null ? undefined : ctx.s.entries.get(cb.entryId);
  if (entry && entry.callId === call.id) entry.callId = null;
  call.entryId = null;
  endCall(
    ctx,
    call,
    reason === 'busy' ? 'busy' : reason === 'unreachable' ? 'unreachable' : 'no-answer',
  );
  const queue = ctx.s.queues.get(cb.queueId);
  const retry = queue?.callback.retry ?? { maxAttempts: 0, intervalSec: 300 };
  const nextAt = ctx.now + retry.intervalSec * 1000;
  const expiresAt = queue && entry ? entry.firstJoinedAt + queue.maxWaitSec * 1000 : 0;
  const endReason: CallbackEndReason =
    reason === 'busy' ? 'busy' : reason === 'unreachable' ? 'unreachable' : 'no-answer';
  if (cb.attempts <= retry.maxAttempts && entry && nextAt < expiresAt) {
    moveCallback(ctx, cb, 'retry-wait');
    ctx.command({
      type: 'timer.set',
      timer: { kind: 'callback-retry', callbackId: cb.id },
      at: nextAt,
    });
    return;
  }
  completeCallback(ctx, cb, 'no-answer-or-declined', endReason);
}

/**
 * Agent-first (QCB-06): the agent left while the customer was still being dialled. The attempt
 * ends like an unanswered dial (retry policy, then an outcome), so the request never hangs.
 */
export function onCallbackAgentGone(ctx: Ctx, call: Call): boolean {
  const cb = call.callbackId === null ? undefined : ctx.s.callbacks.get(call.callbackId);
  if (!cb || cb.state !== 'dialing-customer') return false;
  onCallbackDialFailed(ctx, call, cb, 'no-answer');
  return true;
}

export function onCallbackRetryTimer(ctx: Ctx, callbackId: string): void {
  const cb = ctx.s.callbacks.get(callbackId);
  if (!cb || cb.state !== 'retry-wait') return;
  moveCallback(ctx, cb, 'pending');
  ctx.needsDispatch = true;
}

/** The customer hung up on the callback call before talking to an agent. */
export function onCallbackCustomerGone(ctx: Ctx, call: Call, cb: CallbackRequest): void {
  if (cb.state === 'awaiting-confirmation')
    completeCallback(ctx, cb, 'no-answer-or-declined', 'declined');
  else if (cb.state === 'waiting-agent')
    completeCallback(ctx, cb, 'accepted-not-connected', 'hung-up-before-agent');
  else if (cb.state === 'dialing-customer')
    completeCallback(ctx, cb, 'no-answer-or-declined', 'no-answer');
  endCall(ctx, call, 'caller-hangup');
}

/**
 * QCB-09: max wait reached before the system placed the callback: outcome "no callback". An
 * agent-first request still ringing its agent is not placed yet: its offer is withdrawn.
 */
export function expireCallback(ctx: Ctx, callbackId: string): void {
  const cb = ctx.s.callbacks.get(callbackId);
  const open = ['pending', 'retry-wait', 'scheduled', 'offering-agent'];
  if (!cb || !open.includes(cb.state)) return;
  closeWithoutCalling(
    ctx,
    cb,
    cb.attempts > 0 ? 'no-answer-or-declined' : 'no-callback',
    'expired',
  );
}

/** Admin cancels a request that is not in progress. */
export function cancelCallback(ctx: Ctx, callbackId: string): void {
  const cb = ctx.s.callbacks.get(callbackId);
  if (!cb) throw new DomainError('CC_ERR_CALLBACK_NOT_FOUND', { callbackId });
  if (!(cb.state === 'pending' || cb.state === 'retry-wait' || cb.state === 'scheduled')) {
    throw new DomainError('CC_ERR_CALLBACK_CLOSED', { callbackId, state: cb.state });
  }
  // A customer already dialled without success was called back: "no callback" would hide it.
  closeWithoutCalling(
    ctx,
    cb,
    cb.attempts > 0 ? 'no-answer-or-declined' : 'no-callback',
    'cancelled',
  );
}

function closeWithoutCalling(
  ctx: Ctx,
  cb: CallbackRequest,
  outcome: CallbackOutcome,
  reason: CallbackEndReason,
): void {
  const entry = cb.entryId === null ? undefined : ctx.s.entries.get(cb.entryId);
  const call = entry?.callId ? ctx.s.calls.get(entry.callId) : undefined;
  completeCallback(ctx, cb, outcome, reason);
  if (call) endCall(ctx, call, 'cancelled', 'cancelled');
}
