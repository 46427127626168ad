import { expect } from 'vitest';
import { createState, handle, type AdminInput } from '@tsunagu/domain';
import type { Db } from '@tsunagu/db';
import { buildApi, type Api, type ApiDeps, type Principal } from '../../src/index.js';
import type { TestDatabase } from '../../../db/test/support/databases.js';

/**
 * The API alone on a real database (PGlite or PostgreSQL): the engine is the domain's own
 * `handle` over a fresh state, and callers are named by a bearer token standing for a
 * principal, since sign-in is tested with the whole node (apps/server/test/api).
 */

export const TOKYO = 'tokyo';
export const OSAKA = 'osaka';
export const TOKYO_AGENT = 'agent-tokyo-1';
export const OSAKA_AGENT = 'agent-osaka-1';

export type Caller = 'admin' | 'tokyoSupervisor' | 'osakaSupervisor' | 'tokyoAgent';

const principal = (
  userId: string,
  role: Principal['role'],
  centers: Principal['centers'],
  agentId: string | null = null,
): Principal => ({
  userId,
  login: userId,
  role,
  centers,
  callerIds: 'all',
  agentId,
  via: 'token',
  tokenId: null,
});

const PRINCIPALS: Record<Caller, Principal> = {
  admin: principal('user-admin', 'admin', 'all'),
  tokyoSupervisor: principal('user-sup-tokyo', 'supervisor', [TOKYO]),
  osakaSupervisor: principal('user-sup-osaka', 'supervisor', [OSAKA]),
  tokyoAgent: principal('user-agent-tokyo', 'agent', [TOKYO], TOKYO_AGENT),
};

const CONFIG: AdminInput[] = [TOKYO, OSAKA].flatMap((center): AdminInput[] => [
  {
    type: 'center.upsert',
    center: { id: center, name: center, country: 'JP', timeZone: 'Asia/Tokyo' },
  },
  {
    type: 'agent.upsert',
    agent: { id: `agent-${center}-1`, centerId: center, name: `${center} agent` },
  },
]);

export interface TestResponse {
  readonly status: number;
  readonly body: any;
  readonly raw: Buffer;
  readonly headers: Record<string, unknown>;
}

export interface TestApi {
  readonly app: Api;
  readonly db: Db;
  /** How often each hook was called, and with what. */
  readonly calls: { sipAccountsChanged: number; promptsChanged: string[] };
  request(
    method: 'GET' | 'PUT' | 'POST' | 'DELETE',
    url: string,
    options?: { as?: Caller; json?: unknown; payload?: Uint8Array; contentType?: string },
  ): Promise<TestResponse>;
  close(): Promise<void>;
}

export async function startTestApi(
  database: TestDatabase,
  extra: Partial<ApiDeps> = {},
): Promise<TestApi> {
  const db = await database.open();
  const state = createState();
  for (const input of CONFIG) {
    const result = handle(state, input, 0);
    if (result.error) throw result.error;
  }
  const calls = { sipAccountsChanged: 0, promptsChanged: [] as string[] };
  const deps: ApiDeps = {
    db,
    engine: { state, submit: async (input) => handle(state, input, 0), now: () => 0 },
    bus: { subscribe: () => () => undefined },
    auth: {
      authenticate: async (request) => {
        const token = request.headers.authorization?.replace(/^Bearer /, '');
        return token && token in PRINCIPALS ? PRINCIPALS[token as Caller] : null;
      },
    },
    readiness: { ready: () => true, draining: () => false },
    config: { secureCookies: true, sessionTtlHours: 1, loginAttemptsPerMinute: 100 },
    onSipAccountsChanged: () => {
      calls.sipAccountsChanged += 1;
    },
    onPromptsChanged: (centerId) => {
      calls.promptsChanged.push(centerId);
    },
    ...extra,
  };
  const app = await buildApi(deps);
  await app.ready();
  return {
    app,
    db,
    calls,
    async request(method, url, options = {}) {
      const headers: Record<string, string> = {};
      if (options.as) headers.authorization = `Bearer ${options.as}`;
      let payload: string | Buffer | undefined;
      if (options.json !== undefined) {
        headers['content-type'] = 'application/json';
        payload = JSON.stringify(options.json);
      } else if (options.payload !== undefined) {
        headers['content-type'] = options.contentType ?? 'audio/wav';
        payload = Buffer.from(options.payload);
      }
      const res = await app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
      let body: unknown = null;
      try {
        body = res.body ? JSON.parse(res.body) : null;
      } catch {
        /* not JSON (audio) */
      }
      return { status: res.statusCode, body, raw: res.rawPayload, headers: res.headers };
    },
    async close() {
      await app.close();
      await db.close();
    },
  };
}

export function expectError(res: TestResponse, status: number, code: string): void {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body?.error?.code, JSON.stringify(res.body)).toBe(code);
}
