import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from './db.js';

export const MIGRATIONS_DIR = join(import.meta.dirname, '..', 'migrations');

/**
 * Plain SQL migrations, applied in name order, each in its own transaction, once. An advisory
 * lock makes concurrent nodes starting at once wait for each other instead of racing.
 */
export async function migrate(db: Db): Promise<string[]> {
  // Under the same lock: two CREATE TABLE IF NOT EXISTS racing on PostgreSQL can both pass
  // the check and one then fails on the catalogue's unique index.
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(7261001)');
    await tx.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         name text PRIMARY KEY,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
  });
  const files = readdirSync(MIGRATIONS_DIR)
    .filter((f) => f.endsWith('.sql'))
    .sort();
  const applied: string[] = [];
  for (const name of files) {
    const done = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(7261001)');
      const seen = await tx.query('SELECT 1 FROM schema_migrations WHERE name = $1', [name]);
      if (seen.rows.length > 0) return false;
      for (const statement of splitStatements(readFileSync(join(MIGRATIONS_DIR, name), 'utf8'))) {
        await tx.query(statement);
      }
      await tx.query('INSERT INTO schema_migrations (name) VALUES ($1)', [name]);
      return true;
    });
    if (done) applied.push(name);
  }
  return applied;
}

/** Splits a migration on semicolons at line ends; migrations keep one statement per block. */
export function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*$/m)
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter((s) => s.length > 0);
}
