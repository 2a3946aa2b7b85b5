/**
 * Resend, compose, inject, Socket.IO emit, intercept, replay, reopen and the
 * forged-command check, end to end in real Chromium and Firefox: the panel
 * (opened as a tab) is driven through its UI; the local server records what
 * it received and the page records what its listeners got.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { waitUntil, type BrowserName, type Harness } from './harness/browsers';
import { useRig } from './harness/rig';
import { screenshot, textOf, waitForDump } from './harness/extension';
import type { TestServer } from '../servers/test-server';

const browsers: BrowserName[] = ['chromium', 'firefox'];

interface PageGlobals {
  ws: WebSocket;
  got: string[];
}

describe.each(browsers)('replay, compose, inject, intercept in %s', (name) => {
  let server: TestServer;
  let h: Harness;
  let page: Page;
  let panel: Page;

  useRig(name, (s, b) => ((server = s), (h = b)));

  /** A page at a unique URL with one socket (`window.ws`) whose listeners record what they get (`window.got`). */
  async function pageWithSocket(tag: string, path = '/echo', protocols: string[] = []): Promise<string> {
    page = await h.newPage();
    await page.goto(server.httpUrl(`/pages/blank.html?t=${tag}-${name}`));
    await page.evaluate(
      async (url: string, protos: string[]) => {
        const g = globalThis as unknown as PageGlobals;
        g.got = [];
        const ws = protos.length ? new WebSocket(url, protos) : new WebSocket(url);
        g.ws = ws;
        const describe = (d: unknown): string =>
          typeof d === 'string'
            ? `text:${d}`
            : d instanceof Blob
              ? `Blob:${d.size}`
              : d instanceof ArrayBuffer
                ? `ArrayBuffer:${[...new Uint8Array(d)].join(',')}`
                : 'other';
        // Registered before onmessage: listeners must run in registration order.
        ws.addEventListener('message', (e) => g.got.push(`listener ${describe(e.data)} origin=${e.origin}`));
        ws.onmessage = (e) => {
          g.got.push(`onmessage ${describe(e.data)}`);
          if (e.data instanceof Blob) void e.data.arrayBuffer().then((b) => g.got.push(`blob-bytes ${[...new Uint8Array(b)].join(',')}`));
        };
        await new Promise((r) => ws.addEventListener('open', r, { once: true }));
      },
      server.wsUrl(path),
      protocols,
    );
    return `t=${tag}-${name}`;
  }

  async function openPanel(needle: string, connections = 1): Promise<void> {
    panel = await h.openPanel(needle, page);
    // The page's tab is now in the background, where its batch timer is throttled: until its first batch
    // arrives the background does not know the tab, and the shell (which looks the tab up once) says so. Look again.
    await waitUntil(
      async () => {
        if ((await panel.$$('[data-testid="connection-row"]')).length >= connections) return true;
        if ((await panel.evaluate(() => document.body.textContent ?? '')).includes('no tab to inspect'))
          await panel.evaluate(() => location.reload());
        return false;
      },
      15_000,
      'the connection in the panel',
    );
  }

  const byTestId = (id: string) => `[data-testid="${id}"]`;
  async function click(id: string): Promise<void> {
    await panel.waitForSelector(byTestId(id));
    await panel.click(byTestId(id));
  }
  /** Sets an input/textarea/select value the way typing would (Preact listens to input/change). */
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
  async function statusSays(text: string): Promise<void> {
    await waitUntil(
      async () => (await textOf(panel, byTestId('compose-status'))).includes(text),
      10_000,
      `the compose status to say “${text}” (it says “${await textOf(panel, byTestId('compose-status')).catch(() => '')}”)`,
    );
  }
  /** Clicks the table row whose text contains `text` (first match), with an optional modifier key. */
  async function clickRow(text: string, modifier?: 'Control' | 'Shift'): Promise<void> {
    await waitUntil(async () => (await textOf(panel, byTestId('message-row'))).includes(text), 10_000, `a row with “${text}”`);
    const rows = await panel.$$(byTestId('message-row'));
    for (const row of rows) {
      if (!(await row.evaluate((el, t) => (el.textContent ?? '').includes(t) && el.classList.contains('ss-row-out'), text))) continue;
      if (modifier) await panel.keyboard.down(modifier);
      await row.click();
      if (modifier) await panel.keyboard.up(modifier);
      return;
    }
    throw new Error(`no sent row with “${text}”`);
  }
  const pageGot = () => page.evaluate(() => (globalThis as unknown as PageGlobals).got.slice());
  const receivedTexts = (path: string) => server.received.filter((r) => r.path === path && !r.isBinary).map((r) => String(r.data));

  it('resends a captured message and sends a composed one on the page’s socket', async () => {
    const needle = await pageWithSocket('resend');
    await page.evaluate(() => (globalThis as unknown as PageGlobals).ws.send('hello-from-page'));
    await openPanel(needle);
    await clickRow('hello-from-page');
    await click('msg-resend');
    await statusSays('Resend: done');
    await server.waitFor(
      () => receivedTexts('/echo').filter((t) => t === 'hello-from-page').length === 2,
      5000,
      'the resent message at the server',
    );

    await click('compose-tab-compose');
    await fill('compose-input', 'composed-in-panel');
    await click('compose-send');
    await statusSays('Send: done');
    await server.waitFor(() => receivedTexts('/echo').includes('composed-in-panel'), 5000, 'the composed message at the server');

    const dump = await waitForDump(
      panel,
      needle,
      (d) => d.messages.filter((m) => m.dir === 'out').length === 3,
      'three sent messages stored',
    );
    expect(dump.messages.filter((m) => m.dir === 'out').map((m) => [m.data, m.origin ?? 'page'])).toEqual([
      ['hello-from-page', 'page'],
      ['hello-from-page', 'resent'],
      ['composed-in-panel', 'composed'],
    ]);
    // The table marks them: never confused with the page's own traffic.
    await waitUntil(
      async () => {
        const rows = await textOf(panel, byTestId('message-row'));
        return rows.includes('resent') && rows.includes('composed');
      },
      10_000,
      'origin badges in the table',
    );
    await screenshot(panel, `${name}-compose`);
  });

  it('injects text and binary into the page’s listeners, in order, honouring binaryType', async () => {
    const needle = await pageWithSocket('inject');
    await openPanel(needle);
    await panel.click(byTestId('connection-row'));
    await click('compose-tab-compose');
    await fill('compose-input', 'pushed-by-panel');
    await click('compose-inject');
    await statusSays('Inject: done');
    await fill('compose-format', 'hex', 'change');
    await fill('compose-input', '01 02 03');
    await click('compose-inject');
    await waitUntil(async () => (await pageGot()).length >= 5, 5000, 'the blob injection');
    await page.evaluate(() => void ((globalThis as unknown as PageGlobals).ws.binaryType = 'arraybuffer'));
    await fill('compose-input', 'ff 00');
    await click('compose-inject');
    await waitUntil(async () => (await pageGot()).length >= 7, 5000, 'the arraybuffer injection');
    const origin = new URL(server.wsUrl('/echo')).origin;
    expect(await pageGot()).toEqual([
      `listener text:pushed-by-panel origin=${origin}`,
      'onmessage text:pushed-by-panel',
      `listener Blob:3 origin=${origin}`,
      'onmessage Blob:3',
      'blob-bytes 1,2,3',
      `listener ArrayBuffer:255,0 origin=${origin}`,
      'onmessage ArrayBuffer:255,0',
    ]);
    expect(server.received.filter((r) => r.path === '/echo' && String(r.data).includes('pushed-by-panel'))).toEqual([]); // never sent
    const dump = await waitForDump(panel, needle, (d) => d.messages.length === 3, 'three injected messages stored once each');
    expect(dump.messages.map((m) => [m.dir, m.origin, m.opcode, m.data, m.carrier ?? null])).toEqual([
      ['in', 'injected', 1, 'pushed-by-panel', null],
      ['in', 'injected', 2, 'AQID', 'Blob'],
      ['in', 'injected', 2, '/wA=', 'ArrayBuffer'],
    ]);
  });

  it('emits a Socket.IO event composed in the panel; the real server gets it and acknowledges', async () => {
    const events: Array<[string, unknown[]]> = [];
    server.io.on('connection', (s) => s.onAny((ev: string, ...args: unknown[]) => events.push([ev, args])));
    page = await h.newPage();
    await page.goto(server.httpUrl(`/pages/blank.html?t=sio-${name}`));
    await page.addScriptTag({ url: server.httpUrl('/socket.io/socket.io.js') });
    await page.evaluate(async () => {
      type Sock = { emit(ev: string, ...args: unknown[]): void; on(ev: string, fn: (...a: unknown[]) => void): void };
      const io = (globalThis as unknown as { io: (o: unknown) => Sock }).io;
      const socket = io({ transports: ['websocket'] });
      await new Promise((r) => socket.on('connect', r));
      await new Promise((r) => socket.emit('join', 'panel-user', r));
    });
    await openPanel(`t=sio-${name}`);
    await panel.click(byTestId('connection-row'));
    await click('compose-tab-compose');
    await click('compose-mode-socketio');
    await fill('sio-event', 'publish');
    await fill('sio-args', '["from the panel"]');
    await waitUntil(
      async () => /^42\d+\["publish","from the panel"\]$/.test(await textOf(panel, byTestId('sio-preview'))),
      5000,
      'the encoded packet preview',
    );
    const packet = await textOf(panel, byTestId('sio-preview'));
    await click('compose-send');
    await waitUntil(
      () => events.some(([ev, args]) => ev === 'publish' && args[0] === 'from the panel'),
      5000,
      'the event at the socket.io server',
    );
    await waitUntil(async () => (await textOf(panel, byTestId('sio-ack-result'))).includes('"ok":true'), 5000, 'the ack in the panel');
    const ackId = /^42(\d+)/.exec(packet)?.[1];
    const dump = await waitForDump(
      panel,
      `t=sio-${name}`,
      (d) => d.messages.some((m) => m.dir === 'in' && m.data.startsWith(`43${ackId}[`)),
      'the ack stored',
    );
    expect(dump.messages.find((m) => m.data === packet)?.origin).toBe('composed');
    await panel.setViewport({ width: 1280, height: 760 });
    await clickRow(packet);
    await panel.waitForSelector(byTestId('msg-resend'));
    await screenshot(panel, `${name}-socketio-compose`); // docs/compose.png
  });

  it('holds an outgoing message, forwards it edited, drops another, and releases held messages when the panel closes', async () => {
    const needle = await pageWithSocket('intercept');
    await openPanel(needle);
    await click('compose-tab-intercept');
    await click('rule-add');
    await fill('rule-match', 'secret');
    await click('rules-apply');
    await statusSays('Intercept rules: done');

    await page.evaluate(() => (globalThis as unknown as PageGlobals).ws.send('secret-1'));
    await panel.waitForSelector(byTestId('held-item'));
    await screenshot(panel, `${name}-intercept-held`);
    await fill('held-edit', 'edited-by-panel');
    await click('held-forward');
    await server.waitFor(() => receivedTexts('/echo').includes('edited-by-panel'), 5000, 'the edited message at the server');

    await page.evaluate(() => (globalThis as unknown as PageGlobals).ws.send('secret-2'));
    await panel.waitForSelector(byTestId('held-item'));
    await click('held-drop');
    await statusSays('Drop: done');
    await page.evaluate(() => (globalThis as unknown as PageGlobals).ws.send('after-the-drop'));
    await server.waitFor(() => receivedTexts('/echo').includes('after-the-drop'), 5000, 'the later message at the server');
    expect(receivedTexts('/echo').filter((t) => t.startsWith('secret') || t === 'edited-by-panel' || t === 'after-the-drop')).toEqual([
      'edited-by-panel',
      'after-the-drop',
    ]);

    const dump = await waitForDump(
      panel,
      needle,
      (d) => d.messages.filter((m) => m.dir === 'out').length === 3,
      'edited, dropped and later message stored',
    );
    expect(dump.messages.filter((m) => m.dir === 'out').map((m) => [m.data, m.origin ?? 'page'])).toEqual([
      ['edited-by-panel', 'edited'],
      ['secret-2', 'dropped'],
      ['after-the-drop', 'page'],
    ]);
    expect(dump.connections[0]?.sent.messages).toBe(2); // the dropped one never crossed the wire

    // Held when DevTools closes: forwarded at once (the 30 s hold timeout would be far later).
    await page.evaluate(() => (globalThis as unknown as PageGlobals).ws.send('secret-at-close'));
    await panel.waitForSelector(byTestId('held-item'));
    expect(receivedTexts('/echo')).not.toContain('secret-at-close');
    await panel.close();
    await server.waitFor(() => receivedTexts('/echo').includes('secret-at-close'), 8000, 'the held message released when the panel closed');
    // The rules are gone too: the next message passes untouched.
    await page.evaluate(() => (globalThis as unknown as PageGlobals).ws.send('secret-after-close'));
    await server.waitFor(() => receivedTexts('/echo').includes('secret-after-close'), 5000, 'a later message not held');
  });

  it('holds an incoming message before every page listener (capture-phase ones too) and delivers it edited', async () => {
    const needle = await pageWithSocket('intercept-in');
    await page.evaluate(() => {
      const g = globalThis as unknown as PageGlobals;
      g.ws.addEventListener('message', (e) => g.got.push(`capture ${String(e.data)}`), true);
    });
    await openPanel(needle);
    await click('compose-tab-intercept');
    await click('rule-add');
    await fill('rule-dir', 'in', 'change');
    await fill('rule-match', 'from-server');
    await click('rules-apply');
    await statusSays('Intercept rules: done');
    await page.evaluate(() => (globalThis as unknown as PageGlobals).ws.send('from-server-1')); // the echo comes back and is held
    await panel.waitForSelector(byTestId('held-item'));
    expect(await textOf(panel, byTestId('held-item'))).toContain('incoming');
    await server.waitFor(
      () => receivedTexts('/echo').includes('from-server-1'),
      5000,
      'the outgoing message not held (rule is for incoming)',
    );
    expect(await pageGot()).toEqual([]);
    await fill('held-edit', 'edited-for-page');
    await click('held-forward');
    await waitUntil(async () => (await pageGot()).length === 3, 5000, 'the page listeners to get the edited message');
    const origin = new URL(server.wsUrl('/echo')).origin;
    // At the target, Firefox runs capture listeners first and Chromium keeps registration order: compare as a set.
    expect((await pageGot()).sort()).toEqual(
      ['capture edited-for-page', `listener text:edited-for-page origin=${origin}`, 'onmessage text:edited-for-page'].sort(),
    );
    const dump = await waitForDump(panel, needle, (d) => d.messages.some((m) => m.dir === 'in'), 'the delivered message stored');
    expect(dump.messages.map((m) => [m.dir, m.data, m.origin ?? 'page'])).toEqual([
      ['out', 'from-server-1', 'page'],
      ['in', 'edited-for-page', 'edited'],
    ]);
  });

  it('auto-replies: a matching outgoing message passes, then the reply is injected into the page', async () => {
    const needle = await pageWithSocket('autoreply', '/push?n=0'); // sends only "done": no echo to confuse the page's record
    await waitUntil(async () => (await pageGot()).length === 2, 5000, 'the server’s done');
    await openPanel(needle);
    await click('compose-tab-intercept');
    await click('rule-add');
    await fill('rule-match', 'ping');
    await fill('rule-action', 'reply', 'change');
    await fill('rule-reply', 'pong from the rule');
    await click('rules-apply');
    await statusSays('Intercept rules: done');
    await page.evaluate(() => (globalThis as unknown as PageGlobals).ws.send('ping'));
    await waitUntil(async () => (await pageGot()).length === 4, 5000, 'the auto-reply delivered');
    expect((await pageGot()).slice(2)).toEqual([
      `listener text:pong from the rule origin=${new URL(server.wsUrl('/')).origin}`,
      'onmessage text:pong from the rule',
    ]);
    await server.waitFor(() => receivedTexts('/push').includes('ping'), 5000, 'the ping at the server');
    const dump = await waitForDump(panel, needle, (d) => d.messages.some((m) => m.origin === 'injected'), 'the reply stored');
    expect(dump.messages.map((m) => [m.dir, m.data, m.origin ?? 'page'])).toEqual([
      ['in', 'done', 'page'],
      ['out', 'ping', 'page'],
      ['in', 'pong from the rule', 'injected'],
    ]);
  });

  it('replays marked messages in order with their original spacing', async () => {
    const needle = await pageWithSocket('replay');
    await page.evaluate(async () => {
      const g = globalThis as unknown as PageGlobals;
      for (const [i, gap] of [
        [0, 0],
        [1, 300],
        [2, 200],
      ] as const) {
        if (gap) await new Promise((r) => setTimeout(r, gap));
        g.ws.send(`seq-${i}`);
      }
    });
    await openPanel(needle);
    await clickRow('seq-0');
    await clickRow('seq-1', 'Control');
    await clickRow('seq-2', 'Control');
    await click('compose-tab-replay');
    await waitUntil(async () => (await textOf(panel, byTestId('replay-count'))).startsWith('3 marked'), 5000, '3 marked rows');
    await screenshot(panel, `${name}-replay-marked`);
    await click('replay-start');
    await waitUntil(async () => (await textOf(panel, byTestId('replay-progress'))).includes('3 / 3 done'), 10_000, 'the replay to finish');
    const dump = await waitForDump(
      panel,
      needle,
      (d) => d.messages.filter((m) => m.origin === 'resent').length === 3,
      'three resent messages',
    );
    const out = dump.messages.filter((m) => m.dir === 'out');
    const orig = out.filter((m) => !m.origin);
    const again = out.filter((m) => m.origin === 'resent');
    expect(again.map((m) => m.data)).toEqual(['seq-0', 'seq-1', 'seq-2']);
    const gaps = (list: typeof out) => list.slice(1).map((m, i) => m.t - (list[i] as (typeof out)[number]).t);
    const measured = gaps(again);
    const original = gaps(orig);
    for (const [i, g] of measured.entries()) expect(Math.abs(g - (original[i] as number))).toBeLessThan(100);
    console.log(
      `[${name}] replay spacing original ${original.map((g) => g.toFixed(1)).join(', ')} ms → replayed ${measured.map((g) => g.toFixed(1)).join(', ')} ms`,
    );
    await server.waitFor(
      () => receivedTexts('/echo').filter((t) => t.startsWith('seq-')).length === 6,
      5000,
      'the replayed messages at the server',
    );
    expect(receivedTexts('/echo').filter((t) => t.startsWith('seq-'))).toEqual(['seq-0', 'seq-1', 'seq-2', 'seq-0', 'seq-1', 'seq-2']);
  });

  it('reopens a connection with the same URL and subprotocols and sends into it; closed sockets give a clear error', async () => {
    const needle = await pageWithSocket('reopen', '/proto', ['chat', 'superchat']);
    await openPanel(needle);
    await panel.click(byTestId('connection-row'));
    await click('compose-tab-compose');
    await click('compose-reopen');
    await statusSays('Reopened');
    await waitUntil(async () => (await panel.$$(byTestId('connection-row'))).length === 2, 10_000, 'the reopened connection listed');
    const dump = await waitForDump(
      panel,
      needle,
      (d) => d.connections.length === 2 && d.connections.every((c) => c.state === 'open'),
      'both connections open',
    );
    const [first, second] = dump.connections;
    expect(second?.url).toBe(first?.url);
    expect(second?.protocols).toEqual(['chat', 'superchat']);
    expect(second?.protocol).toBe('chat');
    await fill('compose-input', 'into-the-reopened');
    await click('compose-send');
    await statusSays('Send: done');
    await waitForDump(
      panel,
      needle,
      (d) => d.messages.some((m) => m.conn === second?.id && m.data === 'into-the-reopened' && m.origin === 'composed'),
      'sent on the new connection',
    );

    await page.evaluate(async () => {
      const ws = (globalThis as unknown as PageGlobals).ws;
      ws.close();
      await new Promise((r) => ws.addEventListener('close', r));
    });
    await fill('compose-target', first?.id ?? '', 'change');
    await waitForDump(
      panel,
      needle,
      (d) => d.connections.some((c) => c.id === first?.id && c.state === 'closed'),
      'the first connection closed',
    );
    await fill('compose-input', 'too-late');
    await click('compose-send');
    await statusSays('socket is closed (readyState 3)');
  });

  it('says so when a page listener throws on an injected message, after delivering it to every listener', async () => {
    const needle = await pageWithSocket('throws');
    // An inline script of the page (page.evaluate code counts as cross-origin, and Chromium would mute its error as "Script error.").
    await page.addScriptTag({
      content: `ws.addEventListener('message', (e) => { if (e.data === 'boom') throw new TypeError('page listener failed on boom'); });
        ws.addEventListener('message', (e) => got.push('after ' + String(e.data)));`,
    });
    await openPanel(needle);
    await panel.click(byTestId('connection-row'));
    await click('compose-tab-compose');
    await fill('compose-input', 'boom');
    await click('compose-inject');
    await statusSays("Inject failed: delivered, but the page's message listener threw: TypeError: page listener failed on boom");
    expect(await pageGot()).toContain('after boom');
  });

  it('ignores a page script that forges commands through postMessage and DOM events', async () => {
    const needle = await pageWithSocket('forge');
    await openPanel(needle);
    const dump = await waitForDump(panel, needle, (d) => d.connections.length === 1, 'the connection');
    const conn = dump.connections[0]?.id as string;
    await page.evaluate((id: string) => {
      const command = { op: 'send', conn: id, payload: { opcode: 1, text: 'forged' }, origin: 'composed' };
      const request = { type: 'command', id: 1, command };
      window.postMessage(request, '*');
      window.postMessage({ __sockscope_v1: 'command', ...request }, '*');
      window.postMessage({ __sockscope_v1: 'relay-ready' }, '*'); // ask the hook for a new port: it has one already
      const ch = new MessageChannel();
      window.postMessage({ __sockscope_v1: 'hook-hello' }, '*', [ch.port2]); // pose as the hook to the relay
      ch.port1.postMessage(request);
      window.dispatchEvent(new MessageEvent('message', { data: request, source: window }));
      document.dispatchEvent(new CustomEvent('sockscope-command', { detail: request }));
      window.dispatchEvent(new CustomEvent('message', { detail: request }));
    }, conn);
    // A real command afterwards: when it arrives, a forged one would have arrived before it.
    await panel.click(byTestId('connection-row'));
    await click('compose-tab-compose');
    await fill('compose-input', 'real-from-panel');
    await click('compose-send');
    await server.waitFor(() => receivedTexts('/echo').includes('real-from-panel'), 5000, 'the real command at the server');
    expect(receivedTexts('/echo')).not.toContain('forged');
    const after = await waitForDump(panel, needle, (d) => d.messages.some((m) => m.data === 'real-from-panel'), 'the real message stored');
    expect(after.messages.some((m) => m.data === 'forged')).toBe(false);
  });
});
