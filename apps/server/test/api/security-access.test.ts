import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, TEST_BACKENDS, type TestNode } from '../support/test-node.js';
import {
  addOsaka,
  addUser,
  apiRoutes,
  isPublic,
  OSAKA,
  rolesOf,
  samplePath,
  snapshot,
} from './security-fixtures.js';

const PW = 'a long enough passphrase';
const WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

/** Sample values of path parameters naming one center's resources. */
const TOKYO_IDS = { centerId: 'tokyo', queueId: 'support', agentId: 'agent-001' };
const OSAKA_IDS = { centerId: OSAKA.centerId, queueId: OSAKA.queueId, agentId: OSAKA.agentId };

/** Routes that need a query to answer 200: a report period (the last 30 days). */
const PERIOD = `?from=${new Date(Date.now() - 30 * 86_400_000).toISOString()}&to=${new Date(Date.now() + 3_600_000).toISOString()}`;
const QUERIES: Record<string, string> = {
  '/api/v1/centers/:centerId/reports/callbacks': PERIOD,
  '/api/v1/centers/:centerId/reports/service-level': PERIOD,
};

/** Long-lived streams: checked for refusal only (an accepted one would stay open). */
const STREAMS = new Set(['/api/v1/events/stream']);

describe.each(TEST_BACKENDS)('access control on %s', (backend) => {
  let t: TestNode;
  let admin: string;
  let sup: { id: string; cookie: string };
  let agent: { id: string; cookie: string };
  let osakaUser: { id: string; cookie: string };

  beforeAll(async () => {
    t = await startTestNode(backend);
    admin = await t.login();
    await addOsaka(t);
    sup = await addUser(t, admin, {
      login: 'sup.tokyo',
      password: PW,
      role: 'supervisor',
      centers: ['tokyo'],
    });
    agent = await addUser(t, admin, {
      login: 'agent.tokyo',
      password: PW,
      role: 'agent',
      centers: ['tokyo'],
      callerIds: ['0312345678'],
      agentId: 'agent-001',
    });
    osakaUser = await addUser(t, admin, {
      login: 'agent.osaka',
      password: PW,
      role: 'agent',
      centers: ['osaka'],
      agentId: OSAKA.agentId,
    });
  }, 60_000);
  afterAll(async () => {
    await t?.stop();
  });

  it('[SUP-02] every non-public route answers 401 without valid credentials, whatever the body', async () => {
    const routes = apiRoutes(t).filter((r) => !isPublic(r.guard));
    expect(routes.length).toBeGreaterThan(20);
    const before = await snapshot(t);
    const credentials = [
      {},
      { cookie: 'tsunagu_session=ses_forged' },
      { token: 'tsk_forged' },
      { headers: { authorization: 'Basic YWRtaW46YWRtaW4=' } },
    ];
    for (const r of routes) {
      for (const creds of credentials) {
        const res = await t.request(r.method, samplePath(r.url, TOKYO_IDS), {
          ...creds,
          // A malformed body must not turn the 401 into a 400 that describes the schema.
          ...(WITH_BODY.has(r.method) ? { body: { unexpected: true } } : {}),
        });
        const label = `${r.method} ${r.url} ${JSON.stringify(creds)}`;
        expect(res.status, label).toBe(401);
        if (r.method !== 'HEAD') expect(res.body.error.code, label).toBe('CC_ERR_UNAUTHENTICATED');
      }
    }
    expect(await snapshot(t)).toEqual(before);
  });

  it('[SUP-02] a lower role gets 403 on every route not granted to it', async () => {
    const before = await snapshot(t);
    let checked = 0;
    for (const [role, cookie] of [
      ['agent', agent.cookie],
      ['supervisor', sup.cookie],
    ] as const) {
      for (const r of apiRoutes(t)) {
        if (isPublic(r.guard) || rolesOf(r.guard).includes(role)) continue;
        const res = await t.request(r.method, samplePath(r.url, TOKYO_IDS), {
          cookie,
          ...(WITH_BODY.has(r.method) ? { body: { unexpected: true } } : {}),
        });
        expect(res.status, `${role}: ${r.method} ${r.url}`).toBe(403);
        if (r.method !== 'HEAD') expect(res.body.error.code).toBe('CC_ERR_FORBIDDEN');
        checked += 1;
      }
    }
    // At least the user admin routes for both, and the supervisor views for agents.
    expect(checked).toBeGreaterThan(10);
    expect(await snapshot(t)).toEqual(before);
  });

  it("[SUP-02] a Tokyo supervisor reads Tokyo's data and gets 403 on Osaka's, on every center-scoped read", async () => {
    const reads = apiRoutes(t).filter((r) => {
      if (r.method !== 'GET' || !rolesOf(r.guard).includes('supervisor')) return false;
      const params = [...r.url.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!);
      return params.length > 0 && params.every((p) => p in TOKYO_IDS);
    });
    // Queue, hold queue, live calls, agents, history, reports at least.
    expect(reads.length).toBeGreaterThan(10);
    for (const r of reads) {
      const query = QUERIES[r.url] ?? '';
      const foreign = await t.request('GET', samplePath(r.url, OSAKA_IDS) + query, {
        cookie: sup.cookie,
      });
      expect(foreign.status, `osaka ${r.url}`).toBe(403);
      expect(foreign.body.error.code).toBe('CC_ERR_FORBIDDEN');
      expect(JSON.stringify(foreign.body)).not.toContain('大阪');
      if (STREAMS.has(r.url)) continue;
      const own = await t.request('GET', samplePath(r.url, TOKYO_IDS) + query, {
        cookie: sup.cookie,
      });
      expect(own.status, `tokyo ${r.url}: ${JSON.stringify(own.body)}`).toBe(200);
    }
    const user = await t.request('GET', `/api/v1/users/${osakaUser.id}`, { cookie: sup.cookie });
    expect(user.status).toBe(403);
  });

  it("[SUP-02] lists leave another center's data out, and filtering by it is refused", async () => {
    const lists: [string, (body: any) => string[]][] = [
      ['/api/v1/centers', (b) => b.items.map((c: any) => c.id)],
      ['/api/v1/queues', (b) => b.items.map((q: any) => q.id)],
      ['/api/v1/agents', (b) => b.items.map((a: any) => a.id)],
      ['/api/v1/users', (b) => b.items.map((u: any) => u.id)],
    ];
    for (const [path, ids] of lists) {
      const res = await t.request('GET', path, { cookie: sup.cookie });
      expect(res.status, path).toBe(200);
      const seen = ids(res.body);
      expect(seen.length, path).toBeGreaterThan(0);
      for (const foreign of [OSAKA.centerId, OSAKA.queueId, OSAKA.agentId, osakaUser.id]) {
        expect(seen, path).not.toContain(foreign);
      }
    }
    for (const path of ['/api/v1/queues', '/api/v1/agents', '/api/v1/events/stream']) {
      const res = await t.request('GET', `${path}?centerId=${OSAKA.centerId}`, {
        cookie: sup.cookie,
      });
      expect(res.status, path).toBe(403);
    }
  });

  it("[SUP-02] writes to another center's resources are refused and change nothing", async () => {
    const before = await snapshot(t);
    const attempts: [string, string, unknown, string][] = [
      ['PATCH', `/api/v1/queues/${OSAKA.queueId}`, { name: 'hijacked' }, sup.cookie],
      ['PUT', `/api/v1/queues/${OSAKA.queueId}/members`, { agentIds: [] }, sup.cookie],
      ['POST', `/api/v1/agents/${OSAKA.agentId}/status`, { status: 'available' }, sup.cookie],
      ['POST', `/api/v1/agents/${OSAKA.agentId}/status`, { status: 'available' }, agent.cookie],
      [
        'POST',
        `/api/v1/centers/${OSAKA.centerId}/dispositions`,
        { id: 'x', label: 'X' },
        sup.cookie,
      ],
    ];
    for (const [method, path, body, cookie] of attempts) {
      const res = await t.request(method, path, { cookie, body });
      expect(res.status, `${method} ${path}`).toBe(403);
    }
    // An agent acts for themself only, even within their center.
    const other = await t.request('POST', '/api/v1/agents/agent-002/status', {
      cookie: agent.cookie,
      body: { status: 'available' },
    });
    expect(other.status).toBe(403);
    expect(await snapshot(t)).toEqual(before);
  });

  it('[SUP-02] an agent restricted to some caller IDs cannot dial with another', async () => {
    const before = await snapshot(t);
    const res = await t.request('POST', '/api/v1/agents/agent-001/dial', {
      cookie: agent.cookie,
      body: { to: '0901234567', callerId: '0698765432' },
    });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('CC_ERR_CALLER_ID_NOT_ALLOWED');
    expect(await snapshot(t)).toEqual(before);
    expect((await t.request('GET', '/api/v1/me', { cookie: agent.cookie })).body.callerIds).toEqual(
      ['0312345678'],
    );
  });

  it('[SUP-02] the same rules hold for API tokens', async () => {
    const { body } = await t.request('POST', '/api/v1/tokens', {
      cookie: sup.cookie,
      body: { name: 'wallboard' },
    });
    const token = body.token as string;
    const own = await t.request('GET', '/api/v1/centers/tokyo/hold-queue', { token });
    expect(own.status).toBe(200);
    const foreign = await t.request('GET', `/api/v1/centers/${OSAKA.centerId}/hold-queue`, {
      token,
    });
    expect(foreign.status).toBe(403);
    expect((await t.request('POST', '/api/v1/centers', { token, body: {} })).status).toBe(403);
  });
});
