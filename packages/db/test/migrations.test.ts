import { readdirSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, MIGRATIONS_DIR } from '../src/migrate.js';
import { openPglite } from '../src/pglite-driver.js';
import { openPostgres } from '../src/postgres-driver.js';
import type { Db } from '../src/db.js';
import { freshPostgresUrl, POSTGRES_URL, TEST_DATABASES } from './support/databases.js';

const ALL = readdirSync(MIGRATIONS_DIR)
  .filter((f) => f.endsWith('.sql'))
  .sort();

const opened: Db[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.close()));
});

describe.each(TEST_DATABASES)('migrations on $name', (database) => {
  it('apply every migration once, in name order; a second run applies none', async () => {
    const db = await database.open();
    opened.push(db);
    // open() migrated already: the record lists every file, and nothing is left to do.
    const recorded = await db.query<{ name: string }>(
      'SELECT name FROM schema_migrations ORDER BY applied_at, name',
    );
    expect(recorded.rows.map((r) => r.name)).toEqual(ALL);
    expect(await migrate(db)).toEqual([]);
    expect(await migrate(db)).toEqual([]);
    const after = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations');
    expect(after.rows[0]!.n).toBe(ALL.length);
    // The seed row of engine_meta is written once, not once per run.
    const seq = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM engine_meta WHERE key = 'seq'`,
    );
    expect(seq.rows[0]!.n).toBe(1);
  });
});

describe('migrations from empty', () => {
  it('an empty PGlite database gets every table from one migrate()', async () => {
    const db = await openPglite(undefined);
    opened.push(db);
    expect(await migrate(db)).toEqual(ALL);
    const tables = await db.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`,
    );
    const names = tables.rows.map((r) => r.table_name);
    for (const t of ['events', 'calls', 'callbacks', 'agent_status_log', 'scheduled_jobs'])
      expect(names).toContain(t);
  });

  it.runIf(POSTGRES_URL)(
    'two nodes migrating one empty PostgreSQL database at once both succeed (advisory lock)',
    async () => {
      const url = await freshPostgresUrl();
      const nodes = await Promise.all([1, 2, 3].map(() => openPostgres(url, 2)));
      opened.push(...nodes);
      const applied = await Promise.all(nodes.map((db) => migrate(db)));
      // Each migration ran on exactly one node; together they ran all of them.
      expect(applied.flat().sort()).toEqual(ALL);
      const rows = await nodes[0]!.query<{ name: string }>(
        'SELECT name FROM schema_migrations ORDER BY name',
      );
      expect(rows.rows.map((r) => r.name)).toEqual(ALL);
    },
  );
});
