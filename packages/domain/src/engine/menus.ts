import type { Call } from '../model/call.js';
import type { Queue } from '../model/queue.js';
import type { QueueEntry } from '../model/entry.js';
import { prompt, type PromptId } from '../model/prompts.js';
import { ERROR_CATALOGUE, isDomainError, type ErrorCode, type ErrorSpec } from '../errors.js';
import type { Ctx } from './context.js';
import { moveCall } from './transitions.js';
import { collect, play } from './calls.js';
import { waitingCount, removeEntry } from './line.js';
import { withdrawOffer } from './offers.js';
import { startVoicemail } from './voicemail.js';
import { createCallback, onGreetingDigits } from './callbacks.js';
import { checkDomesticNumber, defaultPolicy } from '../policy/number-policy.js';
import { isOpen, nextLocalTime } from '../policy/business-hours.js';

const MENU_TIMEOUT_MS = 10_000;
const ENTRY_TIMEOUT_MS = 20_000;
const ENTRY_TRIES = 3;

/** A key pressed while on hold (HQ-02): the callback key (QCB-02) or the voicemail key. */
export function onQueueDigit(
  ctx: Ctx,
  call: Call,
  entry: QueueEntry,
  queue: Queue,
  digit: string,
): void {
  if (queue.voicemailKey !== null && digit === queue.voicemailKey) {
    if (entry.offerId !== null) withdrawOffer(ctx, entry);
    removeEntry(ctx, entry, 'voicemail');
    call.entryId = null;
    startVoicemail(ctx, call);
    return;
  }
  if (digit !== queue.callback.key) return;
  if (!queue.callback.enabled || waitingCount(ctx.s, queue.id) < queue.callback.minWaiting) {
    refuse(ctx, call, queue, 'CC_ERR_CALLBACK_UNAVAILABLE', call.customerNumber);
    return;
  }
  const own = ownNumber(ctx, call, queue);
  if (own !== null && ctx.s.openCallbackByNumber.has(own)) {
    refuse(ctx, call, queue, 'CC_ERR_CALLBACK_DUPLICATE', own);
    return;
  }
  moveCall(ctx, call, 'menu');
  call.menu = { kind: 'callback-confirm' };
  play(ctx, call, [prompt('callback.confirm-menu')], 'silence');
  collect(ctx, call, 1, null, MENU_TIMEOUT_MS);
}

function ownNumber(ctx: Ctx, call: Call, queue: Queue): string | null {
  try {
    return checkDomesticNumber(call.customerNumber, policyFor(ctx, queue));
  } catch {
    return null;
  }
}

function policyFor(ctx: Ctx, queue: Queue) {
  return defaultPolicy(ctx.s.centers.get(queue.centerId)?.country ?? 'JP');
}

/** A callback refused with a message (QCB-07, QCB-11); the caller keeps waiting. */
function refuse(ctx: Ctx, call: Call, queue: Queue, code: ErrorCode, number: string): void {
  ctx.emit({ type: 'callback.refused', queueId: queue.id, callId: call.id, number, code });
  backToQueue(ctx, call, (ERROR_CATALOGUE[code] as ErrorSpec).prompt ?? 'callback.unavailable');
}

function backToQueue(ctx: Ctx, call: Call, say: PromptId | null): void {
  if (call.state === 'menu') moveCall(ctx, call, 'queued');
  call.menu = null;
  call.pendingCollectId = null;
  play(ctx, call, say ? [prompt(say)] : [], 'music');
}

/** Digits the caller typed for a menu we asked for. Stale or foreign collections are ignored. */
export function onDigitsCollected(ctx: Ctx, call: Call, collectId: string, digits: string): void {
  if (collectId !== call.pendingCollectId || call.menu === null) return;
  call.pendingCollectId = null;
  const menu = call.menu;
  if (menu.kind === 'callback-greeting') {
    const cb = call.callbackId === null ? undefined : ctx.s.callbacks.get(call.callbackId);
    if (cb && cb.state === 'awaiting-confirmation') onGreetingDigits(ctx, call, cb, digits);
    return;
  }
  const entry = call.entryId === null ? undefined : ctx.s.entries.get(call.entryId);
  const queue = entry ? ctx.s.queues.get(entry.queueId) : undefined;
  if (!entry || !queue) return;
  switch (menu.kind) {
    case 'callback-confirm':
      if (digits === '1')
        return request(ctx, call, entry, queue, call.customerNumber, null, 'callback-number');
      if (digits === '2' && queue.callback.allowOtherNumber) return askNumber(ctx, call, 0);
      if (digits === '3' && queue.callback.allowScheduled)
        return askTime(ctx, call, call.customerNumber, 0);
      return backToQueue(ctx, call, null);
    case 'callback-number':
      return request(ctx, call, entry, queue, digits, null, 'callback-number', menu.attempts);
    case 'callback-time': {
      const dueAt = parseTime(ctx, queue, digits);
      if (dueAt === null)
        return retryOrGiveUp(ctx, call, 'callback.time-invalid', menu.attempts, (n) =>
          askTime(ctx, call, menu.number, n),
        );
      return request(ctx, call, entry, queue, menu.number, dueAt, 'callback-time', menu.attempts);
    }
    case 'goodbye':
      return;
  }
}

