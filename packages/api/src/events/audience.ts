import type { SqlParam } from '@tsunagu/db';
import type { Principal } from '../principal.js';
import { familyOf, typeMatches, type TypeFilter } from './types.js';

/**
 * Families an agent sees for the whole center: the wallboard (queues, colleagues' statuses,
 * configuration). Calls, offers, legs, callbacks and voicemails carry customer numbers, so an
 * agent sees those only when they are the agent's own (SUP-02).
 */
export const CENTER_WIDE_FOR_AGENTS: readonly string[] = ['queue', 'agent', 'config'];

/** Who may see what of the event stream: a principal's permissions narrowed by its query. */
export interface Audience {
  readonly centers: readonly string[] | 'all';
  /** Center numbers (caller IDs); events about another number are hidden. */
  readonly numbers: readonly string[] | 'all';
  /** Set for agents: outside the center-wide families, only events about this agent. */
  readonly personal: { readonly agentId: string | null } | null;
  readonly types: TypeFilter | null;
}

/** The columns of an event that decide who sees it (the same on the bus and in the table). */
export interface ScopedEvent {
  readonly type: string;
  readonly centerId: string | null;
  readonly agentId: string | null;
  readonly ourNumber: string | null;
}

export function audienceOf(
  principal: Principal,
  query: { centerId?: string | undefined; types?: TypeFilter | null },
): Audience {
  return {
    // The guard has checked the principal may see `centerId`.
    centers: query.centerId ? [query.centerId] : principal.centers,
    numbers: principal.callerIds,
    personal: principal.role === 'agent' ? { agentId: principal.agentId } : null,
    types: query.types ?? null,
  };
}

/**
 * Events without a center (the engine's own diagnostics) are shown only to principals who see
 * every center. This predicate and `audienceSql` must agree; a property test checks they do.
 */
export function sees(a: Audience, e: ScopedEvent): boolean {
  if (a.centers !== 'all' && (e.centerId === null || !a.centers.includes(e.centerId))) return false;
  if (a.numbers !== 'all' && e.ourNumber !== null && !a.numbers.includes(e.ourNumber)) return false;
  if (
    a.personal &&
    !CENTER_WIDE_FOR_AGENTS.includes(familyOf(e.type)) &&
    (e.agentId === null || e.agentId !== a.personal.agentId)
  )
    return false;
  return typeMatches(a.types, e.type);
}

/** The same rule as `sees`, as SQL over the events table; appends its parameters. */
export function audienceSql(a: Audience, params: SqlParam[]): string {
  const p = (value: SqlParam) => {
    params.push(value);
    return `$${params.length}`;
  };
  const clauses: string[] = [];
  if (a.centers !== 'all') clauses.push(`center_id = ANY (${p([...a.centers])}::text[])`);
  if (a.numbers !== 'all')
    clauses.push(`(our_number IS NULL OR our_number = ANY (${p([...a.numbers])}::text[]))`);
  if (a.personal)
    clauses.push(
      `(split_part(type, '.', 1) = ANY (${p([...CENTER_WIDE_FOR_AGENTS])}::text[])
        OR (agent_id IS NOT NULL AND agent_id = ${p(a.personal.agentId)}::text))`,
    );
  if (a.types)
    clauses.push(
      `(type = ANY (${p([...a.types.exact])}::text[])
        OR split_part(type, '.', 1) = ANY (${p([...a.types.families])}::text[]))`,
    );
  return clauses.length === 0 ? 'TRUE' : clauses.join(' AND ');
}
