import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, TEST_BACKENDS, type TestNode } from '../support/test-node.js';
import {
  SUPPORT,
  TOKYO,
  answerNextOffer,
  demoCall,
  eventually,
  expectError,
  setStatus,
  signIn,
} from './resources-helpers.js';

/** Past calls written straight into the history table, so periods and values are exact. */
const PAST_TABLE = `
  h1 | tokyo | inbound  | support | agent-001 | 09012340001 | 0312345678 | 2024-04-01T09:00:00+09:00 | 20 | 300 | agent-hangup       | formula
  h2 | tokyo | inbound  | support | -         | 09012340002 | 0312345678 | 2024-04-01T10:00:00+09:00 | -  | 30  | abandoned          | -
  h3 | tokyo | callback | support | agent-002 | 09012340003 | 0312345678 | 2024-04-02T09:00:00+09:00 | 5  | 120 | agent-hangup       | resolved
  h4 | tokyo | outbound | -       | agent-001 | 0612345678  | 0698765432 | 2024-04-02T11:00:00+09:00 | 10 | 60  | agent-hangup       | -
  h5 | tokyo | inbound  | support | -         | 09012340001 | 0312345678 | 2024-04-03T09:00:00+09:00 | -  | 40  | callback-requested | -
  h6 | osaka | inbound  | osaka-q | -         | 09012340001 | 0611112222 | 2024-04-01T12:00:00+09:00 | -  | 10  | abandoned          | -
`;
const PAST = PAST_TABLE.trim()
  .split('\n')
  .map((line) => line.split('|').map((cell) => cell.trim()))
  .map((c) => c.map((v) => (v === '-' ? null : v)));

