/**
 * Lifecycle, end to end: nothing lost when the background stops mid-stream;
 * clear, pause, preserve log and navigation; live updates in an open panel.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { waitUntil, type BrowserName, type Harness } from './harness/browsers';
import { useRig } from './harness/rig';
import { dumpTab, openSettings, screenshot, textOf, waitForDump } from './harness/extension';
import type { TestServer } from '../servers/test-server';
import type { MessageRecord } from '../../src/model/records';

const browsers: BrowserName[] = ['chromium', 'firefox'];

interface Progress {
  sent: number;
  received: number;
  done: boolean;
  /** The page is waiting for the test (window.__resume) at this many round trips; 0 when running. */
  pausedAt: number;
}

/** Round trips sent at once when the page reaches a pause, so batches are in flight as the worker stops. */
const BURST = 20;

/**
 * Starts a ping-pong of `n` round trips on /echo in the page; progress is on
 * window.__progress. At each of `pauses` (round trips) the page sends a
 * burst, then waits until the test calls window.__resume(): a stop made
 * while it waits is mid-stream by construction, however slow the machine.
 */
async function startPingPong(page: Page, url: string, n: number, pauses: number[]): Promise<void> {
  await page.evaluate(
    (u: string, total: number, at: number[], burst: number, BINARY_EVERY: number, BINARY_BYTES: number) => {
      const progress = { sent: 0, received: 0, done: false, pausedAt: 0 };
      const w = window as unknown as { __progress: typeof progress; __resume: () => void };
      w.__progress = progress;
      const ws = new WebSocket(u);
      ws.binaryType = 'arraybuffer';
      const sendOne = () => {
        progress.sent++;
        const n = progress.sent;
        if (n % BINARY_EVERY !== 0) return ws.send(`message ${n} ${'x'.repeat(80)}`);
        // Large binary (the hook's Blob path, payload.ts BLOB_MIN_BYTES): a view at an offset, its number in bytes 0-3.
        const bytes = new Uint8Array(BINARY_BYTES + 1).fill(n & 255);
        new DataView(bytes.buffer).setUint32(1, n, true);
        ws.send(bytes.subarray(1));
      };
      const next = () => {
        if (progress.pausedAt || progress.received < progress.sent) return; // waiting for the test, or for echoes
        if (progress.sent === total) {
          progress.done = true;
          return;
        }
        if (at.length && progress.received >= (at[0] as number)) {
          at.shift();
          for (let i = 0; i < burst && progress.sent < total; i++) sendOne();
          progress.pausedAt = progress.received;
          return;
        }
        sendOne();
      };
      w.__resume = () => {
        progress.pausedAt = 0;
        next();
      };
      ws.onopen = next;
      ws.onmessage = () => {
        progress.received++;
        next();
      };
    },
    url,
    n,
    pauses,
    BURST,
    BINARY_EVERY,
    BINARY_BYTES,
  );
}

/** Every 10th round trip is binary, over the hook's Blob threshold (16 KiB) and echoed as an ArrayBuffer. */
const BINARY_EVERY = 10;
const BINARY_BYTES = 20 * 1024;

/** The number a ping-pong message carries: in its text, or in a binary one's first 4 bytes (all others equal its low byte). */
function numberOf(m: MessageRecord): string {
  if (m.opcode === 1) return m.data.split(' ')[1] ?? '?';
  const bytes = Buffer.from(m.data, 'base64');
  const n = bytes.readUInt32LE(0);
  const whole = m.size === BINARY_BYTES && bytes.length === BINARY_BYTES && bytes.subarray(4).every((b) => b === (n & 255));
  return whole ? String(n) : `binary ${n} damaged`;
}

/** Opens a socket, sends `text` and waits for its echo. */
const echoOnce = (page: Page, url: string, text: string): Promise<unknown> =>
  page.evaluate(
    (u: string, t: string) =>
      new Promise((r) => {
        const ws = new WebSocket(u);
        ws.onopen = () => ws.send(t);
        ws.onmessage = r;
      }),
    url,
    text,
  );

const progressOf = (page: Page): Promise<Progress> => page.evaluate(() => (window as unknown as { __progress: Progress }).__progress);

