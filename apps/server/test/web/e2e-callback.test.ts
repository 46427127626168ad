import type { DomainEvent } from '@tsunagu/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  addQueue,
  apiOf,
  call,
  customerPhones,
  shortPrompts,
  sleep,
  type AdminApi,
} from '../sip/support/callback-center.js';
import { CENTER_ID, eventually, startSipNode, type SipTestNode } from '../sip/support/sip-node.js';
import { freeSipPort, killAllSipp } from '../sip/support/sipp.js';
import { expectNoSeriousA11yViolations } from './support/a11y.js';
import { launchBrowser, openPage, screenshot, signIn, type TestPage } from './support/browser.js';
import { tabOrder } from './support/keyboard.js';
import { ensureWebAppBuilt } from './support/web-node.js';

const QUEUE = 'e2e';
const QUEUE_NUMBER = '0312370001';
const QUEUE_NAME = 'お客様窓口';
const AGENT = 'e2e-a';
// The customers' phones behind the trunk answer numbers ending in 1 and press 1 (QCB-05).
const CUSTOMER = '09010070011';
/** How the node shows the number: E.164. */
const CUSTOMER_E164 = `+81${CUSTOMER.slice(1)}`;
const PASSWORD = 'end to end passphrase 2026';

/** Keeps every peer connection the page makes, for reading its WebRTC stats from the test. */
const KEEP_PEERS = `(() => {
  const Peer = window.RTCPeerConnection;
  window.__peers = [];
  window.RTCPeerConnection = class extends Peer {
    constructor(...args) { super(...args); window.__peers.push(this); }
  };
})()`;

async function audioStats(page: Page): Promise<{ sent: number; received: number }> {
  return (await page.evaluate(`(async () => {
    const out = { sent: 0, received: 0 };
    const pc = window.__peers.at(-1);
    if (!pc) return out;
    (await pc.getStats()).forEach((x) => {
      if (x.type === 'outbound-rtp' && x.kind === 'audio') out.sent = x.packetsSent;
      if (x.type === 'inbound-rtp' && x.kind === 'audio') out.received = x.packetsReceived;
    });
    return out;
  })()`)) as { sent: number; received: number };
}

/** The text of each body row of a table, cells joined by " | ". */
async function rowsOf(page: Page, table: string): Promise<string[]> {
  const rows = page.getByRole('table', { name: table }).locator('tbody tr');
  return rows.evaluateAll((trs) =>
    trs.map((tr) =>
      [...tr.querySelectorAll('th, td')]
        .map((c) => (c.textContent ?? '').trim())
        .filter((text) => text !== '')
        .join(' | '),
    ),
  );
}

/**
 * Issue #6's scenario end to end in Chromium with fake audio devices, on a node with SIP (the
 * WebRTC side runs on its media engine): a supervisor calls a queue from the test-caller page
 * and books a callback with the keypad; a browser agent is offered the callback and answers;
 * the customer's phone behind the trunk (SIPp) answers and accepts; a second supervisor
 * watches the hold queue and the live calls; the agent wraps up with a disposition.
 */
