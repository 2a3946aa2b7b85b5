/**
 * Page data is hostile: markup, `javascript:` URLs, RTL and zero-width
 * characters, a 1 MiB single line, invalid UTF-8 and payloads built to break
 * decoders, sent by a page over a real socket, must render as text in every
 * tab of the panel, and the table must stay live (a message sent afterwards
 * appears). Checked in the panel's DOM: no element, attribute or link made
 * from page data, and the payload text present as text.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { waitUntil, type BrowserName, type Harness } from './harness/browsers';
import { useRig } from './harness/rig';
import { screenshot } from './harness/extension';
import type { TestServer } from '../servers/test-server';

const browsers: BrowserName[] = ['chromium', 'firefox'];

const MARKUP = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script><svg onload="window.__pwned=3">';
const TEXTS = [
  MARKUP,
  'javascript:window.__pwned=4',
  '{"html":"<b onmouseover=\\"window.__pwned=5\\">bold</b>","href":"javascript:window.__pwned=6"}',
  'rtl \u202Egnp.exe and zero\u200Bwidth\u200D\uFEFF joiners',
  // Decoders' worst cases: nesting past the stack, a value whose toString is not a function.
  '['.repeat(5000) + ']'.repeat(5000),
  '{"jsonrpc":"2.0","error":{"code":1,"message":{"toString":1}},"id":1}',
  '42["<img src=x onerror=window.__pwned=7>",{"a":"<script>1</script>"}]',
];
const LAST = 'after-the-storm';

/** Opens a socket whose URL carries markup, sends the corpus, a 1 MiB line and invalid UTF-8, closes with a markup reason, then sends nothing more. */
async function sendCorpus(page: Page, url: string): Promise<void> {
  await page.evaluate(
    (u: string, texts: string[]) =>
      new Promise<void>((resolve, reject) => {
        const ws = new WebSocket(u);
        ws.binaryType = 'arraybuffer';
        let echoes = 0;
        const total = texts.length + 2;
        ws.onopen = () => {
          for (const t of texts) ws.send(t);
          ws.send('x'.repeat(1 << 20)); // one line, 1 MiB
          ws.send(new Uint8Array([0xff, 0xfe, 0xc3, 0x28, 0x3c, 0x73, 0x63, 0x72, 0x69, 0x70, 0x74, 0x3e])); // invalid UTF-8 around "<script>"
        };
        ws.onmessage = () => {
          if (++echoes === total) ws.close(4000, '<svg onload="window.__pwned=8">');
        };
        ws.onclose = () => resolve();
        ws.onerror = () => reject(new Error('socket error'));
      }),
    url,
    TEXTS,
  );
}

/** Anything in the panel's DOM made from page data: elements, handler attributes, script links. */
async function injected(panel: Page): Promise<string[]> {
  return panel.evaluate(() => {
    const found: string[] = [];
    const root = document.body;
    for (const el of Array.from(document.querySelectorAll('img, script:not([src]), iframe, object, embed, b, svg[onload]')))
      found.push(`<${el.tagName.toLowerCase()}>`);
    for (const el of Array.from(root.querySelectorAll('*'))) {
      for (const attr of Array.from(el.attributes)) if (/^on/i.test(attr.name)) found.push(`${el.tagName.toLowerCase()}[${attr.name}]`);
      const href = el.getAttribute('href');
      if (href && /^\s*javascript:/i.test(href)) found.push(`${el.tagName.toLowerCase()}[href=${href}]`);
    }
    if ((window as unknown as { __pwned?: unknown }).__pwned !== undefined) found.push('window.__pwned set');
    return found;
  });
}

describe.each(browsers)('hostile page data in %s', (name) => {
  let server: TestServer;
  let h: Harness;

  useRig(name, (s, b) => ((server = s), (h = b)));

  it('renders a hostile corpus as text in every tab and keeps the table live', async () => {
    const needle = `t=xssdata-${name}`;
    const page = await h.newPage();
    await page.goto(server.httpUrl(`/pages/blank.html?${needle}`));
    await sendCorpus(page, server.wsUrl(`/echo?q=${encodeURIComponent(MARKUP)}&next=javascript:alert(1)`));
    const panel = await h.openPanel(needle, page);
    await panel.setViewport({ width: 1280, height: 800 });
    // Every message so far, then one more: the table must still take new rows.
    await page.evaluate(
      (u: string, last: string) =>
        new Promise<void>((resolve) => {
          const ws = new WebSocket(u);
          ws.onopen = () => ws.send(last);
          ws.onmessage = () => resolve();
        }),
      server.wsUrl('/echo'),
      LAST,
    );
    await waitUntil(
      () =>
        panel.evaluate(
          (last: string) => Array.from(document.querySelectorAll('[data-testid="message-row"]')).some((r) => r.textContent?.includes(last)),
          LAST,
        ),
      30_000,
      'the message sent after the hostile corpus to appear in the table',
    );
    expect(await injected(panel)).toEqual([]);

    // Pick the hostile connection, then every message of it, and every tab of each.
    await panel.evaluate(() => {
      const row = Array.from(document.querySelectorAll<HTMLElement>('[data-testid="connection-row"]')).find((r) =>
        r.textContent?.includes('img'),
      );
      row?.dispatchEvent(new MouseEvent('mousedown', { bubbles: true }));
      row?.click();
    });
    const ids = await panel.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLElement>('[data-testid="message-row"]')).map((r) => r.dataset.msgId ?? ''),
    );
    expect(ids.length).toBeGreaterThanOrEqual(TEXTS.length * 2);
    const seenText: string[] = [];
    for (const id of ids) {
      await panel.evaluate((msgId: string) => {
        document
          .querySelector(`[data-testid="message-row"][data-msg-id="${msgId}"]`)
          ?.dispatchEvent(new MouseEvent('mousedown', { bubbles: true }));
      }, id);
      await waitUntil(
        () => panel.evaluate(() => document.querySelectorAll('[data-testid="detail-pane"] [role="tab"]').length > 1),
        10_000,
        `the detail tabs of message ${id}`,
      );
      const tabs = await panel.evaluate(() =>
        Array.from(document.querySelectorAll<HTMLElement>('[data-testid="detail-pane"] [role="tab"]')).map((t) => t.dataset.tab ?? ''),
      );
      for (const tab of tabs) {
        await panel.evaluate(
          (t: string) => document.querySelector<HTMLElement>(`[data-testid="detail-pane"] [data-tab="${t}"]`)?.click(),
          tab,
        );
        await waitUntil(
          () =>
            panel.evaluate(
              (t: string) =>
                document.querySelector(`[data-testid="detail-pane"] [data-tab="${t}"]`)?.getAttribute('aria-selected') === 'true',
              tab,
            ),
          10_000,
          `tab ${tab} of message ${id}`,
        );
        const found = await injected(panel);
        expect(found, `message ${id}, tab ${tab}`).toEqual([]);
        if (tab === 'text')
          seenText.push(
            await panel.evaluate(() =>
              (document.querySelector('[data-testid="detail-pane"] [role="tabpanel"]')?.textContent ?? '').slice(0, 400),
            ),
          );
      }
    }
    // The markup is shown as the text it is.
    expect(seenText.some((t) => t.includes('<img src=x onerror='))).toBe(true);
    expect(seenText.some((t) => t.includes('javascript:window.__pwned=4'))).toBe(true);
    expect(await injected(panel)).toEqual([]);
    await screenshot(panel, `hostile-data-${name}`);
  });
});
