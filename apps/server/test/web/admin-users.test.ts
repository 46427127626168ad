import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { DEMO_CENTER_ID } from '../../src/runtime/demo-config.js';
import { expectNoSeriousA11yViolations } from './support/a11y.js';
import { apiGet, descriptionOf, openAdminScreen } from './support/admin.js';
import { launchBrowser, openPage, screenshot, signIn, type TestPage } from './support/browser.js';
import { startWebTestNode, type WebTestNode } from './support/web-node.js';

/** Polls wait long enough for a busy machine (vitest's default is one second). */
const POLL = { timeout: 10_000 };

describe('admin: users, roles, agent settings and desk phones', () => {
  let t: WebTestNode;
  let browser: Browser;
  let cookie: string;
  const pages: TestPage[] = [];

  beforeAll(async () => {
    [t, browser] = await Promise.all([startWebTestNode(), launchBrowser()]);
    cookie = await t.login();
  }, 120_000);
  afterAll(async () => {
    for (const p of pages) await p.close().catch(() => {});
    await browser?.close();
    await t?.stop();
  });

  it('[SUP-02] an admin creates an agent user with a center permission, sets the agent’s device, skills and desk phone; the user signs in and sees only the agent area', async () => {
    const admin = await openPage(browser, t.url, { locale: 'ja-JP' });
    pages.push(admin);
    const { page } = admin;
    await signIn(page, t.users.admin.login, t.users.admin.password);
    await page.goto('/admin/centers');
    await openAdminScreen(page, 'ユーザー');

    await page.getByRole('button', { name: 'ユーザーを作成' }).click();
    const form = page.getByRole('form', { name: 'ユーザーを作成' });
    await form.getByLabel('ログインID').fill('new.agent');
    await form.getByLabel('氏名').fill('新人 エージェント');
    const password = form.getByLabel('パスワード', { exact: true });
    await password.fill('short');
    await form.getByRole('button', { name: '作成' }).click();
    await expect
      .poll(() => descriptionOf(password), POLL)
      .toContain('パスワードは 12 文字以上にしてください。');
    await password.fill('a long passphrase for 2026');
    await form.getByLabel('役割').selectOption({ label: 'エージェント' });
    await form.getByLabel('東京サポートセンター').check();
    await form.getByLabel('すべての発信者番号').uncheck();
    await form.getByLabel('代表 (0312345678)').check();
    await form.getByLabel('エージェント', { exact: true }).selectOption('agent-002');
    await form.getByRole('button', { name: '作成' }).click();
    await page.getByRole('status').filter({ hasText: 'new.agent を保存しました。' }).waitFor();
    await page.getByRole('rowheader', { name: 'new.agent' }).waitFor();
    const users = (await apiGet(t, cookie, '/api/v1/users')).items;
    expect(users.find((u: { login: string }) => u.login === 'new.agent')).toMatchObject({
      role: 'agent',
      centers: [DEMO_CENTER_ID],
      callerIds: ['0312345678'],
      agentId: 'agent-002',
    });

    // AGT-02's agents: the device they answer on and their skills.
    await page.getByRole('button', { name: 'Agent 2 を編集' }).click();
    const agentForm = page.getByRole('form', { name: 'Agent 2 を編集' });
    await agentForm.getByLabel('電話機').selectOption({ label: 'SIP 電話機' });
    await agentForm.getByLabel('SIP アドレス（AOR）').fill('sip:2002@tsunagu');
    await agentForm.getByLabel('スキル').fill('billing=3, english=5');
    await agentForm.getByRole('button', { name: '保存' }).click();
    await agentForm.waitFor({ state: 'detached' });
    expect(await apiGet(t, cookie, '/api/v1/agents/agent-002')).toMatchObject({
      device: { kind: 'sip', aor: 'sip:2002@tsunagu' },
      skills: { billing: 3, english: 5 },
    });

    // The agent's desk phone account (the password is write-only).
    const sip = page.getByRole('form', { name: 'アカウントの作成・パスワード変更' });
    await sip.getByLabel('ユーザー名').fill('2002');
    await sip.getByLabel('パスワード').fill('desk phone secret 2026');
    await sip.getByLabel('エージェント').selectOption('agent-002');
    await sip.getByRole('button', { name: '保存' }).click();
    await page.getByRole('status').filter({ hasText: '2002 を保存しました。' }).waitFor();
    const accounts = (await apiGet(t, cookie, `/api/v1/centers/${DEMO_CENTER_ID}/sip-accounts`))
      .items;
    expect(accounts).toContainEqual(
      expect.objectContaining({ username: '2002', agentId: 'agent-002' }),
    );
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'admin-users-ja');
    expect(admin.errors).toEqual([]);

    const agent = await openPage(browser, t.url, { locale: 'en-US' });
    pages.push(agent);
    await signIn(agent.page, 'new.agent', 'a long passphrase for 2026');
    await agent.page.waitForURL('**/agent');
    const menu = agent.page.getByRole('navigation', { name: 'Main menu' });
    expect(await menu.getByRole('link').allInnerTexts()).toEqual(['Agent desktop']);
    await agent.page.goto('/admin/users');
    await agent.page.getByText('You are not allowed to see this screen.').waitFor();
    expect(await agent.page.getByRole('table').count()).toBe(0);

    // Disabled by the admin: the user's session ends at once.
    await page.getByRole('button', { name: 'new.agent を編集' }).click();
    const edit = page.getByRole('form', { name: 'new.agent を編集' });
    await edit.getByLabel('ログインを停止する').check();
    await edit.getByRole('button', { name: '保存' }).click();
    await page.getByRole('rowheader', { name: 'new.agent (停止中)' }).waitFor();
    await agent.page.goto('/agent');
    await agent.page.waitForURL('**/login');
    expect(agent.errors).toEqual([]);
  });
});
