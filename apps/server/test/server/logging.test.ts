import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/server/logging.js';
import { startNode, type TsunaguNode } from '../../src/server/node.js';
import { loadSettings } from '../../src/server/settings.js';
import { ADMIN_LOGIN, ADMIN_PASSWORD } from '../support/test-node.js';

interface Line {
  readonly text: string;
  readonly json: Record<string, unknown>;
}

async function until(done: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Call ids as whole words: "call-1" must not match inside "call-10". */
const mentions = (text: string, callId: string) =>
  new RegExp(`(?<![\\w-])${callId.replace(/[-.]/g, '\\$&')}(?![\\w-])`).test(text);

describe('structured logs', () => {
  const lines: Line[] = [];
  let node: TsunaguNode;
  let cookie: string;
  const http = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(node.url + path, {
      method,
      headers: {
        cookie,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as any };
  };

  beforeAll(async () => {
    const settings = loadSettings(
      {
        host: '127.0.0.1',
        port: '0',
        'data-dir': 'memory://',
        'admin-login': ADMIN_LOGIN,
        'admin-password': ADMIN_PASSWORD,
        'drain-timeout-sec': '0',
        'sip-port': '-1',
      },
      {},
    );
    const logger = createLogger('debug', {
      write: (text: string) => void lines.push({ text, json: JSON.parse(text) }),
    });
    node = await startNode(settings, logger);
    const login = await fetch(`${node.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: ADMIN_LOGIN, password: ADMIN_PASSWORD }),
    });
    cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
  }, 60_000);
  afterAll(async () => {
    await node?.shutdown();
  });

  it('every line about a call carries its callId: engine events, API requests on it, their errors', async () => {
    const telephony = node.virtual;
    const state = node.runner.state;
    const agent = () => state.agents.get('agent-001')!;
    expect(
      (await http('POST', '/api/v1/agents/agent-001/status', { status: 'available' })).status,
    ).toBe(200);

    // A call the agent answers, holds, resumes and ends through the API.
    telephony.placeCall('09011110001', '0312345678', { patienceMs: Infinity, talkMs: Infinity });
    await until(() => agent().offerId !== null, 'the offer');
    const offerId = agent().offerId!;
    expect((await http('POST', `/api/v1/agents/agent-001/offers/${offerId}/answer`)).status).toBe(
      200,
    );
    await until(() => agent().presence === 'on-call', 'the agent on the call');
    const callId = agent().callId!;
    for (const verb of ['hold', 'resume', 'hangup'])
      expect((await http('POST', `/api/v1/agents/agent-001/calls/${callId}/${verb}`)).status).toBe(
        200,
      );
    // An action refused on that (now ended) call: the error line names it too.
    const refused = await http('POST', `/api/v1/agents/agent-001/calls/${callId}/hold`);
    expect(refused.status).toBeGreaterThanOrEqual(400);

    // A second caller, with the agent away, asks for a callback: its request names the call.
    expect(
      (await http('POST', '/api/v1/agents/agent-001/status', { status: 'break' })).status,
    ).toBe(200);
    const leg = telephony.placeCall('09011110002', '0312345678', {
      patienceMs: Infinity,
      talkMs: Infinity,
    });
    await until(() => state.lines.get('support')?.length === 1, 'the caller in the queue');
    const waiting = state.lines.get('support')![0]!.callId!;
    telephony.press(leg, '1');
    await until(() => state.calls.get(waiting)?.pendingCollectId != null, 'the menu');
    await node.runner.flush();
    telephony.press(leg, '1');
    await until(() => state.callbacks.size === 1, 'the callback request');
    await until(() => !state.calls.has(waiting), 'the request call to end');
    await node.runner.flush();

    const callIds = [callId, waiting];
    const about = (id: string) => lines.filter((l) => mentions(l.text, id));
    for (const id of callIds) {
      const mine = about(id);
      expect(mine.length).toBeGreaterThan(5);
      const missing = mine.filter((l) => l.json.callId !== id).map((l) => l.text);
      expect(missing).toEqual([]);
    }
    // Not vacuous: each kind of line is among them.
    const first = about(callId);
    const has = (msg: string) => first.some((l) => l.json.msg === msg);
    for (const msg of ['call.created', 'call.connected', 'call.held', 'call.ended'])
      expect(has(msg), msg).toBe(true);
    expect(has('incoming request')).toBe(true);
    expect(has('request completed')).toBe(true);
    expect(
      first.some((l) => (l.json.res as { statusCode?: number })?.statusCode === refused.status),
    ).toBe(true);
    // The answer names the offer, not the call, in its URL; it still logs under the call.
    const answered = lines.filter(
      (l) => l.json.msg === 'request completed' && l.json.callId === callId,
    );
    expect(answered.length).toBeGreaterThanOrEqual(5);
    expect(about(waiting).some((l) => l.json.msg === 'callback.requested')).toBe(true);
    // Lines that name an agent or a queue carry them as fields too.
    const connected = first.find((l) => l.json.msg === 'call.connected')!.json;
    expect(connected).toMatchObject({ callId, agentId: 'agent-001', queueId: 'support' });
    expect(typeof connected.eventId).toBe('number');
  });
});
