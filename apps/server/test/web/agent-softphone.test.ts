import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  CENTER_ID,
  QUEUE_NUMBER,
  eventually,
  startSipNode,
  type SipTestNode,
} from '../sip/support/sip-node.js';
import { describeRun, killAllSipp, startSipp } from '../sip/support/sipp.js';
import { expectNoSeriousA11yViolations } from './support/a11y.js';
import { launchBrowser, openPage, screenshot, signIn, type TestPage } from './support/browser.js';
import { ensureWebAppBuilt } from './support/web-node.js';

const AGENT = 'agent-003';
const CALLER = '0312343333';

/** Keeps every peer connection the page makes, for reading its WebRTC stats from the test. */
const KEEP_PEERS = `(() => {
  const Peer = window.RTCPeerConnection;
  window.__peers = [];
  window.RTCPeerConnection = class extends Peer {
    constructor(...args) { super(...args); window.__peers.push(this); }
  };
})()`;

async function audioStats(page: Page): Promise<{ sent: number; received: number; codec: string }> {
  return (await page.evaluate(`(async () => {
    const out = { sent: 0, received: 0, codec: '' };
    const pc = window.__peers.at(-1);
    if (!pc) return out;
    (await pc.getStats()).forEach((x) => {
      if (x.type === 'outbound-rtp' && x.kind === 'audio') out.sent = x.packetsSent;
      if (x.type === 'inbound-rtp' && x.kind === 'audio') out.received = x.packetsReceived;
      if (x.type === 'codec' && x.mimeType) out.codec += x.mimeType + ' ';
    });
    return out;
  })()`)) as { sent: number; received: number; codec: string };
}

/**
 * [BEY-06] the desktop's softphone panel in Chromium: a browser agent on a node with SIP, a
 * SIPp caller that echoes its audio, and WebRTC statistics read in the page.
 */
describe('agent desktop softphone', () => {
  let n: SipTestNode;
  let browser: Browser;
  let agent: TestPage;

  beforeAll(async () => {
    ensureWebAppBuilt();
    n = await startSipNode();
    browser = await launchBrowser();
    const password = 'softphone desk passphrase 2026';
    const created = await n.t.request('POST', '/api/v1/users', {
      cookie: n.admin,
      body: {
        login: 'web.softphone',
        name: 'web.softphone',
        password,
        role: 'agent',
        centers: [CENTER_ID],
        agentId: AGENT,
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    agent = await openPage(browser, n.t.url, { locale: 'ja-JP' });
    await agent.page.addInitScript(KEEP_PEERS);
    await signIn(agent.page, 'web.softphone', password);
  }, 90_000);
  afterAll(async () => {
    await killAllSipp();
    await agent?.close();
    await browser?.close();
    await n?.stop();
  });

  it('[BEY-06][OUT-05] the panel registers, rings with the caller, answers from the offer card; RTP flows both ways; mute and hang up', async () => {
    const p = agent.page;
    const phone = p.getByTestId('softphone');
    await phone.getByText('状態: 登録済み').waitFor({ timeout: 15_000 });
    await p.getByLabel('新しいステータス').selectOption({ label: '受付可' });
    await p.getByRole('button', { name: 'ステータスを変更' }).click();
    await p.getByText('現在のステータス: 受付可').waitFor();

    const caller = await startSipp({
      scenario: 'caller-waits.xml',
      remote: { host: '127.0.0.1', port: n.port },
      service: QUEUE_NUMBER,
      keys: { caller: CALLER },
      rtpEcho: true,
      timeoutSec: 60,
    });
    await phone.getByText(`呼び出し中: ${CALLER}`).waitFor({ timeout: 20_000 });
    const offer = p.getByRole('region', { name: '着信' });
    await offer.getByText(CALLER, { exact: true }).waitFor();
    // Answered on the desktop: the server asks the softphone to pick up.
    await offer.getByRole('button', { name: '応答' }).click();
    await phone.getByText(`通話中: ${CALLER}`).waitFor({ timeout: 15_000 });
    await p.getByText('現在のステータス: 通話中').waitFor();

    const stats = await eventually(async () => {
      const s = await audioStats(p);
      return s.sent > 50 && s.received > 50 ? s : null;
    }, 'WebRTC packets both ways');
    expect(stats.codec).toMatch(/audio\/PCMU/i);
    await screenshot(p, 'agent-softphone');
    await expectNoSeriousA11yViolations(p);

    const mute = phone.getByRole('button', { name: 'マイクをミュート' });
    await mute.click();
    expect(await mute.getAttribute('aria-pressed')).toBe('true');
    expect(
      await p.evaluate(
        'window.__peers.at(-1).getSenders().every((s) => !s.track || !s.track.enabled)',
      ),
    ).toBe(true);

    await phone.getByRole('button', { name: 'ソフトフォンを切る' }).click();
    await eventually(
      async () => (await phone.getByText(`通話中: ${CALLER}`).count()) === 0,
      'hung up',
    );
    const run = await caller.done;
    expect(run.code, describeRun(run)).toBe(0);
    expect(agent.errors).toEqual([]);
  }, 90_000);
});
