import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CENTER_ID,
  QUEUE_NUMBER,
  eventually,
  setAgentStatus,
  startSipNode,
  type SipTestNode,
} from '../sip/support/sip-node.js';
import { describeRun, killAllSipp, startSipp } from '../sip/support/sipp.js';
import { CHROMIUM_PATH } from './support/browser.js';

const BROWSER_MODULE = fileURLToPath(
  new URL('../../../../packages/telephony/src/webrtc/browser/index.ts', import.meta.url),
);

/** The browser module as one script for the page (what the web app's bundler does). */
async function bundle(): Promise<string> {
  const out = await build({
    entryPoints: [BROWSER_MODULE],
    bundle: true,
    write: false,
    format: 'iife',
    globalName: 'TsunaguPhone',
    platform: 'browser',
    target: 'es2022',
  });
  return out.outputFiles[0]!.text;
}

/** A page that answers the first call and keeps its peer connection for the test's stats. */
const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Softphone</title>
<script src="/softphone-test.js"></script></head><body><p id="state">starting</p><script>
  const env = TsunaguPhone.browserEnvironment();
  const environment = { ...env, createPeer() { const p = env.createPeer(); window.pc = p; return p; } };
  const phone = TsunaguPhone.createSoftphone({ url: '/api/v1/softphone', environment });
  const show = (s) => { document.getElementById('state').textContent = s; };
  phone.on('ready', () => show('ready'));
  phone.on('ring', (call) => { window.ring = call; show('ringing'); void phone.answer(); });
  phone.on('answer', () => show('connected'));
  phone.on('hangup', () => show('ended'));
  window.phone = phone;
</script></body></html>`;

/**
 * [BEY-06] with a real browser: Debian's Chromium, fake microphone (its beeping test source),
 * the browser module bundled as the web app will bundle it, against a SIPp caller that echoes.
 */
describe('the browser softphone in Chromium', () => {
  let n: SipTestNode;
  let browser: Browser;

  beforeAll(async () => {
    n = await startSipNode();
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      timeout: 30_000,
      args: [
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-dev-shm-usage',
        '--use-fake-ui-for-media-stream',
        '--use-fake-device-for-media-stream',
        // The node's ICE candidate is on loopback; Chromium skips loopback unless told.
        '--allow-loopback-in-peer-connection',
        // The page is fulfilled by the test (no address space), its socket goes to loopback.
        '--disable-features=WebRtcHideLocalIpsWithMdns,LocalNetworkAccessChecks',
        ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      ],
    });
  }, 60_000);
  afterAll(async () => {
    await killAllSipp();
    await browser?.close();
    await n?.stop();
  });

  it('[BEY-06] Chromium answers a SIP caller on the softphone; WebRTC stats show audio both ways', async () => {
    const password = 'chromium softphone password';
    const created = await n.t.request('POST', '/api/v1/users', {
      cookie: n.admin,
      body: {
        login: 'chromium-agent',
        name: 'Chromium',
        password,
        role: 'agent',
        centers: [CENTER_ID],
        agentId: 'agent-003',
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const [name, value] = (await n.t.login('chromium-agent', password)).split('=') as [
      string,
      string,
    ];
    const base = new URL(n.t.url);
    const context = await browser.newContext({ permissions: ['microphone'] });
    await context.addCookies([{ name, value, domain: base.hostname, path: '/' }]);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    // Served on the node's own origin: the softphone socket takes same-origin pages only.
    const script = await bundle();
    await page.route(`${n.t.url}/softphone-test.js`, (route) =>
      route.fulfill({ contentType: 'text/javascript', body: script }),
    );
    await page.route(`${n.t.url}/softphone-test.html`, (route) =>
      route.fulfill({ contentType: 'text/html', body: PAGE }),
    );
    await page.goto(`${n.t.url}/softphone-test.html`);
    await page.locator('#state', { hasText: 'ready' }).waitFor({ timeout: 15_000 });
    await setAgentStatus(n, 'agent-003', 'available');

    const caller = await startSipp({
      scenario: 'caller-waits.xml',
      remote: { host: '127.0.0.1', port: n.port },
      service: QUEUE_NUMBER,
      keys: { caller: '0312343333' },
      rtpEcho: true,
      timeoutSec: 60,
    });
    await page.locator('#state', { hasText: 'connected' }).waitFor({ timeout: 20_000 });
    expect(await page.evaluate('window.ring.display.customerNumber')).toBe('0312343333');

    const stats = await eventually(async () => {
      const s = (await page.evaluate(`window.pc.getStats().then((r) => {
        const out = { sent: 0, received: 0, codec: '' };
        r.forEach((x) => {
          if (x.type === 'outbound-rtp' && x.kind === 'audio') out.sent = x.packetsSent;
          if (x.type === 'inbound-rtp' && x.kind === 'audio') out.received = x.packetsReceived;
          if (x.type === 'codec' && x.mimeType) out.codec += x.mimeType + ' ';
        });
        return out;
      })`)) as { sent: number; received: number; codec: string };
      return s.sent > 50 && s.received > 50 ? s : null;
    }, 'WebRTC packets both ways');
    expect(stats.codec).toMatch(/audio\/PCMU/i);
    expect(stats.codec).not.toMatch(/opus/i);
    const legs = [...(n.t.node.browser?.legs.values() ?? [])];
    expect(legs[0]?.media?.counters.received, 'RTP from Chromium at the server').toBeGreaterThan(
      25,
    );

    await page.evaluate('window.phone.hangup()');
    await page.locator('#state', { hasText: 'ended' }).waitFor();
    const run = await caller.done;
    expect(run.code, describeRun(run)).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);
});
