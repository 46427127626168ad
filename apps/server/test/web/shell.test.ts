import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
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
import { startWebTestNode, type WebTestNode, type WebUser } from './support/web-node.js';

/** The header's live-update status (pages have status messages of their own too). */
const liveStatus = (page: Page) =>
  page.getByRole('status').filter({ hasText: /ライブ更新|Live updates/ });

/** What each language shows, as a person reads it. */
const TEXT = {
  'ja-JP': {
    lang: 'ja',
    signIn: 'ログイン',
    signOut: 'ログアウト',
    areas: { agent: 'エージェントデスクトップ', supervisor: 'スーパーバイザー', admin: '管理' },
    roles: { admin: 'システム管理者', supervisor: 'スーパーバイザー', agent: 'エージェント' },
    live: 'ライブ',
    wrongPassword: 'ログインIDまたはパスワードが正しくありません。',
    forbidden: 'この画面を表示する権限がありません。',
    holdQueue: '保留キュー',
    centers: 'センター',
  },
  'en-US': {
    lang: 'en',
    signIn: 'Sign in',
    signOut: 'Sign out',
    areas: { agent: 'Agent desktop', supervisor: 'Supervisor', admin: 'Admin' },
    roles: { admin: 'System admin', supervisor: 'Supervisor', agent: 'Agent' },
    live: 'Live',
    wrongPassword: 'The login or password is wrong.',
    forbidden: 'You are not allowed to see this screen.',
    holdQueue: 'Hold queue',
    centers: 'Centers',
  },
} as const;

type Role = WebUser['role'];

/** The areas each role is offered, in menu order, and where it lands after signing in. */
const EXPECTED: Record<Role, { areas: (keyof (typeof TEXT)['ja-JP']['areas'])[]; home: string }> = {
  admin: { areas: ['supervisor', 'admin'], home: '/supervisor/hold-queue' },
  supervisor: { areas: ['supervisor'], home: '/supervisor/hold-queue' },
  agent: { areas: ['agent'], home: '/agent' },
};

async function areaLinks(page: Page): Promise<string[]> {
  const nav = page.getByRole('navigation', { name: /メインメニュー|Main menu/ });
  return nav.getByRole('link').allInnerTexts();
}

