import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, TEST_BACKENDS, type TestNode } from '../support/test-node.js';
import { addOsaka, addUser } from './security-fixtures.js';

const PW = 'a long enough passphrase';

describe.each(TEST_BACKENDS)('API tokens on %s', (backend) => {
  let t: TestNode;
  let admin: string;
  beforeAll(async () => {
    t = await startTestNode(backend);
    admin = await t.login();
    await addOsaka(t);
  }, 60_000);
  afterAll(async () => {
    await t?.stop();
  });

  it('[BEY-04] an integration token is shown once, listed without its secret, and works as a bearer token', async () => {
    const created = await t.request('POST', '/api/v1/tokens', {
      cookie: admin,
      body: { name: 'CRM' },
    });
    expect(created.status).toBe(201);
    const secret = created.body.token as string;
    expect(secret).toMatch(/^tsk_[A-Za-z0-9_-]{40,}$/);
    expect(created.body).toMatchObject({ name: 'CRM', lastUsedAt: null, revokedAt: null });

    const me = await t.request('GET', '/api/v1/me', { token: secret });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ login: 'admin', role: 'admin', via: 'token' });

    const list = await t.request('GET', '/api/v1/tokens', { cookie: admin });
    const listed = list.body.items.find((x: any) => x.id === created.body.id);
    expect(listed).toMatchObject({ name: 'CRM', revokedAt: null });
    expect(listed.lastUsedAt).not.toBeNull();
    expect(listed).not.toHaveProperty('token');
    expect(JSON.stringify(list.body)).not.toContain(secret);
    expect(JSON.stringify(list.body)).not.toContain(secret.slice(4, 20));
    // Only a hash is stored.
    const stored = await t.node.db.query<{ token_hash: string }>(
      'SELECT token_hash FROM api_tokens WHERE id = $1',
      [created.body.id],
    );
    expect(stored.rows[0]!.token_hash).not.toContain(secret.slice(4));
  });

  it('[BEY-04] a revoked token stops working at once', async () => {
    const { body } = await t.request('POST', '/api/v1/tokens', {
      cookie: admin,
      body: { name: 'ERP' },
    });
    expect((await t.request('GET', '/api/v1/users', { token: body.token })).status).toBe(200);
    const revoke = await t.request('DELETE', `/api/v1/tokens/${body.id}`, { cookie: admin });
    expect(revoke.status).toBe(204);
    // The very next request, no wait: the authenticator reads revoked_at each time.
    const after = await t.request('GET', '/api/v1/users', { token: body.token });
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('CC_ERR_UNAUTHENTICATED');
    const list = await t.request('GET', '/api/v1/tokens', { cookie: admin });
    expect(list.body.items.find((x: any) => x.id === body.id).revokedAt).not.toBeNull();
    // Revoking again is harmless.
    expect((await t.request('DELETE', `/api/v1/tokens/${body.id}`, { cookie: admin })).status).toBe(
      204,
    );
  });

  it("[SUP-02] a token acts with its user's role and centers, as they are now", async () => {
    const sup = await addUser(t, admin, {
      login: 'sup.token',
      password: PW,
      role: 'supervisor',
      centers: ['tokyo'],
    });
    const osakaUser = await addUser(t, admin, {
      login: 'osaka.user',
      password: PW,
      role: 'agent',
      centers: ['osaka'],
    });
    const { body } = await t.request('POST', '/api/v1/tokens', {
      cookie: sup.cookie,
      body: { name: 'wallboard' },
    });
    const token = body.token as string;
    expect((await t.request('GET', '/api/v1/users', { token })).status).toBe(200);
    expect((await t.request('GET', `/api/v1/users/${osakaUser.id}`, { token })).status).toBe(403);
    const create = await t.request('POST', '/api/v1/users', {
      token,
      body: { login: 'by.token', name: 'T', password: PW, role: 'agent', centers: ['tokyo'] },
    });
    expect(create.status).toBe(403);
    // Granted Osaka, the same token sees Osaka's users on its next request.
    await t.request('PATCH', `/api/v1/users/${sup.id}`, {
      cookie: admin,
      body: { centers: ['tokyo', 'osaka'] },
    });
    expect((await t.request('GET', `/api/v1/users/${osakaUser.id}`, { token })).status).toBe(200);
    // A disabled user's tokens stop too; a deleted user's are gone.
    await t.request('PATCH', `/api/v1/users/${sup.id}`, {
      cookie: admin,
      body: { disabled: true },
    });
    expect((await t.request('GET', '/api/v1/me', { token })).status).toBe(401);
    await t.request('PATCH', `/api/v1/users/${sup.id}`, {
      cookie: admin,
      body: { disabled: false },
    });
    expect((await t.request('GET', '/api/v1/me', { token })).status).toBe(200);
    await t.request('DELETE', `/api/v1/users/${sup.id}`, { cookie: admin });
    expect((await t.request('GET', '/api/v1/me', { token })).status).toBe(401);
  });

  it('[SUP-02] users manage their own tokens; admins may list and revoke anyone’s', async () => {
    const a = await addUser(t, admin, {
      login: 'agent.a',
      password: PW,
      role: 'agent',
      centers: ['tokyo'],
    });
    const b = await addUser(t, admin, {
      login: 'agent.b',
      password: PW,
      role: 'agent',
      centers: ['tokyo'],
    });
    const ta = (
      await t.request('POST', '/api/v1/tokens', { cookie: a.cookie, body: { name: 'a' } })
    ).body;
    const tb = (
      await t.request('POST', '/api/v1/tokens', { cookie: b.cookie, body: { name: 'b' } })
    ).body;

    const mine = await t.request('GET', '/api/v1/tokens', { cookie: a.cookie });
    expect(mine.body.items.map((x: any) => x.id)).toEqual([ta.id]);
    for (const q of [`?userId=${b.id}`, '?all=true']) {
      expect((await t.request('GET', `/api/v1/tokens${q}`, { cookie: a.cookie })).status).toBe(403);
    }
    // Another user's token is not found for a non-admin, and stays valid.
    expect(
      (await t.request('DELETE', `/api/v1/tokens/${tb.id}`, { cookie: a.cookie })).status,
    ).toBe(404);
    expect((await t.request('GET', '/api/v1/me', { token: tb.token })).status).toBe(200);

    const ofB = await t.request('GET', `/api/v1/tokens?userId=${b.id}`, { cookie: admin });
    expect(ofB.body.items.map((x: any) => x.id)).toEqual([tb.id]);
    const all = await t.request('GET', '/api/v1/tokens?all=true', { cookie: admin });
    expect(all.body.items.map((x: any) => x.id)).toEqual(expect.arrayContaining([ta.id, tb.id]));
    expect((await t.request('DELETE', `/api/v1/tokens/${tb.id}`, { cookie: admin })).status).toBe(
      204,
    );
    expect((await t.request('GET', '/api/v1/me', { token: tb.token })).status).toBe(401);
    // A user revokes their own token, even with that token.
    expect((await t.request('DELETE', `/api/v1/tokens/${ta.id}`, { token: ta.token })).status).toBe(
      204,
    );
    expect((await t.request('GET', '/api/v1/me', { token: ta.token })).status).toBe(401);
  });

  it('[BEY-04] a token cannot mint tokens, so revoking it cannot be outlived', async () => {
    const { body } = await t.request('POST', '/api/v1/tokens', {
      cookie: admin,
      body: { name: 'leaky' },
    });
    const res = await t.request('POST', '/api/v1/tokens', {
      token: body.token,
      body: { name: 'child' },
    });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('CC_ERR_FORBIDDEN');
  });

  it('[BEY-04] unknown, malformed and expired credentials are all 401', async () => {
    for (const token of ['tsk_doesnotexist', 'not-a-token', '']) {
      expect(
        (await t.request('GET', '/api/v1/me', { headers: { authorization: `Bearer ${token}` } }))
          .status,
      ).toBe(401);
    }
    const cookie = await t.login();
    await t.node.db.query(`UPDATE sessions SET expires_at = now() - interval '1 second'`);
    expect((await t.request('GET', '/api/v1/me', { cookie })).status).toBe(401);
  });
});
