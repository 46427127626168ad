import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium (scripts/test-all.sh installs it); playwright-core downloads no browser. */
export const CHROMIUM_PATH = process.env.TSUNAGU_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Flags for a closed network and a machine without a camera or microphone: no background
 * requests to Google's services, and fake media devices answered without a permission prompt
 * (the softphone's getUserMedia).
 */
const CHROMIUM_ARGS = [
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  // The softphone (BEY-06) on a node on loopback: Chromium gathers no loopback ICE candidate,
  // hides local addresses behind mDNS names, and checks private-network access unless told.
  '--allow-loopback-in-peer-connection',
  '--disable-features=WebRtcHideLocalIpsWithMdns,LocalNetworkAccessChecks',
];

export type Locale = 'ja-JP' | 'en-US';

/** One headless Chromium per test file (launch in beforeAll, close in afterAll). */
export async function launchBrowser(): Promise<Browser> {
  const runningAsRoot = process.getuid?.() === 0;
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS, ...(runningAsRoot ? ['--no-sandbox'] : [])],
    timeout: 30_000,
  });
}

export interface TestPage {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Uncaught exceptions and console errors in the page; a test expects none. */
  readonly errors: string[];
  close(): Promise<void>;
}

/**
 * A fresh browser profile (cookies, localStorage) whose browser languages are `locale`, on
 * `baseUrl`. A context per user: two contexts are two people on two computers.
 */
export async function openPage(
  browser: Browser,
  baseUrl: string,
  options: { locale?: Locale } = {},
): Promise<TestPage> {
  const locale = options.locale ?? 'ja-JP';
  const context = await browser.newContext({
    baseURL: baseUrl,
    locale,
    timezoneId: 'Asia/Tokyo',
    viewport: { width: 1280, height: 800 },
    permissions: ['microphone'],
  });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('console', (message) => {
    // The browser logs every non-2xx answer; the refusals a test provokes are expected.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
      errors.push(`console: ${message.text()}`);
  });
  return { context, page, errors, close: () => context.close() };
}

/** Signs in through the login form (labels in either language) and waits for the shell. */
export async function signIn(page: Page, login: string, password: string): Promise<void> {
  if (!page.url().includes('/login')) await page.goto('/login');
  await page.getByLabel(/ログインID|Login ID/).fill(login);
  await page.getByLabel(/パスワード|Password/).fill(password);
  await page.getByRole('button', { name: /^(ログイン|Sign in)$/ }).click();
  await page.getByRole('button', { name: /^(ログアウト|Sign out)$/ }).waitFor();
}

const SCREENSHOTS = fileURLToPath(new URL('../../../../../docs/screenshots/', import.meta.url));
const SCRATCH = fileURLToPath(new URL('../../../../../tmp/screenshots/', import.meta.url));

/**
 * A full-page PNG named `name`. It goes to docs/screenshots/ (linked from the README) when
 * TSUNAGU_SCREENSHOTS=1, else to tmp/screenshots/ for looking at a failure, so a test run does
 * not rewrite tracked files.
 */
export async function screenshot(page: Page, name: string): Promise<string> {
  const dir = process.env.TSUNAGU_SCREENSHOTS === '1' ? SCREENSHOTS : SCRATCH;
  mkdirSync(dir, { recursive: true });
  const path = `${dir}${name}.png`;
  // The caret blinks and the live dot changes: stable pixels make reviewable diffs.
  await page.screenshot({ path, fullPage: true, caret: 'hide', animations: 'disabled' });
  return path;
}
