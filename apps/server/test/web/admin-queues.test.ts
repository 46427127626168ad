import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { DEMO_QUEUE_ID } from '../../src/runtime/demo-config.js';
import { expectNoSeriousA11yViolations } from './support/a11y.js';
import {
  apiGet,
  descriptionOf,
  focusedId,
  focusedLabel,
  openAdminScreen,
} from './support/admin.js';
import {
  launchBrowser,
  openPage,
  screenshot,
  signIn,
  type Locale,
  type TestPage,
} from './support/browser.js';
import { startWebTestNode, type WebTestNode } from './support/web-node.js';

/** Polls wait long enough for a busy machine (vitest's default is one second). */
const POLL = { timeout: 10_000 };

const TEXT = {
  'ja-JP': {
    queues: 'キュー',
    routing: 'ルーティング',
    minWaiting: 'コールバックを案内する待ち人数（以上）',
    mode: 'コールバックの発信方法',
    agentFirst: 'エージェントを先に呼び出す',
    retries: 'つながらないときの再発信回数',
    announcePosition: '待ち順をお知らせする',
    voicemailKey: 'ボイスメールのキー',
    callbackKey: 'コールバックのキー',
    save: '保存',
    saved: '保存しました。',
    range: '1〜10000 の整数を入力してください。',
    clash: 'コールバックのキーとボイスメールのキーには異なるキーを設定してください。',
    saveOrder: '順番を保存',
    moveDown: (name: string) => `${name} を下へ`,
  },
  'en-US': {
    queues: 'Queues',
    routing: 'Routing',
    minWaiting: 'Offer a callback from this many callers waiting',
    mode: 'Callback dialling',
    agentFirst: 'Call the agent first',
    retries: 'Retries when the customer does not answer',
    announcePosition: 'Announce the caller’s position',
    voicemailKey: 'Voicemail key',
    callbackKey: 'Callback key',
    save: 'Save',
    saved: 'Saved.',
    range: 'Enter a whole number from 1 to 10000.',
    clash: 'The callback key and the voicemail key of a queue must differ.',
    saveOrder: 'Save order',
    moveDown: (name: string) => `Move ${name} down`,
  },
} as const;

