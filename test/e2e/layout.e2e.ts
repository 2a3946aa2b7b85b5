/**
 * The panel at DevTools' real sizes: Chrome's default side dock (555 px wide),
 * a bottom dock (1600×300) and a laptop window (1280×800). With demo-like
 * traffic and one connection selected, the Data column must get most of the
 * width and a short bottom dock must still show rows. Screenshots of each
 * size in light and dark go to test-results/screenshots/layout-*.png.
 * Also: the panel's own keys in the panel tab (Ctrl+F, Esc) and the status bar
 * when filtered.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { waitUntil, type BrowserName, type Harness } from './harness/browsers';
import { useRig } from './harness/rig';
import { screenshotThemes, textOf } from './harness/extension';
import type { TestServer } from '../servers/test-server';

const browsers: BrowserName[] = ['chromium', 'firefox'];
const SIZES = [
  { width: 555, height: 800, minData: 300, minRows: 0 },
  { width: 1600, height: 300, minData: 900, minRows: 7 },
  { width: 1280, height: 800, minData: 700, minRows: 20 },
] as const;

interface Measure {
  data: number;
  rows: number;
  overflowX: number;
}

/** The Data header cell's rendered width, rows fully inside the scroller, horizontal overflow of the page. */
function measure(p: Page): Promise<Measure> {
  return p.evaluate(() => {
    const head = document.querySelector('.ss-head .ss-c-preview') as HTMLElement;
    const scroller = (document.querySelector('.ss-scroller') as HTMLElement).getBoundingClientRect();
    const rows = Array.from(document.querySelectorAll('[data-testid="message-row"]')).filter((r) => {
      const b = r.getBoundingClientRect();
      return b.top >= scroller.top - 0.5 && b.bottom <= scroller.bottom + 0.5;
    }).length;
    return { data: head.getBoundingClientRect().width, rows, overflowX: document.documentElement.scrollWidth - window.innerWidth };
  });
}

