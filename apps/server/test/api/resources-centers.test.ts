import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, TEST_BACKENDS, type TestNode } from '../support/test-node.js';
import { TOKYO, expectError, signIn } from './resources-helpers.js';

const KYOTO = {
  id: 'kyoto',
  name: '京都センター',
  country: 'JP',
  timeZone: 'Asia/Tokyo',
  businessHours: {
    alwaysOpen: false,
    weekly: [{ day: 1, open: '09:00', close: '17:00' }],
    closedDates: ['2030-01-01'],
  },
  callerIds: [{ number: '0751112222', label: '京都代表' }],
};

describe.each(TEST_BACKENDS)('centers, caller IDs and dispositions on %s', (backend) => {
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

  it('[HQ-06] the admin creates, reads, patches and replaces a center with its business hours', async () => {
    const created = await t.request('POST', '/api/v1/centers', { cookie: admin, body: KYOTO });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ id: 'kyoto', language: 'ja', wrapUpSec: 0 });
    expect(created.body.businessHours.weekly).toEqual(KYOTO.businessHours.weekly);

    const again = await t.request('POST', '/api/v1/centers', { cookie: admin, body: KYOTO });
    expectError(again, 409, 'CC_ERR_CONFLICT');

    const patched = await t.request('PATCH', '/api/v1/centers/kyoto', {
      cookie: admin,
      body: { name: 'Kyoto', businessHours: { closedDates: ['2030-01-02'] } },
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    // Nested settings merge: the weekly hours stay, the closed dates change.
    expect(patched.body.name).toBe('Kyoto');
    expect(patched.body.businessHours).toEqual({
      alwaysOpen: false,
      weekly: KYOTO.businessHours.weekly,
      closedDates: ['2030-01-02'],
    });
    expect(patched.body.callerIds).toEqual(KYOTO.callerIds);

    const hours = await t.request('PUT', '/api/v1/centers/kyoto/business-hours', {
      cookie: admin,
      body: { alwaysOpen: false, weekly: [{ day: 2, open: '10:00', close: '12:00' }] },
    });
    expect(hours.status, JSON.stringify(hours.body)).toBe(200);
    expect(hours.body).toEqual({
      alwaysOpen: false,
      weekly: [{ day: 2, open: '10:00', close: '12:00' }],
      closedDates: [],
      timeZone: 'Asia/Tokyo',
    });

    const put = await t.request('PUT', '/api/v1/centers/kyoto', {
      cookie: admin,
      body: { name: '京都', country: 'JP', timeZone: 'Asia/Tokyo', language: 'en' },
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body).toMatchObject({ id: 'kyoto', name: '京都', language: 'en', callerIds: [] });

    const read = await t.request('GET', '/api/v1/centers/kyoto', { cookie: admin });
    expect(read.body).toEqual(put.body);
    // Durable: the projection wrote what the engine holds.
    const row = await t.node.db.query<{ data: any }>('SELECT data FROM centers WHERE id = $1', [
      'kyoto',
    ]);
    expect(row.rows[0]!.data.name).toBe('京都');
  });

  it('[HQ-06] bad center settings answer 400 with the catalogue code and change nothing', async () => {
    const before = (await t.request('GET', `/api/v1/centers/${TOKYO}`, { cookie: admin })).body;
    const badHours = await t.request('PUT', `/api/v1/centers/${TOKYO}/business-hours`, {
      cookie: admin,
      body: { alwaysOpen: false, weekly: [{ day: 1, open: '18:00', close: '09:00' }] },
    });
    expectError(badHours, 400, 'CC_ERR_VALIDATION');
    const badZone = await t.request('PATCH', `/api/v1/centers/${TOKYO}`, {
      cookie: admin,
      body: { timeZone: 'Mars/Olympus_Mons' },
    });
    expectError(badZone, 400, 'CC_ERR_VALIDATION');
    expect(badZone.body.error.details.issues[0].path).toBe('timeZone');
    const unknownField = await t.request('PATCH', `/api/v1/centers/${TOKYO}`, {
      cookie: admin,
      body: { nmae: 'typo' },
    });
    expectError(unknownField, 400, 'CC_ERR_VALIDATION');
    const badId = await t.request('POST', '/api/v1/centers', {
      cookie: admin,
      body: { ...KYOTO, id: 'a/b' },
    });
    expectError(badId, 400, 'CC_ERR_VALIDATION');
    const after = (await t.request('GET', `/api/v1/centers/${TOKYO}`, { cookie: admin })).body;
    expect(after).toEqual(before);
  });

  it('[SUP-02] supervisors and agents read only their own center; only the admin changes one', async () => {
    await t.request('POST', '/api/v1/centers', {
      cookie: admin,
      body: { id: 'nagoya', name: '名古屋', country: 'JP', timeZone: 'Asia/Tokyo' },
    });
    const list = await t.request('GET', '/api/v1/centers', { cookie: supervisor });
    expect(list.body.items.map((c: any) => c.id)).toEqual([TOKYO]);
    const all = await t.request('GET', '/api/v1/centers', { cookie: admin });
    expect(all.body.items.map((c: any) => c.id)).toContain('nagoya');
    expect((await t.request('GET', `/api/v1/centers/${TOKYO}`, { cookie: agent })).status).toBe(
      200,
    );
    expectError(
      await t.request('GET', '/api/v1/centers/nagoya', { cookie: supervisor }),
      403,
      'CC_ERR_FORBIDDEN',
    );
    expectError(
      await t.request('GET', '/api/v1/centers/nowhere', { cookie: admin }),
      404,
      'CC_ERR_CENTER_NOT_FOUND',
    );
    expectError(
      await t.request('PATCH', `/api/v1/centers/${TOKYO}`, {
        cookie: supervisor,
        body: { name: 'mine now' },
      }),
      403,
      'CC_ERR_FORBIDDEN',
    );
    expectError(
      await t.request('POST', '/api/v1/centers', { cookie: supervisor, body: KYOTO }),
      403,
      'CC_ERR_FORBIDDEN',
    );
  });

  it('[SUP-05] supervisors manage their center’s dispositions; agents read them', async () => {
    const base = `/api/v1/centers/${TOKYO}/dispositions`;
    const added = await t.request('POST', base, {
      cookie: supervisor,
      body: { id: 'complaint', label: 'Complaint', labelJa: '苦情' },
    });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    expectError(
      await t.request('POST', base, { cookie: supervisor, body: { id: 'complaint', label: 'x' } }),
      409,
      'CC_ERR_CONFLICT',
    );
    const renamed = await t.request('PUT', `${base}/complaint`, {
      cookie: supervisor,
      body: { label: 'Complaint (formal)', labelJa: '苦情（正式）' },
    });
    expect(renamed.body).toEqual({
      id: 'complaint',
      label: 'Complaint (formal)',
      labelJa: '苦情（正式）',
    });
    const read = await t.request('GET', base, { cookie: agent });
    expect(read.body.items.map((d: any) => d.id)).toEqual(['resolved', 'follow-up', 'complaint']);
    expectError(
      await t.request('POST', base, { cookie: agent, body: { id: 'x', label: 'x' } }),
      403,
      'CC_ERR_FORBIDDEN',
    );
    expectError(
      await t.request('POST', base, { cookie: supervisor, body: { id: 'x', label: '' } }),
      400,
      'CC_ERR_VALIDATION',
    );
    expect((await t.request('DELETE', `${base}/complaint`, { cookie: supervisor })).status).toBe(
      204,
    );
    expectError(
      await t.request('DELETE', `${base}/complaint`, { cookie: supervisor }),
      404,
      'CC_ERR_NOT_FOUND',
    );
    const after = await t.request('GET', base, { cookie: supervisor });
    expect(after.body.items.map((d: any) => d.id)).toEqual(['resolved', 'follow-up']);
  });

  it('[SUP-02] caller IDs: each user sees the numbers they may use; the admin manages them', async () => {
    const base = `/api/v1/centers/${TOKYO}/caller-ids`;
    const osakaOnly = await signIn(t, 'agent', { callerIds: ['0698765432'] });
    const mine = await t.request('GET', base, { cookie: osakaOnly });
    expect(mine.body.items).toEqual([{ number: '0698765432', label: '大阪' }]);
    const everyone = await t.request('GET', base, { cookie: supervisor });
    expect(everyone.body.items.map((c: any) => c.number)).toEqual(['0312345678', '0698765432']);

    const added = await t.request('POST', base, {
      cookie: admin,
      body: { number: '0120111222', label: 'フリーダイヤル' },
    });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    expectError(
      await t.request('POST', base, { cookie: admin, body: { number: '0120111222' } }),
      409,
      'CC_ERR_CONFLICT',
    );
    expectError(
      await t.request('POST', base, { cookie: admin, body: { number: 'call-me' } }),
      400,
      'CC_ERR_VALIDATION',
    );
    const relabelled = await t.request('PUT', `${base}/0120111222`, {
      cookie: admin,
      body: { label: 'Free dial' },
    });
    expect(relabelled.body).toEqual({ number: '0120111222', label: 'Free dial' });
    expectError(
      await t.request('POST', base, { cookie: supervisor, body: { number: '0120999888' } }),
      403,
      'CC_ERR_FORBIDDEN',
    );
    // The support queue calls back from 0312345678: removing it would strand its callbacks.
    const inUse = await t.request('DELETE', `${base}/0312345678`, { cookie: admin });
    expectError(inUse, 400, 'CC_ERR_REFERENCE_INVALID');
    expect(inUse.body.error.details.usedByQueue).toBe('support');
    expect((await t.request('DELETE', `${base}/0120111222`, { cookie: admin })).status).toBe(204);
    const after = await t.request('GET', base, { cookie: admin });
    expect(after.body.items.map((c: any) => c.number)).toEqual(['0312345678', '0698765432']);
  });
});
