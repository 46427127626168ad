import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { httpClient } from './http.js';
import { freshPostgresUrl, POSTGRES_URL } from '../../../../packages/db/test/support/databases.js';
import { startNode, type TsunaguNode } from '../../src/server/node.js';
import { loadSettings, type Settings } from '../../src/server/settings.js';

export const ADMIN_LOGIN = 'admin';
export const ADMIN_PASSWORD = 'correct horse battery staple';

/** A running node on a free loopback port, plus a small HTTP vocabulary for tests. */
export interface TestNode {
  readonly node: TsunaguNode;
  readonly url: string;
  readonly settings: Settings;
  /** Signs in and returns the session cookie header value. */
  login(login?: string, password?: string): Promise<string>;
  request(
    method: string,
    path: string,
    options?: { cookie?: string; token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<{ status: number; body: any; headers: Headers }>;
  stop(): Promise<void>;
}

export const TEST_BACKENDS: readonly ('pglite' | 'postgres')[] = POSTGRES_URL
  ? ['pglite', 'postgres']
  : ['pglite'];

/**
 * A random window of RTP ports for each test node, apart from the default range that spawned
 * `tsunagu serve` processes use. Test files run side by side: a node that takes a port another
 * node's call just left can get that call's last packets, and its session latches on to them
 * (symmetric RTP) and sends its audio there, away from the test's caller.
 */
function rtpPortWindow(): string {
  const base = 10_000 + 500 * Math.floor(Math.random() * 20);
  return `${base}-${base + 499}`;
}

export async function startTestNode(
  backend: 'pglite' | 'postgres' = 'pglite',
  overrides: Record<string, string> = {},
): Promise<TestNode> {
  const flags: Record<string, string> = {
    host: '127.0.0.1',
    port: '0',
    'data-dir': 'memory://',
    'admin-login': ADMIN_LOGIN,
    'admin-password': ADMIN_PASSWORD,
    'log-level': 'silent',
    'drain-timeout-sec': '0',
    // SIP is off unless a test asks for it (then on a free port: `'sip-port': '0'`).
    'sip-port': '-1',
    'rtp-ports': rtpPortWindow(),
    // Voicemail and call recordings are written (AGT-04): each node its own folder, removed after.
    'recordings-dir': mkdtempSync(join(tmpdir(), 'tsunagu-recordings-')),
    ...(backend === 'postgres' ? { 'database-url': await freshPostgresUrl() } : {}),
    ...overrides,
  };
  const settings = loadSettings(flags, {});
  const node = await startNode(settings, pino({ level: 'silent' }));
  const url = node.url;
  const request: TestNode['request'] = httpClient(url);
  return {
    node,
    url,
    settings,
    request,
    async login(login = ADMIN_LOGIN, password = ADMIN_PASSWORD) {
      const res = await fetch(`${url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login, password }),
      });
      if (res.status !== 200)
        throw new Error(`login ${login} failed: ${res.status} ${await res.text()}`);
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith('tsunagu_session='));
      if (!cookie) throw new Error('no session cookie');
      return cookie.split(';')[0]!;
    },
    async stop() {
      await node.shutdown();
      if (overrides['recordings-dir'] === undefined)
        rmSync(flags['recordings-dir']!, { recursive: true, force: true });
    },
  };
}
