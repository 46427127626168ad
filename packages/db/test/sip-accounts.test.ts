import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import {
  deleteSipAccount,
  listSipAccounts,
  loadSipAccounts,
  saveSipAccount,
  sipHa1,
  type Db,
} from '../src/index.js';
import { TEST_DATABASES } from './support/databases.js';

const opened: Db[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.close()));
});

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('SIP digest HA1', () => {
  it('is H(username:realm:password) in lowercase hex (RFC 2617 example for MD5)', () => {
    expect(sipHa1('MD5', 'Mufasa', 'testrealm@host.com', 'Circle Of Life')).toBe(
      '939e7578ed9e3c518a452acee763bce9',
    );
    expect(sipHa1('SHA-256', 'Mufasa', 'http-auth@example.org', 'Circle of Life')).toBe(
      sha256('Mufasa:http-auth@example.org:Circle of Life'),
    );
  });
});

describe.each(TEST_DATABASES)('SIP phone accounts on $name', (database) => {
  const open = async () => {
    const db = await database.open();
    opened.push(db);
    return db;
  };

  it('creates, changes and deletes an account; only HA1s are stored, never the password', async () => {
    const db = await open();
    const created = await saveSipAccount(db, {
      centerId: 'tokyo',
      username: 'desk-101',
      realm: 'tsunagu',
      password: 'first password 1',
      agentId: 'agent-001',
    });
    expect(created).toMatchObject({
      outcome: 'created',
      account: { username: 'desk-101', centerId: 'tokyo', realm: 'tsunagu', agentId: 'agent-001' },
    });
    const stored = await db.query('SELECT * FROM sip_accounts');
    expect(JSON.stringify(stored.rows)).not.toContain('first password 1');

    // A new password without agentId keeps the phone with its agent.
    const changed = await saveSipAccount(db, {
      centerId: 'tokyo',
      username: 'desk-101',
      realm: 'tsunagu',
      password: 'second password 2',
    });
    expect(changed).toMatchObject({ outcome: 'updated', account: { agentId: 'agent-001' } });
    const [account] = await loadSipAccounts(db);
    expect(account).toEqual({
      username: 'desk-101',
      centerId: 'tokyo',
      realm: 'tsunagu',
      agentId: 'agent-001',
      ha1: {
        MD5: createHash('md5').update('desk-101:tsunagu:second password 2').digest('hex'),
        'SHA-256': sha256('desk-101:tsunagu:second password 2'),
      },
    });

    // null takes the phone away from its agent.
    await saveSipAccount(db, {
      centerId: 'tokyo',
      username: 'desk-101',
      realm: 'tsunagu',
      password: 'second password 2',
      agentId: null,
    });
    expect((await listSipAccounts(db, 'tokyo')).map((a) => a.agentId)).toEqual([null]);

    expect(await deleteSipAccount(db, 'tokyo', 'desk-101')).toBe(true);
    expect(await deleteSipAccount(db, 'tokyo', 'desk-101')).toBe(false);
    expect(await loadSipAccounts(db)).toEqual([]);
  });

  it('a username is unique across centers: another center cannot take or delete it', async () => {
    const db = await open();
    const input = { username: 'shared', realm: 'tsunagu', password: 'tokyo password 1' };
    await saveSipAccount(db, { ...input, centerId: 'tokyo' });
    const before = await loadSipAccounts(db);
    expect(
      await saveSipAccount(db, { ...input, centerId: 'osaka', password: 'osaka password 1' }),
    ).toEqual({ outcome: 'taken' });
    expect(await deleteSipAccount(db, 'osaka', 'shared')).toBe(false);
    expect(await loadSipAccounts(db)).toEqual(before);
    expect(await listSipAccounts(db, 'osaka')).toEqual([]);
  });

  it('lists one center by username, without hashes', async () => {
    const db = await open();
    for (const [centerId, username] of [
      ['tokyo', 'b-phone'],
      ['osaka', 'c-phone'],
      ['tokyo', 'a-phone'],
    ] as const)
      await saveSipAccount(db, { centerId, username, realm: 'r', password: 'long password 12' });
    const list = await listSipAccounts(db, 'tokyo');
    expect(list.map((a) => a.username)).toEqual(['a-phone', 'b-phone']);
    for (const a of list) {
      expect(Object.keys(a).sort()).toEqual(
        ['agentId', 'centerId', 'createdAt', 'realm', 'updatedAt', 'username'].sort(),
      );
      expect(a.createdAt).toBeInstanceOf(Date);
    }
    expect((await loadSipAccounts(db)).map((a) => a.username)).toEqual([
      'a-phone',
      'b-phone',
      'c-phone',
    ]);
  });
});
