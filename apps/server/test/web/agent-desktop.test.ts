import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  DEMO_CENTER_ID,
  DEMO_QUEUE_ID,
  DEMO_QUEUE_NUMBER,
  agentId,
} from '../../src/runtime/demo-config.js';
import { eventually } from '../api/resources-helpers.js';
import { expectNoSeriousA11yViolations } from './support/a11y.js';
import { launchBrowser, openPage, screenshot, signIn, type TestPage } from './support/browser.js';
import { startWebTestNode, type WebTestNode } from './support/web-node.js';

const A1 = agentId(0);
const A2 = agentId(1);
const WRAP_UP_SEC = 60;

/** Records the tones the page plays (OUT-05): each oscillator's pitch, in order. */
const RECORD_TONES = `(() => {
  window.__tones = [];
  const create = AudioContext.prototype.createOscillator;
  AudioContext.prototype.createOscillator = function () {
    const osc = create.call(this);
    window.__tones.push(osc);
    return osc;
  };
})()`;

/** The pitches played since the last call, then forgets them. */
async function tonesPlayed(page: Page): Promise<number[]> {
  return (await page.evaluate(
    'window.__tones.splice(0).map((o) => Math.round(o.frequency.value))',
  )) as number[];
}

/** The desktop's live status line, as a screen reader announces it. */
const statusIs = (page: Page, text: string) =>
  page.getByRole('status').filter({ hasText: text }).first().waitFor();

async function chooseStatus(page: Page, status: string, submit: string): Promise<void> {
  await page.getByLabel(/新しいステータス|New status/).selectOption({ label: status });
  await page.getByRole('button', { name: submit }).click();
}

/**
 * [AGT-01] … [BEY-06] the agent desktop against a node on virtual telephony: demo callers
 * (POST /api/v1/demo/calls) ring two agents, each in their own browser profile.
 */
