/**
 * Which refusing handshake statuses each browser's webRequest passes on, and
 * how the panel words them (src/panel/conn-info.ts). The README's "What is
 * captured" states exactly what this test sees. A TCP refusal (nothing
 * listening) has no HTTP status: Firefox says NS_ERROR_CONNECTION_REFUSED,
 * Chrome the same bare net::ERR_FAILED as for a hidden status.
 */
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { waitUntil, type BrowserName, type Harness } from './harness/browsers';
import { useRig } from './harness/rig';
import { waitForDump } from './harness/extension';
import type { TestServer } from '../servers/test-server';

const browsers: BrowserName[] = ['chromium', 'firefox'];
const STATUSES = [401, 403, 404, 500] as const;
/** What Chrome's webRequest reports for each refusing status (seen on Chromium 156; a 403 is only net::ERR_FAILED). */
const CHROME_SHOWS: Record<(typeof STATUSES)[number], boolean> = { 401: true, 403: false, 404: false, 500: false };

/** A port with nothing listening: bound once, then closed. */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as { port: number };
  await new Promise((r) => srv.close(r));
  return port;
}

describe.each(browsers)('refused handshakes in %s', (name) => {
  let server: TestServer;
  let h: Harness;
  useRig(name, (s, b) => ((server = s), (h = b)));

  it('shows the refusing status where the browser passes it on, and says so where it does not', async () => {
    const page = await h.newPage();
    const needle = `t=refusals-${name}`;
    await page.goto(server.httpUrl(`/pages/blank.html?${needle}`));
    const refusedPort = await closedPort();
    const urls = [...STATUSES.map((s) => server.wsUrl(`/refuse?status=${s}`)), `ws://127.0.0.1:${refusedPort}/nothing-here`];
    await page.evaluate(async (list: string[]) => {
      for (const u of list) {
        const ws = new WebSocket(u);
        await new Promise((r) => (ws.onclose = r));
      }
    }, urls);
    const panel: Page = await h.openPanel(needle, page);
    const dump = await waitForDump(
      panel,
      needle,
      (d) =>
        d.connections.length === urls.length &&
        d.connections.every((c) => c.handshake?.status !== undefined || c.handshake?.error !== undefined),
      'every refused connection with its handshake outcome',
    );
    const seen = dump.connections.map((c) => ({ url: c.url, status: c.handshake?.status, error: c.handshake?.error }));
    console.log(`${name} webRequest:`, JSON.stringify(seen));
    await waitUntil(
      async () => (await panel.$$('[data-testid="handshake-status"]')).length === urls.length,
      10_000,
      'a handshake status on every connection',
    );
    const words = await panel.$$eval('[data-testid="handshake-status"]', (els) => els.map((e) => e.textContent ?? ''));
    console.log(`${name} panel:`, JSON.stringify(words));

    STATUSES.forEach((status, i) => {
      const shown = name === 'firefox' || CHROME_SHOWS[status];
      expect(seen[i]?.status, `${status}`).toBe(shown ? status : undefined);
      if (shown) expect(words[i]).toMatch(new RegExp(`^${status} `));
      else expect([seen[i]?.error, words[i]]).toEqual(['net::ERR_FAILED', 'failed — reason hidden by Chrome']);
    });
    const tcp = STATUSES.length;
    expect(seen[tcp]?.status).toBeUndefined();
    if (name === 'firefox')
      expect([seen[tcp]?.error, words[tcp]]).toEqual(['NS_ERROR_CONNECTION_REFUSED', 'connection refused — no HTTP response']);
    else expect([seen[tcp]?.error, words[tcp]]).toEqual(['net::ERR_FAILED', 'failed — reason hidden by Chrome']);
  });
});
