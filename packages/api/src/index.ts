export { buildApi, type Api, type TypedApi, type BuildApiOptions } from './app.js';
export type {
  ApiDeps,
  ApiConfig,
  EngineGateway,
  EventBus,
  PublishedEvent,
  Authenticator,
  Readiness,
} from './deps.js';
export { ApiError, errorBody, orThrow } from './errors.js';
export { routeGuards, requirePrincipal, type Guard } from './guard.js';
export * from './principal.js';
export * from './auth/index.js';
export { EventScopes } from './events/scope.js';
