import type { Db } from '@tsunagu/db';
import type { DomainEvent, EngineInput, EngineState, HandleResult } from '@tsunagu/domain';
import type { FastifyRequest } from 'fastify';
import type { Principal } from './principal.js';

/** The engine as the API sees it: a read-only state for queries, durable submission for commands. */
export interface EngineGateway {
  readonly state: EngineState;
  /** Resolves when the input's events are committed; `error` when the engine refused it. */
  submit(input: EngineInput): Promise<HandleResult>;
  now(): number;
}

/** An event after commit, with the id that orders the stream and lets a client resume. */
export interface PublishedEvent {
  readonly id: number;
  readonly event: DomainEvent;
}

export interface EventBus {
  subscribe(listener: (event: PublishedEvent) => void): () => void;
}

/** Resolves the principal of a request (session cookie or bearer token); null when anonymous. */
export interface Authenticator {
  authenticate(request: FastifyRequest): Promise<Principal | null>;
}

export interface Readiness {
  ready(): boolean;
  draining(): boolean;
}

export interface ApiDeps {
  readonly db: Db;
  readonly engine: EngineGateway;
  readonly bus: EventBus;
  readonly auth: Authenticator;
  readonly readiness: Readiness;
  readonly config: ApiConfig;
}

export interface ApiConfig {
  /** Set the Secure flag on cookies (off only for plain-HTTP loopback demos). */
  readonly secureCookies: boolean;
  readonly sessionTtlHours: number;
  readonly loginAttemptsPerMinute: number;
}
