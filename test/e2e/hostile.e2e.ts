/**
 * A hostile page, end to end in real Chromium and Firefox: it patches the
 * prototypes the hook could talk through (and `ArrayBuffer[Symbol.hasInstance]`,
 * `JSON.stringify`) before opening sockets, and tries to forge a connection
 * on every port and handshake it can reach. Its traffic is still captured
 * completely, byte for byte, and nothing forged is stored. And a third-party
 * iframe never receives the top page's intercept rules.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { waitUntil, type BrowserName, type Harness } from './harness/browsers';
import { useRig } from './harness/rig';
import { textOf, waitForDump } from './harness/extension';
import type { TestServer } from '../servers/test-server';

const browsers: BrowserName[] = ['chromium', 'firefox'];
const b64 = (bytes: number[]): string => Buffer.from(bytes).toString('base64');

interface Hostile {
  calls: string[];
  ports: MessagePort[];
  listen(target: EventTarget, type: string, fn: (e: Event) => void): void;
  post: MessagePort['postMessage'];
  got: string[];
}

describe.each(browsers)('a hostile page in %s', (name) => {
  let server: TestServer;
  let h: Harness;
  let page: Page;
  let panel: Page;
  useRig(name, (s, b) => ((server = s), (h = b)));

  async function openPanel(needle: string, connections: number): Promise<void> {
    panel = await h.openPanel(needle, page);
    // Until the background tab's first (throttled) batch arrives, the shell may find no tab: look again.
    await waitUntil(
      async () => {
        if ((await panel.$$('[data-testid="connection-row"]')).length >= connections) return true;
        if ((await panel.evaluate(() => document.body.textContent ?? '')).includes('no tab to inspect'))
          await panel.evaluate(() => location.reload());
        return false;
      },
      15_000,
      'the connections in the panel',
    );
  }
  const byTestId = (id: string) => `[data-testid="${id}"]`;
  async function click(id: string): Promise<void> {
    await panel.waitForSelector(byTestId(id));
    await panel.click(byTestId(id));
  }
  async function fill(id: string, value: string, event = 'input'): Promise<void> {
    await panel.waitForSelector(byTestId(id));
    await panel.$eval(
      byTestId(id),
      (el, v, ev) => {
        (el as HTMLInputElement).value = v;
        el.dispatchEvent(new Event(ev, { bubbles: true }));
      },
      value,
      event,
    );
  }

  it('is captured completely, binary byte for byte, and cannot forge a connection', async () => {
    page = await h.newPage();
    const needle = `t=hostile-${name}`;
    await page.goto(server.httpUrl(`/pages/hostile.html?${needle}`));
    await page.evaluate(async (url: string) => {
      const g = (window as unknown as { hostile: Hostile }).hostile;
      g.got = [];
      const ws = new WebSocket(url);
      ws.binaryType = 'arraybuffer';
      await new Promise((r) => g.listen(ws, 'open', r));
      let n = 0;
      const all = new Promise<void>((r) => g.listen(ws, 'message', () => ++n === 5 && r()));
      ws.send('plain text ✓');
      ws.send(new Uint8Array([0, 1, 2, 255]).buffer);
      ws.send(new Uint8Array([9, 8, 7, 6, 5]).subarray(1, 4));
      ws.send(new Blob([new Uint8Array([42, 43])]));
      ws.send(new DataView(new Uint8Array([100, 101, 102]).buffer));
      await all;
    }, server.wsUrl('/echo'));

    // Forge: on every port the patches caught, through a fake hook handshake, and a fake relay-ready.
    await page.evaluate(() => {
      const g = (window as unknown as { hostile: Hostile }).hostile;
      const t = Date.now();
      const batch = {
        type: 'batch',
        events: [
          { k: 'create', conn: 'forged:1', t, url: 'wss://forged.example/spoof', protocols: [], frameUrl: location.href },
          { k: 'message', conn: 'forged:1', t, dir: 'out', opcode: 1, text: 'spoof', origin: 'resent' },
        ],
      };
      for (const port of g.ports) g.post.call(port, batch);
      const ch = new MessageChannel();
      window.postMessage({ __sockscope_v1: 'hook-hello' }, '*', [ch.port2]);
      g.post.call(ch.port1, batch);
      window.postMessage({ __sockscope_v1: 'relay-ready' }, '*');
    });
    // One more real message after the forgeries: once it is stored, a forged batch would have been too.
    await page.evaluate(() => {
      const g = (window as unknown as { hostile: Hostile }).hostile;
      const ws = new WebSocket(location.origin.replace('http', 'ws') + '/echo');
      g.listen(ws, 'open', () => ws.send('after the forgeries'));
    });
    await openPanel(needle, 2);
    const dump = await waitForDump(
      panel,
      needle,
      (d) => d.messages.some((m) => m.data === 'after the forgeries' && m.dir === 'in'),
      'every message, the last one echoed',
    );
    const first = dump.connections[0]?.id;
    const mine = dump.messages
      .filter((m) => m.conn === first)
      .map((m) => `${m.dir} ${m.opcode === 1 ? m.data : `${m.carrier ?? '?'} ${m.data}`}`);
    expect(mine).toEqual([
      'out plain text ✓',
      `out ArrayBuffer ${b64([0, 1, 2, 255])}`,
      `out Uint8Array ${b64([8, 7, 6])}`,
      `out Blob ${b64([42, 43])}`,
      `out DataView ${b64([100, 101, 102])}`,
      'in plain text ✓',
      `in ArrayBuffer ${b64([0, 1, 2, 255])}`,
      `in ArrayBuffer ${b64([8, 7, 6])}`,
      `in ArrayBuffer ${b64([42, 43])}`,
      `in ArrayBuffer ${b64([100, 101, 102])}`,
    ]);
    expect(dump.connections.map((c) => c.url).filter((u) => u.includes('forged.example'))).toEqual([]);
    expect(dump.messages.some((m) => m.data === 'spoof' || m.origin === 'resent')).toBe(false);
    const seen = await page.evaluate(() => (window as unknown as { hostile: Hostile }).hostile.calls.slice());
    expect(seen).toEqual([]); // none of the page's patched functions ever saw Sockscope's traffic
  });

  it('a third-party iframe never receives the top page\u2019s intercept rules or reply payloads', async () => {
    page = await h.newPage();
    const needle = `t=frame-rules-${name}`;
    await page.goto(server.httpUrl(`/pages/blank.html?${needle}`));
    const frameUrl = server.httpUrl('/pages/iframe-rules.html?echo=' + encodeURIComponent(server.wsUrl('/echo', 'localhost')), 'localhost');
    await page.evaluate(
      async (src: string, echo: string) => {
        const g = window as unknown as { frameGot: string[]; topGot: string[]; ws: WebSocket; frame: HTMLIFrameElement };
        g.frameGot = [];
        g.topGot = [];
        const opened = new Promise<void>((r) =>
          addEventListener('message', (e) => {
            const d = e.data as { frame?: string; data?: string };
            if (d.frame === 'open') r();
            if (d.frame === 'got') g.frameGot.push(String(d.data));
          }),
        );
        g.frame = document.createElement('iframe');
        g.frame.src = src;
        document.body.append(g.frame);
        g.ws = new WebSocket(echo);
        g.ws.onmessage = (e) => g.topGot.push(String(e.data));
        await new Promise((r) => (g.ws.onopen = r));
        g.ws.send('hello from top');
        await opened;
        g.frame.contentWindow?.postMessage({ send: 'hello from frame' }, '*');
      },
      frameUrl,
      server.wsUrl('/echo'),
    );
    await openPanel(needle, 2);
    await waitForDump(panel, needle, (d) => d.messages.filter((m) => m.dir === 'in').length === 2, 'both frames\u2019 first echoes');

    await click('compose-tab-intercept');
    await click('rule-add');
    await fill('rule-match', 'ping');
    await fill('rule-action', 'reply', 'change');
    await fill('rule-reply', 'secret reply payload');
    await click('rules-apply');
    await waitUntil(
      async () => (await textOf(panel, byTestId('compose-status'))).includes('Intercept rules: done'),
      10_000,
      'the rules applied',
    );

    await page.evaluate(() => {
      const g = window as unknown as { ws: WebSocket; frame: HTMLIFrameElement };
      g.frame.contentWindow?.postMessage({ send: 'ping from frame' }, '*');
      g.ws.send('ping from top');
    });
    // The top frame's rule works (its reply is injected); the frame's ping is echoed and nothing else arrives.
    const got = () =>
      page.evaluate(() => {
        const g = window as unknown as { frameGot: string[]; topGot: string[] };
        return { top: g.topGot.slice(), frame: g.frameGot.slice() };
      });
    await waitUntil(
      async () => (await got()).top.includes('secret reply payload') && (await got()).frame.includes('ping from frame'),
      10_000,
      'the top frame\u2019s auto-reply and the frame\u2019s echo',
    );
    await server.waitFor(
      () => server.received.some((r) => String(r.data) === 'ping from frame'),
      5000,
      'the frame\u2019s ping at the server',
    );
    // A later message from the frame: when its echo is back, a reply injected for the ping would have been too.
    await page.evaluate(() =>
      (window as unknown as { frame: HTMLIFrameElement }).frame.contentWindow?.postMessage({ send: 'last from frame' }, '*'),
    );
    await waitUntil(async () => (await got()).frame.includes('last from frame'), 10_000, 'the frame\u2019s last echo');
    expect((await got()).frame).toEqual(['hello from frame', 'ping from frame', 'last from frame']);
    const dump = await waitForDump(
      panel,
      needle,
      (d) => d.messages.some((m) => m.origin === 'injected'),
      'the top frame\u2019s injected reply',
    );
    const frameConn = dump.connections.find((c) => c.frameId !== 0)?.id;
    expect(dump.messages.filter((m) => m.conn === frameConn && m.origin === 'injected')).toEqual([]);
  });
});