function askNumber(ctx: Ctx, call: Call, attempts: number): void {
  call.menu = { kind: 'callback-number', attempts };
  play(ctx, call, [prompt('callback.enter-number')], 'silence');
  collect(ctx, call, 30, '#', ENTRY_TIMEOUT_MS);
}

function askTime(ctx: Ctx, call: Call, number: string, attempts: number): void {
  call.menu = { kind: 'callback-time', number, attempts };
  play(ctx, call, [prompt('callback.enter-time')], 'silence');
  // Room for the '#' the prompt asks for: ending at four digits would leave it to the next ask.
  collect(ctx, call, 5, '#', ENTRY_TIMEOUT_MS);
}

function retryOrGiveUp(
  ctx: Ctx,
  call: Call,
  say: PromptId,
  attempts: number,
  again: (n: number) => void,
): void {
  if (attempts + 1 < ENTRY_TRIES) {
    play(ctx, call, [prompt(say)], 'silence');
    again(attempts + 1);
    return;
  }
  backToQueue(ctx, call, say);
}

/** BEY-02: HHMM in the center's time zone, the next time it comes round, while open. */
function parseTime(ctx: Ctx, queue: Queue, digits: string): number | null {
  const m = /^([01]\d|2[0-3])([0-5]\d)$/.exec(digits);
  const center = ctx.s.centers.get(queue.centerId);
  if (!m || !center) return null;
  const at = nextLocalTime(`${m[1]}:${m[2]}`, center.timeZone, ctx.now);
  if (!isOpen(center.businessHours, center.timeZone, at)) return null;
  return at;
}

/**
 * Registers the request if the number passes the policy (QCB-11) and has no open request
 * (QCB-07). A typed number that fails is asked for again; the caller's own number that fails
 * is refused with its message and the caller keeps waiting.
 */
function request(
  ctx: Ctx,
  call: Call,
  entry: QueueEntry,
  queue: Queue,
  raw: string,
  dueAt: number | null,
  from: 'callback-number' | 'callback-time',
  attempts = 0,
): void {
  let number: string;
  try {
    number = checkDomesticNumber(raw, policyFor(ctx, queue));
  } catch (err) {
    if (!isDomainError(err)) throw err;
    const say = err.spec.prompt ?? 'callback.number-invalid';
    ctx.emit({
      type: 'callback.refused',
      queueId: queue.id,
      callId: call.id,
      number: raw,
      code: err.code,
    });
    if (
      from === 'callback-number' &&
      call.menu?.kind === 'callback-number' &&
      queue.callback.allowOtherNumber
    ) {
      return retryOrGiveUp(ctx, call, say, attempts, (n) => askNumber(ctx, call, n));
    }
    if (call.menu?.kind === 'callback-confirm' && queue.callback.allowOtherNumber) {
      play(ctx, call, [prompt(say)], 'silence');
      return askNumber(ctx, call, 0);
    }
    return backToQueue(ctx, call, say);
  }
  if (ctx.s.openCallbackByNumber.has(number))
    return refuse(ctx, call, queue, 'CC_ERR_CALLBACK_DUPLICATE', number);
  if (entry.offerId !== null) withdrawOffer(ctx, entry);
  createCallback(ctx, call, entry, queue, number, dueAt);
  call.menu = { kind: 'goodbye', reason: 'callback-requested' };
  play(
    ctx,
    call,
    [prompt(dueAt === null ? 'callback.confirmed' : 'callback.scheduled')],
    'silence',
  );
}
