/**
 * Context menus in the panel (Chromium, Firefox): a right-click on a message
 * row opens its menu without opening the message; Copy as hex hands the
 * payload's bytes to the clipboard (navigator.clipboard.writeText, the seam
 * clipboard.ts copies through, recorded in the panel page); Filter by this
 * connection narrows the table; Shift+F10 opens the selected row's menu and Esc
 * closes it; the menu stays inside a 1600×300 bottom dock. Screenshots of the
 * open menu at 555×800 and 1600×300, light and dark:
 * test-results/screenshots/context-menu-*.png.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { waitUntil, type BrowserName, type Harness } from './harness/browsers';
import { useRig } from './harness/rig';
import { screenshot, screenshotThemes, setTheme, textOf } from './harness/extension';
import type { TestServer } from '../servers/test-server';

const browsers: BrowserName[] = ['chromium', 'firefox'];

async function resize(p: Page, width: number, height: number): Promise<void> {
  await p.setViewport({ width, height });
  await waitUntil(
    () => p.evaluate((w: number, h: number) => window.innerWidth === w && window.innerHeight === h, width, height),
    5000,
    `${width}×${height}`,
  );
}

/** The open menu's box and the viewport, to check it fits. */
function menuBox(p: Page) {
  return p.evaluate(() => {
    const m = document.querySelector('[data-testid="context-menu"]');
    if (!m) return null;
    const r = m.getBoundingClientRect();
    return {
      left: r.left,
      top: r.top,
      right: r.right,
      bottom: r.bottom,
      vw: window.innerWidth,
      vh: window.innerHeight,
      visible: getComputedStyle(m).visibility,
    };
  });
}

const menuOpen = async (p: Page) => {
  const b = await menuBox(p);
  return b !== null && b.visible === 'visible';
};
const menuClosed = async (p: Page) => (await p.$('[data-testid="context-menu"]')) === null;

/** The id of the first row whose text contains `text`. */
async function rowWith(p: Page, text: string): Promise<string> {
  return p.evaluate((t: string) => {
    const row = Array.from(document.querySelectorAll<HTMLElement>('[data-testid="message-row"]')).find((r) =>
      (r.textContent ?? '').includes(t),
    );
    return row?.dataset.msgId ?? '';
  }, text);
}

