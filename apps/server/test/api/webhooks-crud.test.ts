import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, TEST_BACKENDS, type TestNode } from '../support/test-node.js';
import { userCookie } from './events-support.js';

describe.each(TEST_BACKENDS)('webhook administration on %s', (backend) => {
  let t: TestNode;
  let admin: string;
  beforeAll(async () => {
    t = await startTestNode(backend);
    admin = await t.login();
  }, 120_000);
  afterAll(async () => {
    await t?.stop();
  }, 60_000);

  const count = async () =>
    (await t.node.db.query<{ n: number }>('SELECT count(*)::int AS n FROM webhooks')).rows[0]!.n;

  it('[BEY-04] an admin registers, reads, changes and deletes a webhook; the secret is shown once', async () => {
    const created = await t.request('POST', '/api/v1/webhooks', {
      cookie: admin,
      body: {
        centerId: 'tokyo',
        url: 'http://127.0.0.1:9/crm',
        eventTypes: ['call.*'],
        description: 'CRM',
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      centerId: 'tokyo',
      url: 'http://127.0.0.1:9/crm',
      eventTypes: ['call.*'],
      active: true,
      description: 'CRM',
    });
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9_-]{40,}$/);
    const id = created.body.id as string;

    const read = await t.request('GET', `/api/v1/webhooks/${id}`, { cookie: admin });
    expect(read.status).toBe(200);
    expect(read.body.secret).toBeUndefined();
    const list = await t.request('GET', '/api/v1/webhooks?centerId=tokyo', { cookie: admin });
    expect(list.body.webhooks.map((w: any) => w.id)).toContain(id);
    expect(JSON.stringify(list.body)).not.toContain(created.body.secret);

    const changed = await t.request('PATCH', `/api/v1/webhooks/${id}`, {
      cookie: admin,
      body: { active: false, eventTypes: null },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      active: false,
      eventTypes: null,
      url: 'http://127.0.0.1:9/crm',
    });

    const rotated = await t.request('POST', `/api/v1/webhooks/${id}/secret`, { cookie: admin });
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(created.body.secret);

    const deliveries = await t.request('GET', `/api/v1/webhooks/${id}/deliveries`, {
      cookie: admin,
    });
    expect(deliveries.body).toEqual({ deliveries: [] });

    expect((await t.request('DELETE', `/api/v1/webhooks/${id}`, { cookie: admin })).status).toBe(
      204,
    );
    const gone = await t.request('GET', `/api/v1/webhooks/${id}`, { cookie: admin });
    expect(gone.status).toBe(404);
    expect(gone.body.error.code).toBe('CC_ERR_NOT_FOUND');
  });

  it('[BEY-04] refuses what is not an http(s) URL, unknown event types and unknown fields, changing nothing', async () => {
    const before = await count();
    const bodies: Record<string, unknown>[] = [
      { centerId: 'tokyo', url: 'not a url' },
      { centerId: 'tokyo', url: 'ftp://127.0.0.1/x' },
      { centerId: 'tokyo', url: 'javascript:alert(1)' },
      { centerId: 'tokyo', url: 'http://user:pw@127.0.0.1/x' },
      { centerId: 'tokyo', url: 'http://127.0.0.1/x', eventTypes: ['call.bogus'] },
      { centerId: 'tokyo', url: 'http://127.0.0.1/x', eventTypes: [] },
      { centerId: 'tokyo', url: 'http://127.0.0.1/x', secret: 'mine' },
      { url: 'http://127.0.0.1/x' },
    ];
    for (const body of bodies) {
      const res = await t.request('POST', '/api/v1/webhooks', { cookie: admin, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code, JSON.stringify(body)).toBe('CC_ERR_VALIDATION');
    }
    const nowhere = await t.request('POST', '/api/v1/webhooks', {
      cookie: admin,
      body: { centerId: 'nowhere', url: 'http://127.0.0.1/x' },
    });
    expect(nowhere.status).toBe(400);
    expect(await count()).toBe(before);

    const created = await t.request('POST', '/api/v1/webhooks', {
      cookie: admin,
      body: { centerId: 'tokyo', url: 'https://127.0.0.1/ok' },
    });
    const id = created.body.id as string;
    for (const body of [{}, { url: 'gopher://x' }, { active: 'yes' }]) {
      const res = await t.request('PATCH', `/api/v1/webhooks/${id}`, { cookie: admin, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    const still = await t.request('GET', `/api/v1/webhooks/${id}`, { cookie: admin });
    expect(still.body).toMatchObject({ url: 'https://127.0.0.1/ok', active: true });
  });

  it('[SUP-02] only system admins manage webhooks: 401 anonymous, 403 supervisors and agents', async () => {
    const supervisor = await userCookie(t, 'supervisor', { centers: ['tokyo'] });
    const agent = await userCookie(t, 'agent', { centers: ['tokyo'], agentId: 'agent-005' });
    const body = { centerId: 'tokyo', url: 'http://127.0.0.1/x' };
    expect((await t.request('POST', '/api/v1/webhooks', { body })).status).toBe(401);
    expect((await t.request('GET', '/api/v1/webhooks')).status).toBe(401);
    for (const cookie of [supervisor, agent]) {
      expect((await t.request('POST', '/api/v1/webhooks', { cookie, body })).status).toBe(403);
      expect((await t.request('GET', '/api/v1/webhooks', { cookie })).status).toBe(403);
    }
  });
});
