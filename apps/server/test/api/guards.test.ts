import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi, routeGuards, type ApiDeps } from '@tsunagu/api';
import { createState } from '@tsunagu/domain';
import { startTestNode, type TestNode } from '../support/test-node.js';

/**
 * The routes anyone may call without signing in. A new public route fails this test until it
 * is added here, on purpose and in review.
 */
const PUBLIC_ROUTES = [
  'GET /healthz',
  'HEAD /healthz',
  'GET /readyz',
  'HEAD /readyz',
  'POST /api/v1/auth/login',
  // The web app's files and its client-side routes (apps/server/src/server/web-app.ts): no data.
  'GET /*',
  'HEAD /*',
];

/** The OpenAPI documentation (swagger-ui); served without a guard, data-free. */
const DOCS_ROUTES = [
  'GET /docs',
  'HEAD /docs',
  'HEAD /docs/',
  'GET /docs/json',
  'HEAD /docs/json',
  'GET /docs/yaml',
  'HEAD /docs/yaml',
  'GET /docs/static/index.html',
  'HEAD /docs/static/index.html',
  'GET /docs/static/swagger-initializer.js',
  'HEAD /docs/static/swagger-initializer.js',
  'GET /docs/static/*',
  'HEAD /docs/static/*',
];

const ROLES = ['admin', 'supervisor', 'agent'];

describe('route guards', () => {
  let t: TestNode;
  beforeAll(async () => {
    t = await startTestNode('pglite');
  }, 60_000);
  afterAll(async () => {
    await t?.stop();
  });

  it('[SUP-02] every route of the full app declares a guard; the public ones are exactly the listed ones', () => {
    const routes = routeGuards(t.node.api);
    expect(routes.length).toBeGreaterThan(PUBLIC_ROUTES.length + DOCS_ROUTES.length);
    const unguarded = routes
      .filter((r) => r.guard === undefined)
      .map((r) => `${r.method} ${r.url}`)
      .sort();
    expect(unguarded).toEqual([...DOCS_ROUTES].sort());
    const publicOnes = routes
      .filter((r) => r.guard && 'public' in r.guard)
      .map((r) => `${r.method} ${r.url}`)
      .sort();
    expect(publicOnes).toEqual([...PUBLIC_ROUTES].sort());
  });

  it('[SUP-02] every guarded route names at least one known role and nothing else', () => {
    for (const r of routeGuards(t.node.api)) {
      if (!r.guard || 'public' in r.guard) continue;
      expect(r.guard.roles.length, `${r.method} ${r.url}`).toBeGreaterThan(0);
      for (const role of r.guard.roles) expect(ROLES, `${r.method} ${r.url}`).toContain(role);
      // public and roles together would be ambiguous; the type forbids it, the data must too.
      expect('public' in r.guard, `${r.method} ${r.url}`).toBe(false);
    }
  });

  it('[SUP-02] the user and token routes are guarded as designed', () => {
    const guardOf = (method: string, url: string) =>
      routeGuards(t.node.api).find((r) => r.method === method && r.url === url)?.guard;
    const roles = (method: string, url: string) => {
      const g = guardOf(method, url);
      return g && 'roles' in g ? [...g.roles].sort() : g;
    };
    expect(roles('POST', '/api/v1/users')).toEqual(['admin']);
    expect(roles('PATCH', '/api/v1/users/:id')).toEqual(['admin']);
    expect(roles('DELETE', '/api/v1/users/:id')).toEqual(['admin']);
    expect(roles('GET', '/api/v1/users')).toEqual(['admin', 'supervisor']);
    expect(roles('GET', '/api/v1/users/:id')).toEqual(['admin', 'supervisor']);
    for (const [m, u] of [
      ['POST', '/api/v1/tokens'],
      ['GET', '/api/v1/tokens'],
      ['DELETE', '/api/v1/tokens/:id'],
    ] as const) {
      expect(roles(m, u)).toEqual(['admin', 'agent', 'supervisor']);
    }
  });
});

describe('registering a route', () => {
  // An app with no node behind it: nothing here reaches the database or the engine.
  const deps: ApiDeps = {
    db: {
      kind: 'pglite',
      query: async () => ({ rows: [], rowCount: 0 }),
      transaction: async () => {
        throw new Error('no database in this test');
      },
      runScript: async () => {
        throw new Error('no database in this test');
      },
      close: async () => undefined,
    },
    engine: { state: createState(), submit: async () => ({}) as never, now: () => 0 },
    bus: { subscribe: () => () => undefined },
    auth: { authenticate: async () => null },
    readiness: { ready: () => true, draining: () => false },
    config: { secureCookies: true, sessionTtlHours: 1, loginAttemptsPerMinute: 10 },
  };

  it('[SUP-02] without a guard throws at start-up', async () => {
    const app = await buildApi(deps);
    expect(() => app.get('/api/v1/forgotten', async () => ({ ok: true }))).toThrow(
      /GET \/api\/v1\/forgotten declares no guard/,
    );
    // A path that merely starts like the docs is not exempt.
    expect(() => app.get('/docsearch', async () => ({ ok: true }))).toThrow(/declares no guard/);
    await app.close();
  });

  it('[SUP-02] with a guard is accepted and enforced before the body is read', async () => {
    const app = await buildApi(deps);
    app.post('/api/v1/guarded', { config: { guard: { roles: ['admin'] } } }, async () => ({
      ok: true,
    }));
    await app.ready();
    // Anonymous, with a body that is not even JSON: 401, not a 400 describing the schema.
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/guarded',
      payload: '{"not json',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('CC_ERR_UNAUTHENTICATED');
    await app.close();
  });
});
