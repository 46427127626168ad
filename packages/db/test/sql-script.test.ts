import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { literalOf, renderScript, renderStatement } from '../src/sql-script.js';
import type { Db } from '../src/index.js';
import { TEST_DATABASES } from './support/databases.js';

describe('statements rendered as one script', () => {
  it('[QCB-02] writes each $n as its own parameter, $10 after $1, and refuses a missing one', () => {
    const params = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'];
    expect(renderStatement({ sql: 'SELECT $1, $10, $2', params })).toBe("SELECT 'a', 'j', 'b'");
    expect(() => renderStatement({ sql: 'SELECT $2', params: ['a'] })).toThrow(RangeError);
    expect(renderScript([{ sql: 'SELECT 1' }, { sql: 'SELECT $1', params: [null] }])).toBe(
      'SELECT 1;\nSELECT NULL;',
    );
  });

  it('[QCB-02] quotes strings so no value can end its literal', () => {
    expect(literalOf("it's")).toBe("'it''s'");
    expect(literalOf('a\\b')).toBe(" E'a\\\\b'");
    expect(literalOf(['x"y', null, 'z\\'])).toBe(` E'{"x\\\\"y",NULL,"z\\\\\\\\"}'`);
    expect(() => literalOf(Number.NaN)).toThrow(RangeError);
  });

  it("[QCB-02] quotes every string exactly as node-postgres's escapeLiteral does", () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(literalOf(s)).toBe(pg.escapeLiteral(s));
      }),
      { numRuns: 2_000 },
    );
  });
});

describe.each(TEST_DATABASES)('script literals read back by $name', (database) => {
  let db: Db;
  beforeAll(async () => {
    db = await database.open();
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  const readBack = async (sql: string): Promise<unknown> =>
    (await db.query<{ v: unknown }>(sql)).rows[0]!.v;

  it('[QCB-02] reads every string, text array and JSON document back exactly as it was committed', async () => {
    // PostgreSQL text cannot hold NUL; everything else must survive, quotes and backslashes too.
    const text = fc.string({ unit: 'binary', maxLength: 40 }).filter((s) => !s.includes('\0'));
    await fc.assert(
      fc.asyncProperty(text, fc.array(fc.option(text), { maxLength: 4 }), async (s, arr) => {
        expect(await readBack(renderStatement({ sql: 'SELECT $1::text AS v', params: [s] }))).toBe(
          s,
        );
        expect(
          await readBack(renderStatement({ sql: 'SELECT $1::text[] AS v', params: [arr] })),
        ).toEqual(arr);
        const doc = { s, arr };
        expect(
          await readBack(
            renderStatement({ sql: 'SELECT $1::jsonb AS v', params: [JSON.stringify(doc)] }),
          ),
        ).toEqual(doc);
      }),
      { numRuns: 300 },
    );
  }, 120_000);

  it('[QCB-02] reads numbers, booleans and times back as bound parameters would', async () => {
    const at = new Date(Date.UTC(2026, 10, 22, 5, 30, 1, 234));
    const sql = renderStatement({
      sql: 'SELECT json_build_array($1::bigint, $2::float8, $3::boolean, $4::timestamptz) AS v',
      params: [-42, 0.125, false, at],
    });
    expect(await readBack(sql)).toEqual([-42, 0.125, false, '2026-11-22T05:30:01.234+00:00']);
  });
});

describe.each(TEST_DATABASES)('a script on $name', (database) => {
  let db: Db;
  beforeAll(async () => {
    db = await database.open();
    await db.query('CREATE TABLE script_probe (id int PRIMARY KEY, note text)');
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  it('[QCB-02] runs all its statements or none: a failing one undoes the ones before it', async () => {
    await db.runScript([
      { sql: 'INSERT INTO script_probe VALUES ($1, $2)', params: [1, "Robert'); DROP TABLE x;--"] },
    ]);
    await expect(
      db.runScript([
        { sql: 'INSERT INTO script_probe VALUES ($1, $2)', params: [2, 'kept?'] },
        { sql: 'INSERT INTO script_probe VALUES ($1, $2)', params: [1, 'duplicate key'] },
      ]),
    ).rejects.toThrow();
    const rows = await db.query<{ id: number; note: string }>(
      'SELECT id, note FROM script_probe ORDER BY id',
    );
    expect(rows.rows).toEqual([{ id: 1, note: "Robert'); DROP TABLE x;--" }]);
    // The connection is usable again after the failed script.
    await db.runScript([{ sql: 'INSERT INTO script_probe VALUES ($1, $2)', params: [3, 'next'] }]);
    expect((await db.query('SELECT id FROM script_probe')).rows).toHaveLength(2);
  });
});
