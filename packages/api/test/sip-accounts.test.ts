import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSipAccounts } from '@tsunagu/db';
import { TEST_DATABASES } from '../../db/test/support/databases.js';
import {
  expectError,
  OSAKA,
  OSAKA_AGENT,
  startTestApi,
  TOKYO,
  TOKYO_AGENT,
  type TestApi,
} from './support/test-api.js';

const md5 = (s: string) => createHash('md5').update(s).digest('hex');
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

const accounts = (center: string) => `/api/v1/centers/${center}/sip-accounts`;

describe.each(TEST_DATABASES)('SIP phone account routes on $name', (database) => {
  let t: TestApi;
  beforeAll(async () => {
    t = await startTestApi(database);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  const stored = async () =>
    (await t.db.query('SELECT * FROM sip_accounts ORDER BY username')).rows;

  it('an admin creates, lists, changes and deletes an account; only HA1s are kept and nothing answers with them', async () => {
    const changesBefore = t.calls.sipAccountsChanged;
    const created = await t.request('PUT', `${accounts(TOKYO)}/desk-101`, {
      as: 'admin',
      json: { password: 'correct horse 101', agentId: TOKYO_AGENT },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    expect(created.body).toMatchObject({
      username: 'desk-101',
      realm: 'tsunagu',
      agentId: TOKYO_AGENT,
    });
    expect(t.calls.sipAccountsChanged).toBe(changesBefore + 1);

    const directory = await loadSipAccounts(t.db);
    expect(directory).toContainEqual({
      username: 'desk-101',
      centerId: TOKYO,
      realm: 'tsunagu',
      agentId: TOKYO_AGENT,
      ha1: {
        MD5: md5('desk-101:tsunagu:correct horse 101'),
        'SHA-256': sha256('desk-101:tsunagu:correct horse 101'),
      },
    });
    expect(JSON.stringify(await stored())).not.toContain('correct horse 101');

    const list = await t.request('GET', accounts(TOKYO), { as: 'tokyoSupervisor' });
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([
      {
        username: 'desk-101',
        realm: 'tsunagu',
        agentId: TOKYO_AGENT,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      },
    ]);
    const ha1 = directory.find((a) => a.username === 'desk-101')!.ha1;
    for (const hash of Object.values(ha1)) {
      expect(JSON.stringify(list.body)).not.toContain(hash);
      expect(JSON.stringify(created.body)).not.toContain(hash);
    }

    // A new password alone keeps the agent; the HA1s follow the new password.
    const changed = await t.request('PUT', `${accounts(TOKYO)}/desk-101`, {
      as: 'admin',
      json: { password: 'another password 202' },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.agentId).toBe(TOKYO_AGENT);
    const after = (await loadSipAccounts(t.db)).find((a) => a.username === 'desk-101')!;
    expect(after.ha1.MD5).toBe(md5('desk-101:tsunagu:another password 202'));
    expect(after.ha1['SHA-256']).toBe(sha256('desk-101:tsunagu:another password 202'));

    const unassigned = await t.request('PUT', `${accounts(TOKYO)}/desk-101`, {
      as: 'admin',
      json: { password: 'another password 202', agentId: null },
    });
    expect(unassigned.body.agentId).toBeNull();

    const deleted = await t.request('DELETE', `${accounts(TOKYO)}/desk-101`, { as: 'admin' });
    expect(deleted.status).toBe(204);
    expect(t.calls.sipAccountsChanged).toBe(changesBefore + 4);
    expect((await t.request('GET', accounts(TOKYO), { as: 'admin' })).body.items).toEqual([]);
    expectError(
      await t.request('DELETE', `${accounts(TOKYO)}/desk-101`, { as: 'admin' }),
      404,
      'CC_ERR_NOT_FOUND',
    );
  });

  it('agents get 403; supervisors read their own center only and change nothing', async () => {
    await t.request('PUT', `${accounts(TOKYO)}/desk-roles`, {
      as: 'admin',
      json: { password: 'role check password' },
    });
    const before = await stored();
    const changes = t.calls.sipAccountsChanged;
    const body = { password: 'an attempt by someone', agentId: TOKYO_AGENT };
    for (const [caller, method, url, json] of [
      ['tokyoAgent', 'GET', accounts(TOKYO), undefined],
      ['tokyoAgent', 'PUT', `${accounts(TOKYO)}/desk-roles`, body],
      ['tokyoAgent', 'DELETE', `${accounts(TOKYO)}/desk-roles`, undefined],
      ['tokyoSupervisor', 'PUT', `${accounts(TOKYO)}/desk-roles`, body],
      ['tokyoSupervisor', 'PUT', `${accounts(TOKYO)}/desk-new`, body],
      ['tokyoSupervisor', 'DELETE', `${accounts(TOKYO)}/desk-roles`, undefined],
      ['osakaSupervisor', 'GET', accounts(TOKYO), undefined],
    ] as const) {
      const res = await t.request(method, url, { as: caller, ...(json ? { json } : {}) });
      expect(res.status, `${caller} ${method} ${url}`).toBe(403);
      expect(res.body.error.code).toBe('CC_ERR_FORBIDDEN');
    }
    expectError(await t.request('GET', accounts(TOKYO)), 401, 'CC_ERR_UNAUTHENTICATED');
    expectError(
      await t.request('GET', accounts('nowhere'), { as: 'admin' }),
      404,
      'CC_ERR_CENTER_NOT_FOUND',
    );
    expect((await t.request('GET', accounts(OSAKA), { as: 'osakaSupervisor' })).status).toBe(200);
    expect(await stored()).toEqual(before);
    expect(t.calls.sipAccountsChanged).toBe(changes);
  });

  it('refuses bad usernames, passwords and agents with a catalogue code, storing nothing', async () => {
    const before = await stored();
    const changes = t.calls.sipAccountsChanged;
    const good = 'twelve chars!';
    for (const [username, json] of [
      ['a'.repeat(33), { password: good }],
      ['desk@101', { password: good }],
      ['desk%20101', { password: good }],
      ['desk-ok', { password: 'eleven char' }],
      ['desk-ok', { password: 'x'.repeat(129) }],
      ['desk-ok', {}],
      ['desk-ok', { password: good, role: 'admin' }],
      ['desk-ok', { password: good, agentId: '' }],
    ] as const) {
      const res = await t.request('PUT', `${accounts(TOKYO)}/${username}`, { as: 'admin', json });
      expectError(res, 400, 'CC_ERR_VALIDATION');
    }
    for (const agentId of [OSAKA_AGENT, 'agent-nobody']) {
      const res = await t.request('PUT', `${accounts(TOKYO)}/desk-ok`, {
        as: 'admin',
        json: { password: good, agentId },
      });
      expectError(res, 404, 'CC_ERR_AGENT_NOT_FOUND');
      expect(res.body.error.details).toEqual({ agentId });
    }
    expect(await stored()).toEqual(before);
    expect(t.calls.sipAccountsChanged).toBe(changes);

    // The limits themselves are allowed.
    for (const [username, password] of [
      ['A.b_c-9'.padEnd(32, 'x'), 'x'.repeat(128)],
      ['z', 'x'.repeat(12)],
    ]) {
      const res = await t.request('PUT', `${accounts(TOKYO)}/${username}`, {
        as: 'admin',
        json: { password },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      await t.request('DELETE', `${accounts(TOKYO)}/${username}`, { as: 'admin' });
    }
  });

  it('a username is unique across centers: a second center gets 409 and the first keeps it', async () => {
    await t.request('PUT', `${accounts(TOKYO)}/desk-shared`, {
      as: 'admin',
      json: { password: 'tokyo has this one' },
    });
    const before = await stored();
    expectError(
      await t.request('PUT', `${accounts(OSAKA)}/desk-shared`, {
        as: 'admin',
        json: { password: 'osaka wants it too' },
      }),
      409,
      'CC_ERR_CONFLICT',
    );
    expectError(
      await t.request('DELETE', `${accounts(OSAKA)}/desk-shared`, { as: 'admin' }),
      404,
      'CC_ERR_NOT_FOUND',
    );
    expect(await stored()).toEqual(before);
  });
});

describe('the registrar realm', () => {
  it('comes from the node when it names one', async () => {
    const t = await startTestApi(TEST_DATABASES[0]!, { sipRealm: 'pbx.example.jp' });
    try {
      const res = await t.request('PUT', `${accounts(TOKYO)}/desk-realm`, {
        as: 'admin',
        json: { password: 'realm test password' },
      });
      expect(res.body.realm).toBe('pbx.example.jp');
      const [account] = await loadSipAccounts(t.db);
      expect(account!.ha1.MD5).toBe(md5('desk-realm:pbx.example.jp:realm test password'));
    } finally {
      await t.close();
    }
  });

  it('a failing reload hook does not fail the committed change', async () => {
    const t = await startTestApi(TEST_DATABASES[0]!, {
      onSipAccountsChanged: async () => {
        throw new Error('directory unavailable');
      },
    });
    try {
      const res = await t.request('PUT', `${accounts(TOKYO)}/desk-hook`, {
        as: 'admin',
        json: { password: 'hook test password' },
      });
      expect(res.status).toBe(200);
      expect((await loadSipAccounts(t.db)).map((a) => a.username)).toEqual(['desk-hook']);
    } finally {
      await t.close();
    }
  });
});
