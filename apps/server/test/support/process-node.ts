import { spawn, type ChildProcess } from 'node:child_process';
import { httpClient } from './http.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freshPostgresUrl } from '../../../../packages/db/test/support/databases.js';
import { ADMIN_LOGIN, ADMIN_PASSWORD } from './test-node.js';

const REPO = resolve(import.meta.dirname, '../../../..');
const CLI = join(REPO, 'apps/server/src/cli.ts');

/** Where a process node keeps its data: a PGlite directory, or a PostgreSQL database. */
export type ProcessStore = { readonly dataDir: string } | { readonly databaseUrl: string };

const tempDirs: string[] = [];

/** A fresh, empty store for `backend`, to hand to one or more successive processes. */
export async function freshStore(backend: 'pglite' | 'postgres'): Promise<ProcessStore> {
  if (backend === 'postgres') return { databaseUrl: await freshPostgresUrl() };
  const dir = mkdtempSync(join(tmpdir(), 'tsunagu-node-'));
  tempDirs.push(dir);
  return { dataDir: join(dir, 'pglite') };
}

/** Deletes the PGlite directories `freshStore` made (call once their processes have exited). */
export function removeStores(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export interface HttpAnswer {
  readonly status: number;
  readonly body: any;
  readonly headers: Headers;
}

/**
 * A real `tsunagu serve` process (node + tsx, as `npm start` runs it) on a free loopback port:
 * what crash and shutdown tests need, since SIGKILL and SIGTERM must hit a whole process.
 */
export interface ProcessNode {
  readonly url: string;
  readonly child: ChildProcess;
  /** Every stdout line so far (JSON log lines and the console banner). */
  readonly lines: string[];
  /** Resolves with the exit code (or the signal that ended it). */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  login(login?: string, password?: string): Promise<string>;
  request(
    method: string,
    path: string,
    options?: { cookie?: string; token?: string; body?: unknown },
  ): Promise<HttpAnswer>;
  kill(signal: NodeJS.Signals): void;
}

export async function startProcessNode(
  store: ProcessStore,
  flags: Record<string, string> = {},
): Promise<ProcessNode> {
  const args = [
    '--import',
    'tsx',
    CLI,
    'serve',
    '--host',
    '127.0.0.1',
    '--port',
    '0',
    '--sip-port',
    '0',
    '--admin-login',
    ADMIN_LOGIN,
    '--admin-password',
    ADMIN_PASSWORD,
    '--log-level',
    'info',
    ...('dataDir' in store ? ['--data-dir', store.dataDir] : ['--database-url', store.databaseUrl]),
    ...Object.entries(flags).flatMap(([k, v]) => [`--${k}`, v]),
  ];
  const env = { ...process.env };
  for (const key of Object.keys(env))
    if (key.startsWith('TSUNAGU_') || key === 'DATABASE_URL') delete env[key];
  const child = spawn(process.execPath, args, {
    cwd: REPO,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let stderr = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => done({ code, signal })),
  );
  let buffered = '';
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`no URL after 60 s\n${stderr}`)), 60_000);
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      const parts = buffered.split('\n');
      buffered = parts.pop()!;
      for (const line of parts) {
        lines.push(line);
        const found = /Tsunagu: (http:\/\/\S+)/.exec(line);
        if (found) {
          clearTimeout(timer);
          ok(found[1]!);
        }
      }
    });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      fail(new Error(`server exited (${code ?? signal}) before listening\n${stderr}`));
    });
  });

  const request: ProcessNode['request'] = httpClient(url);

  return {
    url,
    child,
    lines,
    exited,
    request,
    async login(login = ADMIN_LOGIN, password = ADMIN_PASSWORD) {
      const res = await request('POST', '/api/v1/auth/login', { body: { login, password } });
      if (res.status !== 200) throw new Error(`login failed: ${res.status}`);
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith('tsunagu_session='));
      if (!cookie) throw new Error('no session cookie');
      return cookie.split(';')[0]!;
    },
    kill(signal) {
      child.kill(signal);
    },
  };
}

/** Polls `probe` until it returns a value that is not undefined; fails after `timeoutMs`. */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
