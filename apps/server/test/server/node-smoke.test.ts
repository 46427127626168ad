import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, TEST_BACKENDS, type TestNode } from '../support/test-node.js';

describe.each(TEST_BACKENDS)('a node on %s', (backend) => {
  let t: TestNode;
  beforeAll(async () => {
    t = await startTestNode(backend);
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('[SUP-02] serves health, readiness and OpenAPI, and refuses anonymous API calls', async () => {
    expect((await t.request('GET', '/healthz')).body).toEqual({ status: 'ok' });
    expect((await t.request('GET', '/readyz')).status).toBe(200);
    const docs = await t.request('GET', '/docs/json');
    expect(docs.body.openapi).toMatch(/^3\./);
    const me = await t.request('GET', '/api/v1/me');
    expect(me.status).toBe(401);
    expect(me.body.error.code).toBe('CC_ERR_UNAUTHENTICATED');
  });

  it('[SUP-02] signs the admin in with a password and a secure session cookie', async () => {
    const bad = await t.request('POST', '/api/v1/auth/login', {
      body: { login: 'admin', password: 'nope' },
    });
    expect(bad.status).toBe(401);
    expect(bad.body.error.code).toBe('CC_ERR_INVALID_CREDENTIALS');
    const cookie = await t.login();
    const me = await t.request('GET', '/api/v1/me', { cookie });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      login: 'admin',
      role: 'admin',
      centers: 'all',
      via: 'session',
    });
  });
});
