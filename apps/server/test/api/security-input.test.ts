import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, TEST_BACKENDS, type TestNode } from '../support/test-node.js';
import { addOsaka, addUser, apiRoutes, samplePath, snapshot } from './security-fixtures.js';

const PW = 'a long enough passphrase';

/** Sends a body exactly as given (not re-encoded), as a hostile client would. */
async function raw(
  t: TestNode,
  method: string,
  path: string,
  cookie: string,
  body: string,
  contentType = 'application/json',
): Promise<{ status: number; body: any }> {
  const res = await fetch(t.url + path, {
    method,
    headers: { cookie, 'content-type': contentType },
    body,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

describe.each(TEST_BACKENDS)('hostile input on %s', (backend) => {
  let t: TestNode;
  let admin: string;

  beforeAll(async () => {
    t = await startTestNode(backend);
    admin = await t.login();
    await addOsaka(t);
    await addUser(t, admin, { login: 'x_y.z', password: PW, role: 'agent', centers: ['tokyo'] });
  }, 60_000);
  afterAll(async () => {
    await t?.stop();
  });

  it('[SUP-02] malformed user bodies answer 400 CC_ERR_VALIDATION and change nothing', async () => {
    const target = (await t.request('GET', '/api/v1/users?login=x_y.z', { cookie: admin })).body
      .items[0];
    const before = await snapshot(t);
    const bad: [string, string, unknown][] = [
      ['POST', '/api/v1/users', {}],
      ['POST', '/api/v1/users', { login: 'ok.login', name: 'N', password: PW }],
      [
        'POST',
        '/api/v1/users',
        {
          login: 'ok.login',
          name: 'N',
          password: 12345678901234,
          role: 'agent',
          centers: ['tokyo'],
        },
      ],
      [
        'POST',
        '/api/v1/users',
        { login: 'ok.login', name: '', password: PW, role: 'agent', centers: ['tokyo'] },
      ],
      [
        'POST',
        '/api/v1/users',
        {
          login: 'ok.login',
          name: 'N',
          password: PW,
          role: 'agent',
          centers: ['tokyo'],
          id: 'chosen',
        },
      ],
      [
        'POST',
        '/api/v1/users',
        {
          login: 'ok.login',
          name: 'N',
          password: PW,
          role: 'agent',
          centers: ['tokyo'],
          disabled: 'no',
        },
      ],
      [
        'POST',
        '/api/v1/users',
        {
          login: 'ok.login',
          name: 'x'.repeat(201),
          password: PW,
          role: 'agent',
          centers: ['tokyo'],
        },
      ],
      [
        'POST',
        '/api/v1/users',
        {
          login: 'ok.login',
          name: 'N',
          password: 'x'.repeat(1001),
          role: 'agent',
          centers: ['tokyo'],
        },
      ],
      ['POST', '/api/v1/users', [{ login: 'ok.login' }]],
      ['PATCH', `/api/v1/users/${target.id}`, {}],
      ['PATCH', `/api/v1/users/${target.id}`, { role: 'superuser' }],
      ['PATCH', `/api/v1/users/${target.id}`, { password: 'short' }],
      ['PATCH', `/api/v1/users/${target.id}`, { login: 'renamed' }],
      ['PATCH', `/api/v1/users/${target.id}`, { centers: [''] }],
      // A valid change next to an invalid one: all or nothing.
      ['PATCH', `/api/v1/users/${target.id}`, { name: 'Changed', callerIds: ['not a number'] }],
      [
        'PATCH',
        `/api/v1/users/${target.id}`,
        { name: 'Changed', role: 'admin', centers: ['tokyo'] },
      ],
      ['POST', '/api/v1/tokens', {}],
      ['POST', '/api/v1/tokens', { name: '' }],
      ['POST', '/api/v1/tokens', { name: 'ok', userId: target.id }],
    ];
    for (const [method, path, body] of bad) {
      const res = await t.request(method, path, { cookie: admin, body });
      const label = `${method} ${path} ${JSON.stringify(body)}`;
      expect(res.status, label).toBe(400);
      expect(res.body.error.code, label).toBe('CC_ERR_VALIDATION');
    }
    expect(await snapshot(t)).toEqual(before);
  });

  it('[BEY-08] every route that takes a body refuses broken JSON, wrong types and prototype keys with 400', async () => {
    const openapi = (await t.request('GET', '/docs/json')).body;
    const withBody = apiRoutes(t).filter((r) => {
      const op =
        openapi.paths[r.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}')]?.[r.method.toLowerCase()];
      return op?.requestBody !== undefined;
    });
    expect(withBody.length).toBeGreaterThan(15);
    const before = await snapshot(t);
    for (const r of withBody) {
      const path = samplePath(r.url, {
        centerId: 'tokyo',
        queueId: 'support',
        agentId: 'agent-001',
      });
      for (const body of ['{"name": ', '[]', '"text"', '{"__proto__": {"role": "admin"}}']) {
        const res = await raw(t, r.method, path, admin, body);
        expect(res.status, `${r.method} ${r.url} ${body}`).toBe(400);
        expect(res.body.error.code).toBe('CC_ERR_VALIDATION');
      }
    }
    expect(await snapshot(t)).toEqual(before);
    // The session survived all that.
    expect((await t.request('GET', '/api/v1/me', { cookie: admin })).status).toBe(200);
  });

  it('[BEY-08] search filters are literal: quotes, comments and LIKE wildcards find nothing extra', async () => {
    const logins = async (query: string) => {
      const res = await t.request('GET', `/api/v1/users?${query}`, { cookie: admin });
      expect(res.status, query).toBe(200);
      return res.body.items.map((u: any) => u.login).sort();
    };
    const all = await logins('limit=1000');
    expect(all.length).toBeGreaterThanOrEqual(2);
    expect(await logins('login=adm')).toEqual(['admin']);
    for (const attack of [
      "' OR 1=1 --",
      "admin' --",
      '%',
      '%%',
      'a%n',
      '\\',
      '"; DROP TABLE users; --',
    ]) {
      expect(await logins(`login=${encodeURIComponent(attack)}`), attack).toEqual([]);
    }
    // `_` is a character, not "any character": only the login that has one.
    expect(await logins('login=_')).toEqual(['x_y.z']);
    expect(await logins(`centerId=${encodeURIComponent("tokyo' OR '1'='1")}`)).toEqual([]);
    expect(await logins(`centerId=${encodeURIComponent('%')}`)).toEqual([]);
    const role = await t.request(
      'GET',
      `/api/v1/users?role=${encodeURIComponent("admin' OR '1'='1")}`,
      { cookie: admin },
    );
    expect(role.status).toBe(400);
    const byId = await t.request('GET', `/api/v1/users/${encodeURIComponent("' OR '1'='1")}`, {
      cookie: admin,
    });
    expect(byId.status).toBe(404);
    const tokens = await t.request(
      'GET',
      `/api/v1/tokens?userId=${encodeURIComponent("' OR 1=1 --")}`,
      { cookie: admin },
    );
    expect(tokens.body.items).toEqual([]);
    const login = await t.request('POST', '/api/v1/auth/login', {
      body: { login: "admin' --", password: 'x' },
    });
    expect(login.status).toBe(401);
    // The users table is intact.
    expect(await logins('limit=1000')).toEqual(all);
  });

  it('[BEY-08] call history search treats its parameters literally (SUP-04 filters)', async () => {
    t.node.virtual.placeCall('09011112222', '0312345678', {
      patienceMs: 50,
      talkMs: 0,
    });
    const history = (query = '') =>
      t.request('GET', `/api/v1/centers/tokyo/calls${query}`, { cookie: admin });
    for (let i = 0; i < 100 && (await history()).body.items.length === 0; i += 1) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect((await history()).body.items).toHaveLength(1);
    expect((await history('?number=9011')).body.items).toHaveLength(1);
    for (const q of [
      `?agentId=${encodeURIComponent("x' OR '1'='1")}`,
      `?queueId=${encodeURIComponent("support' --")}`,
      `?queueId=${encodeURIComponent('%')}`,
    ]) {
      const res = await history(q);
      expect(res.status, q).toBe(200);
      expect(res.body.items, q).toEqual([]);
    }
    for (const q of ['%', '_', "' OR 1=1 --"]) {
      expect((await history(`?number=${encodeURIComponent(q)}`)).status, q).toBe(400);
    }
  });
});
