import type { Db } from '@tsunagu/db';
import type { DomainEvent, EngineInput, EngineState, HandleResult } from '@tsunagu/domain';
import type { FastifyRequest } from 'fastify';
import type { Principal } from './principal.js';
import type { EventScopes } from './events/scope.js';

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
  /** The node's event scope resolver, shared with its EventStore so streams match the table. */
  readonly eventScopes?: EventScopes;
  readonly auth: Authenticator;
  readonly readiness: Readiness;
  readonly config: ApiConfig;
  /** Virtual telephony's caller side, for /api/v1/demo; absent once calls come over SIP. */
  readonly demo?: DemoTelephony;
  /** The node's Prometheus metrics, for GET /metrics. */
  readonly metrics?: MetricsExposition;
  /** The digest realm of the node's SIP registrar, kept with each phone account ('tsunagu'). */
  readonly sipRealm?: string;
  /** Where the telephony writes voicemail and call recordings (`<id>.wav`), for the inbox. */
  readonly recordingsDir?: string;
  /** Called after a SIP phone account changed, so the node reloads its registrar's directory. */
  readonly onSipAccountsChanged?: () => void | Promise<void>;
  /** Called after a center's uploaded prompts changed (QCB-16), so the node reloads them. */
  readonly onPromptsChanged?: (centerId: string) => void | Promise<void>;
}

/** Prometheus text exposition of a node's metrics (the node owns the registry). */
export interface MetricsExposition {
  readonly contentType: string;
  render(): Promise<string>;
}

/** Places and drives simulated inbound calls so the API can be tried without a SIP trunk. */
export interface DemoTelephony {
  /** A caller dials `to` from `from`; returns the caller's leg id. */
  placeCall(from: string, to: string): string;
  /** Whether the caller's leg is still up. */
  has(legId: string): boolean;
  press(legId: string, digits: string): void;
  hangup(legId: string): void;
}

export interface ApiConfig {
  /** Set the Secure flag on cookies (off only for plain-HTTP loopback demos). */
  readonly secureCookies: boolean;
  readonly sessionTtlHours: number;
  readonly loginAttemptsPerMinute: number;
}
