import { createHash } from 'node:crypto';
import type { Queryable } from './db.js';

/** The digest algorithms the registrar offers (RFC 8760 adds SHA-256 to RFC 3261's MD5). */
export type SipDigestAlgorithm = 'MD5' | 'SHA-256';

/** HA1 = H(username:realm:password), lowercase hex: what a registrar keeps instead of passwords. */
export function sipHa1(
  algorithm: SipDigestAlgorithm,
  username: string,
  realm: string,
  password: string,
): string {
  const hash = algorithm === 'MD5' ? 'md5' : 'sha256';
  return createHash(hash).update(`${username}:${realm}:${password}`, 'utf8').digest('hex');
}

/** An account as administrators see it: never its hashes. */
export interface SipAccountSummary {
  readonly username: string;
  readonly centerId: string;
  readonly realm: string;
  readonly agentId: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** An account as the registrar needs it. */
export interface SipAccount {
  readonly username: string;
  readonly centerId: string;
  readonly realm: string;
  readonly ha1: { readonly MD5: string; readonly 'SHA-256': string };
  readonly agentId: string | null;
}

export interface SipAccountInput {
  readonly centerId: string;
  readonly username: string;
  readonly realm: string;
  readonly password: string;
  /** The agent whose phone it is; null for none; undefined keeps the current one (none when new). */
  readonly agentId?: string | null;
}

export type SaveSipAccountResult =
  | { readonly outcome: 'created' | 'updated'; readonly account: SipAccountSummary }
  /** The username belongs to an account of another center; nothing was changed. */
  | { readonly outcome: 'taken' };

interface SummaryRow {
  username: string;
  center_id: string;
  realm: string;
  agent_id: string | null;
  created_at: Date | string;
  updated_at: Date | string;
}

const SUMMARY_COLUMNS = 'username, center_id, realm, agent_id, created_at, updated_at';

const summaryOf = (r: SummaryRow): SipAccountSummary => ({
  username: r.username,
  centerId: r.center_id,
  realm: r.realm,
  agentId: r.agent_id,
  createdAt: new Date(r.created_at),
  updatedAt: new Date(r.updated_at),
});

/**
 * Creates the account or sets its password (and agent). One statement, so two admins creating
 * the same username at once get one account, not a unique-key failure. A username is never
 * moved between centers here: the other center's account is reported as taken.
 */
export async function saveSipAccount(
  db: Queryable,
  input: SipAccountInput,
): Promise<SaveSipAccountResult> {
  const rows = await db.query<SummaryRow & { inserted: boolean }>(
    `INSERT INTO sip_accounts (center_id, username, realm, ha1_md5, ha1_sha256, agent_id)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (username) DO UPDATE SET
       realm = EXCLUDED.realm,
       ha1_md5 = EXCLUDED.ha1_md5,
       ha1_sha256 = EXCLUDED.ha1_sha256,
       agent_id = CASE WHEN $7::boolean THEN sip_accounts.agent_id ELSE EXCLUDED.agent_id END,
       updated_at = now()
     WHERE sip_accounts.center_id = EXCLUDED.center_id
     RETURNING ${SUMMARY_COLUMNS}, (xmax = 0) AS inserted`,
    [
      input.centerId,
      input.username,
      input.realm,
      sipHa1('MD5', input.username, input.realm, input.password),
      sipHa1('SHA-256', input.username, input.realm, input.password),
      input.agentId ?? null,
      input.agentId === undefined,
    ],
  );
  const row = rows.rows[0];
  if (!row) return { outcome: 'taken' };
  return { outcome: row.inserted ? 'created' : 'updated', account: summaryOf(row) };
}

/** A center's accounts by username, without their hashes. */
export async function listSipAccounts(
  db: Queryable,
  centerId: string,
): Promise<SipAccountSummary[]> {
  const rows = await db.query<SummaryRow>(
    `SELECT ${SUMMARY_COLUMNS} FROM sip_accounts WHERE center_id = $1 ORDER BY username`,
    [centerId],
  );
  return rows.rows.map(summaryOf);
}

/** Deletes the center's account; false when the center has no account of that name. */
export async function deleteSipAccount(
  db: Queryable,
  centerId: string,
  username: string,
): Promise<boolean> {
  const rows = await db.query('DELETE FROM sip_accounts WHERE center_id = $1 AND username = $2', [
    centerId,
    username,
  ]);
  return rows.rowCount > 0;
}

/** Every account with its HA1s, for the registrar's in-memory directory. */
export async function loadSipAccounts(db: Queryable): Promise<SipAccount[]> {
  const rows = await db.query<{
    username: string;
    center_id: string;
    realm: string;
    ha1_md5: string;
    ha1_sha256: string;
    agent_id: string | null;
  }>(
    `SELECT username, center_id, realm, ha1_md5, ha1_sha256, agent_id
     FROM sip_accounts ORDER BY username`,
  );
  return rows.rows.map((r) => ({
    username: r.username,
    centerId: r.center_id,
    realm: r.realm,
    ha1: { MD5: r.ha1_md5, 'SHA-256': r.ha1_sha256 },
    agentId: r.agent_id,
  }));
}
