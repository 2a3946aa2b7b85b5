/**
 * Every kind of worker, in real Chromium and Firefox: a classic worker, a
 * module worker with a relative import, a blob: worker, a data: worker, a
 * nested worker and a shared worker each open a socket. Sockscope does not
 * hook workers (README, "Not seen"), so each socket must appear as a
 * labelled handshake — never missing — where the browser reports it, and
 * each worker must see itself exactly as in the same browser without the
 * extension (location, import.meta.url, a relative fetch). A page whose CSP
 * forbids blob: workers works as without the extension and its worker's
 * socket appears. Chromium 156's webRequest reports no shared-worker socket
 * (asserted, with proof that a later page socket would have been shown).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'puppeteer-core';
import { launchPlain, type BrowserName, type Harness } from './harness/browsers';
import { useRig } from './harness/rig';
import { waitForDump } from './harness/extension';
import type { TestServer } from '../servers/test-server';
import type { TabDump } from '../../src/messaging/protocol';

const browsers: BrowserName[] = ['chromium', 'firefox'];
const DEDICATED = ['classic', 'module', 'blob', 'data', 'nested'] as const;

type Report = Record<string, unknown>;

const byWho = (d: TabDump, who: string) => d.connections.filter((c) => c.url.endsWith(`who=${who}`));
/** blob: URLs carry a fresh UUID per run: the same shape is what must match. */
const normalise = (x: unknown): unknown =>
  JSON.parse(JSON.stringify(x).replace(/blob:([^"/]+\/\/[^"/]+)\/[0-9a-f-]{36}/g, 'blob:$1/<uuid>'));

/** Runs in the page: one socket per worker kind; each worker reports what it got and what it sees of itself. */
async function runWorkerKinds(u: string): Promise<Record<string, Report>> {
  interface Port {
    postMessage(m: unknown): void;
    onmessage: ((e: MessageEvent) => void) | null;
  }
  const ask = (make: () => { port: Port; onerror: (f: (e: Event) => void) => void }, who: string) =>
    new Promise<Report>((resolve) => {
      try {
        const { port, onerror } = make();
        onerror((e) => resolve({ error: `error event: ${(e as ErrorEvent).message ?? ''}` }));
        port.onmessage = (e) => resolve(e.data as Report);
        port.postMessage({ url: u + who, send: [`from-${who} ✓`] });
      } catch (e) {
        resolve({ error: `threw ${(e as Error).name}` });
      }
    });
  const dedicated = (url: string, opts?: WorkerOptions) => () => {
    const w = new Worker(url, opts);
    return { port: w as Port, onerror: (f: (e: Event) => void) => void (w.onerror = f) };
  };
  // A self-contained classic worker: what a blob: or data: worker runs.
  const inline = `self.onmessage = (e) => {
    const ws = new WebSocket(e.data.url), got = [];
    ws.onopen = () => e.data.send.forEach((m) => ws.send(m));
    ws.onmessage = (m) => { got.push(m.data); if (got.length === e.data.send.length) ws.close(1000); };
    ws.onclose = async (c) => {
      const fetched = await fetch('data.txt').then((r) => r.text(), (err) => 'failed: ' + err.name);
      self.postMessage({ got, code: c.code, location: String(self.location), fetched });
    };
  };`;
  const out: Record<string, Report> = {};
  out.classic = await ask(dedicated('socket-worker.js'), 'classic');
  out.module = await ask(dedicated('module-worker.mjs', { type: 'module' }), 'module');
  out.blob = await ask(dedicated(URL.createObjectURL(new Blob([inline], { type: 'text/javascript' }))), 'blob');
  out.data = await ask(dedicated('data:text/javascript,' + encodeURIComponent(inline)), 'data');
  out.nested = await ask(dedicated('nested-worker.js'), 'nested');
  out.shared = await ask(() => {
    const s = new SharedWorker('shared-worker.js');
    return { port: s.port as Port, onerror: (f: (e: Event) => void) => void (s.onerror = f) };
  }, 'shared');
  return out;
}

/** Runs in a page with `worker-src 'self'`: a blob: worker (refused), then an allowed worker's socket. */
async function runUnderCsp(u: string): Promise<Report> {
  const blobOutcome = await new Promise<string>((resolve) => {
    try {
      const w = new Worker(URL.createObjectURL(new Blob(['postMessage(1)'], { type: 'text/javascript' })));
      w.onerror = () => resolve('error event');
      w.onmessage = () => resolve('ran');
    } catch (e) {
      resolve(`threw ${(e as Error).name}`);
    }
  });
  const report = await new Promise<Report>((resolve) => {
    try {
      const w = new Worker('socket-worker.js');
      w.onerror = () => resolve({ error: 'error event' });
      w.onmessage = (e) => resolve(e.data as Report);
      w.postMessage({ url: u + 'csp-worker', send: ['under csp'] });
    } catch (e) {
      resolve({ error: `threw ${(e as Error).name}` });
    }
  });
  const ws = new WebSocket(u + 'csp-page');
  await new Promise((r) => (ws.onopen = r));
  ws.send('page under csp');
  await new Promise((r) => (ws.onmessage = r));
  return { blobOutcome, report };
}

