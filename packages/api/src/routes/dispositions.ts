import { z } from 'zod';
import { DispositionSchema } from '@tsunagu/domain';
import type { TypedApi } from '../app.js';
import type { ApiDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { ROLES } from '../principal.js';
import { IdSchema, ListOf, PathId, TAGS, errorResponses } from '../schemas/common.js';
import { centerNow, upsertCenter } from './centers.js';
import { MANAGERS, centerFromPath } from './resolve.js';

const DispositionParams = z.object({ centerId: PathId, dispositionId: PathId });
const DispositionOut = z.object({
  id: z.string(),
  label: z.string(),
  labelJa: z.string().optional(),
});
const LabelsBody = z.strictObject({
  label: DispositionSchema.shape.label,
  labelJa: DispositionSchema.shape.labelJa,
});

/**
 * Dispositions, the call types an agent sets on a call (SUP-05), per center. Supervisors
 * of the center and admins manage them; everyone in the center reads them. Calls keep the
 * id they were given when a disposition is later removed.
 */
export function dispositionRoutes(app: TypedApi, deps: ApiDeps): void {
  const base = '/api/v1/centers/:centerId/dispositions';

  app.get(
    base,
    {
      config: { guard: { roles: ROLES, center: centerFromPath } },
      schema: {
        tags: [TAGS.centers],
        summary: 'The center’s dispositions (SUP-05) / センターの通話タイプ一覧',
        params: z.object({ centerId: PathId }),
        response: { 200: ListOf(DispositionOut), ...errorResponses(404) },
      },
    },
    async (request) => ({ items: centerNow(deps, request.params.centerId).dispositions }),
  );

  app.post(
    base,
    {
      config: { guard: { roles: MANAGERS, center: centerFromPath } },
      schema: {
        tags: [TAGS.centers],
        summary: 'Add a disposition (SUP-05) / 通話タイプの追加',
        params: z.object({ centerId: PathId }),
        body: z.strictObject({ ...DispositionSchema.shape, id: IdSchema }),
        response: { 201: DispositionOut, ...errorResponses(400, 404, 409) },
      },
    },
    async (request, reply) => {
      const center = centerNow(deps, request.params.centerId);
      if (center.dispositions.some((d) => d.id === request.body.id))
        throw new ApiError('CC_ERR_CONFLICT', { dispositionId: request.body.id });
      const after = await upsertCenter(deps, {
        ...center,
        dispositions: [...center.dispositions, request.body],
      });
      return reply.status(201).send(after.dispositions.find((d) => d.id === request.body.id)!);
    },
  );

  app.put(
    `${base}/:dispositionId`,
    {
      config: { guard: { roles: MANAGERS, center: centerFromPath } },
      schema: {
        tags: [TAGS.centers],
        summary: 'Change a disposition’s labels (SUP-05) / 通話タイプの名称変更',
        params: DispositionParams,
        body: LabelsBody,
        response: { 200: DispositionOut, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const { centerId, dispositionId } = request.params;
      const center = centerNow(deps, centerId);
      if (!center.dispositions.some((d) => d.id === dispositionId))
        throw new ApiError('CC_ERR_NOT_FOUND', { dispositionId });
      const changed = { id: dispositionId, ...request.body };
      const after = await upsertCenter(deps, {
        ...center,
        dispositions: center.dispositions.map((d) => (d.id === dispositionId ? changed : d)),
      });
      return after.dispositions.find((d) => d.id === dispositionId)!;
    },
  );

  app.delete(
    `${base}/:dispositionId`,
    {
      config: { guard: { roles: MANAGERS, center: centerFromPath } },
      schema: {
        tags: [TAGS.centers],
        summary: 'Remove a disposition (SUP-05) / 通話タイプの削除',
        params: DispositionParams,
        response: { 204: z.null(), ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      const { centerId, dispositionId } = request.params;
      const center = centerNow(deps, centerId);
      if (!center.dispositions.some((d) => d.id === dispositionId))
        throw new ApiError('CC_ERR_NOT_FOUND', { dispositionId });
      await upsertCenter(deps, {
        ...center,
        dispositions: center.dispositions.filter((d) => d.id !== dispositionId),
      });
      return reply.status(204).send(null);
    },
  );
}
