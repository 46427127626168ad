import Fastify, {
  type FastifyInstance,
  type FastifyBaseLogger,
  type RawServerDefault,
} from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import cookie from '@fastify/cookie';
import websocket from '@fastify/websocket';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { ApiDeps } from './deps.js';
import { installErrorHandler } from './errors.js';
import { installGuards, recordRoutes } from './guard.js';
import { registerRoutes } from './routes/index.js';

export type Api = FastifyInstance;
export type TypedApi = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export interface BuildApiOptions {
  readonly logger?: FastifyBaseLogger | boolean;
}

/**
 * The HTTP and WebSocket API: typed routes validated by zod schemas, published as OpenAPI at
 * /docs, every route guarded by role and resource (SUP-02), errors from the one catalogue.
 * It holds no business rules: commands go to the engine, queries read its state and the db.
 */
export async function buildApi(deps: ApiDeps, options: BuildApiOptions = {}): Promise<Api> {
  const app = Fastify({
    loggerInstance: typeof options.logger === 'object' ? options.logger : undefined,
    logger: typeof options.logger === 'boolean' ? options.logger : undefined,
    bodyLimit: 1024 * 1024,
    trustProxy: false,
  } as never) as unknown as FastifyInstance;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  recordRoutes(app);
  installErrorHandler(app);
  // Cookies are parsed before the guard hooks look for the session.
  await app.register(cookie);
  installGuards(app, deps);
  await app.register(websocket);
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Tsunagu API',
        description: 'Contact center API / コンタクトセンター API',
        version: '0.1.0',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'tsunagu_session' },
          token: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { token: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  await registerRoutes(app.withTypeProvider<ZodTypeProvider>(), deps);
  return app;
}
