/**
 * Sorting the messages table and the side-docked toolbar, in Chromium and
 * Firefox: a click on Size sorts the rows by size (ties in arrival order), a
 * second click reverses it, and the order is still there when the panel is
 * opened again (localStorage, per profile). The toolbar keeps to two rows at
 * Chrome's side dock (555 px) with the capture settings behind one button, and
 * to one row docked at the bottom (1600 px). Screenshots at 555×800 and
 * 1600×300, light and dark: test-results/screenshots/table-sort-*.png.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { waitUntil, type BrowserName, type Harness } from './harness/browsers';
import { useRig } from './harness/rig';
import { openSettings, screenshotThemes, textOf } from './harness/extension';
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

/** The rows on screen: message id and the size the Size cell shows (all under 1 KiB here: "123 B"). */
function rows(p: Page): Promise<{ id: number; size: number }[]> {
  return p.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLElement>('[data-testid="message-row"]')).map((r) => ({
      id: Number(r.dataset.msgId),
      size: Number.parseInt(r.querySelector('.ss-c-size')?.textContent ?? '', 10),
    })),
  );
}

/** Sorted by size in `dir`, equal sizes in arrival (id) order. */
function inSizeOrder(r: { id: number; size: number }[], dir: 'asc' | 'desc'): boolean {
  return r.every((x, i) => {
    const prev = r[i - 1];
    if (!prev) return true;
    if (prev.size === x.size) return prev.id < x.id;
    return dir === 'asc' ? prev.size < x.size : prev.size > x.size;
  });
}

/** How many rows the toolbar's visible items sit on (distinct tops, 4 px apart or more). */
function toolbarRows(p: Page): Promise<number> {
  return p.evaluate(() => {
    const bar = document.querySelector('.ss-toolbar') as HTMLElement;
    const tops: number[] = [];
    for (const el of Array.from(bar.children) as HTMLElement[]) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      if (!tops.some((t) => Math.abs(t - r.top) < 4)) tops.push(r.top);
    }
    return tops.length;
  });
}

describe.each(browsers)('table sort and toolbar in %s', (name) => {
  let server: TestServer;
  let h: Harness;
  useRig(name, (s, b) => ((server = s), (h = b)));

  it('sorts by size (stable), keeps the order when the panel is reopened; the toolbar keeps to 2 rows at 555 px, 1 at 1600 px', async () => {
    const page = await h.newPage();
    const needle = `t=sort-${name}`;
    await page.goto(server.httpUrl(`/pages/blank.html?${needle}`));
    // 10 messages echoed back (20 rows), sizes with ties: 30, 70, 110, 30, …
    await page.evaluate(async (url: string) => {
      const ws = new WebSocket(url);
      await new Promise((r) => (ws.onopen = r));
      let echoed = 0;
      const done = new Promise((r) => (ws.onmessage = () => ++echoed === 10 && r(null)));
      for (let i = 0; i < 10; i++) ws.send(`${String(i).padStart(2, '0')}:${'x'.repeat(27 + ((i * 40) % 120))}`);
      await done;
    }, server.wsUrl('/echo?sort'));
    const panel = await h.openPanel(needle, page);
    await resize(panel, 555, 800);
    await waitUntil(async () => (await rows(panel)).length === 20, 15_000, 'the 20 rows');
    expect(inSizeOrder(await rows(panel), 'asc')).toBe(false); // arrival order is not size order

    await panel.click('[data-testid="col-head-size"]');
    await waitUntil(async () => inSizeOrder(await rows(panel), 'asc'), 5000, 'rows in ascending size');
    expect(await panel.$eval('[data-testid="col-head-size"]', (e) => e.getAttribute('aria-sort'))).toBe('ascending');
    await panel.click('[data-testid="col-head-size"]');
    await waitUntil(async () => inSizeOrder(await rows(panel), 'desc'), 5000, 'rows in descending size');
    const sorted = await rows(panel);
    console.log(`${name}: sizes by Size ▼ ${sorted.map((r) => r.size).join(' ')}`);

    // The side dock: capture settings behind one button, at most two toolbar rows.
    const at555 = await toolbarRows(panel);
    console.log(`${name} 555×800: toolbar on ${at555} rows`);
    expect(at555).toBeLessThanOrEqual(2);
    await screenshotThemes(panel, `table-sort-${name}-555x800`);
    await openSettings(panel);
    expect(await panel.$('[data-testid="settings-popover"] [data-testid="preserve-log"]')).not.toBeNull();
    await screenshotThemes(panel, `table-sort-${name}-555x800-settings`);
    await panel.keyboard.press('Escape');
    await waitUntil(async () => (await panel.$('[data-testid="settings-popover"]')) === null, 5000, 'Esc to close the settings');
    expect(await panel.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('settings-button');

    await resize(panel, 1600, 300);
    const at1600 = await toolbarRows(panel);
    console.log(`${name} 1600×300: toolbar on ${at1600} rows`);
    expect(at1600).toBe(1);
    await screenshotThemes(panel, `table-sort-${name}-1600x300`);

    // Reopened: the same order, read from the profile's storage.
    const again = await h.openPanel(needle, page);
    await resize(again, 555, 800);
    await waitUntil(async () => (await rows(again)).length === 20, 15_000, 'the reopened panel');
    expect(await again.$eval('[data-testid="col-head-size"]', (e) => e.getAttribute('aria-sort'))).toBe('descending');
    expect((await rows(again)).map((r) => r.id)).toEqual(sorted.map((r) => r.id));
    expect(await textOf(again, '[data-testid="status-messages"]')).toContain('20 messages');
    await again.evaluate(() => localStorage.clear());
    await again.close();
    await panel.close();
    await page.close();
  });
});