describe.each(browsers)('panel layout in %s', (name) => {
  let server: TestServer;
  let h: Harness;
  let panel: Page;
  useRig(name, (s, b) => ((server = s), (h = b)));

  /** A chat-like socket: 20 JSON messages of 60–200 characters, echoed back (40 rows). */
  async function chatTraffic(): Promise<Page> {
    const page = await h.newPage();
    const needle = `t=layout-${name}`;
    await page.goto(server.httpUrl(`/pages/blank.html?${needle}`));
    await page.evaluate(async (url: string) => {
      const ws = new WebSocket(url);
      await new Promise((r) => (ws.onopen = r));
      let echoed = 0;
      const done = new Promise((r) => (ws.onmessage = () => ++echoed === 20 && r(null)));
      const words = 'the quick brown fox jumps over a lazy dog while the chat room keeps talking about sockets frames and masks'.split(' ');
      for (let i = 0; i < 20; i++) {
        const n = 6 + ((i * 7) % 24);
        const text = Array.from({ length: n }, (_, k) => words[(i + k) % words.length]).join(' ');
        ws.send(JSON.stringify({ type: 'message', room: 'lobby', user: ['ana', 'bo', 'chen'][i % 3], text, seq: i }));
      }
      await done;
    }, server.wsUrl('/echo?room=lobby'));
    panel = await h.openPanel(needle, page);
    await waitUntil(async () => (await panel.$$('[data-testid="connection-row"]')).length === 1, 15_000, 'the connection in the panel');
    await panel.click('[data-testid="connection-row"]');
    await waitUntil(
      async () =>
        (await panel.$$('[data-testid="connection-row"].ss-selected')).length === 1 &&
        (await textOf(panel, '[data-testid="status-messages"]')).startsWith('40 messages'),
      15_000,
      'the 40 messages of the selected connection',
    );
    return panel;
  }

  it('gives the Data column most of the width at 555×800, 1600×300 and 1280×800', async () => {
    const p = await chatTraffic();
    for (const size of SIZES) {
      await p.setViewport({ width: size.width, height: size.height });
      await waitUntil(
        () => p.evaluate((w: number) => window.innerWidth === w, size.width),
        5000,
        `the ${size.width}×${size.height} viewport`,
      );
      // The virtual table re-renders for the new height on its ResizeObserver: let it settle, then assert.
      await waitUntil(
        async () => {
          const now = await measure(p);
          return now.rows >= size.minRows && now.data >= size.minData;
        },
        5000,
        `the table to lay out at ${size.width}×${size.height}`,
      ).catch(() => undefined);
      const m = await measure(p);
      console.log(`${name} ${size.width}×${size.height}: Data column ${Math.round(m.data)} px, ${m.rows} rows visible`);
      expect(m.data).toBeGreaterThanOrEqual(size.minData);
      expect(m.rows).toBeGreaterThanOrEqual(size.minRows);
      expect(m.overflowX).toBeLessThanOrEqual(0);
      await screenshotThemes(p, `layout-${name}-${size.width}x${size.height}`);
    }
  });

  it('an opened message shows its detail beside the table when wide and below it when narrow', async () => {
    const p = panel;
    await p.setViewport({ width: 1280, height: 800 });
    const rows = await p.$$('[data-testid="message-row"]');
    await (rows[3] ?? rows[0])?.click();
    await p.waitForSelector('[data-testid="detail-pane"]');
    const place = () =>
      p.evaluate(() => {
        const t = (document.querySelector('.ss-table') as HTMLElement).getBoundingClientRect();
        const d = (document.querySelector('[data-testid="detail-pane"]') as HTMLElement).getBoundingClientRect();
        const data = (document.querySelector('.ss-head .ss-c-preview') as HTMLElement).getBoundingClientRect().width;
        return { beside: d.left >= t.right - 1, below: d.top >= t.bottom - 1, detailWidth: d.width, detailHeight: d.height, data };
      });
    const wide = await place();
    console.log(`${name} 1280×800 with detail: Data ${Math.round(wide.data)} px, detail ${Math.round(wide.detailWidth)} px wide`);
    expect(wide.beside).toBe(true);
    expect(wide.detailWidth).toBeGreaterThanOrEqual(320);
    await screenshotThemes(p, `layout-${name}-1280x800-detail`);
    await p.setViewport({ width: 555, height: 800 });
    await waitUntil(async () => (await place()).below, 5000, 'the detail pane to move below the table');
    const narrow = await place();
    console.log(`${name} 555×800 with detail: Data ${Math.round(narrow.data)} px, detail ${Math.round(narrow.detailHeight)} px high`);
    expect(narrow.detailHeight).toBeGreaterThanOrEqual(200);
    expect(narrow.data).toBeGreaterThanOrEqual(300);
    await screenshotThemes(p, `layout-${name}-555x800-detail`);
  });

  it('keys in the panel: Ctrl+F focuses the filter, Esc closes the help, then the message; the status bar says what is hidden', async () => {
    const p = panel;
    await p.setViewport({ width: 1280, height: 800 });
    await p.click('.ss-scroller');
    await p.keyboard.down('Control');
    await p.keyboard.press('f');
    await p.keyboard.up('Control');
    await waitUntil(
      () => p.evaluate(() => document.activeElement?.getAttribute('data-testid') === 'filter-input'),
      5000,
      'the filter box to have focus',
    );
    await p.keyboard.type('chen'); // every third message, sent and echoed: 12 rows
    await waitUntil(
      async () => (await textOf(p, '[data-testid="status-messages"]')).startsWith('12 of 40 messages shown'),
      5000,
      'the status bar to count the filtered rows',
    );
    expect(await textOf(p, '[data-testid="status-hidden"]')).toBe('28 hidden by the filter');
    await p.click('[data-testid="filter-help-button"]');
    await p.waitForSelector('[data-testid="filter-help"]');
    await p.keyboard.press('Escape');
    await waitUntil(async () => (await p.$('[data-testid="filter-help"]')) === null, 5000, 'Esc to close the filter help');
    expect(await p.$('[data-testid="detail-pane"]')).not.toBeNull(); // one thing per Esc
    await p.click('.ss-scroller');
    await p.keyboard.press('Escape');
    await waitUntil(async () => (await p.$('[data-testid="detail-pane"]')) === null, 5000, 'the second Esc to close the message');
  });
});
