/**
 * WebSocketStream, where the browser has it (Chromium; Firefox has none):
 * its messages are captured byte for byte while the page reads exactly what
 * it would without the extension, and the hook reads no chunk ahead of the
 * page (which is what keeps the page's back-pressure unchanged).
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import type { BrowserName, Harness } from './harness/browsers';
import { useRig } from './harness/rig';
import { waitForDump } from './harness/extension';
import type { TestServer } from '../servers/test-server';
import type { TabDump } from '../../src/messaging/protocol';

const browsers: BrowserName[] = ['chromium', 'firefox'];
const b64 = (bytes: number[]): string => Buffer.from(bytes).toString('base64');

interface StreamWindow {
  wss: { close(info?: unknown): void; closed: Promise<{ closeCode: number; reason: string }> };
  reader: ReadableStreamDefaultReader<unknown>;
  writer: WritableStreamDefaultWriter<unknown>;
}

describe.each(browsers)('WebSocketStream in %s', (name) => {
  let server: TestServer;
  let h: Harness;
  useRig(name, (s, b) => ((server = s), (h = b)));

  it('is captured byte for byte, the page reads the same, and nothing is read ahead of the page', async () => {
    const page: Page = await h.newPage();
    const needle = `t=stream-${name}`;
    await page.goto(server.httpUrl(`/pages/blank.html?${needle}`));
    const has = await page.evaluate(() => typeof (globalThis as { WebSocketStream?: unknown }).WebSocketStream === 'function');
    if (!has) {
      expect(name).toBe('firefox'); // the only browser here without it
      console.log(`${name}: no WebSocketStream`);
      return;
    }
    // Looks native to the page.
    const looks = await page.evaluate(() => {
      const W = (globalThis as unknown as { WebSocketStream: { prototype: object; name: string; length: number } }).WebSocketStream;
      const get = Object.getOwnPropertyDescriptor(W.prototype, 'opened')?.get as () => unknown;
      return [String(W), String(get), W.name, W.length, String((W.prototype as { close: () => void }).close)];
    });
    expect(looks[0]).toMatch(/^function WebSocketStream\(\) \{\s*\[native code\]\s*\}$/);
    expect(looks[1]).toMatch(/\[native code\]/);
    expect(looks[2]).toBe('WebSocketStream');
    expect(looks[4]).toMatch(/^function close\(\) \{\s*\[native code\]\s*\}$/);

    const read = await page.evaluate(async (url: string) => {
      const W = (globalThis as unknown as { WebSocketStream: new (u: string) => StreamWindow['wss'] & { opened: Promise<unknown> } })
        .WebSocketStream;
      const wss = new W(url);
      const { readable, writable, protocol, extensions } = (await wss.opened) as {
        readable: ReadableStream;
        writable: WritableStream;
        protocol: string;
        extensions: string;
      };
      const reader = readable.getReader();
      const writer = writable.getWriter();
      await writer.write('héllo');
      await writer.write(new Uint8Array([1, 2, 255]));
      const a = await reader.read();
      const b = await reader.read();
      Object.assign(globalThis, { wss, reader, writer });
      const bytes = b.value instanceof ArrayBuffer ? [...new Uint8Array(b.value)] : b.value instanceof Uint8Array ? [...b.value] : null;
      return { first: a.value as unknown, second: bytes, kind: Object.prototype.toString.call(b.value), protocol, extensions };
    }, server.wsUrl('/echo'));
    expect(read).toMatchObject({ first: 'héllo', second: [1, 2, 255], protocol: '', extensions: '' });

    const panel = await h.openPanel(needle, page);
    const conn = (d: TabDump) => d.connections.find((c) => c.url.endsWith('/echo'));
    let dump = await waitForDump(panel, needle, (d) => d.messages.length === 4 && conn(d)?.state === 'open', 'four messages');
    expect(conn(dump)?.unseen).toBeUndefined(); // the hook saw it: never a "network only" stand-in
    expect(dump.connections).toHaveLength(1);
    expect(dump.messages.map((m) => [m.dir, m.opcode, m.data])).toEqual([
      ['out', 1, 'héllo'],
      ['out', 2, b64([1, 2, 255])],
      ['in', 1, 'héllo'],
      ['in', 2, b64([1, 2, 255])],
    ]);

    // Three more echoes arrive, the page reads one; then it writes a marker. Had the hook read ahead of the
    // page, the other echoes would be stored before the marker (their reads start right after the page's).
    await page.evaluate(async () => {
      const w = globalThis as unknown as StreamWindow;
      for (const m of ['e1', 'e2', 'e3']) await w.writer.write(m);
      await w.reader.read();
      await w.writer.write('marker');
    });
    dump = await waitForDump(panel, needle, (d) => d.messages.some((m) => m.data === 'marker'), 'the marker');
    expect(dump.messages.filter((m) => m.dir === 'in').map((m) => m.data)).toEqual(['héllo', b64([1, 2, 255]), 'e1']);

    const closed = await page.evaluate(async () => {
      const w = globalThis as unknown as StreamWindow;
      w.reader.releaseLock();
      w.wss.close({ closeCode: 4001, reason: 'bye' });
      return w.wss.closed;
    });
    expect(closed).toEqual({ closeCode: 4001, reason: 'bye' });
    dump = await waitForDump(panel, needle, (d) => conn(d)?.state === 'closed', 'the close');
    expect(conn(dump)).toMatchObject({ closeCall: { code: 4001, reason: 'bye' }, close: { code: 4001, reason: 'bye', wasClean: true } });
    await panel.close();
    await page.close();
  });
});