describe.each(browsers)('lifecycle in %s', (name) => {
  let server: TestServer;
  let h: Harness;

  useRig(name, (s, b) => ((server = s), (h = b)));

  async function pageAt(tag: string): Promise<[Page, string]> {
    const page = await h.newPage();
    await page.goto(server.httpUrl(`/pages/blank.html?t=${tag}-${name}`));
    return [page, `t=${tag}-${name}`];
  }

  it.runIf(name === 'chromium')('loses no message when the service worker is stopped mid-stream, twice', async () => {
    const [page, needle] = await pageAt('swstop');
    const panel = await h.openPanel('/pages/blank.html?t=none', page); // an extension page to ask the background from
    const total = 1500;
    const pauses = [300, 1200];
    await startPingPong(page, server.wsUrl('/echo'), total, pauses);
    const stops: number[] = [];
    for (const threshold of pauses) {
      await waitUntil(async () => (await progressOf(page)).pausedAt >= threshold, 30_000, `the page to pause at ${threshold} round trips`);
      // Resolves only once that worker target is gone: the test must see it stop, or it proves nothing.
      await h.stopServiceWorker?.();
      const p = await progressOf(page);
      stops.push(p.sent);
      await page.evaluate(() => (window as unknown as { __resume: () => void }).__resume());
    }
    await waitUntil(async () => (await progressOf(page)).done, 60_000, 'the page to finish its round trips');
    const progress = await progressOf(page);
    expect(progress.received).toBe(total);
    // Both stops happened mid-stream (the page waited for them), with a burst of round trips in flight.
    expect(stops).toEqual([300 + BURST, 1200 + BURST]);
    const dump = await waitForDump(
      panel,
      needle,
      (d) => d.messages.length >= progress.sent + progress.received,
      'every message stored',
      30_000,
    );
    const out = dump.messages.filter((m) => m.dir === 'out').map(numberOf);
    const inn = dump.messages.filter((m) => m.dir === 'in').map(numberOf);
    expect(dump.messages.length).toBe(progress.sent + progress.received); // 0 lost, 0 duplicated
    expect(out).toEqual(Array.from({ length: total }, (_, i) => String(i + 1)));
    expect(inn).toEqual(out); // the echoes, in order, binary ones whole
    expect(dump.messages.filter((m) => m.opcode === 2).length).toBe((2 * total) / BINARY_EVERY);
    expect(dump.stats.messages).toBe(2 * total);
    // The binary payloads were written as Blobs (src/store/payload-blob.ts), not as base64 text.
    const stored = await panel.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const q = indexedDB.open('sockscope');
        q.onsuccess = () => resolve(q.result);
        q.onerror = () => reject(q.error);
      });
      const chunks = await new Promise<Array<{ records: Array<{ blob?: Blob }> }>>((resolve) => {
        const q = db.transaction('chunks').objectStore('chunks').getAll();
        q.onsuccess = () => resolve(q.result);
      });
      db.close();
      const records = chunks.flatMap((c) => c.records);
      return { records: records.length, blobs: records.filter((r) => r.blob instanceof Blob).length };
    });
    // So the restarted workers' restore above read every binary payload back from a Blob.
    expect(stored).toEqual({ records: 2 * total, blobs: (2 * total) / BINARY_EVERY });
  });

  it('updates an open panel live, pauses, clears, and keeps data across a navigation only with preserve log', async () => {
    const [page, needle] = await pageAt('live');
    await page.evaluate((u: string) => {
      const ws = new WebSocket(u);
      (window as unknown as { __ws: WebSocket }).__ws = ws;
      return new Promise((r) => (ws.onopen = r));
    }, server.wsUrl('/echo'));
    const panel = await h.openPanel(needle, page);
    const send = (text: string) => page.evaluate((t: string) => (window as unknown as { __ws: WebSocket }).__ws.send(t), text);
    const statusHas = (text: string) =>
      waitUntil(async () => (await textOf(panel, '[data-testid="status-bar"]')).includes(text), 10_000, `the status bar to say "${text}"`);

    await send('live one');
    await statusHas('2 messages'); // sent + echoed, pushed to the open panel
    expect(await textOf(panel, '[data-testid="message-row"]')).toContain('live one');

    await panel.click('[data-testid="pause-button"]');
    await waitForDump(panel, needle, (d) => d.options.paused, 'capture paused');
    await send('while paused');
    await waitForDump(panel, needle, (d) => d.stats.skipped === 2, 'two messages skipped while paused');
    await panel.click('[data-testid="pause-button"]');
    await waitForDump(panel, needle, (d) => !d.options.paused, 'capture resumed');
    await send('after resume');
    let dump = await waitForDump(panel, needle, (d) => d.messages.length === 4, 'four messages');
    expect(dump.messages.map((m) => m.data)).toEqual(['live one', 'live one', 'after resume', 'after resume']);

    await panel.click('[data-testid="clear-button"]');
    dump = await waitForDump(panel, needle, (d) => d.messages.length === 0, 'the log cleared');
    expect(dump.connections.length).toBe(1); // the socket is still open: it stays listed
    await send('after clear');
    await waitForDump(panel, needle, (d) => d.messages.length === 2, 'messages after clear');
    await statusHas('2 messages');
    await screenshot(panel, `${name}-live`);

    // Navigation without preserve log: the old page's data goes.
    await page.goto(server.httpUrl(`/pages/blank.html?t=live-${name}&second`));
    await waitForDump(panel, needle, (d) => d.connections.length === 0 && d.messages.length === 0, 'data cleared by the navigation');

    // With preserve log: kept across a reload.
    await page.evaluate(
      (u: string) =>
        new Promise((r) => {
          const ws = new WebSocket(u);
          ws.onopen = () => ws.send('before reload');
          ws.onmessage = r;
        }),
      server.wsUrl('/echo'),
    );
    await waitForDump(panel, needle, (d) => d.messages.length === 2, 'the new page\u2019s messages');
    await openSettings(panel);
    await panel.click('[data-testid="preserve-log"]');
    await waitForDump(panel, needle, (d) => d.options.preserveLog, 'preserve log on');
    await page.reload();
    await page.evaluate(
      (u: string) =>
        new Promise((r) => {
          const ws = new WebSocket(u);
          ws.onopen = () => ws.send('after reload');
          ws.onmessage = r;
        }),
      server.wsUrl('/echo'),
    );
    dump = await waitForDump(panel, needle, (d) => d.messages.length === 4, 'messages from both documents');
    expect(dump.messages.map((m) => m.data)).toEqual(['before reload', 'before reload', 'after reload', 'after reload']);
    expect(dump.connections.length).toBe(2);
  });

  // The background listens to navigations only while some tab has data (a page without sockets must not
  // wake it): the listener has to survive the worker stopping, or a stopped worker would miss the navigation.
  it.runIf(name === 'chromium')('a tab with data still sees a navigation that has to wake the stopped service worker', async () => {
    const [page, needle] = await pageAt('wake');
    await echoOnce(page, server.wsUrl('/echo'), 'x');
    let ask = await h.openPanel('t=none', page); // an extension page to ask the background from
    await waitForDump(ask, needle, (d) => d.messages.length === 2, 'the tab\u2019s messages');
    // To a page without sockets: no relay stays connected, nothing reconnects once the worker is stopped.
    await page.goto(server.httpUrl(`/pages/blank.html?${needle}&second`));
    await waitUntil(async () => (await dumpTab(ask, `${needle}&second`)) !== null, 10_000, 'the first navigation noted');
    await ask.close();
    await h.stopServiceWorker?.();
    await page.goto(server.httpUrl(`/pages/blank.html?${needle}&third`));
    ask = await h.openPanel('t=none', page);
    // Only the navigation's own event can tell the background this URL (no socket, no relay, no handshake).
    await waitUntil(async () => (await dumpTab(ask, `${needle}&third`)) !== null, 10_000, 'the navigation seen by the woken worker');
  });

  it('forgets a tab when it closes', async () => {
    const [page, needle] = await pageAt('closing');
    await echoOnce(page, server.wsUrl('/echo'), 'x');
    const panel = await h.openPanel(needle, page);
    await waitForDump(panel, needle, (d) => d.messages.length === 2, 'the tab\u2019s messages');
    await page.close();
    await waitUntil(async () => (await dumpTab(panel, needle)) === null, 10_000, 'the closed tab to be forgotten');
  });
});
