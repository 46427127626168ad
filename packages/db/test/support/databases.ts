import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDb, type Db } from '../../src/index.js';

/**
 * The databases every db test runs against: the embedded PGlite, and a real PostgreSQL when
 * TSUNAGU_TEST_DATABASE_URL is set (the README's test command starts one). Each `open()` gets
 * a fresh, migrated database of its own, so test files can run in parallel.
 */
export interface TestDatabase {
  readonly name: 'pglite' | 'postgres';
  open(): Promise<Db & { url?: string }>;
}

export const POSTGRES_URL = process.env.TSUNAGU_TEST_DATABASE_URL;

/** A new empty database on the test server; returns its URL. */
export async function freshPostgresUrl(adminUrl = POSTGRES_URL): Promise<string> {
  if (!adminUrl) throw new Error('TSUNAGU_TEST_DATABASE_URL is not set');
  const name = `tsunagu_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export const TEST_DATABASES: TestDatabase[] = [
  { name: 'pglite', open: () => openDb({}) },
  ...(POSTGRES_URL
    ? [
        {
          name: 'postgres' as const,
          async open() {
            const url = await freshPostgresUrl();
            return Object.assign(await openDb({ url, poolSize: 5 }), { url });
          },
        },
      ]
    : []),
];

if (process.env.CI === 'true' && !POSTGRES_URL) {
  throw new Error(
    'CI must run the database tests on PostgreSQL too: set TSUNAGU_TEST_DATABASE_URL',
  );
}
