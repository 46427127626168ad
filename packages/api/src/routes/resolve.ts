import type { EngineInput, HandleResult } from '@tsunagu/domain';
import type { FastifyRequest } from 'fastify';
import type { ApiDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { requirePrincipal } from '../guard.js';
import { canSeeCenter, type Principal, type Role } from '../principal.js';

/** Who manages a center's queues, agents and dispositions: its supervisors and the admins. */
export const MANAGERS: readonly Role[] = ['admin', 'supervisor'];
/** Who sees the supervisor views and reports. */
export const SUPERVISORS: readonly Role[] = ['admin', 'supervisor'];

/*
 * Center resolvers for route guards (guard.ts). Each finds the one center a request touches
 * from the engine's state, strictly: the center of the named queue, agent or callback, never
 * one the client claims in a query or body when the resource already exists. An unknown
 * resource answers its own 404 code; a known one in a center the caller may not see, 403.
 */

type Resolver = (request: FastifyRequest, deps: ApiDeps) => string | null | undefined;

const param = (request: FastifyRequest, name: string): string =>
  String((request.params as Record<string, unknown>)[name] ?? '');

export const centerFromPath: Resolver = (request, deps) => {
  const id = param(request, 'centerId');
  if (!deps.engine.state.centers.has(id))
    throw new ApiError('CC_ERR_CENTER_NOT_FOUND', { centerId: id });
  return id;
};

export const centerOfQueue: Resolver = (request, deps) => {
  const id = param(request, 'queueId');
  const queue = deps.engine.state.queues.get(id);
  if (!queue) throw new ApiError('CC_ERR_QUEUE_NOT_FOUND', { queueId: id });
  return queue.centerId;
};

export const centerOfAgent: Resolver = (request, deps) => {
  const id = param(request, 'agentId');
  const agent = deps.engine.state.agents.get(id);
  if (!agent) throw new ApiError('CC_ERR_AGENT_NOT_FOUND', { agentId: id });
  return agent.centerId;
};

export const centerOfCallback: Resolver = (request, deps) => {
  const id = param(request, 'callbackId');
  const cb = deps.engine.state.callbacks.get(id);
  if (!cb) throw new ApiError('CC_ERR_CALLBACK_NOT_FOUND', { callbackId: id });
  return cb.centerId;
};

/** A list filtered by `?centerId=`: that center must exist and be visible; without it, null. */
export const centerFromQuery: Resolver = (request, deps) => {
  const id = (request.query as { centerId?: string } | undefined)?.centerId;
  if (id === undefined) return null;
  if (!deps.engine.state.centers.has(id))
    throw new ApiError('CC_ERR_CENTER_NOT_FOUND', { centerId: id });
  return id;
};

/**
 * A create request names its center in the body. The center must exist (else the reference
 * is invalid, 400) and be one the caller may manage (403).
 */
export const centerFromBody: Resolver = (request, deps) => {
  const id = (request.body as { centerId?: string } | undefined)?.centerId;
  if (id === undefined) return undefined;
  if (!deps.engine.state.centers.has(id))
    throw new ApiError('CC_ERR_REFERENCE_INVALID', { centerId: id });
  return id;
};

/** Filters a list to the centers the caller may see. */
export function visible<T extends { centerId: string }>(principal: Principal, items: Iterable<T>) {
  return [...items].filter((i) => canSeeCenter(principal, i.centerId));
}

/**
 * An agent acts for themself; supervisors and admins of the agent's center (checked by the
 * guard) may act for any of its agents, e.g. to log out an agent who left.
 */
export function assertActsFor(request: FastifyRequest, agentId: string): Principal {
  const principal = requirePrincipal(request);
  if (principal.role === 'agent' && principal.agentId !== agentId)
    throw new ApiError('CC_ERR_FORBIDDEN', { agentId });
  return principal;
}

/** Submits an input to the engine; its refusal becomes the API error (catalogue status). */
export async function submitOrThrow(deps: ApiDeps, input: EngineInput): Promise<HandleResult> {
  const result = await deps.engine.submit(input);
  if (result.error) throw result.error;
  return result;
}
