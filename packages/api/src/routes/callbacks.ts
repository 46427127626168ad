import { z } from 'zod';
import { positionOf, type CallbackRequest, type EngineState } from '@tsunagu/domain';
import type { TypedApi } from '../app.js';
import type { ApiDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { requirePrincipal } from '../guard.js';
import { canUseCallerId } from '../principal.js';
import {
  Instant,
  InstantQuery,
  PathId,
  QueueParams,
  TAGS,
  errorResponses,
  iso,
  isoOrNull,
} from '../schemas/common.js';
import { SUPERVISORS, centerOfCallback, centerOfQueue, submitOrThrow } from './resolve.js';

const CallbackOut = z.object({
  callbackId: z.string(),
  queueId: z.string(),
  number: z.string(),
  callerId: z.string(),
  state: z.string(),
  position: z
    .number()
    .int()
    .nullable()
    .meta({ description: 'Place in the line; null while scheduled for a later time (BEY-02)' }),
  requestedAt: Instant,
  firstJoinedAt: Instant,
  waitMs: z.number().int().meta({ description: 'Time since the caller first joined the queue' }),
  dueAt: Instant.nullable(),
  attempts: z.number().int(),
  requestCallId: z.string(),
});

function callbackView(s: EngineState, cb: CallbackRequest, now: number) {
  const entry = cb.entryId === null ? undefined : s.entries.get(cb.entryId);
  return {
    callbackId: cb.id,
    queueId: cb.queueId,
    number: cb.number,
    callerId: cb.callerId,
    state: cb.state,
    position: entry ? positionOf(s, entry) : null,
    requestedAt: iso(cb.requestedAt),
    firstJoinedAt: iso(cb.firstJoinedAt),
    waitMs: Math.max(0, now - cb.firstJoinedAt),
    dueAt: isoOrNull(cb.dueAt),
    attempts: cb.attempts,
    requestCallId: cb.requestCallId,
  };
}

/**
 * Callback administration: the open requests of a queue in their order, with place and wait
 * (HQ-05, QCB-02), and cancelling one before it is dialled. A cancelled request ends with the
 * outcome "no callback" (or "no answer" when an attempt was already made), QCB-14. Re-timing
 * moves a request out of the line until the new time, as if the customer had chosen it (BEY-02).
 */
export function callbackRoutes(app: TypedApi, deps: ApiDeps): void {
  app.get(
    '/api/v1/queues/:queueId/callbacks',
    {
      config: { guard: { roles: SUPERVISORS, center: centerOfQueue } },
      schema: {
        tags: [TAGS.callbacks],
        summary:
          'Open callback requests of a queue, in order, with place and wait / キューのコールバック予約一覧',
        params: QueueParams,
        response: { 200: z.object({ items: z.array(CallbackOut) }), ...errorResponses(404) },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const s = deps.engine.state;
      const now = deps.engine.now();
      const items = [...s.callbacks.values()]
        .filter(
          (cb) =>
            cb.queueId === request.params.queueId &&
            cb.state !== 'completed' &&
            canUseCallerId(principal, cb.callerId),
        )
        .sort((a, b) => a.firstJoinedAt - b.firstJoinedAt || a.seq - b.seq)
        .map((cb) => callbackView(s, cb, now));
      return { items };
    },
  );

  app.post(
    '/api/v1/callbacks/:callbackId/cancel',
    {
      config: { guard: { roles: SUPERVISORS, center: centerOfCallback } },
      schema: {
        tags: [TAGS.callbacks],
        summary: 'Cancel a callback request not yet being dialled / コールバック予約の取り消し',
        params: z.object({ callbackId: PathId }),
        response: {
          200: z.object({ callbackId: z.string(), outcome: z.string(), reason: z.string() }),
          ...errorResponses(404, 409),
        },
      },
    },
    async (request) => {
      const { callbackId } = request.params;
      const cb = deps.engine.state.callbacks.get(callbackId);
      if (cb && !canUseCallerId(requirePrincipal(request), cb.callerId))
        throw new ApiError('CC_ERR_FORBIDDEN', { callbackId });
      const result = await submitOrThrow(deps, { type: 'callback.cancel', callbackId });
      const done = result.events.find(
        (e) => e.type === 'callback.completed' && e.callbackId === callbackId,
      );
      return {
        callbackId,
        outcome: done?.type === 'callback.completed' ? done.outcome : 'no-callback',
        reason: done?.type === 'callback.completed' ? done.reason : 'cancelled',
      };
    },
  );

  app.post(
    '/api/v1/callbacks/:callbackId/reschedule',
    {
      config: { guard: { roles: SUPERVISORS, center: centerOfCallback } },
      schema: {
        tags: [TAGS.callbacks],
        summary:
          'Re-time a callback request: a later time, or now / コールバック予約の日時変更（指定日時または今すぐ）',
        description:
          'A time takes the request out of the line until then (it joins as of that time, like a ' +
          'time the customer chose by keypad); `null` puts a scheduled request in the line now. ' +
          'Only requests not being dialled or offered can be re-timed (409). The time must be in ' +
          "the future and within the center's business hours (400 CC_ERR_SCHEDULE_INVALID).",
        params: z.object({ callbackId: PathId }),
        body: z.strictObject({
          dueAt: InstantQuery.nullable().meta({
            description: 'ISO 8601 with offset, e.g. 2026-11-24T10:00:00+09:00; null: now',
          }),
        }),
        response: { 200: CallbackOut, ...errorResponses(400, 404, 409) },
      },
    },
    async (request) => {
      const { callbackId } = request.params;
      const cb = deps.engine.state.callbacks.get(callbackId);
      if (cb && !canUseCallerId(requirePrincipal(request), cb.callerId))
        throw new ApiError('CC_ERR_FORBIDDEN', { callbackId });
      const dueAt = request.body.dueAt === null ? null : Date.parse(request.body.dueAt);
      await submitOrThrow(deps, { type: 'callback.reschedule', callbackId, dueAt });
      const after = deps.engine.state.callbacks.get(callbackId);
      if (!after) throw new ApiError('CC_ERR_CALLBACK_NOT_FOUND', { callbackId });
      return callbackView(deps.engine.state, after, deps.engine.now());
    },
  );
}
