import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { answerNextOffer, demoCall, requestCallback, setStatus } from '../api/resources-helpers.js';
import { expectNoSeriousA11yViolations } from './support/a11y.js';
import {
  launchBrowser,
  openPage,
  screenshot,
  signIn,
  type Locale,
  type TestPage,
} from './support/browser.js';
import { tabOrder } from './support/keyboard.js';
import { startWebTestNode, type WebTestNode } from './support/web-node.js';

/** The supervisor's live screens (AGT-09): hold queue, callback actions, live calls, agents. */

const CALLERS = ['09011110001', '09011110002', '09011110003'];
const CALLBACK_NUMBER = '+819011110002';

/** A wall-clock time in Tokyo as <input type="datetime-local"> takes it. */
function tokyoInput(ms: number): string {
  return new Date(ms + 9 * 3_600_000).toISOString().slice(0, 16);
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

describe('supervisor live screens', () => {
  let t: WebTestNode;
  let browser: Browser;
  let admin: string;
  const callers: { legId: string; callId: string }[] = [];
  const pages: TestPage[] = [];
  const open = async (locale: Locale, login = t.users.supervisor) => {
    const p = await openPage(browser, t.url, { locale });
    pages.push(p);
    await signIn(p.page, login.login, login.password);
    return p;
  };
  const callbacks = async () =>
    (await t.request('GET', '/api/v1/queues/support/callbacks', { cookie: admin })).body
      .items as any[];

  beforeAll(async () => {
    [t, browser] = await Promise.all([startWebTestNode(), launchBrowser()]);
    admin = await t.login();
  }, 120_000);
  afterAll(async () => {
    for (const p of pages) await p.close().catch(() => {});
    await browser?.close();
    await t?.stop();
  });

  it('[AGT-09] [HQ-05] [QCB-02] demo callers appear in the hold queue live, with place and a ticking wait; a callback request sits at the caller’s place', async () => {
    const { page, errors } = await open('ja-JP');
    await page.waitForURL('**/supervisor/hold-queue');
    await page.getByRole('heading', { level: 1, name: '保留キュー' }).waitFor();
    await page.getByText('待っているお客様はいません。').waitFor();

    // Nobody is available: each caller waits, and the open page shows them without a reload.
    for (const from of CALLERS) callers.push(await demoCall(t, admin, from));
    const line = 'サポートの待ち順';
    await expect
      .poll(() => rowsOf(page, line))
      .toEqual([
        expect.stringMatching(
          /^1 \| 保留中の通話 \| 09011110001 \| \d+:\d\d \| 見込みなし（対応者不在） \| 保留中/,
        ),
        expect.stringMatching(/^2 \| 保留中の通話 \| 09011110002 \|/),
        expect.stringMatching(/^3 \| 保留中の通話 \| 09011110003 \|/),
      ]);
    // The wait ticks in the page between events.
    const waitOfFirst = async () => {
      const cell = page.getByRole('table', { name: line }).locator('tbody tr').first();
      const [m, s] = (await cell.locator('td').nth(3).innerText()).split(':').map(Number);
      return m! * 60 + s!;
    };
    const before = await waitOfFirst();
    await expect.poll(waitOfFirst, { timeout: 4000 }).toBeGreaterThan(before);

    await requestCallback(t, admin, callers[1]!);
    await expect
      .poll(() => rowsOf(page, line))
      .toEqual([
        expect.stringMatching(/^1 \| 保留中の通話 \| 09011110001/),
        expect.stringMatching(
          new RegExp(`^2 \\| コールバック予約 \\| \\${CALLBACK_NUMBER} \\| .*待ち順で待機`),
        ),
        expect.stringMatching(/^3 \| 保留中の通話 \| 09011110003/),
      ]);
    const summary = page.getByRole('region', { name: 'サポート' });
    await expect.poll(() => summary.locator('dl').innerText()).toMatch(/待ち呼\s*2/);
    await expect.poll(() => summary.locator('dl').innerText()).toMatch(/コールバック予約\s*1/);
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'supervisor-hold-queue-live-ja');
    expect(errors).toEqual([]);
  });

  it('[QCB-02] [HQ-05] the supervisor re-times a callback request (a refusal shows the catalogue’s message) and cancels it', async () => {
    const { page, errors } = await open('ja-JP');
    await page.getByRole('heading', { level: 1, name: '保留キュー' }).waitFor();
    const [request] = await callbacks();
    expect(request).toMatchObject({ number: CALLBACK_NUMBER, position: 2, dueAt: null });

    await page
      .getByRole('button', { name: `${CALLBACK_NUMBER}のコールバック予約の日時を変更` })
      .click();
    const when = page.getByLabel('新しい日時（Asia/Tokyo）');
    // A time in the past: the API refuses, and the page shows the catalogue's Japanese text.
    await when.fill('2020-01-06T10:00');
    await page.getByRole('button', { name: '日時を保存' }).click();
    const refusal = await t.request('POST', `/api/v1/callbacks/${request.callbackId}/reschedule`, {
      cookie: admin,
      body: { dueAt: '2020-01-06T10:00:00+09:00' },
    });
    expect(refusal.body.error.code).toBe('CC_ERR_SCHEDULE_INVALID');
    await expect.poll(() => page.getByRole('alert').innerText()).toBe(refusal.body.error.messageJa);

    // Two hours from now, in the center's zone (Tokyo).
    const due = Math.floor((Date.now() + 2 * 3_600_000) / 60_000) * 60_000;
    await when.fill(tokyoInput(due));
    await page.getByRole('button', { name: '日時を保存' }).click();
    await expect
      .poll(() => page.getByRole('main').getByRole('status').innerText())
      .toBe(`${CALLBACK_NUMBER}のコールバック予約の日時を変更しました。`);
    const [moved] = await callbacks();
    expect(moved).toMatchObject({ callbackId: request.callbackId, state: 'scheduled' });
    expect(Date.parse(moved.dueAt)).toBe(due);
    // Out of the line until then, listed with its time.
    await expect
      .poll(() => rowsOf(page, 'サポートの待ち順'))
      .toEqual([
        expect.stringMatching(/^1 \| 保留中の通話 \| 09011110001/),
        expect.stringMatching(/^2 \| 保留中の通話 \| 09011110003/),
      ]);
    const booked = 'サポートの日時指定のコールバック予約';
    await expect
      .poll(() => rowsOf(page, booked))
      .toEqual([
        expect.stringMatching(new RegExp(`^\\${CALLBACK_NUMBER} \\| .+ \\| 0 \\| 日時指定`)),
      ]);
    await screenshot(page, 'supervisor-hold-queue-callback-ja');

    // Cancelling works from the keyboard: the confirmation follows the button in Tab order.
    await page
      .getByRole('button', { name: `${CALLBACK_NUMBER}のコールバック予約を取り消す` })
      .focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('はい、取り消します');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.getByRole('main').getByRole('status').innerText())
      .toBe(`${CALLBACK_NUMBER}のコールバック予約を取り消しました。`);
    await expect.poll(() => page.getByRole('table', { name: booked }).count()).toBe(0);
    expect(await callbacks()).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('[SUP-01] [AGT-09] live calls and agents show an answered call as it happens', async () => {
    const { page, errors } = await open('en-US');
    await page.goto('/supervisor/live-calls');
    await page.getByRole('heading', { level: 1, name: 'Live calls' }).waitFor();
    await expect
      .poll(() => rowsOf(page, 'Calls in progress'))
      .toEqual([
        expect.stringMatching(/^09011110001 \| Inbound \| On hold \| サポート \| — \| 0312345678/),
        expect.stringMatching(/^09011110003 \| Inbound \| On hold/),
      ]);

    const agent = await t.login(t.users.agent.login, t.users.agent.password);
    await setStatus(t, agent, 'agent-001', 'available');
    const { callId } = await answerNextOffer(t, agent, 'agent-001');
    expect(callId).toBe(callers[0]!.callId);
    const live = (await t.request('GET', '/api/v1/centers/tokyo/live-calls', { cookie: admin }))
      .body.items as any[];
    const recording = { on: 'Recording', paused: 'Recording paused', off: 'None' }[
      live.find((c) => c.callId === callId).recording as 'on' | 'paused' | 'off'
    ];
    await expect
      .poll(() => rowsOf(page, 'Calls in progress'))
      .toEqual([
        expect.stringMatching(
          new RegExp(
            `^09011110001 \\| Inbound \\| Talking \\| サポート \\| Agent 1 \\| 0312345678 \\| \\d+:\\d\\d \\| \\d+:\\d\\d \\| ${recording}$`,
          ),
        ),
        expect.stringMatching(/^09011110003 \| Inbound \| On hold/),
      ]);
    await expectNoSeriousA11yViolations(page);

    await page.getByRole('link', { name: 'Agents' }).click();
    await page.getByRole('heading', { level: 1, name: 'Agents' }).waitFor();
    await expect
      .poll(() => rowsOf(page, 'Agents and their status').then((r) => r.slice(0, 3)))
      .toEqual([
        expect.stringMatching(
          new RegExp(
            `^Agent 1 \\| On a call \\| — \\| \\d+:\\d\\d \\| 09011110001 \\| ${recording} \\| サポート$`,
          ),
        ),
        expect.stringMatching(/^Agent 2 \| Logged out \| — \| \d+:\d\d \| — \| — \| サポート$/),
        expect.stringMatching(/^Agent 3 \| Logged out/),
      ]);
    // The caller hangs up: the page follows without a reload (the agent may be offered the next).
    await t.request('POST', `/api/v1/demo/calls/${callers[0]!.legId}/hangup`, { cookie: admin });
    await expect
      .poll(() => rowsOf(page, 'Agents and their status').then((r) => r[0]))
      .toMatch(/^Agent 1 \| (Wrap-up|Available|Ringing) \| — \| \d+:\d\d \| — \|/);
    await expectNoSeriousA11yViolations(page);
    expect(errors).toEqual([]);
  });

  it('[AGT-09] the live screens pass axe in Japanese and English, and every screen is in the Tab order', async () => {
    for (const locale of ['ja-JP', 'en-US'] as const) {
      const { page, errors } = await open(locale);
      const ja = locale === 'ja-JP';
      for (const [path, title, shot] of [
        ['/supervisor/live-calls', ja ? '通話中' : 'Live calls', 'supervisor-live-calls-ja'],
        ['/supervisor/agents', ja ? 'エージェント' : 'Agents', 'supervisor-agents-ja'],
        ['/supervisor/hold-queue', ja ? '保留キュー' : 'Hold queue', null],
      ] as const) {
        await page.goto(path);
        await page.getByRole('heading', { level: 1, name: title }).waitFor();
        await page.locator('table').first().waitFor();
        await expectNoSeriousA11yViolations(page);
        if (shot && ja) await screenshot(page, shot);
      }
      const order = await tabOrder(page);
      const screens = ja
        ? ['保留キュー', '通話中', 'エージェント', '通話履歴', 'ボイスメール・録音', 'レポート']
        : ['Hold queue', 'Live calls', 'Agents', 'Calls', 'Voicemail and recordings', 'Reports'];
      expect(order).toEqual(expect.arrayContaining(screens.map((s) => `link ${s}`)));
      expect(errors).toEqual([]);
    }
  });
});
