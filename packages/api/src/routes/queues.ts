import { z } from 'zod';
import type { Queue, QueueInput } from '@tsunagu/domain';
import type { TypedApi } from '../app.js';
import type { ApiDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { requirePrincipal } from '../guard.js';
import { ROLES } from '../principal.js';
import { ListOf, PathId, QueueParams, TAGS, errorResponses } from '../schemas/common.js';
import {
  MembersBody,
  MembersOut,
  QUEUE_PATCH_SHAPE,
  QueueCreateBody,
  QueueOut,
  QueuePatchBody,
  QueuePutBody,
} from '../schemas/config.js';
import { mergePatch } from '../schemas/patch.js';
import {
  MANAGERS,
  centerFromBody,
  centerFromQuery,
  centerOfQueue,
  submitOrThrow,
  visible,
} from './resolve.js';

function queueNow(deps: ApiDeps, id: string): Queue {
  const queue = deps.engine.state.queues.get(id);
  if (!queue) throw new ApiError('CC_ERR_QUEUE_NOT_FOUND', { queueId: id });
  return queue;
}

/** QCB-01: settings go through the engine and apply at once, also to callers waiting now. */
async function upsertQueue(deps: ApiDeps, queue: QueueInput): Promise<Queue> {
  await submitOrThrow(deps, { type: 'queue.upsert', queue });
  return queueNow(deps, queue.id);
}

function membersOf(deps: ApiDeps, queue: Queue) {
  return {
    queueId: queue.id,
    members: queue.members.map((agentId, i) => ({
      position: i + 1,
      agentId,
      name: deps.engine.state.agents.get(agentId)?.name ?? agentId,
    })),
  };
}

/**
 * Queues with all their settings: hold-queue options (HQ-02, HQ-04), callbacks (QCB-01,
 * QCB-17), ring timeout policy (AGT-03), wrap-up and after-call status (AGT-06, CTI-09),
 * strategy, skills and priority (BEY-03), and the routing order of members (AGT-02).
 */
export function queueRoutes(app: TypedApi, deps: ApiDeps): void {
  app.get(
    '/api/v1/queues',
    {
      config: { guard: { roles: ROLES, center: centerFromQuery } },
      schema: {
        tags: [TAGS.queues],
        summary: 'List queues, optionally of one center / キューの一覧',
        querystring: z.object({ centerId: PathId.optional() }),
        response: { 200: ListOf(QueueOut), ...errorResponses(404) },
      },
    },
    async (request) => {
      const { centerId } = request.query;
      const all = [...deps.engine.state.queues.values()].filter(
        (q) => centerId === undefined || q.centerId === centerId,
      );
      const items = visible(requirePrincipal(request), all);
      return { items: items.sort((a, b) => a.id.localeCompare(b.id)) };
    },
  );

  app.get(
    '/api/v1/queues/:queueId',
    {
      config: { guard: { roles: ROLES, center: centerOfQueue } },
      schema: {
        tags: [TAGS.queues],
        summary: 'Read a queue’s settings / キュー設定の取得',
        params: QueueParams,
        response: { 200: QueueOut, ...errorResponses(404) },
      },
    },
    async (request) => queueNow(deps, request.params.queueId),
  );

  app.post(
    '/api/v1/queues',
    {
      config: { guard: { roles: MANAGERS, center: centerFromBody } },
      schema: {
        tags: [TAGS.queues],
        summary: 'Create a queue / キューの作成',
        body: QueueCreateBody,
        response: { 201: QueueOut, ...errorResponses(400, 409) },
      },
    },
    async (request, reply) => {
      if (deps.engine.state.queues.has(request.body.id))
        throw new ApiError('CC_ERR_CONFLICT', { queueId: request.body.id });
      const queue = await upsertQueue(deps, request.body);
      return reply.status(201).send(queue);
    },
  );

  app.put(
    '/api/v1/queues/:queueId',
    {
      config: { guard: { roles: MANAGERS, center: centerOfQueue } },
      schema: {
        tags: [TAGS.queues],
        summary:
          'Replace a queue’s settings; omitted fields take their defaults / キュー設定の置き換え',
        params: QueueParams,
        body: QueuePutBody,
        response: { 200: QueueOut, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const current = queueNow(deps, request.params.queueId);
      return upsertQueue(deps, { ...request.body, id: current.id, centerId: current.centerId });
    },
  );

  app.patch(
    '/api/v1/queues/:queueId',
    {
      config: { guard: { roles: MANAGERS, center: centerOfQueue } },
      schema: {
        tags: [TAGS.queues],
        summary:
          'Change some settings; nested callback settings merge field by field / キュー設定の一部変更',
        params: QueueParams,
        body: QueuePatchBody,
        response: { 200: QueueOut, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const current = queueNow(deps, request.params.queueId);
      return upsertQueue(deps, mergePatch(current, request.body, QUEUE_PATCH_SHAPE));
    },
  );

  app.get(
    '/api/v1/queues/:queueId/members',
    {
      config: { guard: { roles: ROLES, center: centerOfQueue } },
      schema: {
        tags: [TAGS.queues],
        summary: 'Members in routing order (AGT-02) / メンバーと着信順',
        params: QueueParams,
        response: { 200: MembersOut, ...errorResponses(404) },
      },
    },
    async (request) => membersOf(deps, queueNow(deps, request.params.queueId)),
  );

  app.put(
    '/api/v1/queues/:queueId/members',
    {
      config: { guard: { roles: MANAGERS, center: centerOfQueue } },
      schema: {
        tags: [TAGS.queues],
        summary:
          'Set the members and their routing order: calls are offered to the first available one (AGT-02) / メンバーと着信順の設定',
        params: QueueParams,
        body: MembersBody,
        response: { 200: MembersOut, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const current = queueNow(deps, request.params.queueId);
      const queue = await upsertQueue(deps, { ...current, members: request.body.agentIds });
      return membersOf(deps, queue);
    },
  );
}
