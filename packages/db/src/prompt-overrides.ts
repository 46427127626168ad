import { PROMPTS, type PromptId } from '@tsunagu/domain';
import type { Queryable, SqlParam } from './db.js';

/** The languages a prompt is recorded in (PROMPTS has words for each). */
export type PromptLanguage = 'ja' | 'en';

/** A center's recording of one prompt in one language (QCB-16), without the audio. */
export interface PromptOverrideSummary {
  readonly centerId: string;
  readonly promptId: string;
  readonly language: PromptLanguage;
  readonly durationMs: number;
  readonly bytes: number;
  readonly uploadedBy: string;
  readonly updatedAt: Date;
}

export interface PromptOverrideInput {
  readonly centerId: string;
  readonly promptId: PromptId;
  readonly language: PromptLanguage;
  /** A checked WAV file: 8 kHz mono 16-bit PCM. */
  readonly audio: Uint8Array;
  readonly durationMs: number;
  /** Who uploaded it (user id), for the record. */
  readonly uploadedBy: string;
}

/** What the media layer plays instead of the built-in prompt. */
export interface PromptOverride {
  readonly centerId: string;
  readonly promptId: PromptId;
  readonly language: PromptLanguage;
  readonly audio: Uint8Array;
}

interface SummaryRow {
  center_id: string;
  prompt_id: string;
  language: PromptLanguage;
  duration_ms: number;
  bytes: number;
  uploaded_by: string;
  updated_at: Date | string;
}

const SUMMARY_COLUMNS =
  'center_id, prompt_id, language, duration_ms, octet_length(audio) AS bytes, uploaded_by, updated_at';

const summaryOf = (r: SummaryRow): PromptOverrideSummary => ({
  centerId: r.center_id,
  promptId: r.prompt_id,
  language: r.language,
  durationMs: r.duration_ms,
  bytes: Number(r.bytes),
  uploadedBy: r.uploaded_by,
  updatedAt: new Date(r.updated_at),
});

// node-postgres answers bytea as a Buffer, PGlite as a Uint8Array: callers get the plain type.
const bytesOf = (value: Uint8Array): Uint8Array =>
  new Uint8Array(value.buffer, value.byteOffset, value.byteLength);

/** Both drivers send a Uint8Array as bytea; the shared parameter type does not list it. */
const byteaParam = (value: Uint8Array): SqlParam => value as unknown as SqlParam;

/** Stores (or replaces) the center's recording of a prompt in a language. */
export async function savePromptOverride(
  db: Queryable,
  input: PromptOverrideInput,
): Promise<PromptOverrideSummary> {
  const rows = await db.query<SummaryRow>(
    `INSERT INTO prompt_overrides (center_id, prompt_id, language, audio, duration_ms, uploaded_by)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (center_id, prompt_id, language) DO UPDATE SET
       audio = EXCLUDED.audio,
       duration_ms = EXCLUDED.duration_ms,
       uploaded_by = EXCLUDED.uploaded_by,
       updated_at = now()
     RETURNING ${SUMMARY_COLUMNS}`,
    [
      input.centerId,
      input.promptId,
      input.language,
      byteaParam(input.audio),
      input.durationMs,
      input.uploadedBy,
    ],
  );
  return summaryOf(rows.rows[0]!);
}

/** The center's recordings, by prompt and language, without their audio. */
export async function listPromptOverrides(
  db: Queryable,
  centerId: string,
): Promise<PromptOverrideSummary[]> {
  const rows = await db.query<SummaryRow>(
    `SELECT ${SUMMARY_COLUMNS} FROM prompt_overrides WHERE center_id = $1
     ORDER BY prompt_id, language`,
    [centerId],
  );
  return rows.rows.map(summaryOf);
}

/** The recorded WAV file; null when the center plays the built-in prompt. */
export async function readPromptOverride(
  db: Queryable,
  centerId: string,
  promptId: string,
  language: PromptLanguage,
): Promise<Uint8Array | null> {
  const rows = await db.query<{ audio: Uint8Array }>(
    `SELECT audio FROM prompt_overrides
     WHERE center_id = $1 AND prompt_id = $2 AND language = $3`,
    [centerId, promptId, language],
  );
  const row = rows.rows[0];
  return row ? bytesOf(row.audio) : null;
}

/** Goes back to the built-in prompt; false when there was no recording. */
export async function deletePromptOverride(
  db: Queryable,
  centerId: string,
  promptId: string,
  language: PromptLanguage,
): Promise<boolean> {
  const rows = await db.query(
    `DELETE FROM prompt_overrides WHERE center_id = $1 AND prompt_id = $2 AND language = $3`,
    [centerId, promptId, language],
  );
  return rows.rowCount > 0;
}

/**
 * Every recording with its audio, for the media layer's prompt library. A row whose prompt no
 * longer exists (removed from PROMPTS in an upgrade) is left out: nothing would ask to play it.
 */
export async function loadPromptOverrides(db: Queryable): Promise<PromptOverride[]> {
  const rows = await db.query<{
    center_id: string;
    prompt_id: string;
    language: PromptLanguage;
    audio: Uint8Array;
  }>(
    `SELECT center_id, prompt_id, language, audio FROM prompt_overrides
     ORDER BY center_id, prompt_id, language`,
  );
  return rows.rows
    .filter((r) => Object.hasOwn(PROMPTS, r.prompt_id))
    .map((r) => ({
      centerId: r.center_id,
      promptId: r.prompt_id as PromptId,
      language: r.language,
      audio: bytesOf(r.audio),
    }));
}