describe('agent desktop', () => {
  let t: WebTestNode;
  let browser: Browser;
  let admin: string;
  let one: TestPage;
  let two: TestPage;
  const agentPassword = 'second agent passphrase 2026';

  const api = async (method: string, path: string, body?: unknown) => {
    const res = await t.request(method, path, { cookie: admin, body });
    expect(res.status, `${method} ${path}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
    return res.body;
  };
  const presenceOf = (id: string) => t.node.runner.state.agents.get(id)!.presence;

  beforeAll(async () => {
    t = await startWebTestNode();
    browser = await launchBrowser();
    admin = await t.login();
    await api('POST', '/api/v1/users', {
      login: 'web.agent2',
      name: 'web.agent2',
      password: agentPassword,
      role: 'agent',
      centers: [DEMO_CENTER_ID],
      agentId: A2,
    });
    await api('PATCH', `/api/v1/queues/${DEMO_QUEUE_ID}`, {
      wrapUpSec: WRAP_UP_SEC,
      recording: 'auto',
      agentsMayPauseRecording: false,
      callback: { enabled: true, minWaiting: 1, key: '1', mode: 'agent-first' },
    });
    one = await openPage(browser, t.url, { locale: 'ja-JP' });
    two = await openPage(browser, t.url, { locale: 'en-US' });
    await one.page.addInitScript(RECORD_TONES);
    await signIn(one.page, t.users.agent.login, t.users.agent.password);
    await signIn(two.page, 'web.agent2', agentPassword);
  }, 90_000);
  afterAll(async () => {
    await one?.close();
    await two?.close();
    await browser?.close();
    await t?.stop();
  });

  it('[AGT-01][OUT-05][AGT-07][CTI-06][AGT-06][OUT-01] offer, keyboard answer, hold, consult and connect, wrap-up with a disposition', async () => {
    const p = one.page;
    await p.getByRole('heading', { level: 1, name: 'エージェントデスクトップ' }).waitFor();
    // This node runs without SIP: the panel says so rather than failing to connect.
    await p
      .getByTestId('softphone')
      .getByText('状態: このサーバーでは利用できません（SIP が無効）')
      .waitFor();
    await statusIs(p, '現在のステータス: ログアウト');
    await expectNoSeriousA11yViolations(p);

    await chooseStatus(p, '受付可', 'ステータスを変更');
    await statusIs(p, '現在のステータス: 受付可');
    expect(presenceOf(A1)).toBe('available');
    await p.getByText(/経過時間 00:0\d/).waitFor();

    await api('POST', '/api/v1/demo/calls', { from: '09011112222', to: DEMO_QUEUE_NUMBER });
    const offer = p.getByRole('region', { name: '着信' });
    await offer.getByText('09011112222').waitFor();
    await offer.getByText('サポート').waitFor();
    expect(await offer.getByRole('definition').allInnerTexts()).toEqual([
      '09011112222',
      'サポート',
      '着信',
    ]);
    // OUT-05: each moment has its own sound: rising for an offer, bright when answered, one
    // low tone on hold, falling at the end.
    await eventually(
      async () => ((await p.evaluate('window.__tones.length')) as number) > 0,
      'a sound',
    );
    expect(await tonesPlayed(p)).toEqual([660, 880, 660, 880]);
    await screenshot(p, 'agent-desktop-offer');
    await expectNoSeriousA11yViolations(p);

    // Keyboard only: the offer takes the focus on its Answer button; Enter answers.
    expect(await p.evaluate('document.activeElement?.textContent')).toBe('応答');
    await p.keyboard.press('Enter');
    await statusIs(p, '現在のステータス: 通話中');
    const call = p.getByRole('region', { name: '通話' });
    await call.getByText('相手: 09011112222').waitFor();

    // AGT-04: the queue records; it does not allow agents to stop it, and says so.
    await call.getByRole('status').filter({ hasText: '● 録音中' }).waitFor();
    await call.getByRole('button', { name: '録音を停止' }).click();
    await p
      .getByRole('alert')
      .filter({ hasText: 'このキューでは、エージェントは通話録音を停止・再開できません。' })
      .waitFor();

    // OUT-01: keys go to the customer's side.
    await call.getByRole('button', { name: 'キー 5' }).click();
    await call.getByRole('button', { name: 'キー #' }).click();
    await call.getByRole('status').filter({ hasText: '送信したキー: 5#' }).waitFor();

    await call.getByRole('button', { name: '保留', exact: true }).click();
    await statusIs(p, '現在のステータス: 保留中');
    await call.getByRole('button', { name: '保留解除' }).click();
    await statusIs(p, '現在のステータス: 通話中');
    expect(await tonesPlayed(p)).toEqual([1046, 1318, 330]);
    await screenshot(p, 'agent-desktop-call');
    await expectNoSeriousA11yViolations(p);

    // The colleague goes ready in their own browser; the picker lists them live.
    const q = two.page;
    await chooseStatus(q, 'Available', 'Change status');
    await statusIs(q, 'Current status: Available');
    await call.getByLabel('エージェントを検索（名前または番号）').fill('agent 2');
    await call.getByRole('radio', { name: `Agent 2 (${A2})` }).check();
    await call.getByRole('button', { name: '協議（話してから転送）' }).click();
    await statusIs(p, '現在のステータス: 協議中');
    // The sounds can be muted; the choice is remembered.
    await p.getByRole('checkbox', { name: '通知音を消す' }).check();

    const offered = q.getByRole('region', { name: 'Incoming' });
    await offered.getByText('Transfer', { exact: true }).waitFor();
    await offered.getByRole('button', { name: 'Answer' }).click();
    await statusIs(q, 'Current status: On call');
    await call.getByText('Agent 2 と協議中（お客様は保留中）').waitFor();
    await call.getByRole('button', { name: 'お客様に接続' }).click();

    // AGT-06: wrap-up with its countdown, a disposition, and ending it early.
    const wrap = p.getByRole('region', { name: '後処理中' });
    const left = async () =>
      Number((await wrap.getByText(/残り \d+ 秒/).innerText()).match(/\d+/)![0]);
    const first = await left();
    expect(first).toBeLessThanOrEqual(WRAP_UP_SEC);
    await eventually(async () => (await left()) < first, 'the countdown moves');
    await wrap.getByLabel('通話タイプ').selectOption({ label: '解決' });
    await wrap.getByRole('button', { name: '通話タイプを設定' }).click();
    await wrap
      .getByRole('status')
      .filter({ hasText: '通話タイプ「解決」を設定しました。' })
      .waitFor();
    await screenshot(p, 'agent-desktop-wrap-up');
    await expectNoSeriousA11yViolations(p);
    const callId = t.node.runner.state.agents.get(A1)!.lastCallId!;
    const stored = await t.node.db.query<{ disposition_id: string | null }>(
      'SELECT disposition_id FROM calls WHERE id = $1',
      [callId],
    );
    expect(stored.rows[0]?.disposition_id).toBe('resolved');
    await wrap.getByRole('button', { name: '後処理を終了' }).click();
    await statusIs(p, '現在のステータス: 受付可');
    expect(await tonesPlayed(p), 'muted: no "ended" sound').toEqual([]);
    await p.getByRole('checkbox', { name: '通知音を消す' }).uncheck();
    expect(presenceOf(A1)).toBe('available');

    // The colleague has the customer now; they hang up and end their own wrap-up.
    await q.getByRole('button', { name: 'Hang up', exact: true }).click();
    // The transferred customer's new call has no queue, hence no wrap-up time for agent 2.
    await eventually(() => ['available', 'wrap-up'].includes(presenceOf(A2)), 'agent 2 done');
    if (presenceOf(A2) === 'wrap-up') await q.getByRole('button', { name: 'End wrap-up' }).click();
    await statusIs(q, 'Current status: Available');
    expect(one.errors).toEqual([]);
    expect(two.errors).toEqual([]);
  }, 60_000);

  it('[AGT-03] a rejected offer sets the agent off duty and asks "stay off duty / start working"', async () => {
    const p = one.page;
    await chooseStatus(two.page, 'Off duty', 'Change status');
    const { legId } = await api('POST', '/api/v1/demo/calls', {
      from: '09022223333',
      to: DEMO_QUEUE_NUMBER,
    });
    const offer = p.getByRole('region', { name: '着信' });
    await offer.getByText('09022223333').waitFor();
    await offer.getByRole('button', { name: '拒否' }).click();
    const prompt = p.getByRole('alertdialog');
    await prompt
      .getByText('このまま離席しますか、受付を開始しますか？', { exact: false })
      .waitFor();
    await statusIs(p, '現在のステータス: 離席');
    await expectNoSeriousA11yViolations(p);
    // The caller gives up meanwhile; starting work again finds no call waiting.
    await api('POST', `/api/v1/demo/calls/${legId}/hangup`);
    await prompt.getByRole('button', { name: '受付を開始' }).click();
    await statusIs(p, '現在のステータス: 受付可');
    expect(await p.getByRole('alertdialog').count()).toBe(0);
  });

  it('[QCB-12][OUT-05] a callback is offered as one: "Callback from <number>" (折返 in Japanese)', async () => {
    const p = one.page;
    const q = two.page;
    await chooseStatus(p, '離席', 'ステータスを変更');
    await statusIs(p, '現在のステータス: 離席');
    const caller = await api('POST', '/api/v1/demo/calls', {
      from: '09033334444',
      to: DEMO_QUEUE_NUMBER,
    });
    const press = (digits: string) =>
      api('POST', `/api/v1/demo/calls/${caller.legId}/keys`, { digits });
    await eventually(
      () => t.node.runner.state.calls.get(caller.callId)?.state === 'queued',
      'queued',
    );
    await press('1');
    await eventually(() => t.node.virtual.legs.get(caller.legId)?.collect, 'the confirmation menu');
    await press('1');
    const callback = await eventually(
      () =>
        [...t.node.runner.state.callbacks.values()].find((c) => c.requestCallId === caller.callId),
      'the callback request',
    );

    await chooseStatus(q, 'Available', 'Change status');
    const offer = q.getByRole('region', { name: 'Incoming' });
    await offer.getByText(`Callback from ${callback.number}`).waitFor();
    await offer.getByText('Callback', { exact: true }).waitFor();
    await screenshot(q, 'agent-desktop-callback-en');
    await expectNoSeriousA11yViolations(q);
    await offer.getByRole('button', { name: 'Reject' }).click();
    await q.getByRole('alertdialog').getByRole('button', { name: 'Stay off duty' }).click();
    await statusIs(q, 'Current status: Off duty');

    // The same callback, offered to the Japanese desktop.
    await chooseStatus(p, '受付可', 'ステータスを変更');
    const card = p.getByRole('region', { name: '着信' });
    await card.getByText(`折返 ${callback.number} へのコールバック`).waitFor();
    await card.getByText('折返（コールバック）').waitFor();
    await screenshot(p, 'agent-desktop-callback');
    // Agent-first (QCB-06): answering dials the customer; the call shows it is a callback.
    await card.getByRole('button', { name: '応答' }).click();
    await statusIs(p, '現在のステータス: 通話中');
    await p
      .getByRole('region', { name: '通話' })
      .getByText(`相手: ${callback.number} (折返（コールバック）)`)
      .waitFor();
    await p.getByRole('button', { name: '通話終了' }).click();
    await p.getByRole('button', { name: '後処理を終了' }).click();
    expect(one.errors).toEqual([]);
    expect(two.errors).toEqual([]);
  });

  it('[AGT-05] dialing out with a caller ID from the dropdown; the choice is remembered', async () => {
    const p = one.page;
    await chooseStatus(p, '受付可', 'ステータスを変更');
    await statusIs(p, '現在のステータス: 受付可');
    const dial = p.getByRole('region', { name: '発信' });
    const callerId = dial.getByLabel('発信者番号');
    expect(await callerId.locator('option').allInnerTexts()).toEqual([
      '代表 (0312345678)',
      '大阪 (0698765432)',
    ]);
    await callerId.selectOption({ label: '大阪 (0698765432)' });
    await dial.getByLabel('電話番号').fill('03-1111-2222');
    await dial.getByRole('button', { name: '発信する' }).click();
    // The agent's own phone rings first (virtual telephony leaves it ringing).
    await statusIs(p, '現在のステータス: 発信中');
    expect(t.node.runner.state.agents.get(A1)!.lastCallerId).toBe('0698765432');
    const call = p.getByRole('region', { name: '通話' });
    await call.getByText(/相手: (\+81311112222|0311112222) \(発信\)/).waitFor();
    await call.getByRole('button', { name: '通話終了' }).click();
    await statusIs(p, '現在のステータス: 受付可');

    await p.reload();
    const again = p.getByRole('region', { name: '発信' }).getByLabel('発信者番号');
    await eventually(
      async () => (await again.inputValue()) === '0698765432',
      'the last caller ID chosen first',
    );
    expect(one.errors).toEqual([]);
  });

  it('[CTI-06][OUT-01] consultation cancelled while it rings, then a conference ended for all', async () => {
    const p = one.page;
    const q = two.page;
    await chooseStatus(p, '受付可', 'ステータスを変更');
    await statusIs(p, '現在のステータス: 受付可');
    await api('POST', '/api/v1/demo/calls', { from: '09044445555', to: DEMO_QUEUE_NUMBER });
    await p.getByRole('region', { name: '着信' }).getByRole('button', { name: '応答' }).click();
    const call = p.getByRole('region', { name: '通話' });
    await call.getByText('相手: 09044445555').waitFor();

    await chooseStatus(q, 'Available', 'Change status');
    await call.getByRole('radio', { name: `Agent 2 (${A2})` }).check();
    await call.getByRole('button', { name: '協議（話してから転送）' }).click();
    await call.getByText('Agent 2 を呼び出し中…').waitFor();
    await q.getByRole('region', { name: 'Incoming' }).waitFor();
    await call.getByRole('button', { name: '協議をキャンセル' }).click();
    // The customer stays on hold; the colleague's offer is withdrawn.
    await statusIs(p, '現在のステータス: 保留中');
    await q.getByRole('region', { name: 'Incoming' }).waitFor({ state: 'detached' });
    await statusIs(q, 'Current status: Available');

    await call.getByRole('radio', { name: `Agent 2 (${A2})` }).check();
    await call.getByRole('button', { name: '協議（話してから転送）' }).click();
    await q
      .getByRole('region', { name: 'Incoming' })
      .getByRole('button', { name: 'Answer' })
      .click();
    await call.getByRole('button', { name: '三者通話' }).click();
    await call.getByText('三者通話中').waitFor();
    await call.getByRole('button', { name: '全員の通話を終了' }).click();
    await p.getByRole('button', { name: '後処理を終了' }).click();
    await statusIs(p, '現在のステータス: 受付可');
    await eventually(
      () => presenceOf(A2) !== 'consulting' && presenceOf(A2) !== 'on-call',
      'agent 2 off the call',
    );
    expect(t.node.runner.state.calls.size).toBe(0);
    expect(one.errors).toEqual([]);
    expect(two.errors).toEqual([]);
  });
});
