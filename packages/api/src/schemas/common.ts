import { z } from 'zod';

/** The body of every error answer (errors.ts `errorBody`), for the OpenAPI document. */
export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().meta({ description: 'Catalogue code, e.g. CC_ERR_VALIDATION' }),
      message: z.string(),
      messageJa: z.string(),
      details: z.record(z.string(), z.unknown()).optional(),
    }),
  })
  .meta({ description: 'An error from the catalogue (docs/errors.md)' });

type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 503;

/**
 * Error answers a route documents. Every guarded route can answer 401 and 403; add the others
 * it can produce. The error handler's body always matches `ErrorSchema`.
 */
export function errorResponses(...statuses: ErrorStatus[]): Record<number, typeof ErrorSchema> {
  const all = new Set<ErrorStatus>([401, 403, ...statuses]);
  return Object.fromEntries([...all].map((s) => [s, ErrorSchema]));
}

/**
 * Ids of things created through the API appear in URL paths, so they are restricted to
 * characters that need no escaping. (The engine's own schemas only bound their length.)
 */
export const IdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, dot, underscore and hyphen only');

/** A path parameter naming something that already exists: any id the engine accepted. */
export const PathId = z.string().min(1).max(64);

export const CenterParams = z.object({ centerId: PathId });
export const QueueParams = z.object({ queueId: PathId });
export const AgentParams = z.object({ agentId: PathId });

/** A phone number as the engine stores it: digits with an optional leading plus. */
export const PhoneNumber = z.string().regex(/^\+?\d{3,20}$/, 'a phone number: digits, optional +');

/** Instants in answers: ISO 8601 in UTC. */
export const Instant = z.iso.datetime();

/** Instants in queries: ISO 8601 with a zone offset or Z, e.g. 2025-04-01T00:00:00+09:00. */
export const InstantQuery = z.iso.datetime({ offset: true });

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : iso(ms);
}

export const ListOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

export const TAGS = {
  centers: 'centers',
  queues: 'queues',
  agents: 'agents',
  actions: 'agent actions',
  views: 'supervisor views',
  history: 'call history',
  reports: 'reports',
  callbacks: 'callbacks',
  demo: 'demo',
} as const;
