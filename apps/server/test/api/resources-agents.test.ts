import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, TEST_BACKENDS, type TestNode } from '../support/test-node.js';
import { TOKYO, expectError, signIn } from './resources-helpers.js';

describe.each(TEST_BACKENDS)('agents on %s', (backend) => {
  let t: TestNode;
  let admin: string;
  let supervisor: string;
  let agent: string;
  beforeAll(async () => {
    t = await startTestNode(backend);
    admin = await t.login();
    supervisor = await signIn(t, 'supervisor');
    agent = await signIn(t, 'agent', { agentId: 'agent-001' });
  }, 60_000);
  afterAll(async () => {
    await t?.stop();
  });

  it('[BEY-03] [C2C-01] a supervisor creates an agent with skills and a sign-in device, then changes them', async () => {
    const created = await t.request('POST', '/api/v1/agents', {
      cookie: supervisor,
      body: {
        id: 'agent-sato',
        centerId: TOKYO,
        name: '佐藤 花子',
        skills: { japanese: 10, billing: 4 },
        device: { kind: 'sip', aor: 'sip:sato@pbx.example.jp' },
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      id: 'agent-sato',
      centerId: TOKYO,
      name: '佐藤 花子',
      skills: { japanese: 10, billing: 4 },
      device: { kind: 'sip', aor: 'sip:sato@pbx.example.jp' },
      presence: 'logged-out',
      callId: null,
      queues: [],
    });
    expectError(
      await t.request('POST', '/api/v1/agents', {
        cookie: supervisor,
        body: { id: 'agent-sato', centerId: TOKYO, name: 'dup' },
      }),
      409,
      'CC_ERR_CONFLICT',
    );

    const patched = await t.request('PATCH', '/api/v1/agents/agent-sato', {
      cookie: supervisor,
      body: { device: { kind: 'external', number: '09012345678' } },
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body).toMatchObject({
      name: '佐藤 花子',
      skills: { japanese: 10, billing: 4 },
      device: { kind: 'external', number: '09012345678' },
    });
    const put = await t.request('PUT', '/api/v1/agents/agent-sato', {
      cookie: supervisor,
      body: { name: 'Sato Hanako', skills: { english: 7 } },
    });
    expect(put.body).toMatchObject({
      name: 'Sato Hanako',
      skills: { english: 7 },
      device: { kind: 'browser' },
    });
    const read = await t.request('GET', '/api/v1/agents/agent-sato', { cookie: agent });
    expect(read.body).toEqual(put.body);
    const row = await t.node.db.query<{ data: any }>('SELECT data FROM agents WHERE id = $1', [
      'agent-sato',
    ]);
    expect(row.rows[0]!.data.name).toBe('Sato Hanako');
    const list = await t.request('GET', `/api/v1/agents?centerId=${TOKYO}`, { cookie: agent });
    expect(list.body.items.map((a: any) => a.id)).toContain('agent-sato');
    expect(list.body.items.find((a: any) => a.id === 'agent-001').queues).toEqual(['support']);
  });

  it('[BEY-03] bad agent settings answer 400 and change nothing', async () => {
    const before = (await t.request('GET', '/api/v1/agents/agent-002', { cookie: admin })).body;
    for (const body of [
      { skills: { japanese: 11 } },
      { device: { kind: 'external', number: '12' } },
      { device: { kind: 'carrier-pigeon' } },
      { name: '' },
      { presence: 'available' },
    ]) {
      expectError(
        await t.request('PATCH', '/api/v1/agents/agent-002', { cookie: admin, body }),
        400,
        'CC_ERR_VALIDATION',
      );
    }
    expect((await t.request('GET', '/api/v1/agents/agent-002', { cookie: admin })).body).toEqual(
      before,
    );
    expectError(
      await t.request('POST', '/api/v1/agents', {
        cookie: admin,
        body: { id: 'x', centerId: 'nowhere', name: 'x' },
      }),
      400,
      'CC_ERR_REFERENCE_INVALID',
    );
  });

  it('[SUP-02] agents cannot change agents; other centers answer 403 and unknown agents 404', async () => {
    expectError(
      await t.request('PATCH', '/api/v1/agents/agent-001', {
        cookie: agent,
        body: { name: 'promoted' },
      }),
      403,
      'CC_ERR_FORBIDDEN',
    );
    await t.request('POST', '/api/v1/centers', {
      cookie: admin,
      body: { id: 'fukuoka', name: '福岡', country: 'JP', timeZone: 'Asia/Tokyo' },
    });
    const far = await t.request('POST', '/api/v1/agents', {
      cookie: admin,
      body: { id: 'fukuoka-001', centerId: 'fukuoka', name: 'F' },
    });
    expect(far.status).toBe(201);
    expectError(
      await t.request('GET', '/api/v1/agents/fukuoka-001', { cookie: supervisor }),
      403,
      'CC_ERR_FORBIDDEN',
    );
    expectError(
      await t.request('POST', '/api/v1/agents', {
        cookie: supervisor,
        body: { id: 'sneaky', centerId: 'fukuoka', name: 'x' },
      }),
      403,
      'CC_ERR_FORBIDDEN',
    );
    const list = await t.request('GET', '/api/v1/agents', { cookie: supervisor });
    expect(list.body.items.some((a: any) => a.id === 'fukuoka-001')).toBe(false);
    expectError(
      await t.request('GET', '/api/v1/agents/ghost', { cookie: admin }),
      404,
      'CC_ERR_AGENT_NOT_FOUND',
    );
  });
});
