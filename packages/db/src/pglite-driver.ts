import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { Db, QueryResult, Queryable, SqlParam } from './db.js';
import { lockDataDir } from './data-dir-lock.js';
import { renderScript } from './sql-script.js';

/**
 * PGlite runs one connection in-process, so transactions are serialised here: a query
 * outside a transaction waits for the running transaction instead of joining it.
 */
export async function openPglite(dataDir: string | undefined): Promise<Db> {
  // PGlite creates only the last directory of the path; a fresh clone has no .data/ yet.
  const onDisk = dataDir !== undefined && !dataDir.includes('://');
  if (onDisk) mkdirSync(dataDir, { recursive: true });
  const unlock = onDisk ? lockDataDir(dataDir) : () => undefined;
  const pg = new PGlite(dataDir ?? 'memory://');
  try {
    await pg.waitReady;
  } catch (err) {
    unlock();
    throw err;
  }
  let tail: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const run = tail.then(work, work);
    tail = run.catch(() => undefined);
    return run;
  };
  const wrap = (q: { query: PGlite['query'] }): Queryable => ({
    async query<R>(sql: string, params: readonly SqlParam[] = []): Promise<QueryResult<R>> {
      const result = await q.query<R>(sql, params as unknown[]);
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    },
  });
  const direct = wrap(pg);
  return {
    kind: 'pglite',
    query: (sql, params) => serial(() => direct.query(sql, params)),
    transaction: (work) => serial(() => pg.transaction((tx) => work(wrap(tx)))),
    // One simple-query call too: per statement, the extended protocol's messages and result
    // parsing cost more in-process than rendering the literals (docs/benchmarks.md).
    runScript: (statements) =>
      serial(async () => {
        if (statements.length > 0) await pg.exec(renderScript(statements));
      }),
    close: () => serial(() => pg.close()).finally(unlock),
  };
}
