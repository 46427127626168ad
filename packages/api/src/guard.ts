import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from './errors.js';
import { canSeeCenter, canUseCallerId, type Principal, type Role } from './principal.js';
import type { ApiDeps } from './deps.js';

/**
 * Every route declares who may call it (SUP-02). `public` routes are few and named. Others
 * name their roles and, when they touch one center's data, how to find that center from the
 * request; a caller-ID rule works the same way. A route without a guard fails at start-up.
 */
export type Guard =
  | { readonly public: true }
  | {
      readonly roles: readonly Role[];
      /** The center the request touches; undefined when the resource does not exist (404). */
      readonly center?: (request: FastifyRequest, deps: ApiDeps) => string | null | undefined;
      readonly callerId?: (request: FastifyRequest) => string | null | undefined;
    };

declare module 'fastify' {
  interface FastifyContextConfig {
    guard?: Guard;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export function requirePrincipal(request: FastifyRequest): Principal {
  if (!request.principal) throw new ApiError('CC_ERR_UNAUTHENTICATED');
  return request.principal;
}

export function installGuards(app: FastifyInstance, deps: ApiDeps): void {
  app.decorateRequest('principal', null);
  app.addHook('onRoute', (route) => {
    const guard = (route.config as { guard?: Guard } | undefined)?.guard;
    if (!guard && route.url !== '/docs' && !route.url.startsWith('/docs/')) {
      throw new Error(`route ${route.method} ${route.url} declares no guard`);
    }
  });
  app.addHook('onRequest', async (request: FastifyRequest) => {
    request.principal = await deps.auth.authenticate(request);
  });
  // Who is calling and whether their role may call the route are settled before the body is
  // parsed or validated: an anonymous caller gets 401 and a lower role 403 whatever they send,
  // never a 400 that would describe the route's schema to them. preParsing, not onRequest, so
  // a route's own onRequest hook (the event stream's ticket) can still supply the principal.
  app.addHook('preParsing', async (request: FastifyRequest, _reply: FastifyReply, payload) => {
    const guard = request.routeOptions.config.guard;
    if (!guard || 'public' in guard) return payload;
    const principal = requirePrincipal(request);
    if (!guard.roles.includes(principal.role)) throw new ApiError('CC_ERR_FORBIDDEN');
    return payload;
  });
  // Resource rules may read the validated params and body, so they run after validation.
  app.addHook('preHandler', async (request: FastifyRequest, _reply: FastifyReply) => {
    const guard = request.routeOptions.config.guard;
    if (!guard || 'public' in guard) return;
    const principal = requirePrincipal(request);
    if (guard.center) {
      const centerId = guard.center(request, deps);
      if (centerId === undefined) throw new ApiError('CC_ERR_NOT_FOUND');
      if (centerId !== null && !canSeeCenter(principal, centerId))
        throw new ApiError('CC_ERR_FORBIDDEN');
    }
    if (guard.callerId) {
      const number = guard.callerId(request);
      if (number && !canUseCallerId(principal, number))
        throw new ApiError('CC_ERR_CALLER_ID_NOT_ALLOWED');
    }
  });
}

/** The routes registered so far with their guards, for the test that proves every route has one. */
export function routeGuards(
  app: FastifyInstance,
): { method: string; url: string; guard: Guard | undefined }[] {
  return (
    (app as unknown as { [ROUTES]: { method: string; url: string; guard: Guard | undefined }[] })[
      ROUTES
    ] ?? []
  );
}

export const ROUTES = Symbol('tsunagu.routes');

export function recordRoutes(app: FastifyInstance): void {
  const list: { method: string; url: string; guard: Guard | undefined }[] = [];
  (app as unknown as Record<symbol, unknown>)[ROUTES] = list;
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      list.push({
        method,
        url: route.url,
        guard: (route.config as { guard?: Guard } | undefined)?.guard,
      });
    }
  });
}
