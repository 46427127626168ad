import type { TypedApi } from '../app.js';
import type { ApiDeps } from '../deps.js';
import { healthRoutes } from './health.js';
import { authSessionRoutes } from './auth-session.js';

/** Every route module; each declares its guard per route (tests/guards.test.ts checks). */
export async function registerRoutes(app: TypedApi, deps: ApiDeps): Promise<void> {
  healthRoutes(app, deps);
  authSessionRoutes(app, deps);
}
