import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, TEST_BACKENDS, type TestNode } from '../support/test-node.js';
import {
  SUPPORT,
  TOKYO,
  answerNextOffer,
  demoCall,
  eventually,
  requestCallback,
  expectError,
  setStatus,
  signIn,
} from './resources-helpers.js';
import { at, callback, completed, live, store } from './views-report-events.js';

const MAY1 = 'from=2024-05-01T00:00:00%2B09:00&to=2024-05-02T00:00:00%2B09:00';
const JUNE1 = 'from=2024-06-01T00:00:00%2B09:00&to=2024-06-02T00:00:00%2B09:00';

describe.each(TEST_BACKENDS)('reports on %s', (backend) => {
  let t: TestNode;
  let admin: string;
  let supervisor: string;
  const report = async (kind: string, query: string) => {
    const res = await t.request('GET', `/api/v1/centers/${TOKYO}/reports/${kind}?${query}`, {
      cookie: supervisor,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };

  beforeAll(async () => {
    t = await startTestNode(backend);
    admin = await t.login();
    supervisor = await signIn(t, 'supervisor');
    const sales = await t.request('POST', '/api/v1/queues', {
      cookie: admin,
      body: { id: 'sales', centerId: TOKYO, name: '営業', numbers: ['0355556666'] },
    });
    expect(sales.status).toBe(201);
    const may1 = at('2024-05-01T10:00:00+09:00');
    await store(t, [
      ...callback('cb1', SUPPORT, may1, 1, 'connected'),
      ...callback('cb2', SUPPORT, may1 + 1, 2, 'no-answer-or-declined'),
      ...callback('cb3', SUPPORT, may1 + 2, 1, 'accepted-not-connected'),
      ...callback('cb4', SUPPORT, may1 + 3, 0, 'no-callback'),
      // Requested on May 1, completed on May 2: requested in one period, completed in the next.
      ...callback('cb5', SUPPORT, may1 + 4, 1, 'connected', at('2024-05-02T10:00:00+09:00')),
      ...callback('cb6', 'sales', may1 + 5, 0, null),
      // The day before, and another center's queue: not in the report.
      ...callback('cb0', SUPPORT, at('2024-04-30T10:00:00+09:00'), 1, 'connected'),
      ...callback('cbx', 'osaka-q', may1, 1, 'connected'),
    ]);
    const june1 = at('2024-06-01T10:00:00+09:00');
    await store(t, [
      ...live('e1', SUPPORT, june1, 'answered', 10_000),
      ...live('e2', SUPPORT, june1 + 1, 'answered', 30_000),
      ...live('e3', SUPPORT, june1 + 2, 'abandoned', 60_000),
      ...live('e4', SUPPORT, june1 + 3, 'abandoned', 2_000),
      ...live('e5', SUPPORT, june1 + 4, 'voicemail', 40_000),
      ...completed('k1', SUPPORT, june1 + 100_000, 15_000),
      ...completed('k2', SUPPORT, june1 + 100_001, 25_000),
      ...completed('k3', SUPPORT, june1 + 100_002, null),
      ...live('x1', 'osaka-q', june1, 'abandoned', 60_000),
    ]);
  }, 60_000);
  afterAll(async () => {
    await t?.stop();
  });

  it('[QCB-14] the callback report counts request calls, callback calls and the four outcomes per queue', async () => {
    const r = await report('callbacks', MAY1);
    const support = r.queues.find((q: any) => q.queueId === SUPPORT);
    expect(support).toEqual({
      queueId: SUPPORT,
      requestCalls: 5,
      callbackCalls: 5,
      requested: 5,
      completed: 4,
      outcomes: { connected: 1, noAnswerOrDeclined: 1, acceptedNotConnected: 1, noCallback: 1 },
    });
    expect(r.queues.find((q: any) => q.queueId === 'sales')).toMatchObject({
      requestCalls: 1,
      requested: 1,
      completed: 0,
    });
    expect(r.queues.map((q: any) => q.queueId)).toEqual(['sales', SUPPORT]);
    expect(r.overall).toMatchObject({ queueId: null, requestCalls: 6, requested: 6, completed: 4 });
    const next = await report(
      'callbacks',
      'from=2024-05-02T00:00:00%2B09:00&to=2024-05-03T00:00:00%2B09:00',
    );
    expect(next.overall.outcomes).toEqual({
      connected: 1,
      noAnswerOrDeclined: 0,
      acceptedNotConnected: 0,
      noCallback: 0,
    });
    const onlySales = await report('callbacks', `${MAY1}&queueId=sales`);
    expect(onlySales.queues.map((q: any) => q.queueId)).toEqual(['sales']);
  });

  it('[QCB-14] a callback requested by a caller and cancelled by a supervisor is counted as "no callback"', async () => {
    const cb = await requestCallback(t, admin, await demoCall(t, admin, '09055556666'));
    const cancel = await t.request('POST', `/api/v1/callbacks/${cb.id}/cancel`, {
      cookie: supervisor,
    });
    expect(cancel.status).toBe(200);
    const today = `from=${encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString())}&to=${encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString())}`;
    const r = await eventually(async () => {
      const body = await report('callbacks', today);
      return body.overall.requestCalls === 1 ? body : null;
    }, 'the request call to end');
    expect(r.queues).toEqual([
      {
        queueId: SUPPORT,
        requestCalls: 1,
        callbackCalls: 0,
        requested: 1,
        completed: 1,
        outcomes: { connected: 0, noAnswerOrDeclined: 0, acceptedNotConnected: 0, noCallback: 1 },
      },
    ]);
  });

  it('[QCB-15] service level: callbacks are not abandons, but a late or unconnected one lowers it', async () => {
    const r = await report('service-level', JUNE1);
    const s = r.queues.find((q: any) => q.queueId === SUPPORT);
    expect(s).toMatchObject({
      serviceLevelSec: 20,
      offered: 5,
      answered: 2,
      answeredWithinThreshold: 1,
      abandoned: 2,
      shortAbandoned: 1,
      otherExits: 1,
      callbacksCompleted: 3,
      callbacksConnected: 2,
      callbacksWithinThreshold: 1,
      withinThreshold: 2,
      serviceLevelBase: 6,
      averageSpeedOfAnswerSec: 20,
    });
    // (1 answered + 1 callback in 20 s) / (2 answered + 1 counted abandon + 3 callbacks)
    expect(s.serviceLevel).toBeCloseTo(2 / 6, 10);
    expect(s.abandonmentRate).toBeCloseTo(1 / 6, 10);
    expect(r.formula).toContain('callbacksCompleted');
    expect(r.overall.serviceLevel).toBeCloseTo(2 / 6, 10);

    const strict = await report('service-level', `${JUNE1}&shortAbandonSec=0`);
    expect(strict.overall.serviceLevel).toBeCloseTo(2 / 7, 10);

    // The threshold is the queue's setting: at 12 s the 15 s callback is late.
    const patched = await t.request('PATCH', `/api/v1/queues/${SUPPORT}`, {
      cookie: supervisor,
      body: { serviceLevelSec: 12 },
    });
    expect(patched.status).toBe(200);
    const tighter = await report('service-level', JUNE1);
    expect(tighter.queues[0]).toMatchObject({ serviceLevelSec: 12, withinThreshold: 1 });
    expect(tighter.overall.serviceLevel).toBeCloseTo(1 / 6, 10);
    await t.request('PATCH', `/api/v1/queues/${SUPPORT}`, {
      cookie: supervisor,
      body: { serviceLevelSec: 20 },
    });
  });

  it('[QCB-15] a call answered through the API counts within the service level', async () => {
    const a2 = await signIn(t, 'agent', { agentId: 'agent-002' });
    await setStatus(t, a2, 'agent-002', 'available');
    const from = new Date().toISOString();
    await demoCall(t, admin, '09077778888');
    const { callId } = await answerNextOffer(t, a2, 'agent-002');
    await t.request('POST', `/api/v1/agents/agent-002/calls/${callId}/hangup`, { cookie: a2 });
    const to = new Date(Date.now() + 60_000).toISOString();
    const r = await eventually(async () => {
      const body = await report(
        'service-level',
        `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
      );
      return body.overall.answered === 1 ? body : null;
    }, 'the answered call in the report');
    expect(r.overall).toMatchObject({ offered: 1, answeredWithinThreshold: 1, serviceLevel: 1 });
  });

  it('[SUP-02] reports are for supervisors of the center; bad periods answer 400', async () => {
    const agentUser = await signIn(t, 'agent', { agentId: 'agent-003' });
    expectError(
      await t.request('GET', `/api/v1/centers/${TOKYO}/reports/callbacks?${MAY1}`, {
        cookie: agentUser,
      }),
      403,
      'CC_ERR_FORBIDDEN',
    );
    for (const bad of [
      '',
      'from=2024-05-02T00:00:00Z&to=2024-05-01T00:00:00Z',
      'from=2020-01-01T00:00:00Z&to=2024-01-01T00:00:00Z',
      `${MAY1}&shortAbandonSec=-1`,
    ]) {
      expectError(
        await t.request('GET', `/api/v1/centers/${TOKYO}/reports/service-level?${bad}`, {
          cookie: supervisor,
        }),
        400,
        'CC_ERR_VALIDATION',
      );
    }
    expectError(
      await t.request('GET', `/api/v1/centers/${TOKYO}/reports/callbacks?${MAY1}&queueId=osaka-q`, {
        cookie: supervisor,
      }),
      404,
      'CC_ERR_QUEUE_NOT_FOUND',
    );
  });
});
