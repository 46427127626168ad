import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { leaveVoicemail, writeWav } from '../api/inbox-helpers.js';
import {
  answerNextOffer,
  demoCall,
  eventually,
  requestCallback,
  setStatus,
} from '../api/resources-helpers.js';
import { expectNoSeriousA11yViolations } from './support/a11y.js';
import {
  launchBrowser,
  openPage,
  screenshot,
  signIn,
  type Locale,
  type TestPage,
} from './support/browser.js';
import { startWebTestNode, type WebTestNode } from './support/web-node.js';

/** The supervisor's records (AGT-09): call history and CSV, voicemail, reports. */

const VOICEMAIL_FROM = '09033330001';
const CALLBACK_FROM = '09033330002';
const ANSWERED_FROM = '09033330003';

/** The text of each body row of a table, cells joined by " | ". */
async function rowsOf(page: Page, table: string): Promise<string[]> {
  const rows = page.getByRole('table', { name: table, exact: true }).locator('tbody tr');
  return rows.evaluateAll((trs) =>
    trs.map((tr) =>
      [...tr.querySelectorAll('th, td')]
        .map((c) => (c.textContent ?? '').trim())
        .filter((text) => text !== '')
        .join(' | '),
    ),
  );
}

/** The reports page's default period: the week up to today, whole days in Tokyo. */
function lastWeekInTokyo(): { from: string; to: string } {
  const day = (offset: number) =>
    new Date(Date.now() + 9 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10);
  return { from: `${day(-6)}T00:00:00+09:00`, to: `${day(1)}T00:00:00+09:00` };
}

