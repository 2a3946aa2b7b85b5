/**
 * A HAR written by a third-party tool from real Chromium traffic: Playwright
 * (playwright-core's recordHar, content "embed", which records
 * `_webSocketMessages` from CDP's WebSocket frame events; chrome-har 1.3
 * ignores those events, so it cannot be the tool) drives Chromium without
 * the extension against a local `ws` server. Our importer must give back
 * every message both peers sent, byte for byte, in order, with times inside
 * the test's run (Playwright writes epoch milliseconds where Chrome writes
 * seconds). SOCKSCOPE_WRITE_FIXTURE=1 also writes the HAR to
 * test/fixtures/har/playwright-chromium.har.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { chromium } from 'playwright-core';
import { importHar } from '../../src/import';
import { PAGE_SENDS, SERVER_SENDS, stored } from '../fixtures/har/playwright-messages';
import { browserExecutable, ROOT } from './harness/browsers';

const PAGE = `<!doctype html><meta charset="utf-8"><title>third-party HAR</title><script>
const toSend = ${JSON.stringify(PAGE_SENDS)};
const ws = new WebSocket('ws://' + location.host + '/socket?token=abc');
ws.binaryType = 'arraybuffer';
let got = 0;
ws.onopen = () => { for (const m of toSend) ws.send(typeof m === 'string' ? m : new Uint8Array(m)); };
ws.onmessage = () => { if (++got === ${SERVER_SENDS.length}) ws.close(1000, 'done'); };
ws.onclose = () => { document.title = 'closed'; };
</script>`;

let url = '';
const received: (string | number[])[] = [];
const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE));
const wss = new WebSocketServer({ server, path: '/socket' });
wss.on('connection', (ws) => {
  ws.on('message', (data, isBinary) => {
    const buf = Buffer.isBuffer(data) ? data : Buffer.concat(data as Buffer[]);
    received.push(isBinary ? [...buf] : buf.toString('utf8'));
    if (received.length === PAGE_SENDS.length)
      for (const m of SERVER_SENDS) ws.send(typeof m === 'string' ? m : Buffer.from(m), { binary: typeof m !== 'string' });
  });
});

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  wss.close();
  await new Promise((r) => server.close(r));
});

describe('HAR from a third-party tool (Playwright recordHar, real Chromium)', () => {
  it('imports with every message equal to what each peer sent', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sockscope-har-'));
    const harPath = join(dir, 'playwright.har');
    const browser = await chromium.launch({ executablePath: browserExecutable('chromium'), headless: true });
    const before = Date.now();
    try {
      const context = await browser.newContext({ recordHar: { path: harPath, content: 'embed' } });
      const page = await context.newPage();
      await page.goto(url);
      await page.waitForFunction(() => document.title === 'closed');
      await context.close(); // writes the HAR
    } finally {
      await browser.close();
    }
    const after = Date.now();
    expect(received).toEqual(PAGE_SENDS);
    const text = readFileSync(harPath, 'utf8');
    if (process.env.SOCKSCOPE_WRITE_FIXTURE === '1') copyFileSync(harPath, join(ROOT, 'test/fixtures/har/playwright-chromium.har'));
    rmSync(dir, { recursive: true, force: true });

    const result = importHar(text);
    if (!result.ok) throw new Error(`${result.error.place}: ${result.error.message}`);
    const { connections, messages } = result.value;
    expect(connections).toHaveLength(1);
    expect(connections[0]!.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/socket\?token=abc$/);
    const out = messages.filter((m) => m.dir === 'out').map((m) => ({ opcode: m.opcode, data: m.data }));
    const inn = messages.filter((m) => m.dir === 'in').map((m) => ({ opcode: m.opcode, data: m.data }));
    expect(out).toEqual(PAGE_SENDS.map(stored));
    expect(inn).toEqual(SERVER_SENDS.map(stored));
    for (const m of messages) {
      expect(m.t).toBeGreaterThanOrEqual(before - 1);
      expect(m.t).toBeLessThanOrEqual(after + 1);
    }
  });
});
