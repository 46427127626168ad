import type { TypedApi } from '../app.js';
import type { ApiDeps } from '../deps.js';
import { healthRoutes } from './health.js';
import { authSessionRoutes } from './auth-session.js';
import { userRoutes } from './users.js';
import { tokenRoutes } from './tokens.js';
import { centerRoutes } from './centers.js';
import { callerIdRoutes } from './caller-ids.js';
import { dispositionRoutes } from './dispositions.js';
import { queueRoutes } from './queues.js';
import { agentRoutes } from './agents.js';
import { actionRoutes } from './actions.js';
import { callControlRoutes } from './call-control.js';
import { viewRoutes } from './views.js';
import { historyRoutes } from './history.js';
import { reportRoutes } from './reports.js';
import { callbackRoutes } from './callbacks.js';
import { demoRoutes } from './demo.js';
import { eventsStreamRoutes } from './events-stream.js';
import { webhookRoutes } from './webhooks.js';
import { metricsRoutes } from './metrics.js';
import { sipAccountRoutes } from './sip-accounts.js';
import { promptRoutes } from './prompts.js';

/** Every route module; each declares its guard per route (tests/guards.test.ts checks). */
export async function registerRoutes(app: TypedApi, deps: ApiDeps): Promise<void> {
  healthRoutes(app, deps);
  authSessionRoutes(app, deps);
  userRoutes(app, deps);
  tokenRoutes(app, deps);
  centerRoutes(app, deps);
  callerIdRoutes(app, deps);
  dispositionRoutes(app, deps);
  queueRoutes(app, deps);
  agentRoutes(app, deps);
  actionRoutes(app, deps);
  callControlRoutes(app, deps);
  viewRoutes(app, deps);
  historyRoutes(app, deps);
  reportRoutes(app, deps);
  callbackRoutes(app, deps);
  demoRoutes(app, deps);
  eventsStreamRoutes(app, deps);
  webhookRoutes(app, deps);
  metricsRoutes(app, deps);
  sipAccountRoutes(app, deps);
  promptRoutes(app, deps);
}
