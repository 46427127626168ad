import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, TEST_BACKENDS, type TestNode } from '../support/test-node.js';
import { SUPPORT, TOKYO, expectError, signIn } from './resources-helpers.js';

const SALES = {
  id: 'sales',
  centerId: TOKYO,
  name: '営業',
  numbers: ['0355556666'],
  members: ['agent-002', 'agent-001'],
  queueWhenBusy: true,
  keepWaitingAfterHours: true,
  announcePosition: false,
  maxWaitSec: 600,
  maxSize: 20,
  fallback: { kind: 'queue', queueId: SUPPORT },
  afterHours: { kind: 'voicemail' },
  voicemailKey: '9',
  callback: { enabled: true, minWaiting: 3, key: '1', mode: 'agent-first' },
};

describe.each(TEST_BACKENDS)('queues on %s', (backend) => {
  let t: TestNode;
  let admin: string;
  let supervisor: string;
  let agent: string;
  const get = async (id: string) =>
    (await t.request('GET', `/api/v1/queues/${id}`, { cookie: admin })).body;
  beforeAll(async () => {
    t = await startTestNode(backend);
    admin = await t.login();
    supervisor = await signIn(t, 'supervisor');
    agent = await signIn(t, 'agent', { agentId: 'agent-001' });
  }, 60_000);
  afterAll(async () => {
    await t?.stop();
  });

  it('[HQ-02] [HQ-04] [QCB-01] a supervisor creates a queue with its hold-queue and callback settings', async () => {
    const res = await t.request('POST', '/api/v1/queues', { cookie: supervisor, body: SALES });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      ...SALES,
      callback: { ...SALES.callback, retry: { maxAttempts: 0, intervalSec: 300 } },
      strategy: 'ordered',
      ringTimeoutPolicy: 'agent-off-duty',
    });
    expect(await get('sales')).toEqual(res.body);
    expectError(
      await t.request('POST', '/api/v1/queues', { cookie: supervisor, body: SALES }),
      409,
      'CC_ERR_CONFLICT',
    );
    const list = await t.request('GET', `/api/v1/queues?centerId=${TOKYO}`, { cookie: agent });
    expect(list.body.items.map((q: any) => q.id)).toEqual(['sales', 'support']);
    const row = await t.node.db.query<{ data: any }>('SELECT data FROM queues WHERE id = $1', [
      'sales',
    ]);
    expect(row.rows[0]!.data.maxSize).toBe(20);
  });

  it('[QCB-01] PATCH merges over the current settings and applies at once; PUT replaces them', async () => {
    const patched = await t.request('PATCH', '/api/v1/queues/sales', {
      cookie: supervisor,
      body: { callback: { minWaiting: 1 }, maxWaitSec: 900 },
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    // The other callback settings are kept, not reset to their defaults.
    expect(patched.body.callback).toMatchObject({
      enabled: true,
      minWaiting: 1,
      mode: 'agent-first',
    });
    expect(patched.body.maxWaitSec).toBe(900);
    expect(patched.body.maxSize).toBe(20);
    expect(t.node.runner.state.queues.get('sales')!.callback.minWaiting).toBe(1);

    const put = await t.request('PUT', '/api/v1/queues/sales', {
      cookie: supervisor,
      body: { name: 'Sales', numbers: ['0355556666'], members: ['agent-003'] },
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body).toMatchObject({
      id: 'sales',
      centerId: TOKYO,
      name: 'Sales',
      members: ['agent-003'],
      maxSize: 100,
      voicemailKey: null,
      callback: { enabled: false, key: '1' },
    });
  });

  it('[QCB-17] the same key for callback and voicemail is refused with CC_ERR_KEY_CLASH and changes nothing', async () => {
    const before = await get(SUPPORT);
    expect(before.voicemailKey).toBe('9');
    const patch = await t.request('PATCH', `/api/v1/queues/${SUPPORT}`, {
      cookie: admin,
      body: { voicemailKey: '1' },
    });
    expectError(patch, 400, 'CC_ERR_KEY_CLASH');
    expect(patch.body.error.details).toEqual({ path: 'voicemailKey' });
    const put = await t.request('PUT', `/api/v1/queues/${SUPPORT}`, {
      cookie: admin,
      body: { name: 'x', voicemailKey: '2', callback: { enabled: false, key: '2' } },
    });
    expectError(put, 400, 'CC_ERR_KEY_CLASH');
    const create = await t.request('POST', '/api/v1/queues', {
      cookie: admin,
      body: { id: 'clash', centerId: TOKYO, name: 'c', voicemailKey: '1' },
    });
    expectError(create, 400, 'CC_ERR_KEY_CLASH');
    expect(await get(SUPPORT)).toEqual(before);
    expectError(
      await t.request('GET', '/api/v1/queues/clash', { cookie: admin }),
      404,
      'CC_ERR_QUEUE_NOT_FOUND',
    );
  });

  it('[AGT-02] the routing order is set with the ordered agent ids', async () => {
    const res = await t.request('PUT', `/api/v1/queues/${SUPPORT}/members`, {
      cookie: supervisor,
      body: { agentIds: ['agent-003', 'agent-001', 'agent-002'] },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.members).toEqual([
      { position: 1, agentId: 'agent-003', name: 'Agent 3' },
      { position: 2, agentId: 'agent-001', name: 'Agent 1' },
      { position: 3, agentId: 'agent-002', name: 'Agent 2' },
    ]);
    expect(t.node.runner.state.memberIndex.get(SUPPORT)!.get('agent-003')).toBe(0);
    const read = await t.request('GET', `/api/v1/queues/${SUPPORT}/members`, { cookie: agent });
    expect(read.body.members.map((m: any) => m.agentId)).toEqual([
      'agent-003',
      'agent-001',
      'agent-002',
    ]);
    const unknown = await t.request('PUT', `/api/v1/queues/${SUPPORT}/members`, {
      cookie: supervisor,
      body: { agentIds: ['agent-001', 'ghost'] },
    });
    expectError(unknown, 400, 'CC_ERR_REFERENCE_INVALID');
    expect(unknown.body.error.details).toEqual({ agentId: 'ghost' });
    expectError(
      await t.request('PUT', `/api/v1/queues/${SUPPORT}/members`, {
        cookie: supervisor,
        body: { agentIds: ['agent-001', 'agent-001'] },
      }),
      400,
      'CC_ERR_VALIDATION',
    );
    expectError(
      await t.request('PUT', `/api/v1/queues/${SUPPORT}/members`, {
        cookie: agent,
        body: { agentIds: ['agent-001'] },
      }),
      403,
      'CC_ERR_FORBIDDEN',
    );
    expect((await get(SUPPORT)).members).toEqual(['agent-003', 'agent-001', 'agent-002']);
  });

  it('[AGT-03] [AGT-06] [CTI-09] [BEY-03] ring-timeout policy, wrap-up, after-call status, skills and priority are queue settings', async () => {
    const res = await t.request('PATCH', `/api/v1/queues/${SUPPORT}`, {
      cookie: supervisor,
      body: {
        ringTimeoutSec: 15,
        ringTimeoutPolicy: 'keep-ready',
        wrapUpSec: 30,
        afterCallStatus: 'busy',
        strategy: 'skills',
        requiredSkills: ['japanese'],
        priority: 3,
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(t.node.runner.state.queues.get(SUPPORT)).toMatchObject({
      ringTimeoutSec: 15,
      ringTimeoutPolicy: 'keep-ready',
      wrapUpSec: 30,
      afterCallStatus: 'busy',
      strategy: 'skills',
      requiredSkills: ['japanese'],
      priority: 3,
    });
    expectError(
      await t.request('PATCH', `/api/v1/queues/${SUPPORT}`, {
        cookie: supervisor,
        body: { ringTimeoutPolicy: 'ring-all' },
      }),
      400,
      'CC_ERR_VALIDATION',
    );
  });

  it('[HQ-04] bad references and values answer 400 with their codes and change nothing', async () => {
    const before = await get(SUPPORT);
    const cases: [unknown, string][] = [
      [{ fallback: { kind: 'queue', queueId: 'nowhere' } }, 'CC_ERR_REFERENCE_INVALID'],
      [{ fallback: { kind: 'queue', queueId: SUPPORT } }, 'CC_ERR_VALIDATION'],
      [{ numbers: ['0355556666'] }, 'CC_ERR_VALIDATION'], // routed to the sales queue
      [{ maxWaitSec: -1 }, 'CC_ERR_VALIDATION'],
      [{ maxSize: 'many' }, 'CC_ERR_VALIDATION'],
      [{ callback: { key: 'A' } }, 'CC_ERR_VALIDATION'],
      [{ centerId: 'osaka' }, 'CC_ERR_VALIDATION'], // not a settable field
    ];
    for (const [body, code] of cases) {
      const res = await t.request('PATCH', `/api/v1/queues/${SUPPORT}`, { cookie: admin, body });
      expectError(res, 400, code);
    }
    const malformed = await fetch(`${t.url}/api/v1/queues/${SUPPORT}`, {
      method: 'PATCH',
      headers: { cookie: admin, 'content-type': 'application/json' },
      body: '{"maxSize": ',
    });
    expect(malformed.status).toBe(400);
    expect(await get(SUPPORT)).toEqual(before);
    expectError(
      await t.request('POST', '/api/v1/queues', {
        cookie: admin,
        body: { id: 'q2', centerId: 'nowhere', name: 'n' },
      }),
      400,
      'CC_ERR_REFERENCE_INVALID',
    );
  });

  it('[SUP-02] a queue of another center answers 403; an unknown one 404', async () => {
    await t.request('POST', '/api/v1/centers', {
      cookie: admin,
      body: { id: 'sendai', name: '仙台', country: 'JP', timeZone: 'Asia/Tokyo' },
    });
    const created = await t.request('POST', '/api/v1/queues', {
      cookie: admin,
      body: { id: 'sendai-q', centerId: 'sendai', name: '仙台' },
    });
    expect(created.status).toBe(201);
    for (const [method, path, body] of [
      ['GET', '/api/v1/queues/sendai-q', undefined],
      ['PATCH', '/api/v1/queues/sendai-q', { name: 'x' }],
      ['PUT', '/api/v1/queues/sendai-q/members', { agentIds: [] }],
      ['POST', '/api/v1/queues', { id: 'sneaky', centerId: 'sendai', name: 'x' }],
      ['GET', '/api/v1/queues?centerId=sendai', undefined],
    ] as const) {
      expectError(
        await t.request(method, path, { cookie: supervisor, body }),
        403,
        'CC_ERR_FORBIDDEN',
      );
    }
    const list = await t.request('GET', '/api/v1/queues', { cookie: supervisor });
    expect(list.body.items.every((q: any) => q.centerId === TOKYO)).toBe(true);
    expectError(
      await t.request('GET', '/api/v1/queues/nope', { cookie: supervisor }),
      404,
      'CC_ERR_QUEUE_NOT_FOUND',
    );
  });

  it('documents the resource routes in OpenAPI with English and Japanese summaries', async () => {
    const docs = await t.request('GET', '/docs/json');
    expect(docs.status).toBe(200);
    const paths = docs.body.paths as Record<string, Record<string, { summary?: string }>>;
    for (const path of [
      '/api/v1/centers/{centerId}',
      '/api/v1/queues/{queueId}',
      '/api/v1/queues/{queueId}/members',
      '/api/v1/agents/{agentId}/status',
      '/api/v1/centers/{centerId}/hold-queue',
      '/api/v1/centers/{centerId}/calls.csv',
      '/api/v1/centers/{centerId}/reports/service-level',
    ]) {
      expect(paths[path], path).toBeDefined();
      for (const op of Object.values(paths[path]!))
        expect(op.summary).toMatch(/ \/ .*[ぁ-んァ-ン一-龯]/);
    }
  });
});
