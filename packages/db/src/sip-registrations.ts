import type { Queryable } from './db.js';

/** One registered contact of a phone, as the registrar keeps it (times in epoch ms). */
export interface StoredSipBinding {
  readonly contact: string;
  readonly source: { readonly protocol: string; readonly host: string; readonly port: number };
  readonly expiresAt: number;
  readonly callId: string;
  readonly cseq: number;
}

/**
 * Replaces an account's bindings; an empty list removes its row. A phone whose account is gone
 * (deleted meanwhile) is not recorded: the foreign key would refuse it, so it is skipped.
 */
export async function saveSipRegistration(
  db: Queryable,
  username: string,
  bindings: readonly StoredSipBinding[],
): Promise<void> {
  if (bindings.length === 0) {
    await db.query('DELETE FROM sip_registrations WHERE username = $1', [username]);
    return;
  }
  await db.query(
    `INSERT INTO sip_registrations (username, bindings, updated_at)
     SELECT username, $2::jsonb, now() FROM sip_accounts WHERE username = $1
     ON CONFLICT (username) DO UPDATE SET bindings = EXCLUDED.bindings, updated_at = now()`,
    [username, JSON.stringify(bindings)],
  );
}

/** Every account's bindings that have not expired by `now`; expired rows are removed. */
export async function loadSipRegistrations(
  db: Queryable,
  now: number,
): Promise<Map<string, StoredSipBinding[]>> {
  const result = await db.query<{ username: string; bindings: StoredSipBinding[] }>(
    'SELECT username, bindings FROM sip_registrations ORDER BY username',
  );
  const live = new Map<string, StoredSipBinding[]>();
  const expired: string[] = [];
  for (const row of result.rows) {
    const kept = row.bindings.filter((b) => b.expiresAt > now);
    if (kept.length > 0) live.set(row.username, kept);
    else expired.push(row.username);
  }
  if (expired.length > 0)
    await db.query('DELETE FROM sip_registrations WHERE username = ANY($1::text[])', [expired]);
  return live;
}
