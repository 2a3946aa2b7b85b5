/**
 * The page cannot tell it is watched, in real Chromium and Firefox with the
 * built extension: what a page can probe (Function.prototype.toString of
 * WebSocket, send, close and toString itself; names and lengths; the
 * window's own keys and symbols; how close() converts its arguments; binary
 * sends with `ArrayBuffer[Symbol.hasInstance]` overridden) equals a run of
 * the same probe in the same browser launched without the extension (the
 * hook also reaches fresh about:blank iframes, so no in-page baseline is
 * pristine). Chromium: after the extension is reloaded mid-stream, the
 * page's memory stays flat (the orphaned relay keeps nothing).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'puppeteer-core';
import { launchPlain, waitUntil, type BrowserName, type Harness } from './harness/browsers';
import { useRig } from './harness/rig';
import { waitForDump } from './harness/extension';
import type { TestServer } from '../servers/test-server';

const browsers: BrowserName[] = ['chromium', 'firefox'];
const NATIVE = (name: string): RegExp => new RegExp(`^function ${name}\\(\\) \\{\\s*\\[native code\\]\\s*\\}$`);

interface Probe {
  printed: Record<string, string>;
  shape: unknown[];
  symbols: string[];
  keys: string[];
  closeOrder: string[];
  /** WebSocketStream, where the browser has it: how it prints and what its prototype holds. */
  stream: unknown[];
}

/** Runs in the page (MAIN world), like any page script. */
async function probePage(wsUrl: string): Promise<Probe> {
  /** Runs in the page: WebSocketStream's shape, descriptors and printed forms, and the shape of `opened`'s value. */
  async function streamProbe(wsUrl: string, print: (x: unknown) => string): Promise<unknown[]> {
    type WSS = { new (u: string): { opened: Promise<object>; closed: Promise<unknown>; close(): void }; prototype: object };
    const W = (globalThis as unknown as { WebSocketStream?: WSS }).WebSocketStream;
    if (!W) return ['absent'];
    const proto = W.prototype;
    const described = Reflect.ownKeys(proto).map((k) => {
      const d = Object.getOwnPropertyDescriptor(proto, k) as PropertyDescriptor;
      const parts: unknown[] = [String(k), d.enumerable, d.configurable, d.writable, typeof d.value, typeof d.get, typeof d.set];
      const fn = (d.get ?? d.value) as { name?: string; length?: number } | undefined;
      if (typeof fn === 'function') parts.push(print(fn), fn.name, fn.length, 'prototype' in fn);
      return parts.join('|');
    });
    const s = new W(wsUrl);
    const same = s.opened === s.opened && s.closed === s.closed;
    const value = await s.opened;
    const shape = Object.keys(value).join(',');
    s.close();
    await s.closed.catch(() => undefined);
    return [print(W), W.length, W.name, same, shape, ...described, Object.getPrototypeOf(s) === proto, s.constructor === W];
  }

  const fts = Function.prototype.toString;
  const print = (x: unknown): string => {
    try {
      return fts.call(x);
    } catch (e) {
      return `threw ${(e as Error).name}: ${(e as Error).message}`;
    }
  };
  const { send, close } = WebSocket.prototype;
  const ws = new WebSocket(wsUrl);
  await new Promise((r) => ws.addEventListener('open', r, { once: true }));
  const closeOrder: string[] = [];
  ws.close(
    { valueOf: () => (closeOrder.push('code'), 4000) } as unknown as number,
    { toString: () => (closeOrder.push('reason'), 'bye') } as unknown as string,
  );
  return {
    printed: {
      WebSocket: print(WebSocket),
      send: print(send),
      close: print(close),
      toString: print(fts),
      sendToString: send.toString(),
      nonFunction: print({}),
    },
    shape: [
      send.name,
      send.length,
      'prototype' in send,
      close.name,
      close.length,
      'prototype' in close,
      fts.name,
      fts.length,
      'prototype' in fts,
      WebSocket.name,
      WebSocket.length,
    ],
    symbols: Object.getOwnPropertySymbols(globalThis).map(String),
    keys: Reflect.ownKeys(globalThis).map(String),
    closeOrder,
    stream: await streamProbe(wsUrl, print),
  };
}

