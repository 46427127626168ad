import { z } from 'zod';
import type { TypedApi } from '../app.js';
import type { ApiDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { errorResponses } from '../schemas/common.js';

/**
 * Prometheus metrics (text exposition format 0.0.4). Admin only, by session or API token:
 * queue lengths and waits say how busy every center is, which is not for every user, and an
 * "unauthenticated on loopback" rule would open it to anyone behind a reverse proxy on the same
 * host. Prometheus scrapes with an admin API token (`authorization: { credentials: ... }`),
 * see docs/operations.md.
 */
export function metricsRoutes(app: TypedApi, deps: ApiDeps): void {
  app.get(
    '/metrics',
    {
      config: { guard: { roles: ['admin'] } },
      schema: {
        tags: ['operations'],
        summary:
          'Prometheus metrics: queues, waits, agents, calls and callbacks by outcome, event-loop delay / Prometheus メトリクス',
        response: {
          200: z.string().meta({ description: 'Prometheus text exposition format' }),
          ...errorResponses(404),
        },
      },
    },
    async (_request, reply) => {
      if (!deps.metrics) throw new ApiError('CC_ERR_NOT_FOUND', { resource: 'metrics' });
      const text = await deps.metrics.render();
      return reply.type(deps.metrics.contentType).send(text);
    },
  );
}
