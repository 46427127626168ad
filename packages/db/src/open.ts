import type { Db, DbOptions } from './db.js';
import { openPglite } from './pglite-driver.js';
import { openPostgres } from './postgres-driver.js';
import { migrate } from './migrate.js';

/** Opens the database the options name and brings its schema up to date. */
export async function openDb(options: DbOptions): Promise<Db> {
  const db = options.url
    ? await openPostgres(options.url, options.poolSize)
    : await openPglite(options.dataDir);
  await migrate(db);
  return db;
}
