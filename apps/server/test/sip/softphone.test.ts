import { createSoftphone, callQueue, type IncomingCall } from '@tsunagu/telephony/browser';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addQueue, apiOf, holdQueue, shortPrompts } from './support/callback-center.js';
import { countersOf, LegWatcher } from './support/phone.js';
import {
  CENTER_ID,
  QUEUE_NUMBER,
  eventOf,
  eventually,
  setAgentStatus,
  startSipNode,
  type SipTestNode,
} from './support/sip-node.js';
import { describeRun, killAllSipp, startSipp } from './support/sipp.js';
import { WeriftBrowser, wsUrl } from './support/werift-browser.js';

/**
 * Browser softphones (BEY-06), with werift standing in for the browser: the real browser
 * module signals over the node's WebSocket and werift does the WebRTC (ICE on loopback,
 * DTLS-SRTP, PCMU), so the server's side is exactly what a browser meets.
 */
describe('the browser softphone', () => {
  let n: SipTestNode;
  let watcher: LegWatcher | undefined;
  const browsers: WeriftBrowser[] = [];
  const closers: (() => void)[] = [];

  beforeAll(async () => {
    n = await startSipNode();
  }, 60_000);
  afterEach(async () => {
    watcher?.stop();
    for (const close of closers.splice(0)) close();
    for (const b of browsers.splice(0)) b.stop();
    await killAllSipp();
  });
  afterAll(async () => {
    await killAllSipp();
    await n?.stop();
  });

  async function agentSession(agentId: string, login: string): Promise<string> {
    const password = 'softphone test password 1';
    const created = await n.t.request('POST', '/api/v1/users', {
      cookie: n.admin,
      body: { login, name: login, password, role: 'agent', centers: [CENTER_ID], agentId },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return n.t.login(login, password);
  }

  function browser(cookie: string): WeriftBrowser {
    const b = new WeriftBrowser(cookie);
    browsers.push(b);
    return b;
  }

  it('[BEY-06] a SIP caller rings the agent’s browser, the agent answers, and audio flows both ways', async () => {
    const cookie = await agentSession('agent-001', 'softphone-agent');
    const patched = await n.t.request('PATCH', '/api/v1/agents/agent-001', {
      cookie: n.admin,
      body: { device: { kind: 'browser' } },
    });
    expect(patched.status).toBe(200);
    const ear = browser(cookie);
    const phone = createSoftphone({
      url: wsUrl(n.t.url, '/api/v1/softphone'),
      environment: ear,
    });
    closers.push(() => phone.close());
    const rung = new Promise<IncomingCall>((resolve) => phone.on('ring', resolve));
    const connected = new Promise((resolve) => phone.on('answer', resolve));
    await new Promise((resolve) => phone.on('ready', resolve));
    await setAgentStatus(n, 'agent-001', 'available');
    watcher = new LegWatcher(n);

    // SIPp echoes what it hears: the browser's tone comes back only through both bridges.
    const caller = await startSipp({
      scenario: 'caller-waits.xml',
      remote: { host: '127.0.0.1', port: n.port },
      service: QUEUE_NUMBER,
      keys: { caller: '0312342222' },
      rtpEcho: true,
      timeoutSec: 60,
    });
    const ring = await rung;
    expect(ring.display).toMatchObject({ origin: 'inbound', customerNumber: '0312342222' });
    expect(ring.display?.queueName).toBeTruthy();
    await phone.answer();
    await connected;

    await eventually(() => ear.loudFrames() >= 25, 'the browser hearing its tone echoed back');
    const browserLeg = n.t.node.browser?.legs.get(ring.legId);
    expect(browserLeg?.media?.counters.received, 'RTP from the browser').toBeGreaterThan(25);
    expect(browserLeg?.media?.counters.sent, 'RTP to the browser').toBeGreaterThan(25);
    const customer = countersOf(watcher.inbound());
    expect(customer.received, 'RTP from the caller').toBeGreaterThan(0);
    expect(customer.sent, 'RTP to the caller').toBeGreaterThan(0);

    phone.hangup();
    const run = await caller.done;
    expect(run.code, describeRun(run)).toBe(0);
    const created = eventOf(n, 'call.created', (e) => e.customerNumber === '0312342222');
    const ended = await eventually(
      () => eventOf(n, 'call.ended', (e) => e.callId === created?.callId),
      'call.ended',
    );
    expect(ended.reason).toBe('agent-hangup');
    await eventually(() => n.t.node.browser?.legs.size === 0, 'browser legs closed');
  }, 90_000);

  it('[BEY-06] an agent can open only their own softphone, and only a supervisor or admin the test caller', async () => {
    const agentCookie = await agentSession('agent-002', 'softphone-agent-2');
    const refused = (cookie: string | undefined, path: string) =>
      new Promise<number>((resolve) => {
        const ws = browser(cookie ?? '').openSocket(wsUrl(n.t.url, path));
        ws.onopen = () => {
          ws.close();
          resolve(101);
        };
        (ws as unknown as { on(e: string, f: (...a: unknown[]) => void): void }).on(
          'unexpected-response',
          (_req, res) => resolve((res as { statusCode: number }).statusCode),
        );
      });
    expect(await refused(undefined, '/api/v1/softphone')).toBe(401);
    expect(await refused(agentCookie, '/api/v1/softphone/test-call')).toBe(403);
    // The admin has no agent of their own.
    expect(await refused(n.admin, '/api/v1/softphone')).toBe(404);
    expect(await refused(agentCookie, '/api/v1/softphone')).toBe(101);
  }, 30_000);

  it('[BEY-06] [QCB-02] a browser test caller dials a queue, presses 1 1, and the callback request exists', async () => {
    const api = apiOf(n);
    await shortPrompts(api);
    await addQueue(api, {
      id: 'bey06',
      number: '0312350606',
      callback: { enabled: true, minWaiting: 1, key: '1' },
    });
    const caller = browser(n.admin);
    const call = callQueue({
      number: '0312350606',
      from: '09060606060',
      url: wsUrl(n.t.url, '/api/v1/softphone/test-call'),
      environment: caller,
    });
    const answered = new Promise((resolve) => call.on('answer', resolve));
    const hungUp = new Promise<{ reason: string }>((resolve) => call.on('hangup', resolve));
    await answered;
    const entry = await eventually(
      async () => (await holdQueue(api, 'bey06')).find((e) => e.kind === 'call'),
      'the browser caller waiting in the queue',
    );
    expect(entry.customerNumber).toMatch(/9060606060$/);
    await eventually(() => caller.heard.length > 25, 'queue audio reaching the browser');

    // The menu key on the audio stream (RFC 4733), the confirmation as a keypad message.
    caller.pressOnTrack('1');
    await new Promise((r) => setTimeout(r, 1000));
    call.sendDigits('1');

    const requested = await eventually(
      () => eventOf(n, 'callback.requested', (e) => /9060606060$/.test(e.number)),
      'the callback request',
    );
    expect(requested).toBeDefined();
    expect((await hungUp).reason).toBe('hangup');
    const line = await holdQueue(api, 'bey06');
    expect(line.map((e) => e.kind)).toEqual(['callback']);
  }, 60_000);
});