/** A small RFC 4180 reader for the assertions. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += 1;
    } else cell += ch;
  }
  return rows;
}

describe.each(TEST_BACKENDS)('call history on %s', (backend) => {
  let t: TestNode;
  let admin: string;
  let supervisor: string;
  let liveCallId: string;
  const search = async (query: string, cookie = supervisor) => {
    const res = await t.request('GET', `/api/v1/centers/${TOKYO}/calls?${query}`, { cookie });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };
  const ids = async (query: string) => (await search(query)).items.map((c: any) => c.callId);

  beforeAll(async () => {
    t = await startTestNode(backend);
    admin = await t.login();
    supervisor = await signIn(t, 'supervisor');
    for (const row of PAST) {
      const [at, wait, talk, reason, disp] = row.slice(7);
      const created = new Date(at!);
      const connected = wait ? new Date(created.getTime() + Number(wait) * 1000) : null;
      const ended = new Date((connected ?? created).getTime() + Number(talk) * 1000);
      const waitMs = wait ? Number(wait) * 1000 : null;
      await t.node.db.query(
        `INSERT INTO calls (id, center_id, kind, queue_id, agent_id, customer_number, our_number,
           created_at, connected_at, ended_at, end_reason, wait_ms, disposition_id, state)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'ended')`,
        [...row.slice(0, 7), created, connected, ended, reason ?? null, waitMs, disp ?? null],
      );
    }
    // Names with a comma, quotes and Japanese text, and a label that looks like a formula.
    const renamed = await t.request('PATCH', '/api/v1/agents/agent-001', {
      cookie: admin,
      body: { name: '佐藤, "太郎"' },
    });
    expect(renamed.status).toBe(200);
    const added = await t.request('POST', `/api/v1/centers/${TOKYO}/dispositions`, {
      cookie: admin,
      body: { id: 'formula', label: '=HYPERLINK("http://evil.example")' },
    });
    expect(added.status).toBe(201);
    // One real call through the engine, answered and dispositioned via the API.
    const a1 = await signIn(t, 'agent', { agentId: 'agent-001' });
    await setStatus(t, a1, 'agent-001', 'available');
    await demoCall(t, admin, '09099990000');
    liveCallId = (await answerNextOffer(t, a1, 'agent-001')).callId;
    await t.request('POST', `/api/v1/agents/agent-001/calls/${liveCallId}/hangup`, { cookie: a1 });
    await t.request('POST', `/api/v1/agents/agent-001/calls/${liveCallId}/disposition`, {
      cookie: a1,
      body: { dispositionId: 'resolved' },
    });
    await eventually(async () => {
      const row = await t.node.db.query<{ disposition_id: string | null }>(
        'SELECT disposition_id FROM calls WHERE id = $1',
        [liveCallId],
      );
      return row.rows[0]?.disposition_id === 'resolved';
    }, 'the disposition in the history');
    await setStatus(t, a1, 'agent-001', 'logged-out');
  }, 60_000);
  afterAll(async () => {
    await t?.stop();
  });

  it('[SUP-04] searches by period, queue, agent, number, kind and end reason, newest first', async () => {
    const all = await search('');
    expect(all.items.map((c: any) => c.callId)).toEqual([liveCallId, 'h5', 'h4', 'h3', 'h2', 'h1']);
    expect(all.nextCursor).toBeNull();
    const april1 = 'from=2024-04-01T00:00:00%2B09:00&to=2024-04-02T00:00:00%2B09:00';
    expect(await ids(april1)).toEqual(['h2', 'h1']);
    expect(await ids('number=2340001')).toEqual(['h5', 'h1']);
    expect(await ids('kind=outbound')).toEqual(['h4']);
    expect(await ids('endReason=abandoned')).toEqual(['h2']);
    expect(await ids('agentId=agent-001')).toEqual([liveCallId, 'h4', 'h1']);
    expect(await ids(`queueId=${SUPPORT}&kind=callback`)).toEqual(['h3']);
    expect(await ids(`agentId=agent-001&to=2024-05-01T00:00:00Z`)).toEqual(['h4', 'h1']);

    const h1 = all.items.find((c: any) => c.callId === 'h1');
    expect(h1).toEqual({
      callId: 'h1',
      kind: 'inbound',
      state: 'ended',
      queueId: SUPPORT,
      queueName: 'サポート',
      agentId: 'agent-001',
      agentName: '佐藤, "太郎"',
      customerNumber: '09012340001',
      ourNumber: '0312345678',
      createdAt: '2024-04-01T00:00:00.000Z',
      connectedAt: '2024-04-01T00:00:20.000Z',
      endedAt: '2024-04-01T00:05:20.000Z',
      waitMs: 20_000,
      talkMs: 300_000,
      endReason: 'agent-hangup',
      dispositionId: 'formula',
      callbackId: null,
    });
    const live = all.items[0];
    expect(live).toMatchObject({
      kind: 'inbound',
      agentId: 'agent-001',
      customerNumber: '09099990000',
      endReason: 'agent-hangup',
      dispositionId: 'resolved',
    });
  });

  it('[SUP-04] pages with a cursor without skipping or repeating a call', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: any = await search(`limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items.map((c: any) => c.callId));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor !== null && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual([liveCallId, 'h5', 'h4', 'h3', 'h2', 'h1']);
    for (const bad of ['cursor=not-a-cursor', 'limit=0', 'limit=501', 'from=yesterday']) {
      expectError(
        await t.request('GET', `/api/v1/centers/${TOKYO}/calls?${bad}`, { cookie: supervisor }),
        400,
        'CC_ERR_VALIDATION',
      );
    }
    expectError(
      await t.request(
        'GET',
        `/api/v1/centers/${TOKYO}/calls?from=2024-04-02T00:00:00Z&to=2024-04-01T00:00:00Z`,
        { cookie: supervisor },
      ),
      400,
      'CC_ERR_VALIDATION',
    );
  });

  it('[SUP-04] injection attempts in search parameters return nothing extra', async () => {
    const q = encodeURIComponent;
    for (const attempt of [
      `queueId=${q("support' OR '1'='1")}`,
      `agentId=${q("x' UNION SELECT * FROM users --")}`,
      `agentId=${q("x'; DROP TABLE calls; --")}`,
      `queueId=${q('support" OR 1=1 --')}`,
    ]) {
      const res = await search(attempt);
      expect(res.items, attempt).toEqual([]);
    }
    for (const attempt of [
      `number=${q("1' OR '1'='1")}`,
      `number=${q('%')}`,
      `kind=${q("inbound' OR 'x'='x")}`,
      `endReason=${q('abandoned OR 1=1')}`,
    ]) {
      expectError(
        await t.request('GET', `/api/v1/centers/${TOKYO}/calls?${attempt}`, { cookie: supervisor }),
        400,
        'CC_ERR_VALIDATION',
      );
    }
    // A forged cursor carries its values as parameters too.
    const forged = Buffer.from(JSON.stringify(['2099-01-01T00:00:00Z', "z' OR '1'='1"])).toString(
      'base64url',
    );
    expect(await ids(`cursor=${forged}`)).toEqual([liveCallId, 'h5', 'h4', 'h3', 'h2', 'h1']);
    const count = await t.node.db.query<{ n: number }>('SELECT count(*)::int AS n FROM calls');
    expect(count.rows[0]!.n).toBe(PAST.length + 1);
  });

  it('[SUP-04] exports CSV: header row, escaped commas and quotes, Japanese in UTF-8 with a BOM', async () => {
    const res = await fetch(`${t.url}/api/v1/centers/${TOKYO}/calls.csv?agentId=agent-001`, {
      headers: { cookie: supervisor },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="calls-tokyo-/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    expect(text.startsWith('\uFEFFcallId,kind,queueId,queueName,agentId,agentName,')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    // The raw cell: quoted, inner quotes doubled; the formula-like label defused.
    expect(text).toContain(',"佐藤, ""太郎""",');
    expect(text).toContain(`,"'=HYPERLINK(""http://evil.example"")"\r\n`);
    const rows = parseCsv(text.slice(1));
    expect(rows[0]).toEqual([
      'callId',
      'kind',
      'queueId',
      'queueName',
      'agentId',
      'agentName',
      'customerNumber',
      'ourNumber',
      'createdAt (Asia/Tokyo)',
      'connectedAt (Asia/Tokyo)',
      'endedAt (Asia/Tokyo)',
      'waitSec',
      'talkSec',
      'endReason',
      'dispositionId',
      'disposition',
    ]);
    expect(rows.slice(1).map((r) => r[0])).toEqual([liveCallId, 'h4', 'h1']);
    expect(rows[3]).toEqual([
      'h1',
      'inbound',
      'support',
      'サポート',
      'agent-001',
      '佐藤, "太郎"',
      '09012340001',
      '0312345678',
      '2024-04-01 09:00:00',
      '2024-04-01 09:00:20',
      '2024-04-01 09:05:20',
      '20',
      '300',
      'agent-hangup',
      'formula',
      `'=HYPERLINK("http://evil.example")`,
    ]);
    // The live call's disposition label is the center's language (Japanese).
    expect(rows[1]!.at(-1)).toBe('解決');

    const plain = await fetch(
      `${t.url}/api/v1/centers/${TOKYO}/calls.csv?bom=false&kind=outbound`,
      {
        headers: { cookie: supervisor },
      },
    );
    const plainText = await plain.text();
    expect(plainText.charCodeAt(0)).not.toBe(0xfeff);
    expect(parseCsv(plainText).map((r) => r[0])).toEqual(['callId', 'h4']);
    expectError(
      await t.request('GET', `/api/v1/centers/${TOKYO}/calls.csv?number=abc`, {
        cookie: supervisor,
      }),
      400,
      'CC_ERR_VALIDATION',
    );
  });

  it('[SUP-02] history is for supervisors of the center and limited to their caller IDs', async () => {
    const osakaNumber = await signIn(t, 'supervisor', { callerIds: ['0698765432'] });
    expect((await search('', osakaNumber)).items.map((c: any) => c.callId)).toEqual(['h4']);
    const csv = await fetch(`${t.url}/api/v1/centers/${TOKYO}/calls.csv?bom=false`, {
      headers: { cookie: osakaNumber },
    });
    expect(parseCsv(await csv.text()).map((r) => r[0])).toEqual(['callId', 'h4']);
    const agentUser = await signIn(t, 'agent', { agentId: 'agent-002' });
    for (const path of ['calls', 'calls.csv']) {
      expectError(
        await t.request('GET', `/api/v1/centers/${TOKYO}/${path}`, { cookie: agentUser }),
        403,
        'CC_ERR_FORBIDDEN',
      );
    }
    const elsewhere = await signIn(t, 'supervisor', { centers: ['osaka'] });
    expectError(
      await t.request('GET', `/api/v1/centers/${TOKYO}/calls`, { cookie: elsewhere }),
      403,
      'CC_ERR_FORBIDDEN',
    );
    expectError(
      await t.request('GET', `/api/v1/centers/${TOKYO}/calls`),
      401,
      'CC_ERR_UNAUTHENTICATED',
    );
  });
});