describe.each(browsers)('context menus in %s', (name) => {
  let server: TestServer;
  let h: Harness;
  let panel: Page;
  useRig(name, (s, b) => ((server = s), (h = b)));

  it('copies a row as hex, filters by its connection, opens from the keyboard and fits 555×800 and 1600×300', async () => {
    const page = await h.newPage();
    const needle = `t=menu-${name}`;
    await page.goto(server.httpUrl(`/pages/blank.html?${needle}`));
    await page.evaluate(
      async (a: string, b: string) => {
        const open = async (url: string) => {
          const ws = new WebSocket(url);
          ws.binaryType = 'arraybuffer';
          await new Promise((r) => (ws.onopen = r));
          return ws;
        };
        const echoes = (ws: WebSocket, n: number) => new Promise((r) => (ws.onmessage = () => --n === 0 && r(null)));
        const one = await open(a);
        const two = await open(b);
        const done = Promise.all([echoes(one, 2), echoes(two, 1)]);
        one.send('hello from the menu test');
        one.send(new Uint8Array([0xde, 0xad, 0xbe, 0xef]));
        two.send('{"on":"the other socket"}');
        await done;
      },
      server.wsUrl('/echo?menu=one'),
      server.wsUrl('/echo?menu=two'),
    );
    const p = (panel = await h.openPanel(needle, page));
    await waitUntil(async () => (await p.$$('[data-testid="message-row"]')).length === 6, 15_000, 'the 6 messages in the panel');
    // Record what the panel hands to the clipboard (and still let it through).
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

    // Right-click the binary row at Chrome's side dock.
    await resize(p, 555, 800);
    const binary = await rowWith(p, 'de ad be ef');
    expect(binary).not.toBe('');
    await (await p.$(`[data-testid="message-row"][data-msg-id="${binary}"]`))?.click({ button: 'right' });
    await waitUntil(() => menuOpen(p), 5000, 'the menu to open');
    expect(await p.$('[data-testid="detail-pane"]')).toBeNull(); // a right-click does not open the message
    await screenshotThemes(p, `context-menu-${name}-555x800`);
    await p.click('[data-testid="menu-copy-hex"]');
    await waitUntil(async () => (await copied()).includes('de ad be ef'), 5000, 'the hex on the clipboard');
    await waitUntil(() => menuClosed(p), 5000, 'the menu to close after the copy');

    // Bottom dock: a right-click near the bottom-right corner keeps the whole menu inside the panel.
    await resize(p, 1600, 300);
    const last = await p.$$('[data-testid="message-row"]');
    const box = await last.at(-1)?.boundingBox();
    if (!box) throw new Error('no row box');
    await p.mouse.click(1590, box.y + box.height / 2, { button: 'right' });
    await waitUntil(() => menuOpen(p), 5000, 'the menu to open at the bottom-right');
    const fit = await menuBox(p);
    console.log(`${name} 1600×300 menu: ${JSON.stringify(fit)}`);
    expect(fit && fit.left >= 0 && fit.top >= 0 && fit.right <= fit.vw && fit.bottom <= fit.vh).toBe(true);
    await screenshotThemes(p, `context-menu-${name}-1600x300`);
    await p.keyboard.press('Escape');
    await waitUntil(() => menuClosed(p), 5000, 'Esc to close the menu');

    // Keyboard: select a row, Shift+F10, arrows to "Filter by this connection", Enter.
    const other = await rowWith(p, 'the other socket');
    await p.click(`[data-testid="message-row"][data-msg-id="${other}"]`);
    await p.focus('.ss-table');
    await p.keyboard.down('Shift');
    await p.keyboard.press('F10');
    await p.keyboard.up('Shift');
    await waitUntil(() => menuOpen(p), 5000, 'Shift+F10 to open the selected row menu');
    const focused = () => p.evaluate(() => document.activeElement?.getAttribute('data-testid'));
    for (let i = 0; i < 20 && (await focused()) !== 'menu-filter-conn'; i++) await p.keyboard.press('ArrowDown');
    expect(await focused()).toBe('menu-filter-conn');
    await p.keyboard.press('Enter');
    await waitUntil(
      async () => (await textOf(p, '[data-testid="status-messages"]')).startsWith('2 of 6 messages shown'),
      5000,
      'the filter to show the other socket only',
    );
    expect(await p.$eval('[data-testid="filter-input"]', (el) => (el as HTMLInputElement).value)).toMatch(/^conn:="[^"]+"$/);
    expect(await menuClosed(p)).toBe(true);
  });

  it('the export popover fits the side dock and its Save is a filled button in light and dark, not text', async () => {
    const p = panel;
    await resize(p, 555, 800);
    await p.click('[data-testid="export-button"]');
    await p.waitForSelector('[data-testid="export-save"]');
    const look = () =>
      p.evaluate(() => {
        const save = getComputedStyle(document.querySelector('[data-testid="export-save"]') as HTMLElement);
        const pop = document.querySelector('.ss-export') as HTMLElement;
        const around = getComputedStyle(pop);
        const box = pop.getBoundingClientRect();
        return {
          fill: save.backgroundColor,
          around: around.backgroundColor,
          border: parseFloat(save.borderTopWidth),
          text: save.color,
          inside: box.left >= 0 && box.right <= window.innerWidth,
        };
      });
    for (const theme of ['light', 'dark'] as const) {
      await setTheme(p, theme);
      const l = await look();
      console.log(`${name} ${theme} Save: ${JSON.stringify(l)}`);
      expect(l.fill).not.toBe(l.around);
      expect(l.fill).not.toMatch(/rgba\(0, 0, 0, 0\)|transparent/);
      expect(l.border).toBeGreaterThanOrEqual(1);
      expect(l.text).not.toBe(l.fill);
      expect(l.inside).toBe(true); // the toolbar wraps at 555 px: the popover must not open off the left edge
      await screenshot(p, `export-save-${name}-555x800-${theme}`);
    }
    await p.evaluate(() => {
      for (const el of document.querySelectorAll<HTMLElement>('.ss-root, .ss-panel')) el.dataset.theme = 'light';
    });
  });

  it('a dragged column width and a hidden column stay after the panel is reopened', async () => {
    const p = panel;
    await resize(p, 1600, 300);
    await p.click('[data-testid="export-button"]'); // close the popover
    const width = (page: Page, col: string) =>
      page.evaluate((c: string) => {
        const cell = document.querySelector(`.ss-head [data-col="${c}"]`) as HTMLElement | null;
        return cell && getComputedStyle(cell).display !== 'none' ? cell.getBoundingClientRect().width : 0;
      }, col);
    const head = await (await p.$('[data-testid="table-head"]'))?.boundingBox();
    if (!head) throw new Error('no header');
    await p.mouse.click(head.x + 30, head.y + head.height / 2, { button: 'right' });
    await waitUntil(() => menuOpen(p), 5000, 'the column menu');
    await screenshotThemes(p, `context-menu-columns-${name}-1600x300`);
    await p.click('[data-testid="menu-col-time"]');
    await waitUntil(async () => (await width(p, 'time')) === 0, 5000, 'the Time column hidden');
    // After the hide (which saves): the width below must be saved by the drag's own end.
    const before = await width(p, 'size');
    const grip = await p.$('[data-testid="col-grip-size"]');
    const g = await grip?.boundingBox();
    if (!g) throw new Error('no grip');
    await p.mouse.move(g.x + g.width / 2, g.y + g.height / 2);
    await p.mouse.down();
    await p.mouse.move(g.x + g.width / 2 + 60, g.y + g.height / 2, { steps: 4 });
    await p.mouse.up();
    await waitUntil(async () => Math.abs((await width(p, 'size')) - (before + 60)) <= 2, 5000, 'the Size column 60 px wider');
    const sized = await width(p, 'size');
    console.log(`${name}: Size ${Math.round(before)} → ${Math.round(sized)} px, Time hidden`);

    const again = await h.openPanel('t=menu-', p);
    await resize(again, 1600, 300);
    await waitUntil(async () => (await again.$$('[data-testid="message-row"]')).length > 0, 15_000, 'the reopened panel');
    await waitUntil(async () => Math.abs((await width(again, 'size')) - sized) <= 1, 5000, 'the Size width kept');
    expect(await width(again, 'time')).toBe(0);
    await again.close();
    await p.evaluate(() => localStorage.clear());
  });
});