describe.each(browsers)('the hook is invisible in %s', (name) => {
  let server: TestServer;
  let h: Harness;
  /** The same browser without the extension: the native answers. */
  let plain: Browser;

  useRig(name, (s, b) => ((server = s), (h = b)));
  beforeAll(async () => {
    plain = await launchPlain(name);
  });
  afterAll(async () => {
    await plain?.close();
  });

  async function freshPage(tag: string): Promise<{ page: Page; needle: string }> {
    const page = await h.newPage();
    const needle = `t=${tag}-${name}`;
    await page.goto(server.httpUrl(`/pages/blank.html?${needle}`));
    return { page, needle };
  }

  it('answers every probe as the browser without the extension does', async () => {
    const { page } = await freshPage('probe');
    const hooked = await page.evaluate(probePage, server.wsUrl('/echo'));
    const plainPage = await plain.newPage();
    await plainPage.goto(server.httpUrl(`/pages/blank.html?t=probe-${name}`));
    const native = await plainPage.evaluate(probePage, server.wsUrl('/echo'));
    for (const key of ['WebSocket', 'send', 'close', 'toString']) expect(native.printed[key]).toMatch(NATIVE(key));
    expect(native.printed.nonFunction).toMatch(/^threw TypeError/);
    expect(native.closeOrder).toEqual(['code', 'reason']);
    // Firefox lists lazily resolved standard globals (TypeError, WeakMap…) in the order they were first
    // touched, and the hook touches some before the page runs: same keys, another order (README).
    const sorted = (p: Probe) => ({ ...p, keys: [...p.keys].sort() });
    expect(sorted(hooked)).toEqual(sorted(native));
    if (name === 'chromium') expect(hooked.keys).toEqual(native.keys);
    if (name === 'chromium') expect(native.stream.length).toBeGreaterThan(5); // WebSocketStream was there and probed
    await plainPage.close();
    await page.close();
  });

  it('captures binary sent and received while the page overrides ArrayBuffer[Symbol.hasInstance]', async () => {
    const { page, needle } = await freshPage('hasinstance');
    const echoed = await page.evaluate(async (url: string) => {
      for (const C of [ArrayBuffer, Blob, Uint8Array])
        Object.defineProperty(C, Symbol.hasInstance, { value: () => false, configurable: true });
      const ws = new WebSocket(url);
      ws.binaryType = 'arraybuffer';
      await new Promise((r) => ws.addEventListener('open', r, { once: true }));
      const back = new Promise<MessageEvent>((r) => ws.addEventListener('message', r, { once: true }));
      ws.send(new Uint8Array([1, 2, 3]).buffer);
      const ev = await back;
      return Object.prototype.toString.call(ev.data);
    }, server.wsUrl('/echo?hasinstance'));
    expect(echoed).toBe('[object ArrayBuffer]');
    await server.waitFor((s) => s.received.some((m) => m.isBinary && m.data.length === 3), 5000);
    const panel = await h.openPanel(needle, page);
    const dump = await waitForDump(panel, needle, (d) => d.messages.length >= 2, 'the sent and echoed binary messages');
    expect(dump.messages.map((m) => [m.dir, m.opcode, m.size, m.data])).toEqual([
      ['out', 2, 3, 'AQID'],
      ['in', 2, 3, 'AQID'],
    ]);
    await panel.close();
    await page.close();
  });

  it.runIf(name === 'chromium')('keeps the page memory flat after the extension is reloaded mid-stream', async () => {
    const { page, needle } = await freshPage('reload');
    await page.evaluate(async (url: string) => {
      const ws = new WebSocket(url);
      await new Promise((r) => ws.addEventListener('open', r, { once: true }));
      const chunk = 'x'.repeat(64 * 1024 - 8);
      /** Sends `bytes` of text in 64 KiB messages (each a new string), 16 in flight; resolves when all came back. */
      const pump = (bytes: number): Promise<void> =>
        new Promise((resolve) => {
          const n = Math.ceil(bytes / (64 * 1024));
          let sent = 0;
          let got = 0;
          const sendOne = (): void => ws.send(`${String(sent++).padStart(8, '0')}${chunk}`);
          const onMessage = (): void => {
            if (++got === n) {
              ws.removeEventListener('message', onMessage);
              resolve();
            } else if (sent < n) sendOne();
          };
          ws.addEventListener('message', onMessage);
          for (let i = 0; i < Math.min(16, n); i++) sendOne();
        });
      (globalThis as unknown as { pump: typeof pump }).pump = pump;
    }, server.wsUrl('/echo?reload'));
    const pump = (bytes: number) =>
      page.evaluate((b: number) => (globalThis as unknown as { pump: (b: number) => Promise<void> }).pump(b), bytes);
    const MB = 1024 * 1024;

    await pump(2 * MB);
    const panel = await h.openPanel(needle, page);
    await waitForDump(panel, needle, (d) => d.messages.length >= 64, 'the first 2 MB captured');
    // An extension page may reload the extension; its pages close with it (the panel's going is the sign).
    await panel.evaluate(
      () => void setTimeout(() => (globalThis as unknown as { chrome: { runtime: { reload(): void } } }).chrome.runtime.reload(), 0),
    );
    const isPanel = (t: { url(): string }) => t.url().startsWith(`${h.extensionOrigin}/extension/panel.html`);
    await waitUntil(() => !h.browser.targets().some(isPanel), 20_000, 'the extension to reload (its panel page closes)');

    await pump(2 * MB); // the old relay finds itself orphaned
    const before = await usedHeap(page);
    await pump(20 * MB);
    const after = await usedHeap(page);
    console.log(
      `[transparency] page heap after the reload: ${(before / MB).toFixed(1)} MB → ${(after / MB).toFixed(1)} MB after 20 MB sent and 20 MB echoed`,
    );
    expect(after - before).toBeLessThan(4 * MB);
    await page.close();
  });
});

/** Used heap of the page's renderer isolate (page and content scripts share it), after a full GC. */
async function usedHeap(page: Page): Promise<number> {
  const cdp = await page.createCDPSession();
  try {
    await cdp.send('HeapProfiler.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; backingStorageSize?: number };
    return usage.usedSize + (usage.backingStorageSize ?? 0);
  } finally {
    await cdp.detach();
  }
}
