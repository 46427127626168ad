import type { Queryable, SqlParam } from '@tsunagu/db';

/** Search criteria for the call history (SUP-04). Every value is bound as a parameter. */
export interface HistoryFilter {
  readonly centerId: string;
  /** Calls created at or after `from` and before `to`. */
  readonly from?: Date | undefined;
  readonly to?: Date | undefined;
  readonly queueId?: string | undefined;
  readonly agentId?: string | undefined;
  /** Digits contained in the customer's number. */
  readonly number?: string | undefined;
  readonly kind?: string | undefined;
  readonly endReason?: string | undefined;
  /** SUP-02: only calls on these numbers of ours; 'all' when unrestricted. */
  readonly callerIds: readonly string[] | 'all';
}

/** Keyset paging: newest first, then by id, so pages never skip or repeat a call. */
export interface HistoryCursor {
  readonly createdAt: Date;
  readonly id: string;
}

export interface CallRow {
  id: string;
  kind: string;
  state: string;
  queue_id: string | null;
  callback_id: string | null;
  customer_number: string;
  our_number: string;
  agent_id: string | null;
  created_at: Date;
  connected_at: Date | null;
  ended_at: Date | null;
  end_reason: string | null;
  wait_ms: number | null;
  disposition_id: string | null;
}

/**
 * Builds the WHERE clause from fixed fragments; values only ever travel as `$n` parameters,
 * so nothing a user types is read as SQL. A LIKE pattern is built from digits only (the
 * route's schema refuses anything else), so it cannot carry wildcards either.
 */
function where(filter: HistoryFilter, cursor: HistoryCursor | null) {
  const params: SqlParam[] = [];
  const bind = (value: SqlParam): string => `$${params.push(value)}`;
  const terms = [`center_id = ${bind(filter.centerId)}`];
  if (filter.from) terms.push(`created_at >= ${bind(filter.from)}`);
  if (filter.to) terms.push(`created_at < ${bind(filter.to)}`);
  if (filter.queueId !== undefined) terms.push(`queue_id = ${bind(filter.queueId)}`);
  if (filter.agentId !== undefined) terms.push(`agent_id = ${bind(filter.agentId)}`);
  if (filter.number !== undefined)
    terms.push(`customer_number LIKE ${bind(`%${filter.number.replace(/[^\d+]/g, '')}%`)}`);
  if (filter.kind !== undefined) terms.push(`kind = ${bind(filter.kind)}`);
  if (filter.endReason !== undefined) terms.push(`end_reason = ${bind(filter.endReason)}`);
  if (filter.callerIds !== 'all')
    terms.push(`our_number = ANY(${bind([...filter.callerIds])}::text[])`);
  if (cursor) {
    const at = bind(cursor.createdAt);
    const id = bind(cursor.id);
    terms.push(`(created_at < ${at} OR (created_at = ${at} AND id < ${id}))`);
  }
  return { sql: terms.join(' AND '), params, bind };
}

const COLUMNS = `id, kind, state, queue_id, callback_id, customer_number, our_number, agent_id,
  created_at, connected_at, ended_at, end_reason, wait_ms, disposition_id`;

/** One page of the history, newest first. */
export async function searchCalls(
  db: Queryable,
  filter: HistoryFilter,
  limit: number,
  cursor: HistoryCursor | null,
): Promise<CallRow[]> {
  const w = where(filter, cursor);
  const result = await db.query<CallRow>(
    `SELECT ${COLUMNS} FROM calls WHERE ${w.sql}
     ORDER BY created_at DESC, id DESC LIMIT ${w.bind(limit)}`,
    w.params,
  );
  return result.rows.map(normalise);
}

/** Every matching call, page by page, for the CSV export; memory stays one page. */
export async function* allCalls(
  db: Queryable,
  filter: HistoryFilter,
  pageSize = 1000,
): AsyncGenerator<CallRow> {
  let cursor: HistoryCursor | null = null;
  for (;;) {
    const page = await searchCalls(db, filter, pageSize, cursor);
    yield* page;
    if (page.length < pageSize) return;
    const last = page[page.length - 1]!;
    cursor = { createdAt: last.created_at, id: last.id };
  }
}

// Both drivers return timestamptz as Date; be tolerant of strings anyway.
const toDate = (v: unknown): Date | null =>
  v === null || v === undefined ? null : v instanceof Date ? v : new Date(String(v));

function normalise(row: CallRow): CallRow {
  return {
    ...row,
    created_at: toDate(row.created_at)!,
    connected_at: toDate(row.connected_at),
    ended_at: toDate(row.ended_at),
    wait_ms: row.wait_ms === null ? null : Number(row.wait_ms),
  };
}

export function encodeCursor(row: CallRow): string {
  return Buffer.from(JSON.stringify([row.created_at.toISOString(), row.id])).toString('base64url');
}

/** A cursor from a previous page, or null when it is not one of ours. */
export function decodeCursor(raw: string): HistoryCursor | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 2) return null;
    const [at, id] = value as unknown[];
    if (typeof at !== 'string' || typeof id !== 'string' || id.length > 64) return null;
    const createdAt = new Date(at);
    return Number.isNaN(createdAt.getTime()) ? null : { createdAt, id };
  } catch {
    return null;
  }
}
