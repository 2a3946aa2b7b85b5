/**
 * "Record stacks" in the built extension (Chromium, Firefox): off by default,
 * nothing is recorded; turned on in the panel, the page's hook learns it (its
 * relay is connected) and the stack of a send() names the page's function and
 * its line in test/pages/stacks.js, in V8's and SpiderMonkey's format alike; a
 * socket created before the page knew is marked "setting-late", one created
 * after has its creation stack; the Stack tab lists the frames; off again,
 * sends are recorded without a stack. Screenshots of the Stack tab at 555×800,
 * light and dark.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import type { TestServer } from '../servers/test-server';
import type { TabDump } from '../../src/messaging/protocol';
import type { MessageRecord } from '../../src/model/records';
import { ROOT, waitUntil, type BrowserName, type Harness } from './harness/browsers';
import { dumpTab, openSettings, screenshot, textOf, waitForDump } from './harness/extension';
import { useRig } from './harness/rig';

const browsers: BrowserName[] = ['chromium', 'firefox'];
const source = readFileSync(join(ROOT, 'test/pages/stacks.js'), 'utf8').split('\n');
const lineOf = (mark: string): number => source.findIndex((l) => l.includes(mark)) + 1;
const SEND_LINE = lineOf('MARK:send');
const CREATE_LINE = lineOf('MARK:create');

type PageFns = { openNamedSocket(url: string): WebSocket; sendFromNamedFunction(ws: WebSocket, text: string): void };
const sentText = (d: TabDump, text: string): MessageRecord | undefined => d.messages.find((m) => m.dir === 'out' && m.data === text);

describe.each(browsers)('record stacks in %s', (name) => {
  let server: TestServer;
  let h: Harness;
  useRig(name, (s, b) => ((server = s), (h = b)));

  /** Sends `text` on socket `key` of the page through its named function. */
  const send = (page: Page, key: string, text: string): Promise<void> =>
    page.evaluate(
      (k: string, t: string) => {
        const w = window as unknown as PageFns & Record<string, WebSocket>;
        w.sendFromNamedFunction(w[k] as WebSocket, t);
      },
      key,
      text,
    );
  const open = (page: Page, key: string, url: string): Promise<void> =>
    page.evaluate(
      async (k: string, u: string) => {
        const w = window as unknown as PageFns & Record<string, WebSocket>;
        const ws = w.openNamedSocket(u);
        w[k] = ws;
        await new Promise((r) => (ws.onopen = r));
      },
      key,
      url,
    );

  it('records nothing while off; on, the send() stack names the page function and line; off again, nothing', async () => {
    const page = await h.newPage();
    const needle = `t=stacks-${name}`;
    await page.goto(server.httpUrl(`/pages/stacks.html?${needle}`));
    await open(page, 'first', server.wsUrl('/echo?stacks=first'));
    await send(page, 'first', 'while-off');
    const panel = await h.openPanel(needle, page);
    await panel.setViewport({ width: 555, height: 800 });
    let d = await waitForDump(panel, needle, (x) => sentText(x, 'while-off') !== undefined, 'the message sent while off');
    expect(d.options.recordStacks ?? false).toBe(false);
    expect(sentText(d, 'while-off')?.stack).toBeUndefined();
    expect(d.connections[0]?.stack).toBeUndefined();
    expect(await panel.$('[data-tab="stack"]')).toBeNull(); // no Stack tab while off and nothing recorded

    await openSettings(panel);
    await panel.click('[data-testid="record-stacks"]');
    // The hook learns the setting through its relay: probe until a send comes back with a stack.
    let probes = 0;
    await waitUntil(
      async () => {
        await send(page, 'first', `probe-${++probes}`);
        const x = await dumpTab(panel, needle);
        return x?.messages.some((m) => m.dir === 'out' && m.stack !== undefined) ?? false;
      },
      60_000,
      'a send recorded with a stack after turning Record stacks on',
    );
    await open(page, 'second', server.wsUrl('/echo?stacks=second'));
    await send(page, 'second', 'while-on');
    d = await waitForDump(panel, needle, (x) => sentText(x, 'while-on') !== undefined, 'the message sent while on');
    expect(d.options.recordStacks).toBe(true);

    const frames = sentText(d, 'while-on')?.stack?.frames ?? [];
    console.log(`${name}: send() stack`, JSON.stringify(frames.slice(0, 3)));
    expect(frames[0]).toMatchObject({ fn: 'sendFromNamedFunction', line: SEND_LINE });
    expect(frames[0]?.url).toBe(server.httpUrl('/pages/stacks.js'));
    expect(frames.some((f) => /extension:\/\//.test(f.url))).toBe(false); // Sockscope's frames removed
    const [first, second] = [d.connections.find((c) => c.url.includes('first')), d.connections.find((c) => c.url.includes('second'))];
    expect(first?.stack).toEqual({ frames: [], gap: 'setting-late' });
    expect(second?.stack?.frames[0]).toMatchObject({ fn: 'openNamedSocket', line: CREATE_LINE });

    // The Stack tab of the message lists the frames as text.
    const row = `[data-testid="message-row"][data-msg-id="${sentText(d, 'while-on')?.id ?? -1}"]`;
    await panel.waitForSelector(row);
    await panel.click(row);
    await panel.waitForSelector('[data-tab="stack"]');
    await panel.click('[data-tab="stack"]');
    await panel.waitForSelector('[data-testid="send-stack"]');
    const shown = await textOf(panel, '[data-testid="send-stack"]');
    expect(shown).toContain('sendFromNamedFunction');
    expect(shown).toContain(`stacks.js:${SEND_LINE}`);
    expect(await textOf(panel, '[data-testid="creation-stack"]')).toContain('openNamedSocket');
    await screenshot(panel, `stack-tab-${name}-555x800-light`);
    await panel.evaluate(() => document.querySelectorAll<HTMLElement>('.ss-root, .ss-panel').forEach((el) => (el.dataset.theme = 'dark')));
    await screenshot(panel, `stack-tab-${name}-555x800-dark`);
    await panel.evaluate(() => document.querySelectorAll<HTMLElement>('.ss-root, .ss-panel').forEach((el) => (el.dataset.theme = 'light')));

    // Off again: once the hook knows, sends carry no stack.
    await openSettings(panel);
    await panel.click('[data-testid="record-stacks"]');
    // Probes are stored with a lag (Firefox: seconds): wait for any of them to be stored without a stack.
    let offProbes = 0;
    await waitUntil(
      async () => {
        await send(page, 'second', `off-probe-${++offProbes}`);
        const x = await dumpTab(panel, needle);
        return x?.messages.some((m) => m.dir === 'out' && m.data.startsWith('off-probe-') && m.stack === undefined) ?? false;
      },
      60_000,
      'a send recorded without a stack after turning Record stacks off',
    );
    await page.close();
    await panel.close();
  });
});
