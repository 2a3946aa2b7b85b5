/**
 * Launches real Chromium and Firefox with the built extension, through one
 * API (puppeteer-core: CDP for Chromium, WebDriver BiDi for Firefox). No
 * browser download: the system browsers are used (browser-recipes.md).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

export type BrowserName = 'chromium' | 'firefox';
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const CHROME_DIST = join(ROOT, 'dist/chrome');
export const FIREFOX_TEST_DIST = join(ROOT, 'dist/firefox-test');
const GECKO_ID = 'sockscope@sockscope.dev';
/** Pinned so the test knows the moz-extension:// origin (pref extensions.webextensions.uuids). */
const FIREFOX_UUID = '5a0c6b1e-2f4d-4c59-9b1a-50c7e7a1d001';

export interface Harness {
  name: BrowserName;
  browser: Browser;
  /** Origin of extension pages, e.g. `chrome-extension://<id>`. */
  extensionOrigin: string;
  newPage(): Promise<Page>;
  /** Opens the panel as a tab for the tab whose page URL contains `urlContains`. */
  openPanel(urlContains: string, opener: Page): Promise<Page>;
  /** Chromium only: stops the extension's service worker (as Chrome does when idle). */
  stopServiceWorker?(): Promise<void>;
  close(): Promise<void>;
}

/** Polls `check` until it is true (condition-based waiting, never a fixed sleep). */
export async function waitUntil(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      if (await check()) return;
    } catch (e) {
      lastError = e; // e.g. evaluating while a navigation is under way: try again
    }
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${String(lastError)})` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function browserExecutable(name: BrowserName): string {
  return name === 'chromium' ? (process.env.CHROMIUM_BIN ?? '/usr/bin/chromium') : (process.env.FIREFOX_BIN ?? '/usr/bin/firefox-esr');
}

export async function launch(name: BrowserName): Promise<Harness> {
  return name === 'chromium' ? launchChromium() : launchFirefox();
}

/** The same browser without the extension: what a page sees natively, to compare with. */
export function launchPlain(name: BrowserName): Promise<Browser> {
  return name === 'chromium'
    ? puppeteer.launch({
        executablePath: browserExecutable(name),
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
      })
    : puppeteer.launch({ browser: 'firefox', executablePath: browserExecutable(name), headless: true });
}

async function launchChromium(): Promise<Harness> {
  const profile = mkdtempSync(join(tmpdir(), 'sockscope-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: browserExecutable('chromium'),
    headless: true,
    userDataDir: profile,
    ignoreDefaultArgs: ['--disable-extensions'],
    args: [
      '--no-sandbox',
      `--disable-extensions-except=${CHROME_DIST}`,
      `--load-extension=${CHROME_DIST}`,
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  const worker = await browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith('chrome-extension://'), {
    timeout: 15_000,
  });
  // URL.origin is "null" for non-special schemes in Node: build it from the host.
  const extensionOrigin = `chrome-extension://${new URL(worker.url()).host}`;
  return {
    name: 'chromium',
    browser,
    extensionOrigin,
    newPage: () => browser.newPage(),
    async openPanel(urlContains) {
      const panel = await browser.newPage();
      await panel.goto(`${extensionOrigin}/extension/panel.html?url=${encodeURIComponent(urlContains)}`);
      return panel;
    },
    async stopServiceWorker() {
      const session = await browser.target().createCDPSession();
      try {
        const { targetInfos } = await session.send('Target.getTargets');
        const worker = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith(extensionOrigin));
        if (!worker) throw new Error('no extension service worker is running');
        await session.send('Target.closeTarget', { targetId: worker.targetId });
        // Proof that it stopped: that worker target is gone (a new one may already have started).
        await waitUntil(
          async () => !(await session.send('Target.getTargets')).targetInfos.some((t) => t.targetId === worker.targetId),
          10_000,
          'the service worker to stop',
        );
      } finally {
        await session.detach();
      }
    },
    async close() {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

async function launchFirefox(): Promise<Harness> {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: browserExecutable('firefox'),
    headless: true,
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: FIREFOX_UUID }),
      // Keep the add-on's host permissions granted without a prompt.
      'extensions.originControls.grantByDefault': true,
    },
  });
  await browser.installExtension(FIREFOX_TEST_DIST);
  const extensionOrigin = `moz-extension://${FIREFOX_UUID}`;
  return {
    name: 'firefox',
    browser,
    extensionOrigin,
    newPage: () => browser.newPage(),
    async openPanel(urlContains, opener) {
      // BiDi refuses to navigate to moz-extension:// itself; a page may go there (the test build
      // makes the panel web-accessible to 127.0.0.1 and localhost).
      const panel = await browser.newPage();
      await panel.goto(new URL('/pages/blank.html', opener.url()).href);
      const target = `${extensionOrigin}/extension/panel.html?url=${encodeURIComponent(urlContains)}`;
      await panel.evaluate((u: string) => void (location.href = u), target);
      // page.url() is not updated for moz-extension:// documents under BiDi: ask the document.
      await waitUntil(
        async () => (await panel.evaluate(() => location.href + ' ' + document.readyState)).startsWith(extensionOrigin),
        15_000,
        'the Firefox panel page to load',
      );
      await waitUntil(
        async () => (await panel.evaluate(() => document.readyState)) === 'complete',
        15_000,
        'the Firefox panel page to load',
      );
      return panel;
    },
    async close() {
      await browser.close();
    },
  };
}
