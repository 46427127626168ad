import { z } from 'zod';
import { CallerIdSchema } from '@tsunagu/domain';
import type { TypedApi } from '../app.js';
import type { ApiDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { requirePrincipal } from '../guard.js';
import { ROLES, canUseCallerId } from '../principal.js';
import { ListOf, PhoneNumber, PathId, TAGS, errorResponses } from '../schemas/common.js';
import { centerNow, upsertCenter } from './centers.js';
import { centerFromPath } from './resolve.js';

const NumberParams = z.object({ centerId: PathId, number: PhoneNumber });
const CallerIdOut = z.object({ number: z.string(), label: z.string() });

/**
 * The center's own numbers, shown to customers on outbound calls and callbacks (AGT-05,
 * QCB-04). Everyone sees the numbers they may use (SUP-02: per caller ID); the system admin
 * manages the list, since the numbers come from the telephone carrier.
 */
export function callerIdRoutes(app: TypedApi, deps: ApiDeps): void {
  const base = '/api/v1/centers/:centerId/caller-ids';

  app.get(
    base,
    {
      config: { guard: { roles: ROLES, center: centerFromPath } },
      schema: {
        tags: [TAGS.centers],
        summary: 'The center’s caller IDs you may use / 使用できるセンターの発信者番号',
        params: z.object({ centerId: PathId }),
        response: { 200: ListOf(CallerIdOut), ...errorResponses(404) },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const center = centerNow(deps, request.params.centerId);
      return { items: center.callerIds.filter((c) => canUseCallerId(principal, c.number)) };
    },
  );

  app.post(
    base,
    {
      config: { guard: { roles: ['admin'], center: centerFromPath } },
      schema: {
        tags: [TAGS.centers],
        summary: 'Add a caller ID (system admin) / 発信者番号の追加（システム管理者）',
        params: z.object({ centerId: PathId }),
        body: z.strictObject(CallerIdSchema.shape),
        response: { 201: CallerIdOut, ...errorResponses(400, 404, 409) },
      },
    },
    async (request, reply) => {
      const center = centerNow(deps, request.params.centerId);
      if (center.callerIds.some((c) => c.number === request.body.number))
        throw new ApiError('CC_ERR_CONFLICT', { number: request.body.number });
      await upsertCenter(deps, { ...center, callerIds: [...center.callerIds, request.body] });
      return reply.status(201).send(request.body);
    },
  );

  app.put(
    `${base}/:number`,
    {
      config: { guard: { roles: ['admin'], center: centerFromPath } },
      schema: {
        tags: [TAGS.centers],
        summary:
          'Add or relabel a caller ID (system admin) / 発信者番号の追加・名称変更（システム管理者）',
        params: NumberParams,
        body: z.strictObject({ label: CallerIdSchema.shape.label }),
        response: { 200: CallerIdOut, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const center = centerNow(deps, request.params.centerId);
      const entry = { number: request.params.number, label: request.body.label };
      const exists = center.callerIds.some((c) => c.number === entry.number);
      const callerIds = exists
        ? center.callerIds.map((c) => (c.number === entry.number ? entry : c))
        : [...center.callerIds, entry];
      await upsertCenter(deps, { ...center, callerIds });
      return entry;
    },
  );

  app.delete(
    `${base}/:number`,
    {
      config: { guard: { roles: ['admin'], center: centerFromPath } },
      schema: {
        tags: [TAGS.centers],
        summary:
          'Remove a caller ID no queue uses (system admin) / 発信者番号の削除（システム管理者）',
        params: NumberParams,
        response: { 204: z.null(), ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const { centerId, number } = request.params;
      const center = centerNow(deps, centerId);
      if (!center.callerIds.some((c) => c.number === number))
        throw new ApiError('CC_ERR_NOT_FOUND', { number });
      // A queue's callbacks would go out with a number the center no longer has.
      for (const queue of deps.engine.state.queues.values()) {
        if (queue.centerId === centerId && queue.callerId === number)
          throw new ApiError('CC_ERR_REFERENCE_INVALID', { number, usedByQueue: queue.id });
      }
      await upsertCenter(deps, {
        ...center,
        callerIds: center.callerIds.filter((c) => c.number !== number),
      });
      return reply.status(204).send(null);
    },
  );
}
