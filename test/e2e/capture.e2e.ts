/**
 * Capture, end to end: page hook → relay → background store → panel, in real
 * Chromium and Firefox with the built extension, against the local server.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { waitUntil, type BrowserName, type Harness } from './harness/browsers';
import { useRig } from './harness/rig';
import { dumpTab, screenshot, textOf, waitForDump } from './harness/extension';
import type { TestServer } from '../servers/test-server';
import type { MessageRecord } from '../../src/model/records';

const browsers: BrowserName[] = ['chromium', 'firefox'];

const b64 = (bytes: number[]): string => Buffer.from(bytes).toString('base64');

describe.each(browsers)('capture in %s', (name) => {
  let server: TestServer;
  let h: Harness;
  let page: Page;
  let panel: Page | undefined;

  useRig(name, (s, b) => ((server = s), (h = b)));

  /** A fresh page at a unique URL, so each test finds its own tab's data. */
  async function freshPage(tag: string): Promise<string> {
    page = await h.newPage();
    const url = server.httpUrl(`/pages/blank.html?t=${tag}-${name}`);
    await page.goto(url);
    return `t=${tag}-${name}`;
  }
  async function openPanel(needle: string): Promise<Page> {
    panel = await h.openPanel(needle, page);
    return panel;
  }

  it('captures text and every binary kind, sent and received, before the panel is open', async () => {
    const needle = await freshPage('kinds');
    const pageSaw = await page.evaluate(async (url: string) => {
      const sent: Array<string | number[]> = [];
      const ws = new WebSocket(url);
      await new Promise((r) => ws.addEventListener('open', r, { once: true }));
      const received: unknown[] = [];
      let resolveAll: () => void;
      const all = new Promise<void>((r) => (resolveAll = r));
      ws.binaryType = 'blob';
      ws.onmessage = (e) => {
        received.push(e.data instanceof Blob ? 'Blob' : e.data instanceof ArrayBuffer ? 'ArrayBuffer' : typeof e.data);
        if (received.length === 8) resolveAll();
        if (received.length === 5) ws.binaryType = 'arraybuffer'; // the rest of the echoes arrive as ArrayBuffer
      };
      ws.send('héllo ✓'); // UTF-8: 10 bytes
      ws.send(new Uint8Array([1, 2, 3]).buffer);
      ws.send(new Blob([new Uint8Array([4, 5])]));
      const big = new Uint8Array([9, 9, 6, 7, 8, 9, 9]);
      ws.send(new Uint8Array(big.buffer, 2, 3)); // a view with an offset: only 6 7 8
      ws.send(new DataView(new Uint8Array([10, 11, 12, 13]).buffer, 1, 2)); // 11 12
      ws.send(new Uint16Array([0x0201])); // little-endian 01 02
      ws.send(JSON.stringify({ a: 1 }));
      ws.send(new Float32Array([1]));
      sent.push('done');
      await all;
      return received;
    }, server.wsUrl('/echo'));
    expect(pageSaw).toEqual(['string', 'Blob', 'Blob', 'Blob', 'Blob', 'ArrayBuffer', 'string', 'ArrayBuffer']);

    const p = await openPanel(needle);
    const dump = await waitForDump(p, needle, (d) => d.messages.length === 16, '16 messages stored');
    const out = dump.messages.filter((m) => m.dir === 'out');
    const inn = dump.messages.filter((m) => m.dir === 'in');
    const shape = (m: MessageRecord) => [m.opcode, m.size, m.data, m.carrier ?? null];
    expect(out.map(shape)).toEqual([
      [1, 10, 'héllo ✓', null],
      [2, 3, b64([1, 2, 3]), 'ArrayBuffer'],
      [2, 2, b64([4, 5]), 'Blob'],
      [2, 3, b64([6, 7, 8]), 'Uint8Array'],
      [2, 2, b64([11, 12]), 'DataView'],
      [2, 2, b64([1, 2]), 'Uint16Array'],
      [1, 7, '{"a":1}', null],
      [2, 4, b64([0, 0, 0x80, 0x3f]), 'Float32Array'],
    ]);
    expect(inn.map(shape)).toEqual([
      [1, 10, 'héllo ✓', null],
      [2, 3, b64([1, 2, 3]), 'Blob'],
      [2, 2, b64([4, 5]), 'Blob'],
      [2, 3, b64([6, 7, 8]), 'Blob'],
      [2, 2, b64([11, 12]), 'Blob'],
      [2, 2, b64([1, 2]), 'ArrayBuffer'],
      [1, 7, '{"a":1}', null],
      [2, 4, b64([0, 0, 0x80, 0x3f]), 'ArrayBuffer'],
    ]);
    for (const m of out) expect(typeof m.buffered).toBe('number');
    const ids = dump.messages.map((m) => m.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    const [conn] = dump.connections;
    expect(conn?.sent).toEqual({ messages: 8, bytes: 33 });
    expect(conn?.received).toEqual({ messages: 8, bytes: 33 });

    // The panel shows what arrived before it was opened (rows are virtualized: check the totals and the first rows).
    await waitUntil(
      async () => (await textOf(p, '[data-testid="status-bar"]')).includes('16 messages'),
      10_000,
      'the status bar to count 16 messages',
    );
    const rowsText = await textOf(p, '[data-testid="message-row"]');
    expect(rowsText).toContain('héllo ✓');
    expect(rowsText).toContain('01 02 03');
    await screenshot(p, `${name}-kinds`);
  });

  it('records the handshake, negotiated protocol and close codes 1000, 4001 and 1006', async () => {
    const needle = await freshPage('close');
    const pageSaw = await page.evaluate(
      async (urls: { proto: string; app: string; drop: string }) => {
        const closed = (ws: WebSocket) =>
          new Promise<[number, string, boolean]>((r) => ws.addEventListener('close', (e) => r([e.code, e.reason, e.wasClean])));
        const a = new WebSocket(urls.proto, ['chat', 'superchat']);
        const aClosed = closed(a);
        await new Promise((r) => (a.onopen = r));
        const aProto = a.protocol;
        a.close(1000, 'bye');
        // Listen before anything can close: b and c may close before a's close event has fired.
        const b = new WebSocket(urls.app);
        const bClosed = closed(b);
        const c = new WebSocket(urls.drop);
        const cClosed = closed(c);
        return { aProto, a: await aClosed, b: await bClosed, c: await cClosed };
      },
      { proto: server.wsUrl('/proto'), app: server.wsUrl('/close?code=4001&reason=session%20expired'), drop: server.wsUrl('/drop') },
    );
    expect(pageSaw).toEqual({ aProto: 'chat', a: [1000, 'bye', true], b: [4001, 'session expired', true], c: [1006, '', false] });

    const p = await openPanel(needle);
    const dump = await waitForDump(
      p,
      needle,
      (d) => d.connections.length === 3 && d.connections.every((c) => c.state === 'closed' && c.handshake?.status === 101),
      'three closed connections with handshakes',
    );
    const byPath = new Map(dump.connections.map((c) => [new URL(c.url).pathname, c]));
    const a = byPath.get('/proto');
    expect(a?.protocols).toEqual(['chat', 'superchat']);
    expect(a?.protocol).toBe('chat');
    expect(a?.closeCall).toMatchObject({ code: 1000, reason: 'bye' });
    expect(a?.close).toMatchObject({ code: 1000, reason: 'bye', wasClean: true });
    expect(byPath.get('/close')?.close).toMatchObject({ code: 4001, reason: 'session expired', wasClean: true });
    expect(byPath.get('/close')?.closeCall).toBeUndefined();
    expect(byPath.get('/drop')?.close).toMatchObject({ code: 1006, wasClean: false });
    const accept = a?.handshake?.responseHeaders?.find((x) => x.name.toLowerCase() === 'sec-websocket-accept');
    expect(accept?.value).toMatch(/^[A-Za-z0-9+/]{27}=$/);

    await p.waitForSelector('[data-testid="close-info"]');
    const closeText = await p.$$eval('[data-testid="close-info"]', (els) => els.map((e) => e.textContent ?? '').join(' | '));
    expect(closeText).toContain('4001');
    expect(closeText).toContain('1006');
    await screenshot(p, `${name}-close-codes`);
  });

  it('shows a refused handshake (403) as the browser exposes it', async () => {
    const needle = await freshPage('refused');
    const pageSaw = await page.evaluate(async (url: string) => {
      const ws = new WebSocket(url);
      const events: string[] = [];
      ws.onerror = () => events.push('error');
      const code = await new Promise<number>((r) => (ws.onclose = (e) => r(e.code)));
      return { code, events };
    }, server.wsUrl('/forbidden'));
    expect(pageSaw).toEqual({ code: 1006, events: ['error'] }); // all the page can know

    const p = await openPanel(needle);
    const dump = await waitForDump(
      p,
      needle,
      (d) => d.connections[0]?.state === 'closed' && d.connections[0]?.handshake !== undefined,
      'the refused connection with its handshake',
    );
    const c = dump.connections[0];
    expect(c?.errored).toBeTypeOf('number');
    if (name === 'firefox') {
      expect(c?.handshake?.status).toBe(403); // Firefox's webRequest shows the refusing status
    } else {
      expect(c?.handshake?.status).toBeUndefined(); // Chrome reports only net::ERR_FAILED (browser-recipes.md)
      expect(c?.handshake?.error).toMatch(/ERR_/);
    }
    await p.waitForSelector('[data-testid="handshake-status"]');
    const status = await p.$eval('[data-testid="handshake-status"]', (e) => e.textContent ?? '');
    expect(status).toMatch(name === 'firefox' ? /403/ : /refused|ERR_FAILED|failed/i);
    await screenshot(p, `${name}-refused`);
  });

  it('captures sockets of a cross-origin iframe and of a srcdoc iframe', async () => {
    const needle = await freshPage('frames');
    const frameUrl = server.httpUrl(
      '/pages/iframe-socket.html?echo=' + encodeURIComponent(server.wsUrl('/echo', 'localhost')),
      'localhost',
    );
    await page.evaluate(
      async (src: string, echo: string) => {
        const cross = document.createElement('iframe');
        cross.src = src;
        document.body.append(cross);
        const inline = document.createElement('iframe');
        inline.srcdoc = `<script>const ws = new WebSocket(${JSON.stringify(echo)}); ws.onopen = () => ws.send('from srcdoc'); ws.onmessage = () => parent.postMessage('srcdoc-done', '*');</script>`;
        const done = new Set<string>();
        const both = new Promise<void>((r) =>
          addEventListener('message', (e) => {
            done.add(String(e.data));
            if (done.has('iframe-done') && done.has('srcdoc-done')) r();
          }),
        );
        document.body.append(inline);
        await both;
      },
      frameUrl,
      server.wsUrl('/echo'),
    );
    const p = await openPanel(needle);
    const dump = await waitForDump(p, needle, (d) => d.messages.length === 4, 'both frames\u2019 messages');
    const texts = dump.messages.map((m) => `${m.dir}:${m.data}`).sort();
    expect(texts).toEqual(['in:from iframe', 'in:from srcdoc', 'out:from iframe', 'out:from srcdoc']);
    const frames = dump.connections.map((c) => new URL(c.frameUrl).host || c.frameUrl).sort();
    expect(frames.some((f) => f.startsWith('localhost'))).toBe(true);
    expect(dump.connections.some((c) => c.frameId !== 0)).toBe(true);
  });

  it('keeps the page unable to tell that WebSocket is wrapped', async () => {
    await freshPage('transparency');
    const results = await page.evaluate(async (url: string) => {
      const r: Record<string, unknown> = {};
      const ws = new WebSocket(url);
      r.instanceofWebSocket = ws instanceof WebSocket;
      r.instanceofEventTarget = ws instanceof EventTarget;
      r.protoIsPrototype = Object.getPrototypeOf(ws) === WebSocket.prototype;
      r.sameConstructor = ws.constructor === WebSocket;
      r.name = WebSocket.name;
      r.length = WebSocket.length;
      r.constants = [WebSocket.CONNECTING, WebSocket.OPEN, WebSocket.CLOSING, WebSocket.CLOSED, ws.OPEN];
      r.sendName = [WebSocket.prototype.send.name, WebSocket.prototype.send.length, 'prototype' in WebSocket.prototype.send];
      r.closeName = [WebSocket.prototype.close.name, WebSocket.prototype.close.length];
      r.toStringTag = Object.prototype.toString.call(ws);
      r.readyStateBefore = ws.readyState;
      let newWithoutNew = 'no error';
      try {
        (WebSocket as unknown as (u: string) => void)(url);
      } catch (e) {
        newWithoutNew = (e as Error).name;
      }
      r.callWithoutNew = newWithoutNew;
      let badUrl = 'no error';
      try {
        new WebSocket('http://[bad');
      } catch (e) {
        badUrl = (e as Error).name;
      }
      r.badUrl = badUrl;
      let sendWhileConnecting = 'no error';
      try {
        ws.send('too early');
      } catch (e) {
        sendWhileConnecting = (e as Error).name;
      }
      r.sendWhileConnecting = sendWhileConnecting;
      const order: string[] = [];
      ws.onopen = () => order.push('onopen');
      ws.addEventListener('open', () => order.push('listener'));
      let onceCount = 0;
      ws.addEventListener('message', () => onceCount++, { once: true });
      ws.binaryType = 'arraybuffer';
      r.binaryType = ws.binaryType;
      await new Promise((res) => ws.addEventListener('open', res));
      r.order = order;
      r.protocol = ws.protocol;
      r.extensions = typeof ws.extensions;
      r.readyStateOpen = ws.readyState;
      ws.send('a');
      r.buffered = typeof ws.bufferedAmount;
      const got: unknown[] = [];
      await new Promise<void>((res) => {
        ws.onmessage = (e) => {
          got.push(e.data instanceof ArrayBuffer ? 'ab' : e.data);
          if (got.length === 2) res();
        };
        ws.send(new Uint8Array([1]));
      });
      r.received = got;
      r.onceCount = onceCount;
      class Sub extends WebSocket {
        hello() {
          return 'sub';
        }
      }
      const s = new Sub(url);
      r.subclass = [s instanceof Sub, s instanceof WebSocket, s.hello(), s.constructor === Sub];
      s.close();
      ws.close();
      await new Promise((res) => (ws.onclose = res));
      r.readyStateClosed = ws.readyState;
      return r;
    }, server.wsUrl('/echo'));
    expect(results).toEqual({
      instanceofWebSocket: true,
      instanceofEventTarget: true,
      protoIsPrototype: true,
      sameConstructor: true,
      name: 'WebSocket',
      length: 1,
      constants: [0, 1, 2, 3, 1],
      sendName: ['send', 1, false],
      closeName: ['close', 0],
      toStringTag: '[object WebSocket]',
      readyStateBefore: 0,
      callWithoutNew: 'TypeError',
      badUrl: 'SyntaxError',
      sendWhileConnecting: 'InvalidStateError',
      binaryType: 'arraybuffer',
      order: ['onopen', 'listener'],
      protocol: '',
      extensions: 'string',
      readyStateOpen: 1,
      buffered: 'number',
      received: ['a', 'ab'],
      onceCount: 1,
      subclass: [true, true, 'sub', true],
      readyStateClosed: 3,
    });
  });

  it('captures a Socket.IO chat with the real socket.io server and client', async () => {
    const needle = await freshPage('socketio');
    await page.addScriptTag({ url: server.httpUrl('/socket.io/socket.io.js') });
    const acked = await page.evaluate(async () => {
      type Sock = { emit(ev: string, ...args: unknown[]): void; on(ev: string, fn: (...a: unknown[]) => void): void };
      const io = (globalThis as unknown as { io: (o: unknown) => Sock }).io;
      const socket = io({ transports: ['websocket'] });
      await new Promise((r) => socket.on('connect', r));
      const seen = new Promise((r) => socket.on('message', r));
      socket.emit('join', 'ada');
      const ack = await new Promise((r) => socket.emit('publish', 'hello from the test', r));
      await seen;
      return ack;
    });
    expect(acked).toBeTruthy();
    const p = await openPanel(needle);
    const dump = await waitForDump(
      p,
      needle,
      (d) => d.messages.some((m) => m.dir === 'in' && m.data.includes('hello from the test')),
      'the chat message echoed by the server',
    );
    const conn = dump.connections.find((c) => c.url.includes('/socket.io/'));
    expect(conn?.url).toContain('transport=websocket');
    const texts = dump.messages.map((m) => m.data);
    expect(texts[0]).toMatch(/^0\{"sid":/); // Engine.IO open packet, first byte captured
    expect(texts.some((t) => t.startsWith('42') && t.includes('"publish"') && t.includes('hello from the test'))).toBe(true);
    expect(texts.some((t) => t.startsWith('43'))).toBe(true); // the ack
    await screenshot(p, `${name}-socketio`);
  });

  it('answers nothing to a page that posts fake capture traffic to itself', async () => {
    const needle = await freshPage('spoof');
    await page.evaluate(() => {
      // A page that tries to reach the relay over window messages gets nowhere: the handshake is done.
      const ch = new MessageChannel();
      window.postMessage({ __sockscope_v1: 'hook-hello' }, '*', [ch.port2]);
      ch.port1.postMessage({
        type: 'batch',
        events: [{ k: 'create', conn: 'fake:1', t: 1, url: 'ws://evil/', protocols: [], frameUrl: 'x' }],
      });
    });
    // A real socket after the attempt: when it is stored, the fake event would have been too.
    await page.evaluate(async (url: string) => {
      const ws = new WebSocket(url);
      await new Promise((r) => (ws.onopen = r));
    }, server.wsUrl('/echo'));
    const p = await openPanel(needle);
    const dump = await waitForDump(p, needle, (d) => d.connections.length >= 1, 'the real connection');
    expect(dump.connections.map((c) => c.url)).toEqual([server.wsUrl('/echo')]);
    expect(await dumpTab(p, needle)).not.toBeNull();
  });
});
