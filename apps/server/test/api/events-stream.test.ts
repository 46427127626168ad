import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, TEST_BACKENDS, type TestNode } from '../support/test-node.js';
import { openStream, toggleStatus, until, type StreamMessage } from './events-support.js';

async function tableIds(t: TestNode, after: number): Promise<number[]> {
  const rows = await t.node.db.query<{ id: number | string }>(
    'SELECT id FROM events WHERE id > $1 ORDER BY id',
    [after],
  );
  return rows.rows.map((r) => Number(r.id));
}

async function newestId(t: TestNode): Promise<number> {
  const rows = await t.node.db.query<{ id: number | string | null }>(
    'SELECT max(id) AS id FROM events',
  );
  return Number(rows.rows[0]?.id ?? 0);
}

/** Reads server-sent events from a fetch response until `count` arrived or the time is up. */
async function readSse(
  res: Response,
  count: number,
  timeoutMs = 5_000,
): Promise<{ id: number; message: StreamMessage }[]> {
  const reader = res.body!.getReader();
  const out: { id: number; message: StreamMessage }[] = [];
  let text = '';
  const deadline = Date.now() + timeoutMs;
  while (out.length < count && Date.now() < deadline) {
    const chunk = await Promise.race([
      reader.read(),
      new Promise<null>((r) => setTimeout(() => r(null), Math.max(1, deadline - Date.now()))),
    ]);
    if (!chunk || chunk.done) break;
    text += new TextDecoder().decode(chunk.value);
    let end: number;
    while ((end = text.indexOf('\n\n')) >= 0) {
      const block = text.slice(0, end);
      text = text.slice(end + 2);
      const id = /^id: (\d+)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (id && data) out.push({ id: Number(id), message: JSON.parse(data) as StreamMessage });
    }
  }
  await reader.cancel();
  return out;
}

