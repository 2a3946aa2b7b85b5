/**
 * What the background holds and what the panel shows, read from an extension
 * page (the panel opened as a tab), plus screenshots.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import type { TabDump } from '../../../src/messaging/protocol';
import { ROOT, waitUntil } from './browsers';

export const SCREENSHOTS = join(ROOT, 'test-results/screenshots');

interface ExtensionGlobal {
  runtime: { sendMessage(m: unknown): Promise<unknown> };
}

/** Everything the background stores for the tab whose page URL contains `urlContains`. */
export async function dumpTab(panel: Page, urlContains: string): Promise<TabDump | null> {
  return panel.evaluate(async (needle: string) => {
    const g = globalThis as unknown as { browser?: ExtensionGlobal; chrome?: ExtensionGlobal };
    const api = (g.browser ?? g.chrome) as ExtensionGlobal;
    const found = (await api.runtime.sendMessage({ type: 'findTab', urlContains: needle })) as { tabId: number | null };
    if (found.tabId === null) return null;
    const res = (await api.runtime.sendMessage({ type: 'dumpTab', tabId: found.tabId })) as { dump: TabDump | null };
    return res.dump;
  }, urlContains);
}

/** Waits until the stored data satisfies `check`; returns that dump. */
export async function waitForDump(
  panel: Page,
  urlContains: string,
  check: (d: TabDump) => boolean,
  what: string,
  timeoutMs = 20_000,
): Promise<TabDump> {
  let last: TabDump | null = null;
  await waitUntil(
    async () => {
      last = await dumpTab(panel, urlContains);
      return last !== null && check(last);
    },
    timeoutMs,
    `${what} (last: ${last ? summarize(last) : 'no tab'})`,
  );
  return last as unknown as TabDump;
}

function summarize(d: TabDump): string {
  return `${d.connections.length} connections, ${d.messages.length} messages`;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: path as `${string}.png` });
  return path;
}

/** The panel's theme, as DevTools sets it: the attribute panel.css keys on. */
export async function setTheme(panel: Page, theme: 'light' | 'dark'): Promise<void> {
  await panel.evaluate((t: string) => {
    for (const el of document.querySelectorAll<HTMLElement>('.ss-root, .ss-panel')) el.dataset.theme = t;
  }, theme);
}

/** `<name>-light.png` and `<name>-dark.png` at the current size; leaves the panel light. */
export async function screenshotThemes(panel: Page, name: string): Promise<void> {
  await screenshot(panel, `${name}-light`);
  await setTheme(panel, 'dark');
  await screenshot(panel, `${name}-dark`);
  await setTheme(panel, 'light');
}

/** Number of elements matching a test id in the panel. */
export async function countTestIds(panel: Page, testId: string): Promise<number> {
  return panel.evaluate((id: string) => document.querySelectorAll(`[data-testid="${id}"]`).length, testId);
}

export async function textOf(panel: Page, selector: string): Promise<string> {
  return panel.evaluate(
    (sel: string) =>
      Array.from(document.querySelectorAll(sel))
        .map((e) => e.textContent ?? '')
        .join('\n'),
    selector,
  );
}

/** Opens the toolbar's capture settings (Preserve log, Record stacks, Debugger mode) unless they are open. */
export async function openSettings(panel: {
  waitForSelector(selector: string): Promise<unknown>;
  $(selector: string): Promise<unknown>;
  click(selector: string): Promise<void>;
}): Promise<void> {
  await panel.waitForSelector('[data-testid="settings-button"]');
  if ((await panel.$('[data-testid="settings-popover"]')) === null) await panel.click('[data-testid="settings-button"]');
  await panel.waitForSelector('[data-testid="settings-popover"]');
}
