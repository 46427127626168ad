import type { Queryable, SqlParam, Statement } from './db.js';

/**
 * The inbox's reads and writes (SPEC AGT-09): voicemail (HQ-02) and call recordings (AGT-04).
 * Both tables hold only what the message is; the center, queue and numbers come from the call
 * row, so permissions per center and per caller ID (SUP-02) are the call history's.
 */

/** Keyset paging: newest first, then by id, so pages never skip or repeat a row. */
export interface InboxCursor {
  readonly at: Date;
  readonly id: string;
}

interface Common {
  readonly centerId: string;
  /** At or after `from`, before `to`. */
  readonly from?: Date | undefined;
  readonly to?: Date | undefined;
  /** SUP-02: only calls on these numbers of ours; 'all' when unrestricted. */
  readonly callerIds: readonly string[] | 'all';
}

export interface VoicemailFilter extends Common {
  readonly queueId?: string | undefined;
  /** An agent's view: only messages left in these queues (their own). */
  readonly queueIds?: readonly string[] | undefined;
  /** Digits contained in the caller's number. */
  readonly number?: string | undefined;
  readonly heard?: boolean | undefined;
}

export interface RecordingFilter extends Common {
  readonly callId?: string | undefined;
  readonly agentId?: string | undefined;
  readonly queueId?: string | undefined;
}

export interface VoicemailRow {
  readonly id: string;
  readonly callId: string;
  readonly centerId: string;
  readonly queueId: string | null;
  readonly from: string;
  readonly ourNumber: string;
  readonly durationMs: number;
  readonly recordedAt: Date;
  readonly heard: boolean;
  readonly heardBy: string | null;
  readonly heardAt: Date | null;
}

export interface RecordingRow {
  readonly id: string;
  readonly callId: string;
  readonly centerId: string;
  readonly queueId: string | null;
  readonly agentId: string | null;
  readonly customerNumber: string;
  readonly ourNumber: string;
  readonly kind: string;
  readonly durationMs: number;
  readonly recordedAt: Date;
}

class Where {
  readonly params: SqlParam[] = [];
  readonly terms: string[] = [];
  bind(value: SqlParam): string {
    return `$${this.params.push(value)}`;
  }
  add(term: string): void {
    this.terms.push(term);
  }
  /** The filters every inbox list shares; `at` is the table's time column. */
  common(f: Common, at: string, cursor: InboxCursor | null, id: string): void {
    this.add(`c.center_id = ${this.bind(f.centerId)}`);
    if (f.from) this.add(`${at} >= ${this.bind(f.from)}`);
    if (f.to) this.add(`${at} < ${this.bind(f.to)}`);
    if (f.callerIds !== 'all')
      this.add(`c.our_number = ANY(${this.bind([...f.callerIds])}::text[])`);
    if (cursor) {
      const t = this.bind(cursor.at);
      this.add(`(${at} < ${t} OR (${at} = ${t} AND ${id} < ${this.bind(cursor.id)}))`);
    }
  }
  get sql(): string {
    return this.terms.join(' AND ');
  }
}

const VOICEMAIL_COLUMNS = `v.id, v.call_id, c.center_id, v.queue_id, v.from_number, c.our_number,
  v.duration_ms, v.recorded_at, v.listened, v.heard_by, v.heard_at`;

interface VoicemailSql {
  id: string;
  call_id: string;
  center_id: string;
  queue_id: string | null;
  from_number: string;
  our_number: string;
  duration_ms: number;
  recorded_at: Date | string;
  listened: boolean;
  heard_by: string | null;
  heard_at: Date | string | null;
}

// Both drivers return timestamptz as Date; be tolerant of strings anyway.
const toDate = (v: Date | string): Date => (v instanceof Date ? v : new Date(v));

function voicemailOf(r: VoicemailSql): VoicemailRow {
  return {
    id: r.id,
    callId: r.call_id,
    centerId: r.center_id,
    queueId: r.queue_id,
    from: r.from_number,
    ourNumber: r.our_number,
    durationMs: Number(r.duration_ms),
    recordedAt: toDate(r.recorded_at),
    heard: r.listened,
    heardBy: r.heard_by,
    heardAt: r.heard_at === null ? null : toDate(r.heard_at),
  };
}

/** One page of a center's voicemail, newest first. */
export async function searchVoicemails(
  db: Queryable,
  f: VoicemailFilter,
  limit: number,
  cursor: InboxCursor | null,
): Promise<VoicemailRow[]> {
  const w = new Where();
  w.common(f, 'v.recorded_at', cursor, 'v.id');
  if (f.queueId !== undefined) w.add(`v.queue_id = ${w.bind(f.queueId)}`);
  if (f.queueIds !== undefined) w.add(`v.queue_id = ANY(${w.bind([...f.queueIds])}::text[])`);
  if (f.number !== undefined)
    w.add(`v.from_number LIKE ${w.bind(`%${f.number.replace(/[^\d+]/g, '')}%`)}`);
  if (f.heard !== undefined) w.add(`v.listened = ${w.bind(f.heard)}`);
  const result = await db.query<VoicemailSql>(
    `SELECT ${VOICEMAIL_COLUMNS} FROM voicemails v JOIN calls c ON c.id = v.call_id
     WHERE ${w.sql} ORDER BY v.recorded_at DESC, v.id DESC LIMIT ${w.bind(limit)}`,
    w.params,
  );
  return result.rows.map(voicemailOf);
}

