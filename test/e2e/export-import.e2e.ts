/**
 * Export and import from the panel, in the built extension (Chromium,
 * Firefox): a page exchanges messages with /echo, the panel exports HAR and
 * the test reads the file the browser saved and finds every message; then a
 * HAR fixture is imported through the file input, shown as a read-only
 * session, filtered, and the switcher goes back to the live tab.
 *
 * Reading the saved file: Chromium saves to a folder set with CDP
 * `Browser.setDownloadBehavior`; under WebDriver BiDi (Firefox) puppeteer has
 * no download folder, so the test fetches the Blob URL of the panel's
 * `a[download]` link from the panel page (save.ts keeps it until the next save).
 * The socket URL carries a `token` query parameter: the popover previews its
 * redaction and the saved file does not contain it. Screenshots of the export
 * popover at 555×800, light and dark, and of the filtered imported session.
 * In that session Pause and Clear look disabled (opacity), an imported message
 * offers "Send on a live socket…" instead of Resend/Inject, and sending it goes
 * out on the page's live socket (the echo comes back); screenshots of it.
 *
 * A real tcpdump capture (test/fixtures/pcap/live-deflate.pcap) imported
 * through the same input shows its captured frames in the Frame tab: both
 * fragments with RSV1 on the first, and the ping, pong and close frames a
 * page never sees; screenshots of that view at 555×800, light and dark.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ElementHandle, Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import type { TestServer } from '../servers/test-server';
import { ROOT, waitUntil, type BrowserName, type Harness } from './harness/browsers';
import { screenshot, screenshotThemes, textOf } from './harness/extension';
import { useRig } from './harness/rig';

const browsers: BrowserName[] = ['chromium', 'firefox'];
const SENT = ['alpha', JSON.stringify({ type: 'chat', text: 'bravo' }), 'charlie'];
// A secret-looking query parameter: the popover previews its redaction and the saved file must not hold it.
const SECRET = 's3cret-e2e-token';
const rows = (p: Page): Promise<number> => p.evaluate(() => document.querySelectorAll('[data-testid="message-row"]').length);

interface HarMsg {
  type: string;
  data: string;
}

describe.each(browsers)('export and import in %s', (name) => {
  let server: TestServer;
  let h: Harness;
  useRig(name, (s, b) => ((server = s), (h = b)));

  it('exports HAR with every message, imports a HAR fixture as a session, filters it, switches back', async () => {
    const page = await h.newPage();
    const needle = `t=export-${name}`;
    await page.goto(server.httpUrl(`/pages/blank.html?${needle}`));
    await page.evaluate(
      async (url: string, sent: string[]) => {
        const ws = new WebSocket(url);
        await new Promise((r) => (ws.onopen = r));
        let echoed = 0;
        const done = new Promise((r) => (ws.onmessage = () => ++echoed === sent.length && r(null)));
        for (const s of sent) ws.send(s);
        await done;
      },
      server.wsUrl(`/echo?export=1&token=${SECRET}`),
      SENT,
    );
    const panel = await h.openPanel(needle, page);
    await panel.setViewport({ width: 555, height: 800 });
    await waitUntil(async () => (await rows(panel)) === SENT.length * 2, 15_000, 'the six messages in the panel');

    let downloads = '';
    if (name === 'chromium') {
      downloads = mkdtempSync(join(tmpdir(), 'sockscope-downloads-'));
      const cdp = await h.browser.target().createCDPSession();
      await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
    }
    await panel.click('[data-testid="export-button"]');
    await panel.waitForSelector('[data-testid="export-popover"]');
    const redaction = await textOf(panel, '[data-testid="export-redaction"]');
    console.log(`${name}: export popover says "${redaction}"`);
    expect(redaction).toMatch(/^[23] secrets will be replaced: 2 token URL parameters/); // Firefox also lists Sec-WebSocket-Key
    await screenshot(panel, `export-popover-${name}-555x800-light`);
    await panel.evaluate(() => document.querySelectorAll<HTMLElement>('.ss-root, .ss-panel').forEach((el) => (el.dataset.theme = 'dark')));
    await screenshot(panel, `export-popover-${name}-555x800-dark`);
    await panel.evaluate(() => document.querySelectorAll<HTMLElement>('.ss-root, .ss-panel').forEach((el) => (el.dataset.theme = 'light')));

    await panel.click('[data-testid="export-save"]');
    await panel.waitForSelector('a[data-testid="export-link"]');
    const fileName = await panel.$eval('a[data-testid="export-link"]', (a) => (a as HTMLAnchorElement).download);
    expect(fileName).toMatch(/^sockscope-127\.0\.0\.1-\d{8}-\d{6}\.har$/);
    let text: string;
    if (name === 'chromium') {
      const path = join(downloads, fileName);
      await waitUntil(
        () => existsSync(path) && !readdirSync(downloads).some((f) => f.endsWith('.crdownload')),
        15_000,
        `the saved ${fileName}`,
      );
      text = readFileSync(path, 'utf8');
    } else {
      text = await panel.$eval('a[data-testid="export-link"]', async (a) => (await fetch((a as HTMLAnchorElement).href)).text());
    }
    expect(text).not.toContain(SECRET);
    const har = JSON.parse(text) as { log: { entries: { _resourceType?: string; _webSocketMessages?: HarMsg[] }[] } };
    const messages = har.log.entries.flatMap((e) => e._webSocketMessages ?? []);
    expect(messages.filter((m) => m.type === 'send').map((m) => m.data)).toEqual(SENT);
    expect(messages.filter((m) => m.type === 'receive').map((m) => m.data)).toEqual(SENT);
    console.log(`${name}: saved ${fileName}, ${text.length} bytes, ${messages.length} messages`);
    await panel.click('[data-testid="export-button"]'); // close

    const input = (await panel.$('[data-testid="import-file"]')) as ElementHandle<HTMLInputElement>;
    await input.uploadFile(join(ROOT, 'test/fixtures/har/chrome-websocket.har'));
    await panel.waitForSelector('[data-testid="session-select"]');
    await waitUntil(
      async () =>
        (await panel.$eval('[data-testid="session-select"]', (s) => (s as HTMLSelectElement).selectedOptions[0]?.text)) ===
        'chrome-websocket.har',
      15_000,
      'the imported session to be shown',
    );
    await waitUntil(async () => (await rows(panel)) === 3, 15_000, 'the 3 messages of the fixture');
    expect(await panel.$eval('[data-testid="pause-button"]', (b) => (b as HTMLButtonElement).disabled)).toBe(true);
    await panel.type('[data-testid="filter-input"]', 'hello');
    await waitUntil(async () => (await rows(panel)) === 2, 15_000, 'the 2 "hello" rows of the fixture');
    expect(await textOf(panel, '[data-testid="message-row"]')).not.toContain('alpha');
    await screenshot(panel, `import-har-filtered-${name}-555x800-light`);
    // Disabled capture controls look disabled, not only refuse clicks.
    expect(Number(await panel.$eval('[data-testid="pause-button"]', (b) => getComputedStyle(b).opacity))).toBeLessThan(0.6);
    expect(Number(await panel.$eval('[data-testid="clear-button"]', (b) => getComputedStyle(b).opacity))).toBeLessThan(0.6);
    // An imported message is sent on a live socket of the page: no Resend/Inject on the file's connection.
    await panel.click('[data-testid="message-row"]');
    await panel.waitForSelector('[data-testid="msg-send-live"]');
    expect(await panel.$('[data-testid="msg-resend"]')).toBeNull();
    expect(await panel.$('[data-testid="msg-inject"]')).toBeNull();
    await screenshotThemes(panel, `import-send-live-${name}-555x800`);
    await panel.click('[data-testid="msg-send-live"]');
    await waitUntil(
      async () => (await panel.$eval('[data-testid="session-select"]', (s) => (s as HTMLSelectElement).value)) === 'live',
      15_000,
      'the Live tab shown',
    );
    await waitUntil(
      async () => (await panel.$eval('[data-testid="compose-input"]', (t) => (t as HTMLTextAreaElement).value)) === 'hello',
      15_000,
      'Compose prefilled with the imported payload',
    );
    await waitUntil(
      async () => (await panel.$eval('[data-testid="compose-target"]', (t) => (t as HTMLSelectElement).value)) !== '',
      15_000,
      'a live socket targeted',
    );
    await panel.click('[data-testid="compose-send"]');
    await panel.focus('[data-testid="filter-input"]');
    await panel.keyboard.press('Escape');
    // The echo server answers: the imported "hello" went out on the page's live socket and came back.
    await waitUntil(async () => (await rows(panel)) === SENT.length * 2 + 2, 15_000, 'the live tab with the sent hello and its echo');
    const live = await textOf(panel, '[data-testid="message-row"]');
    expect(live).toContain('charlie');
    expect(live).toContain('hello');
  });
  it('imports a tcpdump capture and shows its captured frames and control frames in the Frame tab', async () => {
    const page = await h.newPage();
    const needle = `t=capture-${name}`;
    await page.goto(server.httpUrl(`/pages/blank.html?${needle}`));
    // The panel finds a tab by its sockets (a page without one never wakes the background): open one.
    await page.evaluate(async (url: string) => {
      const ws = new WebSocket(url);
      await new Promise((r) => (ws.onopen = r));
    }, server.wsUrl('/echo?capture=1'));
    const panel = await h.openPanel(needle, page);
    await panel.setViewport({ width: 555, height: 800 });
    const input = (await panel.waitForSelector('[data-testid="import-file"]')) as ElementHandle<HTMLInputElement>;
    await input.uploadFile(join(ROOT, 'test/fixtures/pcap/live-deflate.pcap'));
    await waitUntil(async () => (await rows(panel)) === 5, 15_000, 'the 5 messages of the capture');
    const row = (await panel.$$('[data-testid="message-row"]'))[1]!; // the server's fragmented "frag-1 frag-2"
    await row.click();
    await panel.waitForSelector('[data-tab="frame"]');
    await panel.click('[data-tab="frame"]');
    await panel.waitForSelector('[data-testid="frame-captured"]');
    expect(await textOf(panel, '[data-testid="frame-captured"]')).toContain('live-deflate.pcap recorded them (packets 11, 13)');
    expect(await panel.$('[data-testid="frame-reconstructed"]')).toBeNull();
    expect(await panel.$$eval('.ss-frame > [data-testid="captured-frame"]', (cards) => cards.length)).toBe(2);
    expect(await textOf(panel, '[data-testid="frame-compression"]')).toContain('RSV1 = 1');
    await screenshot(panel, `frame-captured-${name}-555x800-light`);
    await panel.evaluate(() => document.querySelectorAll<HTMLElement>('.ss-root, .ss-panel').forEach((el) => (el.dataset.theme = 'dark')));
    await screenshot(panel, `frame-captured-${name}-555x800-dark`);
    await panel.evaluate(() => document.querySelectorAll<HTMLElement>('.ss-root, .ss-panel').forEach((el) => (el.dataset.theme = 'light')));
    // The last message: the pong and both close frames that followed it.
    await (await panel.$$('[data-testid="message-row"]'))[4]!.click();
    await waitUntil(
      async () =>
        (await panel.$$eval('[data-testid="control-frame"]', (c) => c.map((x) => x.getAttribute('data-kind')).join())) ===
        'pong,close,close',
      15_000,
      'the pong and close frames after the last message',
    );
    await panel.$eval('[data-kind="close"]', (el) => el.scrollIntoView());
    await screenshot(panel, `frame-captured-control-${name}-555x800-light`);
  });
});
