import { z } from 'zod';
import type { Agent, AgentSettingsInput } from '@tsunagu/domain';
import type { TypedApi } from '../app.js';
import type { ApiDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { requirePrincipal } from '../guard.js';
import { ROLES } from '../principal.js';
import { AgentParams, ListOf, PathId, TAGS, errorResponses } from '../schemas/common.js';
import {
  AGENT_PATCH_SHAPE,
  AgentCreateBody,
  AgentOut,
  AgentPatchBody,
  AgentPutBody,
  agentView,
} from '../schemas/config.js';
import { mergePatch } from '../schemas/patch.js';
import {
  MANAGERS,
  centerFromBody,
  centerFromQuery,
  centerOfAgent,
  submitOrThrow,
  visible,
} from './resolve.js';

export function agentNow(deps: ApiDeps, id: string): Agent {
  const agent = deps.engine.state.agents.get(id);
  if (!agent) throw new ApiError('CC_ERR_AGENT_NOT_FOUND', { agentId: id });
  return agent;
}

async function upsertAgent(deps: ApiDeps, agent: AgentSettingsInput) {
  await submitOrThrow(deps, { type: 'agent.upsert', agent });
  return agentView(deps.engine.state, agentNow(deps, agent.id));
}

const settingsOf = (a: Agent): AgentSettingsInput => ({
  id: a.id,
  centerId: a.centerId,
  name: a.name,
  skills: a.skills,
  device: a.device,
});

/**
 * Agents as the engine routes to them: name, skills (BEY-03) and sign-in device (browser
 * softphone, SIP phone by AOR, or an external number, C2C-01). Login accounts are users
 * (/api/v1/users); a user works as one agent. Queue membership is set on the queue.
 */
export function agentRoutes(app: TypedApi, deps: ApiDeps): void {
  app.get(
    '/api/v1/agents',
    {
      config: { guard: { roles: ROLES, center: centerFromQuery } },
      schema: {
        tags: [TAGS.agents],
        summary: 'List agents, optionally of one center / エージェントの一覧',
        querystring: z.object({ centerId: PathId.optional() }),
        response: { 200: ListOf(AgentOut), ...errorResponses(404) },
      },
    },
    async (request) => {
      const { centerId } = request.query;
      const s = deps.engine.state;
      const all = [...s.agents.values()].filter(
        (a) => centerId === undefined || a.centerId === centerId,
      );
      const items = visible(requirePrincipal(request), all)
        .sort((a, b) => a.id.localeCompare(b.id))
        .map((a) => agentView(s, a));
      return { items };
    },
  );

  app.get(
    '/api/v1/agents/:agentId',
    {
      config: { guard: { roles: ROLES, center: centerOfAgent } },
      schema: {
        tags: [TAGS.agents],
        summary: 'Read an agent: settings, status, current offer and call / エージェントの取得',
        params: AgentParams,
        response: { 200: AgentOut, ...errorResponses(404) },
      },
    },
    async (request) => agentView(deps.engine.state, agentNow(deps, request.params.agentId)),
  );

  app.post(
    '/api/v1/agents',
    {
      config: { guard: { roles: MANAGERS, center: centerFromBody } },
      schema: {
        tags: [TAGS.agents],
        summary: 'Create an agent (logged out until they choose a status) / エージェントの作成',
        body: AgentCreateBody,
        response: { 201: AgentOut, ...errorResponses(400, 409) },
      },
    },
    async (request, reply) => {
      if (deps.engine.state.agents.has(request.body.id))
        throw new ApiError('CC_ERR_CONFLICT', { agentId: request.body.id });
      return reply.status(201).send(await upsertAgent(deps, request.body));
    },
  );

  app.put(
    '/api/v1/agents/:agentId',
    {
      config: { guard: { roles: MANAGERS, center: centerOfAgent } },
      schema: {
        tags: [TAGS.agents],
        summary: 'Replace an agent’s settings / エージェント設定の置き換え',
        params: AgentParams,
        body: AgentPutBody,
        response: { 200: AgentOut, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const current = agentNow(deps, request.params.agentId);
      return upsertAgent(deps, { ...request.body, id: current.id, centerId: current.centerId });
    },
  );

  app.patch(
    '/api/v1/agents/:agentId',
    {
      config: { guard: { roles: MANAGERS, center: centerOfAgent } },
      schema: {
        tags: [TAGS.agents],
        summary: 'Change some of an agent’s settings / エージェント設定の一部変更',
        params: AgentParams,
        body: AgentPatchBody,
        response: { 200: AgentOut, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const current = settingsOf(agentNow(deps, request.params.agentId));
      return upsertAgent(deps, mergePatch(current, request.body, AGENT_PATCH_SHAPE));
    },
  );
}
