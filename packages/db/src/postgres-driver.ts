import pg from 'pg';
import type { Db, QueryResult, Queryable, SqlParam } from './db.js';
import { renderScript } from './sql-script.js';

// Timestamps come back as numbers of milliseconds where the schema uses bigint columns;
// int8 is parsed so counts and ids are numbers, as PGlite returns them.
pg.types.setTypeParser(20, (v) => Number(v));

export async function openPostgres(url: string, poolSize = 10): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  const probe = await pool.connect();
  probe.release();
  const wrap = (q: pg.Pool | pg.PoolClient): Queryable => ({
    async query<R>(sql: string, params: readonly SqlParam[] = []): Promise<QueryResult<R>> {
      const result = await q.query(sql, params as unknown[]);
      return { rows: result.rows as R[], rowCount: result.rowCount ?? result.rows.length };
    },
  });
  return {
    kind: 'postgres',
    query: (sql, params) => wrap(pool).query(sql, params),
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    async runScript(statements) {
      if (statements.length === 0) return;
      // No values: node-postgres sends a simple Query, which runs all of it as one transaction.
      await pool.query(renderScript(statements));
    },
    close: () => pool.end(),
  };
}
