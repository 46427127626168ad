import { request as httpRequest } from 'node:http';
import { expect } from 'vitest';
import { routeGuards, type Guard } from '@tsunagu/api';
import type { TestNode } from '../support/test-node.js';

/** Shared set-up of the auth and security tests: users, a second center, raw requests. */

export const OSAKA = {
  centerId: 'osaka',
  queueId: 'osaka-support',
  agentId: 'osaka-001',
  number: '0611112222',
} as const;

/** A second center with its own agent and queue, added through the engine like any config. */
export async function addOsaka(t: TestNode): Promise<void> {
  const inputs = [
    {
      type: 'center.upsert',
      center: {
        id: OSAKA.centerId,
        name: '大阪センター',
        country: 'JP',
        timeZone: 'Asia/Tokyo',
        callerIds: [{ number: OSAKA.number, label: '大阪代表' }],
      },
    },
    {
      type: 'agent.upsert',
      agent: { id: OSAKA.agentId, centerId: OSAKA.centerId, name: 'Osaka Agent' },
    },
    {
      type: 'queue.upsert',
      queue: {
        id: OSAKA.queueId,
        centerId: OSAKA.centerId,
        name: '大阪サポート',
        numbers: [OSAKA.number],
        members: [OSAKA.agentId],
        callerId: OSAKA.number,
      },
    },
  ] as const;
  for (const input of inputs) {
    const result = await t.node.runner.submitDurably(input as never);
    expect(result.error).toBeUndefined();
  }
}

export interface NewUserBody {
  login: string;
  name?: string;
  password: string;
  role: 'admin' | 'supervisor' | 'agent';
  centers?: string[] | null;
  callerIds?: string[] | null;
  agentId?: string | null;
}

/** Creates a user through the API (as the admin) and signs them in. */
export async function addUser(
  t: TestNode,
  adminCookie: string,
  body: NewUserBody,
): Promise<{ id: string; cookie: string; user: any }> {
  const res = await t.request('POST', '/api/v1/users', {
    cookie: adminCookie,
    body: { name: body.login, ...body },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const cookie = await t.login(body.login, body.password);
  return { id: res.body.id, cookie, user: res.body };
}

/** Every registered route except the docs, with its guard. */
export function apiRoutes(
  t: TestNode,
): { method: string; url: string; guard: Guard | undefined }[] {
  return routeGuards(t.node.api).filter((r) => r.url !== '/docs' && !r.url.startsWith('/docs/'));
}

export function isPublic(guard: Guard | undefined): boolean {
  return guard !== undefined && 'public' in guard;
}

export function rolesOf(guard: Guard | undefined): readonly string[] {
  return guard && 'roles' in guard ? guard.roles : [];
}

/** A concrete path for a route pattern: each `:param` (and `*`) replaced by a sample value. */
export function samplePath(url: string, values: Record<string, string> = {}): string {
  return url
    .replace(/:([A-Za-z0-9_]+)/g, (_m, name: string) =>
      encodeURIComponent(values[name] ?? 'sample'),
    )
    .replace(/\*/g, 'sample');
}

/** Everything stored, table by table, to prove a refused request changed nothing. */
export async function snapshot(t: TestNode): Promise<Record<string, unknown[]>> {
  const tables = await t.node.db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables
     WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const out: Record<string, unknown[]> = {};
  for (const { table_name } of tables.rows) {
    const rows = await t.node.db.query(`SELECT * FROM "${table_name}"`);
    out[table_name] = rows.rows.map((r) => JSON.stringify(r)).sort();
  }
  return out;
}

/**
 * A login sent from a chosen loopback source address (127.0.0.0/8 is all loopback on Linux),
 * to stand for different clients in the rate-limit tests.
 */
export function loginFrom(
  t: TestNode,
  localAddress: string,
  login: string,
  password: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: any; retryAfter: string | undefined }> {
  const payload = JSON.stringify({ login, password });
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${t.url}/api/v1/auth/login`,
      {
        method: 'POST',
        localAddress,
        agent: false,
        headers: { 'content-type': 'application/json', ...headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: text ? JSON.parse(text) : null,
            retryAfter: res.headers['retry-after'] as string | undefined,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