describe('end to end: a browser caller books a callback, a browser agent returns it', () => {
  let n: SipTestNode;
  let api: AdminApi;
  let browser: Browser;
  let caller: TestPage;
  let agent: TestPage;
  let watcher: TestPage;

  const addUser = async (login: string, body: Record<string, unknown>) => {
    const res = await call(api, 'POST', '/api/v1/users', {
      login,
      name: login,
      password: PASSWORD,
      centers: [CENTER_ID],
      ...body,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  };
  const eventOf = <T extends DomainEvent['type']>(
    type: T,
    match: (e: Extract<DomainEvent, { type: T }>) => boolean,
    what: string,
  ) =>
    eventually(
      () =>
        n.events.find(
          (e): e is Extract<DomainEvent, { type: T }> =>
            e.type === type && match(e as Extract<DomainEvent, { type: T }>),
        ),
      what,
      20_000,
    );

  beforeAll(async () => {
    ensureWebAppBuilt();
    const port = await freeSipPort();
    await customerPhones(port);
    [n, browser] = await Promise.all([startSipNode({ outboundPort: port }), launchBrowser()]);
    api = apiOf(n);
    await shortPrompts(api);
    await addQueue(api, {
      id: QUEUE,
      name: QUEUE_NAME,
      number: QUEUE_NUMBER,
      members: [AGENT],
      wrapUpSec: 120,
      callback: { enabled: true, minWaiting: 1, key: '1' },
    });
    await addUser('e2e.agent', { role: 'agent', agentId: AGENT });
    await addUser('e2e.caller', { role: 'supervisor' });
    await addUser('e2e.watcher', { role: 'supervisor' });
    const open = () => openPage(browser, n.t.url, { locale: 'ja-JP' });
    [caller, agent, watcher] = await Promise.all([open(), open(), open()]);
    await agent.page.addInitScript(KEEP_PEERS);
    await caller.page.addInitScript(KEEP_PEERS);
    await signIn(caller.page, 'e2e.caller', PASSWORD);
    await signIn(agent.page, 'e2e.agent', PASSWORD);
    await signIn(watcher.page, 'e2e.watcher', PASSWORD);
  }, 120_000);
  afterAll(async () => {
    await killAllSipp();
    for (const p of [caller, agent, watcher]) await p?.close().catch(() => {});
    await browser?.close();
    await n?.stop();
  });

  it('[QCB-02] [QCB-05] [QCB-12] [AGT-06] [AGT-09] [BEY-06] [HQ-05] request by keypad, hold queue and live calls update live, callback answered in the browser with audio both ways, wrap-up with a disposition', async () => {
    const w = watcher.page;
    await w.getByRole('link', { name: '保留キュー' }).click();
    await w.getByRole('heading', { level: 1, name: '保留キュー' }).waitFor();
    const line = `${QUEUE_NAME}の待ち順`;

    // The test caller: labelled, keyboard reachable, checks the caller number.
    const c = caller.page;
    await c.getByRole('link', { name: 'テスト発信' }).click();
    await c.getByRole('heading', { level: 1, name: 'テスト発信' }).waitFor();
    await c.getByLabel('かけるキュー').selectOption(QUEUE_NUMBER);
    const order = await tabOrder(c);
    for (const control of ['combobox かけるキュー', 'textbox 発信者番号', 'button 発信'])
      expect(order).toContain(control);
    await c.getByLabel('発信者番号').fill('12345');
    await c.getByRole('button', { name: '発信' }).click();
    await c.getByRole('alert').getByText('発信者番号は数字 9〜30 桁').waitFor();
    await c.getByLabel('発信者番号').fill(CUSTOMER);
    await c.getByRole('button', { name: '発信' }).click();
    await c.getByText('通話状態: 通話中').waitFor({ timeout: 15_000 });
    // The caller hears the queue (remote audio) and can mute the microphone.
    await eventually(async () => ((await audioStats(c)).received > 0 ? true : null), 'queue audio');
    const mute = c.getByRole('button', { name: 'マイクをミュート' });
    await mute.click();
    expect(await mute.getAttribute('aria-pressed')).toBe('true');
    expect(
      await c.evaluate('window.__peers.at(-1).getSenders().every((s) => !s.track.enabled)'),
    ).toBe(true);
    await mute.click();
    expect(await mute.getAttribute('aria-pressed')).toBe('false');
    await screenshot(c, 'e2e-test-caller');
    await expectNoSeriousA11yViolations(c);

    // QCB-02: the callback key, then 1 to confirm, as the SIP callers press them.
    await sleep(2000);
    await c.getByRole('button', { name: 'キー 1' }).click();
    await sleep(2000);
    await c.getByRole('button', { name: 'キー 1' }).click();
    await c.getByText('送信したキー: 11').waitFor();
    const requested = await eventOf(
      'callback.requested',
      (e) => e.queueId === QUEUE,
      'the callback request',
    );
    await c.getByText('通話状態: 通話終了').waitFor({ timeout: 20_000 });

    // HQ-05 / AGT-09: the request at its place in the line, without a reload.
    await expect
      .poll(() => rowsOf(w, line), { timeout: 10_000 })
      .toEqual([
        expect.stringMatching(new RegExp(`^1 \\| コールバック予約 \\| \\${CUSTOMER_E164}`)),
      ]);
    await screenshot(w, 'e2e-hold-queue-callback');
    await w.getByRole('link', { name: '通話中' }).click();
    await w.getByRole('heading', { level: 1, name: '通話中' }).waitFor();

    // The agent goes ready and is offered the callback (QCB-12).
    const a = agent.page;
    const phone = a.getByTestId('softphone');
    await phone.getByText('状態: 登録済み').waitFor({ timeout: 15_000 });
    await a.getByLabel('新しいステータス').selectOption({ label: '受付可' });
    await a.getByRole('button', { name: 'ステータスを変更' }).click();
    const offer = a.getByRole('region', { name: '着信' });
    await offer.getByText('折返（コールバック）').waitFor({ timeout: 15_000 });
    await offer.getByText(`折返 ${CUSTOMER_E164} へのコールバック`).waitFor();
    await screenshot(a, 'e2e-agent-offer');
    await offer.getByRole('button', { name: '応答' }).click();

    // QCB-05: the agent first, then the customer dialled through the trunk, who accepts.
    const connected = await eventOf(
      'callback.completed',
      (e) => e.callbackId === requested.callbackId,
      'the callback connected',
    );
    expect(connected).toMatchObject({ outcome: 'connected' });
    await phone.getByText(/通話中: /).waitFor({ timeout: 15_000 });
    const stats = await eventually(async () => {
      const s = await audioStats(a);
      return s.sent > 0 && s.received > 0 ? s : null;
    }, 'WebRTC packets both ways');
    expect(stats.sent).toBeGreaterThan(0);
    expect(stats.received).toBeGreaterThan(0);
    await screenshot(a, 'e2e-agent-in-call');

    // The live call appears on the supervisor's screen as it happens.
    await expect
      .poll(() => rowsOf(w, '進行中の通話'), { timeout: 10_000 })
      .toEqual([expect.stringContaining(CUSTOMER_E164)]);
    expect((await rowsOf(w, '進行中の通話'))[0]).toContain('コールバック');
    await screenshot(w, 'e2e-live-calls');

    // AGT-06: the agent ends the call and wraps up with a disposition.
    await phone.getByRole('button', { name: 'ソフトフォンを切る' }).click();
    const wrap = a.getByRole('region', { name: '後処理中' });
    await wrap.waitFor({ timeout: 15_000 });
    const picker = wrap.getByLabel('通話タイプ');
    await picker.selectOption({ index: 1 });
    const label = (await picker.locator('option:checked').innerText()).trim();
    await wrap.getByRole('button', { name: '通話タイプを設定' }).click();
    await a.getByText(`通話タイプ「${label}」を設定しました。`).waitFor();
    await wrap.getByRole('button', { name: '後処理を終了' }).click();
    await expect.poll(() => rowsOf(w, '進行中の通話'), { timeout: 10_000 }).toEqual([]);

    for (const p of [caller, agent, watcher]) expect(p.errors).toEqual([]);
  }, 120_000);

  it('[BEY-06] the test caller in English: labelled, axe clean, keypad off until connected', async () => {
    const en = await openPage(browser, n.t.url, { locale: 'en-US' });
    try {
      await signIn(en.page, 'e2e.watcher', PASSWORD);
      await en.page.getByRole('link', { name: 'Test caller' }).click();
      await en.page.getByRole('heading', { level: 1, name: 'Test caller' }).waitFor();
      await en.page.getByLabel('Queue to call').selectOption(QUEUE_NUMBER);
      await en.page.getByText('Call state: Idle').waitFor();
      expect(await en.page.getByRole('button', { name: 'Key 5' }).isDisabled()).toBe(true);
      expect(await en.page.getByRole('button', { name: 'Hang up' }).isDisabled()).toBe(true);
      await en.page.getByLabel('Caller number').fill('09-1234');
      await en.page.getByRole('button', { name: 'Call' }).click();
      await en.page
        .getByRole('alert')
        .getByText('Enter the caller number as 9 to 30 digits.')
        .waitFor();
      expect(await en.page.getByLabel('Caller number').getAttribute('aria-invalid')).toBe('true');
      await expectNoSeriousA11yViolations(en.page);
      expect(en.errors).toEqual([]);
    } finally {
      await en.close();
    }
  }, 30_000);
});