describe('web app shell', () => {
  let t: WebTestNode;
  let browser: Browser;
  const pages: TestPage[] = [];
  const open = async (locale: Locale) => {
    const p = await openPage(browser, t.url, { locale });
    pages.push(p);
    return p;
  };

  beforeAll(async () => {
    [t, browser] = await Promise.all([startWebTestNode(), launchBrowser()]);
  }, 120_000);
  afterAll(async () => {
    for (const p of pages) await p.close().catch(() => {});
    await browser?.close();
    await t?.stop();
  });

  for (const locale of ['ja-JP', 'en-US'] as const) {
    const text = TEXT[locale];
    for (const role of ['admin', 'supervisor', 'agent'] as const) {
      it(`[AGT-09][SUP-02] ${role} signs in (${locale}), sees the menu of the role, live updates, and signs out`, async () => {
        const { page, errors } = await open(locale);
        await page.goto('/');
        await page.waitForURL('**/login');
        await expect.poll(() => page.getAttribute('html', 'lang')).toBe(text.lang);
        await page.getByRole('heading', { name: text.signIn }).waitFor();

        await signIn(page, t.users[role].login, t.users[role].password);
        await page.waitForURL(`**${EXPECTED[role].home}`);
        expect(await areaLinks(page)).toEqual(EXPECTED[role].areas.map((a) => text.areas[a]));
        const account = page.getByRole('region', { name: /アカウント|Account/ });
        await expect.poll(() => account.innerText()).toContain(t.users[role].login);
        await expect.poll(() => account.innerText()).toContain(text.roles[role]);
        // The header's status follows the event stream: open means the WebSocket was accepted
        // with the session cookie from this page's origin.
        await expect.poll(() => liveStatus(page).innerText()).toContain(text.live);

        if (role === 'agent') {
          await page.getByRole('heading', { level: 1, name: text.areas.agent }).waitFor();
          await page.getByTestId('softphone').waitFor();
        } else {
          await page.getByRole('heading', { level: 1, name: text.holdQueue }).waitFor();
        }
        if (role !== 'admin')
          await screenshot(
            page,
            `${role === 'agent' ? 'agent-desktop' : 'supervisor-hold-queue'}-${text.lang}`,
          );
        if (role === 'admin') {
          await page.getByRole('link', { name: text.areas.admin }).click();
          await page.waitForURL('**/admin/centers');
          await page.getByRole('heading', { level: 1, name: text.centers }).waitFor();
          const sections = page.getByRole('navigation', { name: new RegExp(text.areas.admin) });
          expect(await sections.getByRole('link').count()).toBe(7);
          await screenshot(page, `admin-centers-${text.lang}`);
        }

        await page.getByRole('button', { name: text.signOut }).click();
        await page.waitForURL('**/login');
        // The session is gone on the server too: a deep link asks to sign in again.
        await page.goto('/supervisor/calls');
        await page.waitForURL('**/login');
        expect(errors).toEqual([]);
      });
    }
  }

  it('[SUP-02] a screen of another role says it is not allowed, and a deep link returns after sign-in', async () => {
    const { page, errors } = await open('en-US');
    await page.goto('/supervisor/reports');
    await page.waitForURL('**/login');
    await signIn(page, t.users.supervisor.login, t.users.supervisor.password);
    await page.waitForURL('**/supervisor/reports');
    await page.goto('/admin/users');
    await page.getByRole('heading', { level: 1, name: TEXT['en-US'].forbidden }).waitFor();
    expect(errors).toEqual([]);
  });

  it('[SUP-02] a page whose session is revoked returns to sign-in by itself (stream closed with 4401)', async () => {
    const admin = await t.login();
    const password = 'revoked passphrase 2026';
    const created = await t.request('POST', '/api/v1/users', {
      cookie: admin,
      body: {
        login: 'web.revoked',
        name: 'Revoked',
        password,
        role: 'supervisor',
        centers: ['tokyo'],
      },
    });
    expect(created.status).toBe(201);
    const { page, errors } = await open('ja-JP');
    await signIn(page, 'web.revoked', password);
    await expect.poll(() => liveStatus(page).innerText()).toContain(TEXT['ja-JP'].live);
    const disabled = await t.request('PATCH', `/api/v1/users/${created.body.id}`, {
      cookie: admin,
      body: { disabled: true },
    });
    expect(disabled.status).toBe(200);
    await page.waitForURL('**/login', { timeout: 15_000 });
    await page.getByRole('heading', { name: TEXT['ja-JP'].signIn }).waitFor();
    expect(errors).toEqual([]);
  });

  it('[AGT-09] the language switch changes every string at once and is remembered after a reload', async () => {
    const { page, errors } = await open('en-US');
    await signIn(page, t.users.admin.login, t.users.admin.password);
    expect(await areaLinks(page)).toEqual(['Supervisor', 'Admin']);
    await page.getByLabel('Language').selectOption('ja');
    await expect.poll(() => areaLinks(page)).toEqual(['スーパーバイザー', '管理']);
    await expect.poll(() => page.getAttribute('html', 'lang')).toBe('ja');
    expect(await page.title()).toContain('保留キュー');
    await page.reload();
    await expect.poll(() => areaLinks(page)).toEqual(['スーパーバイザー', '管理']);
    await page.getByLabel('言語').selectOption('en');
    await expect.poll(() => areaLinks(page)).toEqual(['Supervisor', 'Admin']);
    expect(errors).toEqual([]);
  });

  it("[AGT-09] a wrong password shows the catalogue's message in the chosen language", async () => {
    const { page, errors } = await open('ja-JP');
    await page.goto('/login');
    await page.getByLabel('ログインID').fill(t.users.agent.login);
    await page.getByLabel('パスワード').fill('not the password at all');
    await page.getByRole('button', { name: 'ログイン' }).click();
    await expect.poll(() => page.getByRole('alert').innerText()).toBe(TEXT['ja-JP'].wrongPassword);
    expect(await page.getByLabel('パスワード').inputValue()).toBe('');
    // The same refusal reads in English once the user switches, without sending it again.
    await page.getByLabel('言語').selectOption('en');
    await expect.poll(() => page.getByRole('alert').innerText()).toBe(TEXT['en-US'].wrongPassword);
    expect(page.url()).toMatch(/\/login$/);
    expect(errors).toEqual([]);
  });

  it('[AGT-09] the login page is reachable by keyboard alone, in order, and signs in with Enter', async () => {
    const { page, errors } = await open('en-US');
    await page.goto('/login');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await tabOrder(page)).toEqual([
      'combobox Language',
      'textbox Login ID',
      'password Password',
      'button Sign in',
    ]);
    await page.getByLabel('Login ID').focus();
    await page.keyboard.type(t.users.agent.login);
    await page.keyboard.press('Tab');
    await page.keyboard.type(t.users.agent.password);
    await page.keyboard.press('Enter');
    await page.waitForURL('**/agent');
    await page.getByRole('heading', { level: 1, name: 'Agent desktop' }).waitFor();
    const shell = await tabOrder(page);
    expect(shell.slice(0, 2)).toEqual(['link Skip to main content', 'link Agent desktop']);
    expect(shell).toEqual(expect.arrayContaining(['combobox Language', 'button Sign out']));
    expect(errors).toEqual([]);
  });

  it('[AGT-09] axe finds no serious accessibility violation on the login page and the shell, in both languages', async () => {
    for (const locale of ['ja-JP', 'en-US'] as const) {
      const { page, errors } = await open(locale);
      await page.goto('/login');
      await page.getByRole('heading', { name: TEXT[locale].signIn }).waitFor();
      await expectNoSeriousA11yViolations(page);
      await screenshot(page, `login-${TEXT[locale].lang}`);
      await page.getByLabel(/ログインID|Login ID/).fill('nobody');
      await page.getByLabel(/パスワード|Password/).fill('wrong password here');
      await page.getByRole('button', { name: TEXT[locale].signIn }).click();
      await page.getByRole('alert').waitFor();
      await expectNoSeriousA11yViolations(page);
      await signIn(page, t.users.admin.login, t.users.admin.password);
      await page.getByRole('heading', { level: 1, name: TEXT[locale].holdQueue }).waitFor();
      await expectNoSeriousA11yViolations(page);
      await page.getByRole('link', { name: TEXT[locale].areas.admin }).click();
      await page.getByRole('heading', { level: 1, name: TEXT[locale].centers }).waitFor();
      await expectNoSeriousA11yViolations(page);
      expect(errors).toEqual([]);
    }
  });
});
