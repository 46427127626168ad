import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { adminSession } from './admin-session.js';

const REPO = resolve(import.meta.dirname, '../..');
const ADMIN_PASSWORD = 'benchmark admin passphrase';

export type Backend = 'pglite' | 'postgres';

/**
 * One `tsunagu serve` process, as `npm start` runs it, on a fresh store: a new PGlite directory
 * or a new database on the PostgreSQL server `postgresUrl` names. The benchmark client runs in
 * another process, so what is measured is the server as deployed.
 */
export interface ServerProcess {
  readonly url: URL;
  readonly child: ChildProcess;
  /** An admin API token (Bearer), for the client. */
  readonly token: string;
  stop(): Promise<void>;
}

async function freshDatabase(adminUrl: string): Promise<string> {
  const name = `tsunagu_bench_${randomBytes(6).toString('hex')}`;
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

async function dropDatabase(adminUrl: string, url: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${new URL(url).pathname.slice(1)} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

export async function startServer(
  backend: Backend,
  postgresUrl: string | undefined,
  logLevel: string,
): Promise<ServerProcess> {
  let dataDir: string | null = null;
  let databaseUrl: string | null = null;
  if (backend === 'postgres') {
    if (!postgresUrl) throw new Error('no PostgreSQL URL');
    databaseUrl = await freshDatabase(postgresUrl);
  } else {
    dataDir = mkdtempSync(join(tmpdir(), 'tsunagu-bench-'));
  }
  const env = { ...process.env };
  for (const key of Object.keys(env))
    if (key.startsWith('TSUNAGU_') || key === 'DATABASE_URL') delete env[key];
  const args = [
    '--import',
    'tsx',
    join(REPO, 'apps/server/src/cli.ts'),
    'serve',
    '--host',
    '127.0.0.1',
    '--port',
    '0',
    '--admin-password',
    ADMIN_PASSWORD,
    '--log-level',
    logLevel,
    '--drain-timeout-sec',
    '0',
    // The HTTP and event-stream benchmarks take no calls: SIP stays off (and off port 5060).
    '--sip-port',
    '-1',
    ...(databaseUrl ? ['--database-url', databaseUrl] : ['--data-dir', join(dataDir!, 'pglite')]),
  ];
  const child = spawn(process.execPath, args, {
    cwd: REPO,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const { url, token } = await adminSession(child, ADMIN_PASSWORD, 'benchmark', () => stderr);
  return {
    url,
    child,
    token,
    async stop() {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
      if (databaseUrl) await dropDatabase(postgresUrl!, databaseUrl);
    },
  };
}
