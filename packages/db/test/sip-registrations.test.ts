import { afterEach, describe, expect, it } from 'vitest';
import {
  deleteSipAccount,
  loadSipRegistrations,
  saveSipAccount,
  saveSipRegistration,
  type Db,
  type StoredSipBinding,
} from '../src/index.js';
import { TEST_DATABASES } from './support/databases.js';

const opened: Db[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.close()));
});

const NOW = Date.UTC(2026, 10, 22, 6, 0);
const binding = (port: number, expiresAt: number): StoredSipBinding => ({
  contact: `sip:desk@192.0.2.10:${port}`,
  source: { protocol: 'udp', host: '192.0.2.10', port },
  expiresAt,
  callId: `reg-${port}`,
  cseq: 3,
});

describe.each(TEST_DATABASES)('SIP phone registrations on $name', (database) => {
  const open = async () => {
    const db = await database.open();
    opened.push(db);
    for (const username of ['desk-101', 'desk-102'])
      await saveSipAccount(db, { centerId: 'tokyo', username, realm: 'tsunagu', password: 'pw' });
    return db;
  };

  it('[BEY-07] keeps each phone’s newest bindings and gives back only those still live', async () => {
    const db = await open();
    await saveSipRegistration(db, 'desk-101', [binding(5062, NOW - 1)]);
    await saveSipRegistration(db, 'desk-101', [binding(5062, NOW + 60_000), binding(5064, NOW)]);
    await saveSipRegistration(db, 'desk-102', [binding(5070, NOW - 1_000)]);
    const live = await loadSipRegistrations(db, NOW);
    expect([...live.keys()]).toEqual(['desk-101']);
    expect(live.get('desk-101')).toEqual([binding(5062, NOW + 60_000)]);
    // A phone with nothing live left has no row any more.
    const rows = await db.query<{ username: string }>('SELECT username FROM sip_registrations');
    expect(rows.rows.map((r) => r.username)).toEqual(['desk-101']);
  });

  it('[BEY-07] forgets a phone that unregistered, or whose account was deleted or never existed', async () => {
    const db = await open();
    await saveSipRegistration(db, 'desk-101', [binding(5062, NOW + 60_000)]);
    await saveSipRegistration(db, 'desk-102', [binding(5070, NOW + 60_000)]);
    await saveSipRegistration(db, 'desk-101', []);
    expect(await deleteSipAccount(db, 'tokyo', 'desk-102')).toBe(true);
    await saveSipRegistration(db, 'no-such-desk', [binding(5080, NOW + 60_000)]);
    expect((await loadSipRegistrations(db, NOW)).size).toBe(0);
  });
});
