import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, TEST_BACKENDS, type TestNode } from '../support/test-node.js';
import {
  addOsaka,
  answeredCall,
  openStream,
  refusedWith,
  submit,
  until,
  userCookie,
  type StreamMessage,
  type TestStream,
} from './events-support.js';

const WALLBOARD = ['queue', 'agent', 'config'];
const family = (m: StreamMessage) => m.type.split('.')[0]!;
const ids = (ms: StreamMessage[]) => ms.map((m) => m.id);

describe.each(TEST_BACKENDS)('who sees which events, on %s', (backend) => {
  let t: TestNode;
  let admin: string;
  const who: Record<string, string> = {};
  const streams: Record<string, TestStream> = {};
  let start = 0;
  let callA = '';
  let callB = '';
  let callC = '';

  beforeAll(async () => {
    t = await startTestNode(backend);
    admin = await t.login();
    await addOsaka(t);
    who.admin = admin;
    who.tokyoSup = await userCookie(t, 'supervisor', { centers: ['tokyo'] });
    who.osakaSup = await userCookie(t, 'supervisor', { centers: ['osaka'] });
    who.agent1 = await userCookie(t, 'agent', { centers: ['tokyo'], agentId: 'agent-001' });
    // Allowed only the Osaka-branch number of Tokyo: calls to 0312345678 are not theirs.
    who.numberSup = await userCookie(t, 'supervisor', {
      centers: ['tokyo'],
      callerIds: ['0698765432'],
    });
    const rows = await t.node.db.query<{ id: number | string }>('SELECT max(id) AS id FROM events');
    start = Number(rows.rows[0]!.id);
    for (const [name, cookie] of Object.entries(who))
      streams[name] = await openStream(t, {}, { cookie });

    // A: answered by agent-001; B: by agent-002 while agent-001 is away; C: in Osaka.
    await submit(t, { type: 'agent.set-status', agentId: 'agent-001', status: 'available' });
    callA = await answeredCall(t, 'agent-001');
    await submit(t, { type: 'agent.set-status', agentId: 'agent-001', status: 'break' });
    await submit(t, { type: 'agent.set-status', agentId: 'agent-002', status: 'available' });
    callB = await answeredCall(t, 'agent-002', '09033334444');
    await submit(t, { type: 'agent.set-status', agentId: 'agent-002', status: 'break' });
    await submit(t, { type: 'agent.set-status', agentId: 'osaka-001', status: 'available' });
    callC = await answeredCall(t, 'osaka-001', '09055556666', '0611112222');
    await submit(t, { type: 'agent.set-status', agentId: 'osaka-001', status: 'break' });
    const end = await t.node.db.query<{ id: number | string }>('SELECT max(id) AS id FROM events');
    await streams.admin!.waitFor((m) => m.id === Number(end.rows[0]!.id));
    // The others see a subset; give their last messages time to arrive.
    await new Promise((r) => setTimeout(r, 300));
  }, 120_000);
  afterAll(async () => {
    for (const s of Object.values(streams)) await s.close();
    await t?.stop();
  }, 60_000);

  const of = (name: string) => streams[name]!.messages.filter((m) => m.id > start);

  it('[SUP-02] every event of a call flow is attributed to its center', async () => {
    const all = of('admin');
    expect(all.length).toBeGreaterThan(30);
    expect(all.filter((m) => m.centerId === null)).toEqual([]);
    const centerOfCall = (id: string) =>
      new Set(all.filter((m) => m.data.callId === id).map((m) => m.centerId));
    expect(centerOfCall(callA)).toEqual(new Set(['tokyo']));
    expect(centerOfCall(callC)).toEqual(new Set(['osaka']));
    // The table carries the same centers, so a replay filters the same way.
    const table = await t.node.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM events
       WHERE id > $1 AND center_id IS NULL AND type <> 'engine.input-ignored'`,
      [start],
    );
    expect(table.rows[0]!.n).toBe(0);
  });

  it("[SUP-02] a supervisor sees their centers' events and nothing of another center", () => {
    const all = of('admin');
    expect(ids(of('tokyoSup'))).toEqual(ids(all.filter((m) => m.centerId === 'tokyo')));
    expect(ids(of('osakaSup'))).toEqual(ids(all.filter((m) => m.centerId === 'osaka')));
    expect(of('osakaSup').some((m) => m.type === 'call.connected')).toBe(true);
  });

  it('[SUP-02] a supervisor limited to some caller IDs does not see calls on other numbers', () => {
    const all = of('admin');
    const entries = new Set(
      all
        .filter((m) => m.type === 'queue.joined' && [callA, callB].includes(m.data.callId))
        .map((m) => m.data.entryId as string),
    );
    const aboutAB = (m: StreamMessage) =>
      [callA, callB].includes(m.data.callId) || entries.has(m.data.entryId);
    const expected = all.filter((m) => m.centerId === 'tokyo' && !aboutAB(m));
    expect(expected.some((m) => m.type === 'agent.status-changed')).toBe(true);
    expect(ids(of('numberSup'))).toEqual(ids(expected));
  });

  it("[SUP-02] an agent sees the center's wallboard and only their own calls and offers", () => {
    const all = of('admin');
    const offerA = all.find(
      (m) =>
        m.type === 'offer.created' && m.data.callId === callA && m.data.agentId === 'agent-001',
    )!;
    const expected = all.filter(
      (m) =>
        m.centerId === 'tokyo' &&
        (WALLBOARD.includes(family(m)) ||
          m.data.agentId === 'agent-001' ||
          (m.data.callId === callA && m.id >= offerA.id)),
    );
    const mine = of('agent1');
    expect(ids(mine)).toEqual(ids(expected));
    for (const type of ['offer.created', 'call.connected', 'call.ended'])
      expect(
        mine.some((m) => m.type === type && m.data.callId === callA),
        type,
      ).toBe(true);
    // A colleague's status is on the wallboard; their call is not.
    expect(
      mine.some((m) => m.type === 'agent.status-changed' && m.data.agentId === 'agent-002'),
    ).toBe(true);
    expect(mine.filter((m) => m.data.callId === callB && !WALLBOARD.includes(family(m)))).toEqual(
      [],
    );
    expect(JSON.stringify(mine)).not.toContain('09033334444');
  });

  it('[SUP-02] a replay from the table and polling show each user exactly what the live stream did', async () => {
    for (const [name, cookie] of Object.entries(who)) {
      const live = ids(of(name));
      const polled = await t.request('GET', `/api/v1/events?after=${start}&limit=1000`, { cookie });
      expect(polled.status, name).toBe(200);
      expect(ids(polled.body.events), name).toEqual(live);
      const resumed = await openStream(t, { lastEventId: start }, { cookie });
      await until(() => resumed.messages.length >= live.length, 5_000, `${name}'s replay`);
      await new Promise((r) => setTimeout(r, 50));
      await resumed.close();
      expect(ids(resumed.messages), name).toEqual(live);
      expect(resumed.messages, name).toEqual(of(name));
    }
  });

  it('[SUP-02] refuses anonymous streams (401), centers not granted (403) and unknown ones (404)', async () => {
    expect(await refusedWith(openStream(t, {}))).toBe(401);
    expect(await refusedWith(openStream(t, {}, { cookie: 'tsunagu_session=forged' }))).toBe(401);
    expect(await refusedWith(openStream(t, { centerId: 'tokyo' }, { cookie: who.osakaSup }))).toBe(
      403,
    );
    expect(await refusedWith(openStream(t, { centerId: 'nowhere' }, { cookie: admin }))).toBe(404);
    const polled = await t.request('GET', '/api/v1/events?centerId=tokyo', {
      cookie: who.osakaSup,
    });
    expect(polled.status).toBe(403);
    expect(polled.body.error.code).toBe('CC_ERR_FORBIDDEN');
    expect((await t.request('GET', '/api/v1/events')).status).toBe(401);
  });

  it('[SUP-02] a center filter narrows an admin stream to that center', async () => {
    const polled = await t.request(
      'GET',
      `/api/v1/events?after=${start}&limit=1000&centerId=osaka`,
      {
        cookie: admin,
      },
    );
    expect(ids(polled.body.events)).toEqual(ids(of('osakaSup')));
  });
});
