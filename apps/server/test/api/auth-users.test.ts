import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, TEST_BACKENDS, type TestNode } from '../support/test-node.js';
import { addOsaka, addUser, OSAKA } from './security-fixtures.js';

const PW = 'a long enough passphrase';

describe.each(TEST_BACKENDS)('users and roles on %s', (backend) => {
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

  it('[SUP-02] an admin creates, reads, changes and deletes a user', async () => {
    const created = await t.request('POST', '/api/v1/users', {
      cookie: admin,
      body: {
        login: 'sato',
        name: '佐藤',
        password: PW,
        role: 'agent',
        centers: ['tokyo'],
        callerIds: ['0312345678'],
        agentId: 'agent-002',
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      login: 'sato',
      name: '佐藤',
      role: 'agent',
      centers: ['tokyo'],
      callerIds: ['0312345678'],
      agentId: 'agent-002',
      disabled: false,
    });
    expect(created.body).not.toHaveProperty('password');
    const id = created.body.id as string;

    const got = await t.request('GET', `/api/v1/users/${id}`, { cookie: admin });
    expect(got.body).toEqual(created.body);
    const listed = await t.request('GET', '/api/v1/users?login=sato', { cookie: admin });
    expect(listed.body.items.map((u: any) => u.id)).toEqual([id]);

    const changed = await t.request('PATCH', `/api/v1/users/${id}`, {
      cookie: admin,
      body: { name: '佐藤 花子', role: 'supervisor', centers: ['tokyo', 'osaka'], callerIds: null },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      name: '佐藤 花子',
      role: 'supervisor',
      centers: ['tokyo', 'osaka'],
      callerIds: null,
    });
    // The signed-in user sees the new permissions on the next request.
    const cookie = await t.login('sato', PW);
    expect((await t.request('GET', '/api/v1/me', { cookie })).body).toMatchObject({
      role: 'supervisor',
      centers: ['tokyo', 'osaka'],
      callerIds: 'all',
      agentId: 'agent-002',
    });

    expect((await t.request('DELETE', `/api/v1/users/${id}`, { cookie: admin })).status).toBe(204);
    expect((await t.request('GET', `/api/v1/users/${id}`, { cookie: admin })).status).toBe(404);
    expect((await t.request('GET', '/api/v1/me', { cookie })).status).toBe(401);
    expect((await t.request('DELETE', `/api/v1/users/${id}`, { cookie: admin })).status).toBe(404);
  });

  it.each([
    ['a login with capitals', { login: 'Sato' }],
    ['a one-letter login', { login: 's' }],
    ['a login with spaces', { login: 'sa to' }],
    ['a short password', { password: 'elevenchars' }],
    ['the login as password', { login: 'longloginname', password: 'LongLoginName' }],
    ['an unknown role', { role: 'root' }],
    ['an unknown field', { passwordHash: 'scrypt$1$1$1$x$y' }],
    ['a non-array centers', { centers: 'tokyo' }],
  ])('[SUP-02] refuses %s with 400 CC_ERR_VALIDATION', async (_label, patch) => {
    const res = await t.request('POST', '/api/v1/users', {
      cookie: admin,
      body: {
        login: 'valid.login',
        name: 'V',
        password: PW,
        role: 'agent',
        centers: ['tokyo'],
        ...patch,
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('CC_ERR_VALIDATION');
  });

  it.each([
    ['an unknown center', { centers: ['nagoya'] }, 'centers'],
    ['an unknown agent', { agentId: 'agent-999' }, 'agentId'],
    ['an agent of a center not granted', { agentId: OSAKA.agentId }, 'agentId'],
    ['a caller ID of a center not granted', { callerIds: [OSAKA.number] }, 'callerIds'],
  ])('[SUP-02] refuses %s with 400 CC_ERR_REFERENCE_INVALID', async (_label, patch, field) => {
    const res = await t.request('POST', '/api/v1/users', {
      cookie: admin,
      body: {
        login: 'ref.check',
        name: 'R',
        password: PW,
        role: 'agent',
        centers: ['tokyo'],
        ...patch,
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'CC_ERR_REFERENCE_INVALID', details: { field } });
  });

  it('[SUP-02] an admin has every center; others need at least one', async () => {
    const body = { login: 'role.check', name: 'R', password: PW };
    for (const bad of [
      { role: 'admin', centers: ['tokyo'] },
      { role: 'supervisor' },
      { role: 'supervisor', centers: [] },
      { role: 'agent', centers: null },
    ]) {
      const res = await t.request('POST', '/api/v1/users', {
        cookie: admin,
        body: { ...body, ...bad },
      });
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(res.body.error.details.field).toBe('centers');
    }
    const ok = await t.request('POST', '/api/v1/users', {
      cookie: admin,
      body: { ...body, role: 'admin' },
    });
    expect(ok.body).toMatchObject({ role: 'admin', centers: null });
  });

  it('[SUP-02] a duplicate login or agent link answers 409 CC_ERR_CONFLICT', async () => {
    await addUser(t, admin, {
      login: 'dup',
      password: PW,
      role: 'agent',
      centers: ['tokyo'],
      agentId: 'agent-003',
    });
    const again = await t.request('POST', '/api/v1/users', {
      cookie: admin,
      body: { login: 'dup', name: 'D', password: PW, role: 'agent', centers: ['tokyo'] },
    });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({
      code: 'CC_ERR_CONFLICT',
      details: { field: 'login' },
    });
    // One agent, one user: the link is unique.
    const other = await t.request('POST', '/api/v1/users', {
      cookie: admin,
      body: {
        login: 'dup2',
        name: 'D',
        password: PW,
        role: 'agent',
        centers: ['tokyo'],
        agentId: 'agent-003',
      },
    });
    expect(other.status).toBe(409);
    expect(other.body.error.details.field).toBe('agentId');
  });

  it('[SUP-02] a supervisor lists and reads the users of their centers only, read-only', async () => {
    const sup = await addUser(t, admin, {
      login: 'sup.tokyo',
      password: PW,
      role: 'supervisor',
      centers: ['tokyo'],
    });
    const osakaAgent = await addUser(t, admin, {
      login: 'agent.osaka',
      password: PW,
      role: 'agent',
      centers: ['osaka'],
      agentId: OSAKA.agentId,
    });
    const tokyoAgent = await addUser(t, admin, {
      login: 'agent.tokyo',
      password: PW,
      role: 'agent',
      centers: ['tokyo'],
      agentId: 'agent-001',
    });
    const list = await t.request('GET', '/api/v1/users?limit=1000', { cookie: sup.cookie });
    expect(list.status).toBe(200);
    const logins = list.body.items.map((u: any) => u.login);
    expect(logins).toContain('agent.tokyo');
    expect(logins).toContain('sup.tokyo');
    expect(logins).not.toContain('agent.osaka');
    expect(logins).not.toContain('admin');
    for (const u of list.body.items) expect(u.centers).toContain('tokyo');

    expect(
      (await t.request('GET', `/api/v1/users/${tokyoAgent.id}`, { cookie: sup.cookie })).status,
    ).toBe(200);
    const foreign = await t.request('GET', `/api/v1/users/${osakaAgent.id}`, {
      cookie: sup.cookie,
    });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.code).toBe('CC_ERR_FORBIDDEN');

    const writes = [
      [
        'POST',
        '/api/v1/users',
        { login: 'x.y', name: 'X', password: PW, role: 'agent', centers: ['tokyo'] },
      ],
      ['PATCH', `/api/v1/users/${tokyoAgent.id}`, { name: 'renamed' }],
      ['DELETE', `/api/v1/users/${tokyoAgent.id}`, undefined],
    ] as const;
    for (const [method, path, body] of writes) {
      const res = await t.request(method, path, { cookie: sup.cookie, body });
      expect(res.status, `${method} ${path}`).toBe(403);
    }
    // Agents may not read users at all.
    expect((await t.request('GET', '/api/v1/users', { cookie: tokyoAgent.cookie })).status).toBe(
      403,
    );
    expect(
      (await t.request('GET', `/api/v1/users/${tokyoAgent.id}`, { cookie: tokyoAgent.cookie }))
        .status,
    ).toBe(403);
  });

  it('[SUP-02] disabling a user or changing their password ends their sessions at once', async () => {
    const u = await addUser(t, admin, {
      login: 'leaver',
      password: PW,
      role: 'agent',
      centers: ['tokyo'],
    });
    const second = await t.login('leaver', PW);
    const disable = await t.request('PATCH', `/api/v1/users/${u.id}`, {
      cookie: admin,
      body: { disabled: true },
    });
    expect(disable.body.disabled).toBe(true);
    for (const cookie of [u.cookie, second]) {
      expect((await t.request('GET', '/api/v1/me', { cookie })).status).toBe(401);
    }
    const refused = await t.request('POST', '/api/v1/auth/login', {
      body: { login: 'leaver', password: PW },
    });
    expect(refused.status).toBe(401);
    // Enabled again, the old cookies stay dead: the sessions were deleted, not suspended.
    await t.request('PATCH', `/api/v1/users/${u.id}`, { cookie: admin, body: { disabled: false } });
    expect((await t.request('GET', '/api/v1/me', { cookie: u.cookie })).status).toBe(401);

    const fresh = await t.login('leaver', PW);
    const newPw = 'another long passphrase';
    const reset = await t.request('PATCH', `/api/v1/users/${u.id}`, {
      cookie: admin,
      body: { password: newPw },
    });
    expect(reset.status).toBe(200);
    expect((await t.request('GET', '/api/v1/me', { cookie: fresh })).status).toBe(401);
    expect(
      (await t.request('POST', '/api/v1/auth/login', { body: { login: 'leaver', password: PW } }))
        .status,
    ).toBe(401);
    expect(
      (await t.request('GET', '/api/v1/me', { cookie: await t.login('leaver', newPw) })).status,
    ).toBe(200);
  });

  it('[SUP-02] a password reset to the login itself is refused like at creation', async () => {
    const u = await addUser(t, admin, {
      login: 'patch.login.check',
      password: PW,
      role: 'agent',
      centers: ['tokyo'],
    });
    const same = await t.request('PATCH', `/api/v1/users/${u.id}`, {
      cookie: admin,
      body: { password: 'Patch.Login.Check' },
    });
    expect(same.status).toBe(400);
    expect(same.body.error).toMatchObject({
      code: 'CC_ERR_VALIDATION',
      details: { field: 'password' },
    });
    expect((await t.request('GET', '/api/v1/me', { cookie: u.cookie })).status).toBe(200);
  });

  it('[SUP-02] the last enabled system admin cannot be disabled, demoted or deleted', async () => {
    // Another admin exists from an earlier test; make this node's admins exactly one.
    const admins = await t.request('GET', '/api/v1/users?role=admin', { cookie: admin });
    const me = (await t.request('GET', '/api/v1/me', { cookie: admin })).body.userId;
    for (const a of admins.body.items) {
      if (a.id !== me) await t.request('DELETE', `/api/v1/users/${a.id}`, { cookie: admin });
    }
    for (const body of [{ disabled: true }, { role: 'supervisor', centers: ['tokyo'] }]) {
      const res = await t.request('PATCH', `/api/v1/users/${me}`, { cookie: admin, body });
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({
        code: 'CC_ERR_ILLEGAL_TRANSITION',
        details: { reason: 'last-admin' },
      });
    }
    expect((await t.request('DELETE', `/api/v1/users/${me}`, { cookie: admin })).status).toBe(409);
    expect((await t.request('GET', '/api/v1/me', { cookie: admin })).body.role).toBe('admin');
    // With a second admin, the first may step down.
    const second = await addUser(t, admin, { login: 'admin2', password: PW, role: 'admin' });
    const down = await t.request('PATCH', `/api/v1/users/${me}`, {
      cookie: second.cookie,
      body: { role: 'supervisor', centers: ['tokyo'] },
    });
    expect(down.status).toBe(200);
    const up = await t.request('PATCH', `/api/v1/users/${me}`, {
      cookie: second.cookie,
      body: { role: 'admin' },
    });
    expect(up.body).toMatchObject({ role: 'admin', centers: null });
  });
});
