import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { DEMO_CENTER_ID } from '../../src/runtime/demo-config.js';
import { expectNoSeriousA11yViolations } from './support/a11y.js';
import { apiGet, descriptionOf, openAdminScreen } from './support/admin.js';
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

/** A WAV file: `seconds` of a 440 Hz tone, 16-bit PCM. */
function wav(rate: number, channels: number, seconds = 0.5): Buffer {
  const frames = Math.round(rate * seconds);
  const data = Buffer.alloc(frames * channels * 2);
  for (let i = 0; i < frames; i += 1)
    for (let c = 0; c < channels; c += 1)
      data.writeInt16LE(
        Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / rate)),
        (i * channels + c) * 2,
      );
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8);
  header.write('fmt ', 12);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(channels, 22);
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * channels * 2, 28);
  header.writeUInt16LE(channels * 2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

const center = `/api/v1/centers/${DEMO_CENTER_ID}`;

describe('admin: centers, business hours, caller IDs, dispositions, prompts', () => {
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

  beforeAll(async () => {
    [t, browser] = await Promise.all([startWebTestNode(), launchBrowser()]);
    cookie = await t.login();
  }, 120_000);
  afterAll(async () => {
    for (const p of pages) await p.close().catch(() => {});
    await browser?.close();
    await t?.stop();
  });

  it('[HQ-06] business hours are edited (a window, a closed date), checked, saved and read back', async () => {
    const { page, errors } = await signedIn('ja-JP');
    await page.goto('/admin/centers');
    await page.getByRole('heading', { level: 1, name: 'センター' }).waitFor();
    await page.getByLabel('24 時間営業（曜日ごとの時間を使わない）').uncheck();
    const rows = (await apiGet(t, cookie, `${center}/business-hours`)).weekly.length;
    const n = rows + 1;
    await page.getByRole('button', { name: '時間帯を追加' }).click();
    await page.getByLabel(`${n} 行目の曜日`).selectOption({ label: '土曜日' });
    const open = page.getByLabel(`${n} 行目の開始時刻`);
    await open.fill('16:00');
    await page.getByLabel(`${n} 行目の終了時刻`).fill('15:00');
    await page.getByRole('button', { name: '営業時間を保存' }).click();
    // Caught in the page, beside the row, and nothing is sent.
    await expect
      .poll(() => descriptionOf(open), POLL)
      .toBe(' 開始時刻は終了時刻より前にしてください。');
    expect((await apiGet(t, cookie, `${center}/business-hours`)).weekly).toHaveLength(rows);

    await open.fill('10:00');
    await page.getByLabel('休業日の日付').fill('2026-12-31');
    await page.getByRole('button', { name: '休業日を追加' }).click();
    await page.getByRole('button', { name: '営業時間を保存' }).click();
    await page.getByRole('status').filter({ hasText: '保存しました。' }).waitFor();
    const hours = await apiGet(t, cookie, `${center}/business-hours`);
    expect(hours.alwaysOpen).toBe(false);
    expect(hours.weekly).toContainEqual({ day: 6, open: '10:00', close: '15:00' });
    expect(hours.closedDates).toEqual(['2026-12-31']);

    await page.reload();
    await expect
      .poll(() => page.getByLabel(`${n} 行目の開始時刻`).inputValue(), POLL)
      .toBe('10:00');
    expect(await page.getByLabel('24 時間営業（曜日ごとの時間を使わない）').isChecked()).toBe(
      false,
    );
    await page.getByRole('button', { name: '2026-12-31 を削除' }).waitFor();
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'admin-centers-hours-ja');

    // A second center: created, then chosen on the screen, open always until hours are set.
    const create = page.getByRole('form', { name: 'センターを作成' });
    await create.getByLabel('センターID').fill('osaka');
    await create.getByLabel('センター名').fill('大阪センター');
    await create.getByRole('button', { name: '作成' }).click();
    await expect
      .poll(() => page.getByLabel('センター', { exact: true }).inputValue(), POLL)
      .toBe('osaka');
    expect(await apiGet(t, cookie, '/api/v1/centers/osaka')).toMatchObject({
      name: '大阪センター',
      timeZone: 'Asia/Tokyo',
      businessHours: { alwaysOpen: true },
    });
    expect(errors).toEqual([]);
  });

  it('[AGT-05][SUP-05] a caller ID and a disposition are added, listed and stored', async () => {
    const { page, errors } = await signedIn('ja-JP');
    await page.goto('/admin/centers');
    await openAdminScreen(page, '発信者番号');
    await page.getByLabel('センター', { exact: true }).selectOption(DEMO_CENTER_ID);
    await page.getByLabel('電話番号', { exact: true }).fill('12');
    await page.getByRole('button', { name: '追加', exact: true }).click();
    await expect
      .poll(() => descriptionOf(page.getByLabel('電話番号', { exact: true })), POLL)
      .toContain('電話番号は数字 3〜20 桁');
    await page.getByLabel('電話番号', { exact: true }).fill('0355550000');
    await page.getByLabel('名称', { exact: true }).fill('新宿');
    await page.getByRole('button', { name: '追加', exact: true }).click();
    await page.getByRole('rowheader', { name: '0355550000' }).waitFor();
    expect((await apiGet(t, cookie, `${center}/caller-ids`)).items).toContainEqual({
      number: '0355550000',
      label: '新宿',
    });
    // Adding it again: the server's refusal, in Japanese.
    await page.getByLabel('電話番号', { exact: true }).fill('0355550000');
    await page.getByRole('button', { name: '追加', exact: true }).click();
    await page.getByRole('alert').waitFor();
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'admin-caller-ids-ja');
    await page.getByRole('button', { name: '0355550000 を削除' }).click();
    await page.getByRole('status').filter({ hasText: '削除しました。' }).waitFor();
    expect((await apiGet(t, cookie, `${center}/caller-ids`)).items).not.toContainEqual(
      expect.objectContaining({ number: '0355550000' }),
    );

    await openAdminScreen(page, '対応結果');
    await page.getByLabel('センター', { exact: true }).selectOption(DEMO_CENTER_ID);
    await page.getByLabel('ID', { exact: true }).fill('complaint');
    await page.getByLabel('名称（日本語）', { exact: true }).fill('苦情');
    await page.getByLabel('名称（英語）', { exact: true }).fill('Complaint');
    await page.getByRole('button', { name: '追加', exact: true }).click();
    await page.getByRole('rowheader', { name: 'complaint' }).waitFor();
    expect((await apiGet(t, cookie, `${center}/dispositions`)).items).toContainEqual({
      id: 'complaint',
      label: 'Complaint',
      labelJa: '苦情',
    });
    await page.getByLabel('complaint の名称（日本語）').fill('苦情・要望');
    await page.getByRole('button', { name: 'complaint を保存' }).click();
    await page.getByRole('status').filter({ hasText: '保存しました。' }).waitFor();
    expect((await apiGet(t, cookie, `${center}/dispositions`)).items).toContainEqual({
      id: 'complaint',
      label: 'Complaint',
      labelJa: '苦情・要望',
    });
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'admin-dispositions-ja');
    expect(errors).toEqual([]);
  });

  it('[QCB-16] a prompt WAV (8 kHz mono) is uploaded, listed and playable; a stereo file is refused with the reason', async () => {
    const { page, errors } = await signedIn('ja-JP');
    await page.goto('/admin/centers');
    await openAdminScreen(page, 'ガイダンス音声');
    await page.getByLabel('センター', { exact: true }).selectOption(DEMO_CENTER_ID);
    await page.getByLabel('ガイダンス', { exact: true }).selectOption('queue.welcome');
    await page.getByLabel('録音の言語').selectOption('ja');
    await page
      .getByLabel('WAV ファイル')
      .setInputFiles({ name: 'welcome.wav', mimeType: 'audio/wav', buffer: wav(8000, 1) });
    await page.getByRole('button', { name: 'アップロード' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'queue.welcome をアップロードしました。' })
      .waitFor();
    await page.getByRole('rowheader', { name: 'queue.welcome' }).waitFor();
    const listed = (await apiGet(t, cookie, `${center}/prompts`)).items;
    expect(listed).toContainEqual(
      expect.objectContaining({ promptId: 'queue.welcome', language: 'ja', durationMs: 500 }),
    );
    // The player's source answers with the recording, for this signed-in browser.
    const src = await page.getByLabel('queue.welcome (日本語) を再生').getAttribute('src');
    const played = await page.evaluate(async (url) => {
      const r = await fetch(url!);
      return { status: r.status, type: r.headers.get('content-type') };
    }, src);
    expect(played).toEqual({ status: 200, type: 'audio/wav' });

    await page.getByLabel('録音の言語').selectOption('en');
    await page
      .getByLabel('WAV ファイル')
      .setInputFiles({ name: 'stereo.wav', mimeType: 'audio/wav', buffer: wav(8000, 2) });
    await page.getByRole('button', { name: 'アップロード' }).click();
    const alert = page.getByRole('alert');
    await expect
      .poll(() => alert.innerText(), POLL)
      .toBe('リクエストの形式または値が正しくありません。');
    await expect.poll(() => page.getByText(/^詳細: the audio must be mono/).count(), POLL).toBe(1);
    expect((await apiGet(t, cookie, `${center}/prompts`)).items).toHaveLength(listed.length);
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'admin-prompts-ja');

    await page.getByRole('button', { name: 'queue.welcome (日本語) を標準に戻す' }).click();
    await page.getByRole('status').filter({ hasText: '標準の音声に戻しました' }).waitFor();
    expect((await apiGet(t, cookie, `${center}/prompts`)).items).toHaveLength(listed.length - 1);
    expect(errors).toEqual([]);
  });

  it('[SUP-02] every admin screen is labelled and passes axe in English', async () => {
    const { page, errors } = await signedIn('en-US');
    await page.goto('/admin/centers');
    for (const screen of [
      'Centers',
      'Queues',
      'Users',
      'Routing',
      'Caller IDs',
      'Dispositions',
      'Prompts',
    ]) {
      await openAdminScreen(page, screen);
      await page.getByLabel('Center', { exact: true }).first().waitFor();
      await expectNoSeriousA11yViolations(page);
    }
    expect(errors).toEqual([]);
  });
});