describe.each(TEST_BACKENDS)('the live event stream on %s', (backend) => {
  let t: TestNode;
  let admin: string;
  beforeAll(async () => {
    t = await startTestNode(backend);
    admin = await t.login();
  }, 120_000);
  afterAll(async () => {
    await t?.stop();
  }, 60_000);

  it('[BEY-04] streams committed events live over a WebSocket as { id, type, at, centerId, data }', async () => {
    const stream = await openStream(t, {}, { cookie: admin });
    const before = await newestId(t);
    await toggleStatus(t, 'agent-001', 4);
    await until(() => stream.messages.filter((m) => m.id > before).length >= 4);
    await stream.close();
    const got = stream.messages.filter((m) => m.id > before);
    const ids = await tableIds(t, before);
    expect(got.map((m) => m.id)).toEqual(ids);
    const first = got[0]!;
    expect(first).toMatchObject({
      type: 'agent.status-changed',
      centerId: 'tokyo',
      data: { type: 'agent.status-changed', agentId: 'agent-001', to: 'available' },
    });
    expect(new Date(first.at).getTime()).toBe(first.data.at);
    expect(Object.keys(first).sort()).toEqual(['at', 'centerId', 'data', 'id', 'type']);
  });

  it('[BEY-04] a client that reconnects with its last event id gets everything it missed, no gap, no duplicate', async () => {
    const start = await newestId(t);
    let running = true;
    // Events keep coming while the client drops and resumes, so every race is exercised.
    // PGlite answers without leaving the microtask queue: yield so the server can take requests.
    const producer = (async () => {
      while (running) {
        await toggleStatus(t, 'agent-002', 2);
        await new Promise((r) => setImmediate(r));
      }
    })();
    const received: StreamMessage[] = [];
    let last = start;
    try {
      for (let round = 0; round < 6; round += 1) {
        const stream = await openStream(t, { lastEventId: last }, { cookie: admin });
        await until(() => stream.messages.length >= 3, 5_000, 'some events');
        await stream.close();
        received.push(...stream.messages);
        last = stream.messages[stream.messages.length - 1]!.id;
        // Missed while away: committed while no stream is open.
        await new Promise((r) => setTimeout(r, 20 + round * 10));
      }
    } finally {
      running = false;
      await producer;
    }
    const end = await newestId(t);
    const tail = await openStream(t, { lastEventId: last }, { cookie: admin });
    if (end > last) await tail.waitFor((m) => m.id === end);
    await tail.close();
    received.push(...tail.messages);
    const ids = received.map((m) => m.id);
    expect(ids).toEqual(await tableIds(t, start));
    for (let i = 1; i < ids.length; i += 1) expect(ids[i]!).toBeGreaterThan(ids[i - 1]!);
  });

  it('[BEY-04] serves the same stream as server-sent events, resuming from Last-Event-ID', async () => {
    const before = await newestId(t);
    await toggleStatus(t, 'agent-003', 3);
    const res = await fetch(`${t.url}/api/v1/events/stream?lastEventId=${before}`, {
      headers: { cookie: admin, accept: 'text/event-stream' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const first = await readSse(res, 3);
    expect(first.map((e) => e.id)).toEqual(await tableIds(t, before));
    expect(first.every((e) => e.id === e.message.id)).toBe(true);
    // EventSource sends the last id it saw as a header when it reconnects.
    await toggleStatus(t, 'agent-003', 2);
    const again = await fetch(`${t.url}/api/v1/events/stream`, {
      headers: { cookie: admin, 'last-event-id': String(first[2]!.id) },
    });
    const second = await readSse(again, 2);
    expect(second.map((e) => e.id)).toEqual(await tableIds(t, first[2]!.id));
  });

  it('[BEY-04] polling: events after an id, in pages, with a type filter', async () => {
    const before = await newestId(t);
    await toggleStatus(t, 'agent-004', 5);
    const all = await tableIds(t, before);
    const seen: number[] = [];
    let after = before;
    for (let i = 0; i < 10 && seen.length < all.length; i += 1) {
      const page = await t.request('GET', `/api/v1/events?after=${after}&limit=2`, {
        cookie: admin,
      });
      expect(page.status).toBe(200);
      expect(page.body.events.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.events.map((e: StreamMessage) => e.id));
      after = page.body.nextAfter;
    }
    expect(seen).toEqual(all);
    const done = await t.request('GET', `/api/v1/events?after=${after}`, { cookie: admin });
    expect(done.body).toEqual({ events: [], nextAfter: after });
    const typed = await t.request(
      'GET',
      `/api/v1/events?after=${before}&types=${encodeURIComponent('agent.*,call.ended')}`,
      { cookie: admin },
    );
    expect(typed.body.events.length).toBe(5);
    const none = await t.request('GET', `/api/v1/events?after=${before}&types=call.ended`, {
      cookie: admin,
    });
    expect(none.body.events).toEqual([]);
    expect(none.body.nextAfter).toBeGreaterThanOrEqual(all[all.length - 1]!);
  });

  it('[BEY-04] publishes the stream, polling and webhook routes in the OpenAPI document', async () => {
    const docs = await t.request('GET', '/docs/json');
    const mine = Object.entries(docs.body.paths as Record<string, unknown>).filter(
      ([path]) => path.startsWith('/api/v1/events') || path.startsWith('/api/v1/webhooks'),
    );
    expect(mine.map(([path]) => path)).toEqual(
      expect.arrayContaining(['/api/v1/events/stream', '/api/v1/events', '/api/v1/webhooks']),
    );
    // Every reference resolves within the document.
    for (const ref of JSON.stringify(mine).match(/"\$ref":"[^"]+"/g) ?? []) {
      const name = ref.split('/').pop()!.replace('"', '');
      expect(docs.body.components?.schemas?.[name], ref).toBeDefined();
    }
  });

  it('[BEY-04] refuses bad queries with 400 and a catalogue code', async () => {
    for (const query of ['types=call.bogus', 'types=nope.*', 'after=-1', 'limit=0', 'limit=5000']) {
      const res = await t.request('GET', `/api/v1/events?${query}`, { cookie: admin });
      expect(res.status, query).toBe(400);
      expect(res.body.error.code, query).toBe('CC_ERR_VALIDATION');
    }
    const ahead = await fetch(`${t.url}/api/v1/events/stream?lastEventId=999999999`, {
      headers: { cookie: admin },
    });
    expect(ahead.status).toBe(400);
    expect(((await ahead.json()) as any).error.code).toBe('CC_ERR_VALIDATION');
  });
});