describe('admin: queues and routing order', () => {
  let t: WebTestNode;
  let browser: Browser;
  let cookie: string;
  const pages: TestPage[] = [];
  const signedIn = async (locale: Locale) => {
    const p = await openPage(browser, t.url, { locale });
    pages.push(p);
    await signIn(p.page, t.users.admin.login, t.users.admin.password);
    return p;
  };
  const queue = () => apiGet(t, cookie, `/api/v1/queues/${DEMO_QUEUE_ID}`);

  beforeAll(async () => {
    [t, browser] = await Promise.all([startWebTestNode(), launchBrowser()]);
    cookie = await t.login();
  }, 120_000);
  afterAll(async () => {
    for (const p of pages) await p.close().catch(() => {});
    await browser?.close();
    await t?.stop();
  });

  it('[QCB-01][HQ-02] an admin edits the callback settings and saves; an out-of-range number is caught beside its field', async () => {
    const text = TEXT['ja-JP'];
    const { page, errors } = await signedIn('ja-JP');
    await page.goto('/admin/centers');
    await openAdminScreen(page, text.queues);
    const minWaiting = page.getByLabel(text.minWaiting);
    await minWaiting.fill('0');
    await page.getByRole('button', { name: text.save, exact: true }).click();
    await expect.poll(() => descriptionOf(minWaiting), POLL).toContain(text.range);
    expect(await minWaiting.getAttribute('aria-invalid')).toBe('true');
    expect((await queue()).callback.minWaiting).toBe(1);

    await minWaiting.fill('3');
    await page.getByLabel(text.mode).selectOption({ label: text.agentFirst });
    await page.getByLabel(text.retries).fill('2');
    await page.getByLabel(text.announcePosition).uncheck();
    await page.getByRole('button', { name: text.save, exact: true }).click();
    await page.getByRole('status').filter({ hasText: text.saved }).waitFor();
    const saved = await queue();
    expect(saved.callback).toMatchObject({
      enabled: true,
      minWaiting: 3,
      mode: 'agent-first',
      retry: { maxAttempts: 2 },
    });
    expect(saved.announcePosition).toBe(false);
    expect(await minWaiting.getAttribute('aria-invalid')).toBeNull();
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'admin-queues-ja');
    expect(errors).toEqual([]);
  });

  for (const locale of ['ja-JP', 'en-US'] as const) {
    it(`[QCB-17] the voicemail key equal to the callback key is refused beside both fields (${locale}) and nothing is saved`, async () => {
      const text = TEXT[locale];
      const before = await queue();
      const { page, errors } = await signedIn(locale);
      await page.goto('/admin/queues');
      await page.getByRole('heading', { level: 1, name: text.queues }).waitFor();
      const voicemailKey = page.getByLabel(text.voicemailKey);
      const callbackKey = page.getByLabel(text.callbackKey);
      await voicemailKey.selectOption(before.callback.key);
      await page.getByRole('button', { name: text.save, exact: true }).click();
      await expect.poll(() => descriptionOf(voicemailKey), POLL).toContain(text.clash);
      expect(await descriptionOf(callbackKey)).toContain(text.clash);
      expect(await voicemailKey.getAttribute('aria-invalid')).toBe('true');
      expect(await callbackKey.getAttribute('aria-invalid')).toBe('true');
      // The first field in error takes the focus, so its message is read out.
      await expect.poll(() => focusedId(page), POLL).toBe(await voicemailKey.getAttribute('id'));
      expect(await queue()).toEqual(before);
      await expectNoSeriousA11yViolations(page);
      expect(errors).toEqual([]);
    });
  }

  it('[AGT-02] the routing order is changed with the keyboard only and persisted', async () => {
    const text = TEXT['ja-JP'];
    const { page, errors } = await signedIn('ja-JP');
    await page.goto('/admin/queues');
    await openAdminScreen(page, text.routing);
    const order = page.getByRole('list', { name: '着信の順番' });
    const names = () =>
      order.getByRole('listitem').evaluateAll((li) => li.map((e) => e.getAttribute('aria-label')));
    await expect
      .poll(names, POLL)
      .toEqual(['1. Agent 1', '2. Agent 2', '3. Agent 3', '4. Agent 4', '5. Agent 5']);

    // Arrow keys on a focused agent, then a "move down" button reached with Tab.
    await order.getByRole('listitem', { name: '3. Agent 3' }).focus();
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    await expect
      .poll(names, POLL)
      .toEqual(['1. Agent 3', '2. Agent 1', '3. Agent 2', '4. Agent 4', '5. Agent 5']);
    await expect.poll(() => focusedLabel(page), POLL).toBe('1. Agent 3');
    await order.getByRole('button', { name: text.moveDown('Agent 1') }).focus();
    await page.keyboard.press('Enter');
    await expect
      .poll(names, POLL)
      .toEqual(['1. Agent 3', '2. Agent 2', '3. Agent 1', '4. Agent 4', '5. Agent 5']);
    await page.getByRole('button', { name: text.saveOrder }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: text.saved }).waitFor();

    const members = await apiGet(t, cookie, `/api/v1/queues/${DEMO_QUEUE_ID}/members`);
    expect(members.members.map((m: { agentId: string }) => m.agentId)).toEqual([
      'agent-003',
      'agent-002',
      'agent-001',
      'agent-004',
      'agent-005',
    ]);
    await page.reload();
    await expect
      .poll(names, POLL)
      .toEqual(['1. Agent 3', '2. Agent 2', '3. Agent 1', '4. Agent 4', '5. Agent 5']);
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'admin-routing-ja');
    expect(errors).toEqual([]);
  });
});
