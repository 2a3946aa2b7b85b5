/**
 * Debugger mode in real Chromium (Firefox has no debugger API): the user
 * turns it on in the panel (the explanation first, then a real click on
 * "Turn on", which requests the `debugger` permission), and the background
 * attaches. A 403 refused handshake gets CDP's full request headers and
 * initiator but no status: measured on Chromium 156, CDP hides it as
 * webRequest does (net::ERR_FAILED), the evidence for the README; a
 * dedicated worker's socket is stored once, byte for byte, with the page hook
 * active beside it; turning it off detaches (a second attach from the same
 * extension is refused while it holds the tab) and the worker's next
 * message is not stored.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { waitUntil, type Harness } from './harness/browsers';
import { useRig } from './harness/rig';
import { openSettings, screenshot, textOf, waitForDump } from './harness/extension';
import type { TestServer } from '../servers/test-server';
import type { TabDump } from '../../src/messaging/protocol';

const byWho = (d: TabDump, who: string) => d.connections.filter((c) => c.url.endsWith(`who=${who}`));
const BYTES = [0, 1, 2, 127, 128, 254, 255, 10, 13];

/**
 * Whether Sockscope holds a debugger session on the tab. chrome.debugger.getTargets cannot say: its
 * `attached` counts any client, and puppeteer is one. Chrome refuses a second session of the same
 * extension on a tab, so the panel page (same extension) tries to attach: refused = the background holds one.
 */
const attachedToTab = (panel: Page, tabId: number): Promise<boolean> =>
  panel.evaluate(async (id: number) => {
    type Dbg = { attach(t: { tabId: number }, v: string): Promise<void>; detach(t: { tabId: number }): Promise<void> };
    const dbg = (globalThis as unknown as { chrome: { debugger: Dbg } }).chrome.debugger;
    try {
      await dbg.attach({ tabId: id }, '1.3');
    } catch {
      return true;
    }
    await dbg.detach({ tabId: id });
    return false;
  }, tabId);

async function shoot(panel: Page, name: string): Promise<void> {
  await panel.setViewport({ width: 555, height: 800 });
  for (const theme of ['light', 'dark']) {
    await panel.evaluate((t: string) => {
      for (const el of document.querySelectorAll<HTMLElement>('.ss-root, .ss-panel')) el.dataset.theme = t;
    }, theme);
    await screenshot(panel, `${name}-555x800-${theme}`);
  }
}

