import { z } from 'zod';
import type { TypedApi } from '../app.js';
import type { ApiDeps } from '../deps.js';
import { errorBody } from '../errors.js';

/** Liveness and readiness for orchestrators: public, cheap, no data. */
export function healthRoutes(app: TypedApi, deps: ApiDeps): void {
  app.get(
    '/healthz',
    {
      config: { guard: { public: true } },
      schema: {
        tags: ['operations'],
        summary: 'The process is alive',
        response: { 200: z.object({ status: z.literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );
  app.get(
    '/readyz',
    {
      config: { guard: { public: true } },
      schema: {
        tags: ['operations'],
        summary: 'Ready to take calls and requests (not starting, not draining)',
      },
    },
    async (_request, reply) => {
      if (!deps.readiness.ready() || deps.readiness.draining()) {
        return reply
          .status(503)
          .send(errorBody('CC_ERR_UNAVAILABLE', { draining: deps.readiness.draining() }));
      }
      await deps.db.query('SELECT 1');
      return { status: 'ready' };
    },
  );
}
