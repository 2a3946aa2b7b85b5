/**
 * The row menu's copy-as-code, save and Edit & resend, and the protocol-aware
 * detail pane, in the built extension (Chromium, Firefox), on a real
 * Socket.IO chat (test/servers/chat.ts):
 * - Copy as websocat command puts the exact quoted line on the clipboard
 *   (recorded at navigator.clipboard.writeText in the panel page) and a
 *   "Copied" status appears;
 * - Save payload as file saves the message's text: Chromium's download folder
 *   (CDP Browser.setDownloadBehavior), Firefox by reading the link's Blob URL
 *   (as export-import.e2e.ts does);
 * - a Socket.IO message opens on the Decoded tab; the JSON tab shows its event
 *   and arguments;
 * - Edit & resend opens the emit form with the event and arguments and a
 *   fresh ack id; sending it reaches the server, which acknowledges it.
 * Screenshots at 555×800, light and dark: menu-actions-*, detail-decoded-*, detail-json-*.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import type { TestServer } from '../servers/test-server';
import { waitUntil, type BrowserName, type Harness } from './harness/browsers';
import { screenshotThemes, textOf, waitForDump } from './harness/extension';
import { useRig } from './harness/rig';

const browsers: BrowserName[] = ['chromium', 'firefox'];
const TEXT = "it's $(hi) `from` the page";
/** POSIX single quoting, written here independently of the code under test. */
const q = (s: string) => `'${s.split("'").join(`'\\''`)}'`;
const by = (id: string) => `[data-testid="${id}"]`;

describe.each(browsers)('row menu actions and the protocol-aware detail in %s', (name) => {
  let server: TestServer;
  let h: Harness;
  useRig(name, (s, b) => ((server = s), (h = b)));

  it('copies a websocat line, saves the payload, opens Decoded and JSON, and Edit & resend prefills the emit form', async () => {
    const events: Array<[string, unknown[]]> = [];
    server.io.on('connection', (s) => s.onAny((ev: string, ...args: unknown[]) => events.push([ev, args])));
    const page = await h.newPage();
    const needle = `t=menu-actions-${name}`;
    await page.goto(server.httpUrl(`/pages/blank.html?${needle}`));
    await page.addScriptTag({ url: server.httpUrl('/socket.io/socket.io.js') });
    await page.evaluate(async (text: string) => {
      type Sock = { emit(ev: string, ...args: unknown[]): void; on(ev: string, fn: (...a: unknown[]) => void): void };
      const io = (globalThis as unknown as { io: (o: unknown) => Sock }).io;
      const socket = io({ transports: ['websocket'] });
      await new Promise((r) => socket.on('connect', r));
      await new Promise((r) => socket.emit('join', 'page-user', r));
      await new Promise((r) => socket.emit('publish', text, r));
    }, TEXT);
    const p: Page = await h.openPanel(needle, page);
    await p.setViewport({ width: 555, height: 800 });
    // The page's tab is in the background now: until its batch arrives the shell may not know the tab; look again.
    await waitUntil(
      async () => {
        if ((await p.$$('[data-testid="message-row"]')).length >= 4) return true;
        if ((await p.evaluate(() => document.body.textContent ?? '')).includes('no tab to inspect'))
          await p.evaluate(() => location.reload());
        return false;
      },
      15_000,
      'the messages in the panel',
    );
    const dump = await waitForDump(p, needle, (d) => d.messages.some((m) => m.data.includes('"publish"')), 'the publish stored');
    const sent = dump.messages.find((m) => m.dir === 'out' && m.data.includes('"publish"'));
    const url = dump.connections.find((c) => c.id === sent?.conn)?.url ?? '';
    if (!sent) throw new Error('no publish');
    expect(sent.data).toBe(`421${JSON.stringify(['publish', TEXT])}`);
    const row = `[data-testid="message-row"][data-msg-id="${sent.id}"]`;
    await p.waitForSelector(row, { timeout: 15_000 });
    await p.evaluate(() => {
      const w = window as unknown as { copied: string[] };
      w.copied = [];
      const clip = navigator.clipboard;
      const original = clip.writeText.bind(clip);
      Object.defineProperty(clip, 'writeText', {
        configurable: true,
        value: (t: string) => {
          w.copied.push(t);
          return original(t).catch(() => undefined);
        },
      });
    });
    const copied = () => p.evaluate(() => (window as unknown as { copied: string[] }).copied);

    // Copy as websocat command: the exact line, and a "Copied" status.
    await (await p.$(row))?.click({ button: 'right' });
    await p.waitForSelector(by('menu-copy-websocat'));
    await screenshotThemes(p, `menu-actions-${name}-555x800`);
    await p.click(by('menu-copy-websocat'));
    const line = `printf '%s\\0' ${q(sent.data)} | websocat -n1 -0 ${q(url)}`;
    await waitUntil(async () => (await copied()).includes(line), 5000, `the websocat line on the clipboard: ${line}`);
    await waitUntil(async () => (await textOf(p, by('notice'))).includes('Copied as a websocat command'), 5000, 'the Copied status');
    const look = await p.$eval(by('notice'), (n) => {
      const css = getComputedStyle(n);
      return { role: n.parentElement?.getAttribute('role'), color: css.color, background: css.backgroundColor };
    });
    expect(look.role).toBe('status');
    expect(look.color).not.toBe(look.background); // readable, not the panel's inherited text colour on its own fill

    // Save payload as file: the file holds the message's text.
    let downloads = '';
    if (name === 'chromium') {
      downloads = mkdtempSync(join(tmpdir(), 'sockscope-payload-'));
      const cdp = await h.browser.target().createCDPSession();
      await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
    }
    await (await p.$(row))?.click({ button: 'right' });
    await p.waitForSelector(by('menu-save'));
    await p.click(by('menu-save'));
    await p.waitForSelector('a[data-testid="export-link"]');
    const fileName = await p.$eval('a[data-testid="export-link"]', (a) => (a as HTMLAnchorElement).download);
    expect(fileName).toBe(`sockscope-127.0.0.1-msg${sent.id}.txt`);
    let saved: string;
    if (name === 'chromium') {
      const path = join(downloads, fileName);
      await waitUntil(() => existsSync(path) && !readdirSync(downloads).some((f) => f.endsWith('.crdownload')), 15_000, fileName);
      saved = readFileSync(path, 'utf8');
    } else saved = await p.$eval('a[data-testid="export-link"]', async (a) => (await fetch((a as HTMLAnchorElement).href)).text());
    expect(saved).toBe(sent.data);

    // A Socket.IO message opens on Decoded; its JSON tab shows the event and arguments.
    await p.click(row);
    await p.waitForSelector(by('detail-pane'));
    const selectedTab = () => textOf(p, '[role="tab"][aria-selected="true"]');
    expect(await selectedTab()).toBe('Decoded');
    await screenshotThemes(p, `detail-decoded-${name}-555x800`);
    await p.click('[role="tab"][data-tab="json"]');
    await waitUntil(async () => (await textOf(p, by('json-note'))).startsWith('Socket.IO EVENT "publish"'), 5000, 'the JSON tab note');
    expect(await textOf(p, '[role="tree"]')).toContain(JSON.stringify(TEXT));
    await screenshotThemes(p, `detail-json-${name}-555x800`);

    // Edit & resend: the emit form, prefilled, with a fresh ack id; the server gets it and acknowledges.
    await (await p.$(row))?.click({ button: 'right' });
    await p.waitForSelector(by('menu-edit'));
    await p.click(by('menu-edit'));
    await waitUntil(
      async () => (await p.$eval(by('sio-event'), (i) => (i as HTMLInputElement).value).catch(() => '')) === 'publish',
      5000,
      'the emit form',
    );
    expect(await p.$eval(by('sio-args'), (i) => (i as HTMLInputElement).value)).toBe(JSON.stringify([TEXT]));
    const packet = await textOf(p, by('sio-preview'));
    const ack = /^42(\d+)\[/.exec(packet)?.[1];
    expect(packet).toBe(`42${ack}${JSON.stringify(['publish', TEXT])}`);
    expect(ack).not.toBe('1');
    await p.click(by('compose-send'));
    await waitUntil(
      () => events.filter(([ev, args]) => ev === 'publish' && args[0] === TEXT).length === 2,
      5000,
      'the resent event at the server',
    );
    await waitUntil(async () => (await textOf(p, by('sio-ack-result'))).includes('"ok":true'), 5000, 'the ack in the panel');
    await p.close();
  });
});