describe.each(browsers)('every kind of worker in %s', (name) => {
  let server: TestServer;
  let h: Harness;
  let plain: Browser;
  useRig(name, (s, b) => ((server = s), (h = b)));
  beforeAll(async () => {
    plain = await launchPlain(name);
  });
  afterAll(async () => {
    await plain?.close();
  });

  /** The same page in the browser without the extension. */
  async function native<T>(path: string, fn: (u: string) => Promise<T>): Promise<T> {
    const p = await plain.newPage();
    await p.goto(server.httpUrl(path));
    const r = await p.evaluate(fn, server.wsUrl('/echo?who='));
    await p.close();
    return r;
  }

  it('each worker kind’s socket appears, labelled; each worker sees itself as without the extension', async () => {
    const page: Page = await h.newPage();
    const needle = `t=kinds-${name}`;
    const path = `/pages/workers/index.html?${needle}`;
    await page.goto(server.httpUrl(path));
    // A tabless (shared-worker) handshake goes to the known tabs of its origin: make this one known first.
    const panel = await h.openPanel(needle, page);
    await page.evaluate(async (u: string) => {
      const ws = new WebSocket(u + 'anchor');
      await new Promise((r) => (ws.onopen = r));
    }, server.wsUrl('/echo?who='));
    await waitForDump(panel, needle, (d) => byWho(d, 'anchor').length === 1, 'the anchor socket');

    const hooked = await page.evaluate(runWorkerKinds, server.wsUrl('/echo?who='));
    for (const who of [...DEDICATED, 'shared']) expect(hooked[who], who).toMatchObject({ got: [`from-${who} ✓`], code: 1000 });
    expect(hooked.module).toMatchObject({
      location: server.httpUrl('/pages/workers/module-worker.mjs'),
      importMetaUrl: server.httpUrl('/pages/workers/module-worker.mjs'),
      depUrl: server.httpUrl('/pages/workers/module-socket.mjs'),
      fetched: 'relative fetch from a worker\n',
    });
    expect(hooked.nested).toMatchObject({ location: server.httpUrl('/pages/workers/socket-worker.js') });
    // The same page without the extension: every worker reports the same (blob: UUIDs aside).
    const bare = await native(`/pages/workers/index.html?t=kinds-plain`, runWorkerKinds);
    expect(normalise(hooked)).toEqual(normalise(bare));

    // Later page socket: anything webRequest reported before it has been handled by then.
    await page.evaluate(async (u: string) => {
      const ws = new WebSocket(u + 'after');
      await new Promise((r) => (ws.onopen = r));
    }, server.wsUrl('/echo?who='));
    const dump = await waitForDump(
      panel,
      needle,
      (d) => byWho(d, 'after')[0]?.handshake?.status === 101 && DEDICATED.every((w) => byWho(d, w).length === 1),
      'every dedicated worker socket shown',
    );
    for (const who of DEDICATED) {
      const c = byWho(dump, who);
      expect(c, who).toHaveLength(1);
      expect(c[0], who).toMatchObject({ realm: 'worker', unseen: 'worker', id: expect.stringMatching(/^net:/) });
      expect(c[0]?.handshake?.status, who).toBe(101);
    }
    if (name === 'firefox') {
      const withShared = await waitForDump(panel, needle, (d) => byWho(d, 'shared').length === 1, 'the shared worker socket');
      expect(byWho(withShared, 'shared')[0]).toMatchObject({ realm: 'service or shared worker', unseen: 'tabless' });
    } else {
      // Chromium 156: webRequest never reports a shared worker's socket (README, "Not seen").
      expect(byWho(dump, 'shared')).toEqual([]);
    }
    await panel.close();
    await page.close();
  });

  it('a page whose only socket is in a worker: the socket is labelled as a worker’s, not as a frame without the hook', async () => {
    // The relay connects with the page's first own socket; here there is none, so the background asks the frame.
    const page: Page = await h.newPage();
    const needle = `t=lonely-${name}`;
    await page.goto(server.httpUrl(`/pages/workers/index.html?${needle}`));
    const report = await page.evaluate(async (u: string) => {
      const w = new Worker('socket-worker.js');
      return new Promise<Report>((r) => {
        w.onmessage = (e) => r(e.data as Report);
        w.postMessage({ url: u + 'lonely', send: ['alone'] });
      });
    }, server.wsUrl('/echo?who='));
    expect(report).toMatchObject({ got: ['alone'], code: 1000 });
    const panel = await h.openPanel(needle, page);
    const dump = await waitForDump(panel, needle, (d) => byWho(d, 'lonely').length === 1, 'the worker socket');
    expect(byWho(dump, 'lonely')[0]).toMatchObject({ realm: 'worker', unseen: 'worker' });
    await panel.close();
    await page.close();
  });

  it('a page whose CSP forbids blob: workers works as without the extension, and its worker socket appears', async () => {
    const page: Page = await h.newPage();
    const needle = `t=csp-${name}`;
    await page.goto(server.httpUrl(`/pages/workers/csp.html?${needle}`));
    const hooked = await page.evaluate(runUnderCsp, server.wsUrl('/echo?who='));
    const bare = await native('/pages/workers/csp.html?t=csp-plain', runUnderCsp);
    expect(hooked).toEqual(bare);
    expect(hooked.blobOutcome).not.toBe('ran'); // the CSP is in force
    expect(hooked.report).toMatchObject({ got: ['under csp'], code: 1000 });

    const panel = await h.openPanel(needle, page);
    const dump = await waitForDump(
      panel,
      needle,
      (d) => byWho(d, 'csp-worker').length === 1 && byWho(d, 'csp-page')[0]?.received.messages === 1,
      'the worker socket shown and the page socket captured',
    );
    expect(byWho(dump, 'csp-worker')[0]).toMatchObject({ realm: 'worker', unseen: 'worker' });
    const pc = byWho(dump, 'csp-page')[0];
    expect(dump.messages.filter((m) => m.conn === pc?.id).map((m) => m.data)).toEqual(['page under csp', 'page under csp']);
    await panel.close();
    await page.close();
  });
});
