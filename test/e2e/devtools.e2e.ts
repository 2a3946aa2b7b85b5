/**
 * One smoke test in real DevTools (Chromium): the devtools page registers the
 * "WebSockets" panel, and the panel, shown inside DevTools, finds the
 * inspected tab by itself and lists what the page sent. Selecting the panel
 * uses DevTools-internal modules (browser-recipes.md), hence only this one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import puppeteer, { type Browser, type Frame } from 'puppeteer-core';
import { CHROME_DIST, browserExecutable, waitUntil } from './harness/browsers';
import { startTestServer, type TestServer } from '../servers/test-server';
import { screenshot } from './harness/extension';

/**
 * Runs in the DevTools front-end. A string, not a function: the test runner
 * would rewrite a dynamic import() inside a function.
 */
const inspectorView = (body: string): string =>
  `(async () => { const UI = await import('./ui/legacy/legacy.js'); const view = UI.InspectorView.InspectorView.instance(); ${body} })()`;

describe('real DevTools (chromium)', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startTestServer();
    browser = await puppeteer.launch({
      executablePath: browserExecutable('chromium'),
      headless: true,
      devtools: true, // --auto-open-devtools-for-tabs
      ignoreDefaultArgs: ['--disable-extensions'],
      args: [
        '--no-sandbox',
        `--disable-extensions-except=${CHROME_DIST}`,
        `--load-extension=${CHROME_DIST}`,
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-dev-shm-usage',
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the WebSockets panel for the inspected tab', async () => {
    // The first tab: its DevTools window is the only one (every new tab would get its own).
    const [page] = await browser.pages();
    if (!page) throw new Error('Chromium started without a tab');
    await page.goto(server.httpUrl('/pages/blank.html?t=devtools'));
    await page.evaluate(async (u: string) => {
      const ws = new WebSocket(u);
      await new Promise((r) => (ws.onopen = r));
      ws.send('through devtools');
    }, server.wsUrl('/echo'));

    const target = await browser.waitForTarget((t) => t.url().startsWith('devtools://') && t.url().includes('devtools_app'), {
      timeout: 20_000,
    });
    const devtools = await target.asPage();
    const panelTabId = async (): Promise<string | undefined> =>
      (await devtools.evaluate(inspectorView(`return view.tabbedPane.tabs.map((t) => t.id).find((id) => id.endsWith('WebSockets'));`))) as
        string | undefined;
    await waitUntil(async () => (await panelTabId()) !== undefined, 20_000, 'DevTools to list the WebSockets panel');
    const id = (await panelTabId()) as string;
    expect(id).toMatch(/^chrome-extension:\/\/[a-p]{32}WebSockets$/);
    await devtools.evaluate(inspectorView(`await view.showPanel(${JSON.stringify(id)});`));

    let frame: Frame | undefined;
    await waitUntil(
      () => (frame = devtools.frames().find((f) => f.url().includes('/extension/panel.html'))) !== undefined,
      20_000,
      'the panel frame',
    );
    const panel = frame as Frame;
    let shown = '';
    // The message (from the hook) and the handshake status (from webRequest) arrive independently.
    // A narrow pane says "accepted (101)", a wide one "101 Switching Protocols": the code is what matters.
    const complete = (t: string) => t.includes('through devtools') && /\b101\b/.test(t);
    await waitUntil(
      async () => complete((shown = await panel.evaluate(() => document.body.innerText))),
      20_000,
      'the panel to list the sent message and its handshake',
    ).catch((e: Error) => {
      throw new Error(`${e.message}; the panel shows: ${shown.replace(/\s+/g, ' ').slice(0, 600)}`);
    });
    const status = await panel.evaluate(() => document.querySelector('[data-testid="handshake-status"]')?.textContent ?? '');
    expect(status).toMatch(/\b101\b/);
    await devtools.setViewport({ width: 1100, height: 560 });
    await screenshot(devtools, 'chromium-real-devtools');

    // The panel's keys stay in the panel (src/panel/keys.ts): DevTools forwards Esc and Ctrl+F from
    // extension panels unless the panel's capture-phase listener stops them.
    const drawer = async (): Promise<boolean> => (await devtools.evaluate(inspectorView('return view.drawerVisible();'))) as boolean;
    expect(await drawer()).toBe(false);
    await panel.click('[data-testid="message-row"]');
    await panel.waitForSelector('[data-testid="detail-pane"]');
    await devtools.keyboard.down('Control');
    await devtools.keyboard.press('f');
    await devtools.keyboard.up('Control');
    await waitUntil(
      () => panel.evaluate(() => document.activeElement?.getAttribute('data-testid') === 'filter-input'),
      5000,
      'Ctrl+F to focus the panel filter',
    );
    await panel.click('[data-testid="filter-help-button"]');
    await panel.waitForSelector('[data-testid="filter-help"]');
    await devtools.keyboard.press('Escape');
    await waitUntil(async () => (await panel.$('[data-testid="filter-help"]')) === null, 5000, 'Esc to close the filter help');
    await panel.click('.ss-scroller');
    await devtools.keyboard.press('Escape');
    await waitUntil(async () => (await panel.$('[data-testid="detail-pane"]')) === null, 5000, 'Esc to close the message');
    expect(await drawer()).toBe(false);
    // With nothing left to close, Esc is DevTools' again: proof that the two above were kept from it.
    await devtools.keyboard.press('Escape');
    await waitUntil(drawer, 5000, 'a third Esc to reach DevTools and open its drawer');
  });
});