describe('debugger mode in chromium', () => {
  let server: TestServer;
  let h: Harness;
  useRig('chromium', (s, b) => ((server = s), (h = b)));

  it('adds a refused handshake’s headers, stores a worker socket once, and detaches when turned off', async () => {
    const page: Page = await h.newPage();
    const needle = 't=debugger-mode';
    await page.goto(server.httpUrl(`/pages/debugger/index.html?${needle}`));
    const echo = server.wsUrl('/echo?who=');
    await page.evaluate(async (u: string) => {
      const ws = new WebSocket(u + 'page');
      (globalThis as unknown as { pageSocket: WebSocket }).pageSocket = ws;
      await new Promise((r) => (ws.onopen = r));
    }, echo);
    const panel = await h.openPanel(needle, page);
    const first = await waitForDump(panel, needle, (d) => byWho(d, 'page').length === 1, 'the page socket');

    // Off by default; clicking explains first and does not turn it on by itself.
    await openSettings(panel);
    expect(await attachedToTab(panel, first.tabId)).toBe(false);
    await panel.click('[data-testid="debugger-mode"]');
    await panel.waitForSelector('[data-testid="debugger-explain"]');
    expect(await textOf(panel, '[data-testid="debugger-explain"]')).toContain('started debugging this browser');
    expect(await panel.$eval('[data-testid="debugger-mode"]', (el) => (el as HTMLInputElement).checked)).toBe(false);
    await shoot(panel, 'debugger-explain');
    await panel.click('[data-testid="debugger-confirm"]');
    await waitForDump(panel, needle, (d) => d.options.debugger === true, 'the mode on');
    await waitUntil(() => attachedToTab(panel, first.tabId), 10_000, 'chrome.debugger attached to the tab');

    // A refused handshake. Measured on Chromium 156: CDP hides the status too (no
    // webSocketHandshakeResponseReceived, an empty webSocketFrameError, a console line "failed: " without
    // the reason), so the status stays unknown; CDP adds the full request headers and the initiator.
    // Should Chrome pass the status on, this fails and the README's words change (the merger shows it: unit tests).
    await page.evaluate(async (u: string) => {
      const ws = new WebSocket(u);
      await new Promise((r) => (ws.onclose = r));
    }, server.wsUrl('/refuse?status=403&who=refused'));
    const refused = await waitForDump(
      panel,
      needle,
      (d) => Boolean(byWho(d, 'refused')[0]?.initiator && byWho(d, 'refused')[0]?.handshake?.error),
      'the refused socket with CDP news',
    );
    const rc = byWho(refused, 'refused');
    expect(rc).toHaveLength(1);
    expect(rc[0]?.handshake?.error).toBe('net::ERR_FAILED'); // what webRequest said
    expect(rc[0]?.handshake?.status).toBeUndefined(); // hidden by CDP as well
    expect(rc[0]?.handshake?.requestHeaders?.map((x) => x.name.toLowerCase())).toContain('sec-websocket-key');
    expect(rc[0]?.initiator).toMatchObject({ type: 'script', url: expect.stringContaining('debugger.e2e.ts') }); // not our hook's frame
    await waitUntil(
      async () =>
        (await panel.$$eval('[data-testid="handshake-status"]', (els) => els.map((e) => e.textContent))).includes(
          'failed — reason hidden by Chrome',
        ),
      10_000,
      'the refusal in the list',
    );

    // A dedicated worker's socket, the page hook active beside it.
    await page.evaluate(async (u: string) => {
      const w = new Worker('worker.js');
      (globalThis as unknown as { w: Worker }).w = w;
      await new Promise<void>((r) => {
        w.onmessage = () => r();
        w.postMessage({ open: u + 'worker' });
      });
    }, echo);
    const exchange = (send: string | number[]) =>
      page.evaluate(async (s: string | number[]) => {
        const w = (globalThis as unknown as { w: Worker }).w;
        return new Promise<unknown>((r) => {
          w.onmessage = (e) => r((e.data as { echo: unknown }).echo);
          w.postMessage({ send: s });
        });
      }, send);
    expect(await exchange('from-worker ✓')).toBe('from-worker ✓');
    expect(await exchange(BYTES)).toEqual(BYTES);
    await page.evaluate(() => (globalThis as unknown as { pageSocket: WebSocket }).pageSocket.send('from-page'));
    // A page socket opened while the mode is on: the hook and CDP both see it; stored once, by the hook.
    await page.evaluate(async (u: string) => {
      const ws = new WebSocket(u);
      await new Promise((r) => (ws.onopen = r));
      ws.send('from-page2');
      await new Promise((r) => (ws.onmessage = r));
    }, echo + 'page2');
    const b64 = Buffer.from(BYTES).toString('base64');
    const both = await waitForDump(
      panel,
      needle,
      (d) =>
        d.messages.filter((m) => m.conn === byWho(d, 'worker')[0]?.id).length >= 4 &&
        byWho(d, 'page')[0]?.received.messages === 1 &&
        byWho(d, 'page2')[0]?.received.messages === 1 &&
        byWho(d, 'page2')[0]?.initiator !== undefined,
      'the worker messages and the page echo',
    );
    const wc = byWho(both, 'worker');
    expect(wc).toHaveLength(1);
    expect(wc[0]).toMatchObject({ via: 'debugger', realm: 'worker' });
    expect(wc[0]?.unseen).toBeUndefined();
    const wm = both.messages.filter((m) => m.conn === wc[0]?.id).map((m) => [m.dir, m.opcode, m.data, m.size]);
    expect(wm).toEqual([
      ['out', 1, 'from-worker ✓', 15],
      ['in', 1, 'from-worker ✓', 15],
      ['out', 2, b64, BYTES.length],
      ['in', 2, b64, BYTES.length],
    ]);
    const pc = byWho(both, 'page');
    expect(pc).toHaveLength(1);
    expect(both.messages.filter((m) => m.conn === pc[0]?.id).map((m) => m.data)).toEqual(['from-page', 'from-page']); // not twice
    // Chrome's webRequest hides Sec-WebSocket-Key; with CDP's headers the Accept answer can be verified.
    for (const c of [wc[0], byWho(both, 'page2')[0]]) {
      const key = c?.handshake?.requestHeaders?.find((x) => x.name.toLowerCase() === 'sec-websocket-key')?.value ?? '';
      const accept = c?.handshake?.responseHeaders?.find((x) => x.name.toLowerCase() === 'sec-websocket-accept')?.value;
      expect(accept).toBe(
        createHash('sha1')
          .update(key + '258EAFA5-E914-47DA-95CA-C5AB0DC85B11')
          .digest('base64'),
      );
    }
    const p2 = byWho(both, 'page2');
    expect(p2).toHaveLength(1);
    expect(p2[0]?.via).toBeUndefined();
    expect(p2[0]?.initiator?.type).toBe('script');
    expect(p2[0]?.handshake?.requestHeaders?.map((x) => x.name.toLowerCase())).toContain('sec-websocket-key');
    expect(both.messages.filter((m) => m.conn === p2[0]?.id).map((m) => m.data)).toEqual(['from-page2', 'from-page2']);
    await panel.evaluate(() => {
      const row = document.querySelector('[data-testid="conn-via"]')?.closest('[data-testid="connection-row"]') as HTMLElement;
      row.click();
      row.scrollIntoView();
    });
    await shoot(panel, 'debugger-on');

    // Off: detached at once; the worker's next message is not stored.
    await openSettings(panel);
    await panel.click('[data-testid="debugger-mode"]');
    await waitForDump(panel, needle, (d) => d.options.debugger === false, 'the mode off');
    await waitUntil(async () => !(await attachedToTab(panel, first.tabId)), 10_000, 'chrome.debugger detached');
    expect(await exchange('after-off')).toBe('after-off');
    await page.evaluate(() => (globalThis as unknown as { pageSocket: WebSocket }).pageSocket.send('marker'));
    const after = await waitForDump(panel, needle, (d) => d.messages.some((m) => m.data === 'marker' && m.dir === 'in'), 'the marker echo');
    expect(after.messages.filter((m) => m.data === 'after-off')).toEqual([]);
    await panel.close();
    await page.close();
  });
  it('stores a service worker socket auto-attach brings; a shared worker stays unseen', async () => {
    const page: Page = await h.newPage();
    const needle = 't=debugger-workers';
    await page.goto(server.httpUrl(`/pages/workers/index.html?${needle}`));
    const echo = server.wsUrl('/echo?who=');
    await page.evaluate(async (u: string) => {
      const ws = new WebSocket(u + 'anchor');
      await new Promise((r) => (ws.onopen = r));
    }, echo);
    const panel = await h.openPanel(needle, page);
    await waitForDump(panel, needle, (d) => byWho(d, 'anchor').length === 1, 'the anchor socket');
    await openSettings(panel);
    await panel.click('[data-testid="debugger-mode"]');
    await panel.click('[data-testid="debugger-confirm"]');
    await waitForDump(panel, needle, (d) => d.options.debugger === true, 'the mode on');
    const got = await page.evaluate(async (u: string) => {
      const shared = new SharedWorker('shared-worker.js');
      const fromShared = await new Promise<{ got: string[] }>((r) => {
        shared.port.onmessage = (e) => r(e.data as { got: string[] });
        shared.port.postMessage({ url: u + 'shared', send: ['from-shared'] });
      });
      const reg = await navigator.serviceWorker.register('service-worker.js');
      await navigator.serviceWorker.ready;
      const fromService = await new Promise<{ got: string[] }>((r) => {
        navigator.serviceWorker.onmessage = (e) => r(e.data as { got: string[] });
        (reg.active as ServiceWorker).postMessage({ url: u + 'service', send: ['from-service'] });
      });
      await reg.unregister();
      return [fromShared.got[0], fromService.got[0]];
    }, echo);
    expect(got).toEqual(['from-shared', 'from-service']);
    // Proof that later news would have come: a page socket opened after both is stored with its handshake.
    await page.evaluate(async (u: string) => {
      const ws = new WebSocket(u + 'after');
      await new Promise((r) => (ws.onopen = r));
    }, echo);
    const dump = await waitForDump(panel, needle, (d) => byWho(d, 'after')[0]?.initiator !== undefined, 'the later socket');
    const seen = ['shared', 'service'].map((w) => ({ w, conns: byWho(dump, w).map((c) => ({ realm: c.realm, via: c.via })) }));
    console.log('chromium debugger mode, worker sockets:', JSON.stringify(seen));
    // Measured on Chromium 156: auto-attach on the tab brings the service worker (with its socket and
    // messages), not the shared worker (no socket of it is seen at all).
    expect(byWho(dump, 'shared')).toEqual([]);
    const sw = byWho(dump, 'service');
    expect(sw).toHaveLength(1);
    expect(sw[0]).toMatchObject({ via: 'debugger', realm: 'service or shared worker' });
    const swMessages = await waitForDump(panel, needle, (d) => d.messages.filter((m) => m.conn === sw[0]?.id).length === 2, 'its messages');
    expect(swMessages.messages.filter((m) => m.conn === sw[0]?.id).map((m) => [m.dir, m.data])).toEqual([
      ['out', 'from-service'],
      ['in', 'from-service'],
    ]);
    await panel.close();
    await page.close();
  });
});
