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
import { openSettings, screenshot } from './harness/extension';

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

  it('opens a recorded send() stack location in the Sources panel (Record stacks)', async () => {
    const [page] = await browser.pages();
    if (!page) throw new Error('Chromium started without a tab');
    await page.goto(server.httpUrl('/pages/stacks.html?t=devtools-stacks'));
    const devtools = await (
      await browser.waitForTarget((t) => t.url().startsWith('devtools://') && t.url().includes('devtools_app'))
    ).asPage();
    const selectedTab = async (): Promise<string> =>
      (await devtools.evaluate(inspectorView('return view.tabbedPane.selectedTabId;'))) as string;
    const id = (await devtools.evaluate(
      inspectorView(`return view.tabbedPane.tabs.map((t) => t.id).find((id) => id.endsWith('WebSockets'));`),
    )) as string;
    await devtools.evaluate(inspectorView(`await view.showPanel(${JSON.stringify(id)});`));
    const panel = devtools.frames().find((f) => f.url().includes('/extension/panel.html')) as Frame;
    await openSettings(panel);
    if (!(await panel.$eval('[data-testid="record-stacks"]', (e) => (e as HTMLInputElement).checked)))
      await panel.click('[data-testid="record-stacks"]');
    await page.evaluate(async (u: string) => {
      const w = window as unknown as { openNamedSocket(u: string): WebSocket; probeSocket: WebSocket };
      w.probeSocket = w.openNamedSocket(u);
      await new Promise((r) => (w.probeSocket.onopen = r));
    }, server.wsUrl('/echo?devtools-stacks'));
    // The hook learns the setting through its relay: probe until a send is stored with a stack.
    let stored: number | undefined;
    await waitUntil(
      async () => {
        await page.evaluate(() => {
          const w = window as unknown as { sendFromNamedFunction(ws: WebSocket, t: string): void; probeSocket: WebSocket };
          w.sendFromNamedFunction(w.probeSocket, 'stack-probe');
        });
        stored = await panel.evaluate(async () => {
          const api = (
            globalThis as unknown as {
              chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> }; devtools: { inspectedWindow: { tabId: number } } };
            }
          ).chrome;
          const r = (await api.runtime.sendMessage({ type: 'dumpTab', tabId: api.devtools.inspectedWindow.tabId })) as {
            dump: { messages: Array<{ id: number; dir: string; stack?: unknown }> } | null;
          };
          return r.dump?.messages.find((m) => m.dir === 'out' && m.stack !== undefined)?.id;
        });
        return stored !== undefined;
      },
      60_000,
      'a send stored with a stack',
    );
    const row = `[data-testid="message-row"][data-msg-id="${stored ?? -1}"]`;
    await (await panel.waitForSelector(row))?.evaluate((r) => r.dispatchEvent(new MouseEvent('mousedown', { bubbles: true, button: 0 })));
    // DOM clicks: the drawer the first test opened may cover part of the panel.
    await (await panel.waitForSelector('[data-tab="stack"]'))?.evaluate((b) => (b as HTMLElement).click());
    // In DevTools the location is a button (chrome.devtools.panels.openResource); as a tab it is text.
    const location = await panel.waitForSelector('[data-testid="send-stack"] button.ss-stack-loc');
    expect(await location?.evaluate((b) => b.textContent)).toMatch(/\/pages\/stacks\.js:\d+:\d+$/);
    expect(await selectedTab()).not.toBe('sources');
    await location?.evaluate((b) => (b as HTMLElement).click());
    await waitUntil(async () => (await selectedTab()) === 'sources', 10_000, 'DevTools to show the Sources panel');
  });
});