describe('supervisor records', () => {
  let t: WebTestNode;
  let browser: Browser;
  let admin: string;
  let voicemailId = '';
  const pages: TestPage[] = [];
  const open = async (locale: Locale) => {
    const p = await openPage(browser, t.url, { locale });
    pages.push(p);
    await signIn(p.page, t.users.supervisor.login, t.users.supervisor.password);
    return p;
  };
  const get = async (path: string) => {
    const res = await t.request('GET', path, { cookie: admin });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };

  beforeAll(async () => {
    [t, browser] = await Promise.all([startWebTestNode(), launchBrowser()]);
    admin = await t.login();
    // A voicemail with two seconds of audio.
    voicemailId = (await leaveVoicemail(t, admin, VOICEMAIL_FROM)).voicemailId;
    writeWav(t.settings.recordingsDir, voicemailId, 2);
    // A callback request the supervisor cancels: requested, completed as "no callback".
    const caller = await demoCall(t, admin, CALLBACK_FROM);
    const request = await requestCallback(t, admin, caller);
    const cancel = await t.request('POST', `/api/v1/callbacks/${request.id}/cancel`, {
      cookie: admin,
    });
    expect(cancel.status).toBe(200);
    // A recorded call an agent answers for a second; the caller hangs up.
    const recording = await t.request('PATCH', '/api/v1/queues/support', {
      cookie: admin,
      body: { recording: 'auto' },
    });
    expect(recording.status, JSON.stringify(recording.body)).toBe(200);
    const agent = await t.login(t.users.agent.login, t.users.agent.password);
    await setStatus(t, agent, 'agent-001', 'available');
    const answered = await demoCall(t, admin, ANSWERED_FROM);
    await answerNextOffer(t, agent, 'agent-001');
    await new Promise((r) => setTimeout(r, 1_200));
    await t.request('POST', `/api/v1/demo/calls/${answered.legId}/hangup`, { cookie: admin });
    await eventually(
      () => t.node.runner.state.calls.get(answered.callId)?.state !== 'talking',
      'the answered call ended',
    );
    // The agent signs off, so later callers wait in the queue (and can leave voicemail).
    await eventually(
      async () =>
        (
          await t.request('POST', '/api/v1/agents/agent-001/status', {
            cookie: agent,
            body: { status: 'logged-out' },
          })
        ).status === 200,
      'agent-001 logged out',
    );
  }, 120_000);
  afterAll(async () => {
    for (const p of pages) await p.close().catch(() => {});
    await browser?.close();
    await t?.stop();
  });

  it('[SUP-04] [AGT-09] call history: search by number and end reason, details, CSV download, and paging', async () => {
    const { page, errors } = await open('ja-JP');
    await page.goto('/supervisor/calls');
    await page.getByRole('heading', { level: 1, name: '通話履歴' }).waitFor();
    const api = (await get('/api/v1/centers/tokyo/calls')).items as any[];
    expect(api.map((c) => c.customerNumber).sort()).toEqual([
      VOICEMAIL_FROM,
      CALLBACK_FROM,
      ANSWERED_FROM,
    ]);
    const table = '通話履歴（新しい順）';
    await expect
      .poll(() => rowsOf(page, table))
      .toEqual(api.map((c) => expect.stringContaining(` | ${c.customerNumber} | 着信 | サポート`)));

    const search = page.getByRole('form', { name: '検索条件' });
    await search.getByLabel('電話番号（数字）').fill(ANSWERED_FROM);
    await search.getByRole('button', { name: '検索' }).click();
    await expect
      .poll(() => rowsOf(page, table))
      .toEqual([
        expect.stringMatching(
          new RegExp(
            `${ANSWERED_FROM} \\| 着信 \\| サポート \\| Agent 1 \\| \\d+:\\d\\d \\| \\d+:\\d\\d \\|`,
          ),
        ),
      ]);

    await search.getByLabel('電話番号（数字）').fill('');
    await search.getByLabel('終了理由').selectOption({ label: 'ボイスメール' });
    await search.getByRole('button', { name: '検索' }).click();
    await expect
      .poll(() => rowsOf(page, table))
      .toEqual([expect.stringContaining(`${VOICEMAIL_FROM} | 着信 | サポート | — |`)]);
    const details = page.getByRole('button', { name: `${VOICEMAIL_FROM}の通話の詳細` });
    await details.click();
    expect(await details.getAttribute('aria-expanded')).toBe('true');
    const voicemailCall = api.find((c) => c.customerNumber === VOICEMAIL_FROM);
    await page.getByText(voicemailCall.callId, { exact: true }).waitFor();
    await screenshot(page, 'supervisor-calls-ja');
    await details.click();
    await expect.poll(() => page.getByText(voicemailCall.callId, { exact: true }).count()).toBe(0);

    // The CSV holds what the search shows: the route's own answer for the same criteria.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'CSVをダウンロード' }).click(),
    ]);
    const bytes = readFileSync((await download.path())!);
    const direct = await fetch(`${t.url}/api/v1/centers/tokyo/calls.csv?endReason=voicemail-left`, {
      headers: { cookie: admin },
    });
    expect(bytes.equals(Buffer.from(await direct.arrayBuffer()))).toBe(true);
    const csv = bytes.toString('utf8');
    const lines = csv.trim().split(/\r?\n/);
    expect(lines).toHaveLength(2);
    // UTF-8 with a byte order mark, so Excel reads the Japanese queue name.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(lines[1]).toContain(VOICEMAIL_FROM);
    expect(download.suggestedFilename()).toMatch(/^calls-tokyo-\d{4}-\d\d-\d\d\.csv$/);
    await expectNoSeriousA11yViolations(page);

    // Paging, newest first: eight short calls more make eleven, ten to a page.
    for (let i = 0; i < 8; i++) {
      const c = await demoCall(t, admin, `0904444000${i}`);
      await t.request('POST', `/api/v1/demo/calls/${c.legId}/hangup`, { cookie: admin });
    }
    await search.getByLabel('終了理由').selectOption({ label: 'すべて' });
    await search.getByRole('button', { name: '検索' }).click();
    await page.getByLabel('1ページの件数').selectOption('10');
    await expect.poll(async () => (await rowsOf(page, table)).length).toBe(10);
    const first = await rowsOf(page, table);
    expect(first[0]).toContain('09044440007');
    const pager = page.getByRole('navigation', { name: '通話履歴' });
    await pager.getByRole('button', { name: '次のページ' }).click();
    await expect
      .poll(() => rowsOf(page, table))
      .toEqual([expect.stringContaining(` | ${VOICEMAIL_FROM} | `)]);
    await pager.getByRole('button', { name: '前のページ' }).click();
    await expect.poll(() => rowsOf(page, table)).toEqual(first);
    expect(errors).toEqual([]);
  });

  it('[HQ-02] [AGT-04] [AGT-09] voicemail and a call recording play in the browser; voicemail is marked heard, arrives live, and is deleted', async () => {
    const { page, errors } = await open('ja-JP');
    await page.goto('/supervisor/voicemail');
    await page.getByRole('heading', { level: 1, name: 'ボイスメール・録音' }).waitFor();
    const table = 'ボイスメール（新しい順）';
    await expect
      .poll(() => rowsOf(page, table))
      .toEqual([
        expect.stringMatching(
          new RegExp(`^${VOICEMAIL_FROM} \\| サポート \\| .+ \\| 未読 \\| 既読にする`),
        ),
      ]);

    // The <audio> element loads the WAV through the API (Range requests) and knows its length.
    const audio = page.getByLabel(`${VOICEMAIL_FROM}からのボイスメールを再生`);
    await expect
      .poll(() =>
        audio.evaluate((el) => ({
          ready: (el as unknown as { readyState: number }).readyState >= 1,
          duration: (el as unknown as { duration: number }).duration,
        })),
      )
      .toEqual({ ready: true, duration: 2 });

    // The answered call's recording, with its agent, plays too.
    await expect
      .poll(() => rowsOf(page, '通話録音（新しい順）'))
      .toEqual([
        expect.stringMatching(
          new RegExp(`^${ANSWERED_FROM} \\| 着信 \\| Agent 1 \\| サポート \\|`),
        ),
      ]);
    const recorded = page.getByLabel(`${ANSWERED_FROM}との通話録音を再生`);
    await expect
      .poll(() => recorded.evaluate((el) => (el as unknown as { duration: number }).duration))
      .toBeGreaterThanOrEqual(1);

    await page
      .getByRole('button', { name: `${VOICEMAIL_FROM}からのボイスメールを既読にする` })
      .click();
    await expect
      .poll(() => rowsOf(page, table))
      .toEqual([expect.stringMatching(/ \| 既読 \| 未読に戻す/)]);
    const listed = (await get('/api/v1/centers/tokyo/voicemails')).items as any[];
    expect(listed).toEqual([expect.objectContaining({ id: voicemailId, heard: true })]);

    // A new message appears while the page is open.
    await leaveVoicemail(t, admin, '09033330004');
    await expect
      .poll(() => page.getByRole('main').getByRole('status').innerText())
      .toBe('新しいボイスメールが届きました。');
    await expect
      .poll(() => rowsOf(page, table))
      .toEqual([
        expect.stringMatching(/^09033330004 \| サポート \| .+ \| 未読 \| 既読にする/),
        expect.stringMatching(new RegExp(`^${VOICEMAIL_FROM} .+ 既読 \\| 未読に戻す`)),
      ]);
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'supervisor-voicemail-ja');

    await page.getByRole('button', { name: `${VOICEMAIL_FROM}からのボイスメールを削除` }).click();
    await page.getByRole('button', { name: 'はい、削除します' }).click();
    await expect.poll(() => rowsOf(page, table)).toEqual([expect.stringMatching(/^09033330004 /)]);
    const after = (await get('/api/v1/centers/tokyo/voicemails')).items as any[];
    expect(after.map((v) => v.from)).toEqual(['09033330004']);
    expect(errors).toEqual([]);
  });

  it('[QCB-14] [QCB-15] reports show the callback outcomes and the service level the API computes, as charts and tables', async () => {
    const period = lastWeekInTokyo();
    const q = new URLSearchParams(period).toString();
    const callbacks = await get(`/api/v1/centers/tokyo/reports/callbacks?${q}`);
    const level = await get(`/api/v1/centers/tokyo/reports/service-level?${q}`);
    expect(callbacks.overall).toMatchObject({ requested: 1, completed: 1 });
    expect(callbacks.overall.outcomes.noCallback).toBe(1);
    expect(level.overall.answered).toBe(1);

    for (const locale of ['ja-JP', 'en-US'] as const) {
      const ja = locale === 'ja-JP';
      const { page, errors } = await open(locale);
      await page.goto('/supervisor/reports');
      await page.getByRole('heading', { level: 1, name: ja ? 'レポート' : 'Reports' }).waitFor();
      const o = callbacks.overall;
      await expect
        .poll(() => rowsOf(page, ja ? 'コールバックの結果' : 'Callbacks by outcome'))
        .toEqual([
          [
            ja ? '全体' : 'All queues',
            o.requestCalls,
            o.callbackCalls,
            o.requested,
            o.completed,
            o.outcomes.connected,
            o.outcomes.noAnswerOrDeclined,
            o.outcomes.acceptedNotConnected,
            o.outcomes.noCallback,
          ].join(' | '),
          expect.stringMatching(/^サポート \| /),
        ]);
      const s = level.overall;
      const pct = (v: number | null) =>
        v === null
          ? '—'
          : new Intl.NumberFormat(ja ? 'ja' : 'en', {
              style: 'percent',
              maximumFractionDigits: 1,
            }).format(v);
      const rows = await rowsOf(page, ja ? 'サービスレベル' : 'Service level');
      expect(rows[0]).toBe(
        [
          ja ? '全体' : 'All queues',
          ...(s.serviceLevelSec === null ? ['—'] : [String(s.serviceLevelSec)]),
          s.offered,
          s.answered,
          s.abandoned,
          s.shortAbandoned,
          s.callbacksCompleted,
          s.withinThreshold,
          pct(s.serviceLevel),
          s.averageSpeedOfAnswerSec === null
            ? '—'
            : new Intl.NumberFormat(ja ? 'ja' : 'en', { maximumFractionDigits: 1 }).format(
                s.averageSpeedOfAnswerSec,
              ),
          pct(s.abandonmentRate),
        ].join(' | '),
      );
      // The charts are images named by their figures, for screen readers.
      const chart = page.getByRole('img', {
        name: ja ? /コールバックの結果の件数/ : /Callbacks by outcome, counts/,
      });
      expect(await chart.getAttribute('aria-label')).toContain(
        ja
          ? `発信せず（期限切れ・取り消し）: ${o.outcomes.noCallback}`
          : `Not called (expired, cancelled): ${o.outcomes.noCallback}`,
      );
      const levelChart = page.getByRole('img', {
        name: ja ? /キューごとのサービスレベル/ : /Service level per queue/,
      });
      expect(await levelChart.getAttribute('aria-label')).toContain(pct(s.serviceLevel));
      await expectNoSeriousA11yViolations(page);
      if (ja) await screenshot(page, 'supervisor-reports-ja');
      // The record screens pass axe in this language too.
      for (const [path, title] of [
        ['/supervisor/calls', ja ? '通話履歴' : 'Calls'],
        ['/supervisor/voicemail', ja ? 'ボイスメール・録音' : 'Voicemail and recordings'],
      ] as const) {
        await page.goto(path);
        await page.getByRole('heading', { level: 1, name: title }).waitFor();
        await page.locator('tbody tr').first().waitFor();
        await expectNoSeriousA11yViolations(page);
      }
      expect(errors).toEqual([]);
    }
  });
});