export async function findVoicemail(db: Queryable, id: string): Promise<VoicemailRow | null> {
  const result = await db.query<VoicemailSql>(
    `SELECT ${VOICEMAIL_COLUMNS} FROM voicemails v JOIN calls c ON c.id = v.call_id
     WHERE v.id = $1`,
    [id],
  );
  const row = result.rows[0];
  return row ? voicemailOf(row) : null;
}

/** Marks a message heard by `userId` (or unheard again); null when it no longer exists. */
export async function markVoicemailHeard(
  db: Queryable,
  id: string,
  heard: boolean,
  userId: string,
  at: Date,
): Promise<VoicemailRow | null> {
  const updated = await db.query(
    `UPDATE voicemails SET listened = $2,
       heard_by = CASE WHEN $2::boolean THEN $3 ELSE NULL END,
       heard_at = CASE WHEN $2::boolean THEN $4::timestamptz ELSE NULL END
     WHERE id = $1`,
    [id, heard, userId, at],
  );
  return updated.rowCount === 0 ? null : findVoicemail(db, id);
}

/** Removes the row; true when it existed. The caller removes the file. */
export async function deleteVoicemail(db: Queryable, id: string): Promise<boolean> {
  const result = await db.query('DELETE FROM voicemails WHERE id = $1', [id]);
  return result.rowCount > 0;
}

const RECORDING_COLUMNS = `r.id, r.call_id, c.center_id, c.queue_id, r.agent_id, c.customer_number,
  c.our_number, c.kind, r.duration_ms, r.recorded_at`;

interface RecordingSql {
  id: string;
  call_id: string;
  center_id: string;
  queue_id: string | null;
  agent_id: string | null;
  customer_number: string;
  our_number: string;
  kind: string;
  duration_ms: number;
  recorded_at: Date | string;
}

function recordingOf(r: RecordingSql): RecordingRow {
  return {
    id: r.id,
    callId: r.call_id,
    centerId: r.center_id,
    queueId: r.queue_id,
    agentId: r.agent_id,
    customerNumber: r.customer_number,
    ourNumber: r.our_number,
    kind: r.kind,
    durationMs: Number(r.duration_ms),
    recordedAt: toDate(r.recorded_at),
  };
}

/** One page of a center's call recordings, newest first. */
export async function searchRecordings(
  db: Queryable,
  f: RecordingFilter,
  limit: number,
  cursor: InboxCursor | null,
): Promise<RecordingRow[]> {
  const w = new Where();
  w.common(f, 'r.recorded_at', cursor, 'r.id');
  if (f.callId !== undefined) w.add(`r.call_id = ${w.bind(f.callId)}`);
  if (f.agentId !== undefined) w.add(`r.agent_id = ${w.bind(f.agentId)}`);
  if (f.queueId !== undefined) w.add(`c.queue_id = ${w.bind(f.queueId)}`);
  const result = await db.query<RecordingSql>(
    `SELECT ${RECORDING_COLUMNS} FROM recordings r JOIN calls c ON c.id = r.call_id
     WHERE ${w.sql} ORDER BY r.recorded_at DESC, r.id DESC LIMIT ${w.bind(limit)}`,
    w.params,
  );
  return result.rows.map(recordingOf);
}

export async function findRecording(db: Queryable, id: string): Promise<RecordingRow | null> {
  const result = await db.query<RecordingSql>(
    `SELECT ${RECORDING_COLUMNS} FROM recordings r JOIN calls c ON c.id = r.call_id
     WHERE r.id = $1`,
    [id],
  );
  const row = result.rows[0];
  return row ? recordingOf(row) : null;
}

/** A finished call recording, kept: the projection of the engine's `call.recorded` (AGT-04). */
export function recordingInsert(r: {
  id: string;
  callId: string;
  agentId: string | null;
  durationMs: number;
  recordedAt: Date;
}): Statement {
  return {
    sql: `INSERT INTO recordings (id, call_id, agent_id, duration_ms, recorded_at)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING`,
    params: [r.id, r.callId, r.agentId, r.durationMs, r.recordedAt],
  };
}

export async function insertRecording(
  db: Queryable,
  r: Parameters<typeof recordingInsert>[0],
): Promise<void> {
  const { sql, params } = recordingInsert(r);
  await db.query(sql, params);
}

/** Removes the row; true when it existed. The caller removes the file. */
export async function deleteRecording(db: Queryable, id: string): Promise<boolean> {
  const result = await db.query('DELETE FROM recordings WHERE id = $1', [id]);
  return result.rowCount > 0;
}
