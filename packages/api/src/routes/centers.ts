import { z } from 'zod';
import { BusinessHoursSchema, type Center, type CenterInput } from '@tsunagu/domain';
import type { TypedApi } from '../app.js';
import type { ApiDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { requirePrincipal } from '../guard.js';
import { ROLES, canSeeCenter } from '../principal.js';
import { CenterParams, ListOf, TAGS, errorResponses } from '../schemas/common.js';
import {
  CENTER_PATCH_SHAPE,
  CenterCreateBody,
  CenterOut,
  CenterPatchBody,
  CenterPutBody,
} from '../schemas/config.js';
import { mergePatch } from '../schemas/patch.js';
import { centerFromPath, submitOrThrow } from './resolve.js';

/** The center as the engine holds it now (after a committed change). */
export function centerNow(deps: ApiDeps, id: string): Center {
  const center = deps.engine.state.centers.get(id);
  if (!center) throw new ApiError('CC_ERR_CENTER_NOT_FOUND', { centerId: id });
  return center;
}

/** Writes a whole center through the engine, which validates it (bad input changes nothing). */
export async function upsertCenter(deps: ApiDeps, center: CenterInput): Promise<Center> {
  await submitOrThrow(deps, { type: 'center.upsert', center });
  return centerNow(deps, center.id);
}

/**
 * Centers (admin creates and changes them; supervisors and agents read their own) and their
 * business hours (HQ-06). Caller IDs and dispositions have their own modules.
 */
export function centerRoutes(app: TypedApi, deps: ApiDeps): void {
  app.get(
    '/api/v1/centers',
    {
      config: { guard: { roles: ROLES } },
      schema: {
        tags: [TAGS.centers],
        summary: 'List the centers you may see / 参照できるセンターの一覧',
        response: { 200: ListOf(CenterOut), ...errorResponses() },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const items = [...deps.engine.state.centers.values()].filter((c) =>
        canSeeCenter(principal, c.id),
      );
      return { items: items.sort(byId) };
    },
  );

  app.get(
    '/api/v1/centers/:centerId',
    {
      config: { guard: { roles: ROLES, center: centerFromPath } },
      schema: {
        tags: [TAGS.centers],
        summary: 'Read a center / センターの取得',
        params: CenterParams,
        response: { 200: CenterOut, ...errorResponses(404) },
      },
    },
    async (request) => centerNow(deps, request.params.centerId),
  );

  app.post(
    '/api/v1/centers',
    {
      config: { guard: { roles: ['admin'] } },
      schema: {
        tags: [TAGS.centers],
        summary: 'Create a center (system admin) / センターの作成（システム管理者）',
        body: CenterCreateBody,
        response: { 201: CenterOut, ...errorResponses(400, 409) },
      },
    },
    async (request, reply) => {
      if (deps.engine.state.centers.has(request.body.id))
        throw new ApiError('CC_ERR_CONFLICT', { centerId: request.body.id });
      const center = await upsertCenter(deps, request.body);
      return reply.status(201).send(center);
    },
  );

  app.put(
    '/api/v1/centers/:centerId',
    {
      config: { guard: { roles: ['admin'], center: centerFromPath } },
      schema: {
        tags: [TAGS.centers],
        summary:
          'Replace a center’s settings; omitted fields take their defaults (system admin) / センター設定の置き換え（システム管理者）',
        params: CenterParams,
        body: CenterPutBody,
        response: { 200: CenterOut, ...errorResponses(400, 404) },
      },
    },
    async (request) =>
      upsertCenter(deps, { ...request.body, id: request.params.centerId } as CenterInput),
  );

  app.patch(
    '/api/v1/centers/:centerId',
    {
      config: { guard: { roles: ['admin'], center: centerFromPath } },
      schema: {
        tags: [TAGS.centers],
        summary:
          'Change some of a center’s settings (system admin) / センター設定の一部変更（システム管理者）',
        params: CenterParams,
        body: CenterPatchBody,
        response: { 200: CenterOut, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const current = centerNow(deps, request.params.centerId);
      return upsertCenter(deps, mergePatch(current, request.body, CENTER_PATCH_SHAPE));
    },
  );

  app.get(
    '/api/v1/centers/:centerId/business-hours',
    {
      config: { guard: { roles: ROLES, center: centerFromPath } },
      schema: {
        tags: [TAGS.centers],
        summary: 'Business hours of a center (HQ-06) / センターの営業時間',
        params: CenterParams,
        response: { 200: BusinessHoursOut, ...errorResponses(404) },
      },
    },
    async (request) => {
      const center = centerNow(deps, request.params.centerId);
      return { ...center.businessHours, timeZone: center.timeZone };
    },
  );

  app.put(
    '/api/v1/centers/:centerId/business-hours',
    {
      config: { guard: { roles: ['admin', 'supervisor'], center: centerFromPath } },
      schema: {
        tags: [TAGS.centers],
        summary:
          'Set the weekly opening hours and closed dates (HQ-06); applies at once / 営業時間と休業日の設定',
        params: CenterParams,
        body: z.strictObject(BusinessHoursSchema.shape),
        response: { 200: BusinessHoursOut, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const current = centerNow(deps, request.params.centerId);
      const center = await upsertCenter(deps, { ...current, businessHours: request.body });
      return { ...center.businessHours, timeZone: center.timeZone };
    },
  );
}

const BusinessHoursOut = BusinessHoursSchema.extend({
  timeZone: z.string().meta({ description: 'The center’s time zone the hours are in' }),
});

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
