/**
 * Capture overhead: what the extension costs a page that receives or sends
 * many WebSocket messages, against no inspector at all (a) and against an
 * open DevTools (d, the Network domain streaming every frame to a client).
 *
 * Chromium is driven over raw CDP with flat sessions, not through Playwright
 * or Puppeteer page objects: those enable the Network domain on every page,
 * which is variant (d) and would make the baseline a DevTools run.
 *
 *   a  browser without the extension
 *   x  a second browser with dist/chrome loaded
 *   d  browser (a) plus a CDP session on the tab with Network.enable
 *
 * Per workload: one warm-up run of each variant (discarded), then
 * `ctx.rounds` rounds of a, x, d interleaved, each on a fresh tab. The page
 * times itself (bench/pages/capture.js). Every run checks that all messages
 * arrived; (x) also that the extension stored them all (tabStats), (d) that
 * DevTools got a frame event for each.
 *
 * Env (development aids): BENCH_CAPTURE_VARIANTS=a,d runs a subset (goals
 * need all three), BENCH_CAPTURE_WORKLOADS=recvText,... a subset of workloads.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { startTestServer } from '../../test/servers/test-server';
import type { TestServer } from '../../test/servers/test-server';
import type { Goal, Suite, SuiteContext } from '../types';

const CHROMIUM = '/usr/bin/chromium';
const LAUNCH_TIMEOUT_MS = 20_000;
const CDP_TIMEOUT_MS = 30_000;
/** One run may move 655 MB through the page (and the extension): generous, but bounded. */
const RUN_TIMEOUT_MS = 180_000;
const CAPTURE_TIMEOUT_MS = 240_000;
const STATS_POLL_MS = 100;
/** The capture counters not moving for this long means it will never finish: fail now, not at the timeout. */
const CAPTURE_STALL_MS = 30_000;

type Variant = 'a' | 'x' | 'd';
const ALL_VARIANTS: readonly Variant[] = ['a', 'x', 'd'];

interface Workload {
  name: 'recvText' | 'recvBinary64k' | 'echoText';
  mode: 'recv' | 'echo';
  n: number;
  size: number;
  kind: 'text' | 'binary';
}

const WORKLOADS: readonly Workload[] = [
  { name: 'recvText', mode: 'recv', n: 100_000, size: 100, kind: 'text' },
  { name: 'recvBinary64k', mode: 'recv', n: 10_000, size: 64 * 1024, kind: 'binary' },
  { name: 'echoText', mode: 'echo', n: 100_000, size: 100, kind: 'text' },
];

/** Messages a capture must hold after one run: the data, plus `done` (recv) or the echoes (echo). */
function expectedMessages(w: Workload): number {
  return w.mode === 'echo' ? 2 * w.n : w.n + 1;
}

// ── CDP over a WebSocket, flat sessions ──────────────────────────────────

interface CdpMessage {
  id?: number;
  method?: string;
  params?: Record<string, unknown>;
  sessionId?: string;
  result?: unknown;
  error?: { message: string };
}

type CdpListener = (params: Record<string, unknown>, sessionId: string | undefined) => void;

class Cdp {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: unknown) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();
  private readonly listeners = new Map<string, Set<CdpListener>>();

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (raw) => this.dispatch(JSON.parse(String(raw)) as CdpMessage));
    ws.on('close', () => this.failAll(new Error('CDP connection closed')));
  }

  static async connect(url: string): Promise<Cdp> {
    // Frame events of 64 KiB binary messages arrive base64-encoded: allow big frames.
    const ws = new WebSocket(url, { perMessageDeflate: false, maxPayload: 512 * 2 ** 20 });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return new Cdp(ws);
  }

  send<T = Record<string, unknown>>(method: string, params: object = {}, sessionId?: string, timeoutMs = CDP_TIMEOUT_MS): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`CDP ${method} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { resolve: (r) => resolve(r as T), reject, timer });
      this.ws.send(JSON.stringify({ id, method, params, ...(sessionId === undefined ? {} : { sessionId }) }));
    });
  }

  on(method: string, listener: CdpListener): () => void {
    let set = this.listeners.get(method);
    if (!set) this.listeners.set(method, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  close(): void {
    this.ws.terminate();
  }

  private dispatch(msg: CdpMessage): void {
    if (msg.id !== undefined) {
      const call = this.pending.get(msg.id);
      if (!call) return;
      this.pending.delete(msg.id);
      clearTimeout(call.timer);
      if (msg.error) call.reject(new Error(`CDP error: ${msg.error.message}`));
      else call.resolve(msg.result);
      return;
    }
    if (msg.method === undefined) return;
    for (const listener of this.listeners.get(msg.method) ?? []) listener(msg.params ?? {}, msg.sessionId);
  }

  private failAll(err: Error): void {
    for (const call of this.pending.values()) {
      clearTimeout(call.timer);
      call.reject(err);
    }
    this.pending.clear();
  }
}

// ── browser processes ────────────────────────────────────────────────────

interface Browser {
  label: string;
  cdp: Cdp;
  /** How the process ended, once it has (crash, OOM kill, someone else's pkill); null while it runs. */
  exitNote(): string | null;
  close(): Promise<void>;
}

/** Browsers still alive: killed synchronously if the process exits early (Ctrl-C, a crash). */
const live = new Map<ChildProcess, string>();
/** Other temporary directories to remove on such an exit. */
const scratch = new Set<string>();
process.on('exit', () => {
  for (const [proc, profile] of live) {
    killGroup(proc, 'SIGKILL');
    rmSync(profile, { recursive: true, force: true });
  }
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

function killGroup(proc: ChildProcess, signal: NodeJS.Signals): void {
  if (proc.pid === undefined) return;
  try {
    process.kill(-proc.pid, signal); // renderers, GPU and utility processes share the group
  } catch {
    // ESRCH: the group is already gone, which is what we want.
  }
}

/** Resolves when `check` returns a value; polls every `everyMs`; rejects after `timeoutMs`. */
async function pollFor<T>(what: string, timeoutMs: number, everyMs: number, check: () => Promise<T | null> | T | null): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

async function launchChromium(label: string, extraArgs: string[]): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), `sockscope-bench-${label}-`));
  const args = [
    '--headless',
    '--remote-debugging-port=0',
    `--user-data-dir=${profile}`,
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--mute-audio',
    // Timings must not depend on which tab the browser thinks is in front.
    '--disable-background-timer-throttling',
    '--disable-renderer-backgrounding',
    '--disable-backgrounding-occluded-windows',
    ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), // root in containers: no sandbox possible
    ...extraArgs,
    'about:blank',
  ];
  const proc = spawn(CHROMIUM, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  live.set(proc, profile);
  let stderr = '';
  proc.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  let exitNote: string | null = null;
  proc.once('exit', (code, signal) => {
    exitNote = `Chromium (${label}) exited: code ${code ?? '-'}, signal ${signal ?? '-'}; stderr tail: ${stderr.slice(-1500)}`;
  });
  let cdp: Cdp | null = null;
  const close = async (): Promise<void> => {
    if (!live.has(proc)) return;
    const exited = new Promise<void>((resolve) => {
      if (proc.exitCode !== null || proc.signalCode !== null) resolve();
      else proc.once('exit', () => resolve());
    });
    if (cdp) await cdp.send('Browser.close', {}, undefined, 5000).catch(() => undefined); // already gone: fine
    cdp?.close();
    const timer = setTimeout(() => killGroup(proc, 'SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    killGroup(proc, 'SIGKILL'); // helpers that outlived the browser process
    live.delete(proc);
    rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
  };
  try {
    // Chromium writes the port and the browser target path once it listens.
    const portFile = join(profile, 'DevToolsActivePort');
    const endpoint = await pollFor(`${label}: DevToolsActivePort`, LAUNCH_TIMEOUT_MS, 25, () => {
      if (proc.exitCode !== null) throw new Error(`${label}: Chromium exited with ${proc.exitCode}: ${stderr}`);
      if (!existsSync(portFile)) return null;
      const [port, path] = readFileSync(portFile, 'utf8').split('\n');
      return port && path ? `ws://127.0.0.1:${port}${path}` : null;
    });
    cdp = await Cdp.connect(endpoint);
    return { label, cdp, exitNote: () => exitNote, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** The extension id is the host of its service worker's URL. */
async function findExtensionId(cdp: Cdp): Promise<string> {
  return pollFor('the extension service worker target (is dist/chrome a complete build?)', LAUNCH_TIMEOUT_MS, 50, async () => {
    const { targetInfos } = await cdp.send<{ targetInfos: Array<{ type: string; url: string }> }>('Target.getTargets');
    const worker = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith('chrome-extension://'));
    return worker ? new URL(worker.url).host : null;
  });
}

// ── one run ──────────────────────────────────────────────────────────────

interface PageResult {
  ok: boolean;
  error?: string;
  count: number;
  bytes: number;
  ms: number;
}

interface CaptureStats {
  messages: number;
  dropped: number;
  skipped: number;
  truncated: number;
  bytes: number;
}

export interface CaptureRun {
  workload: Workload['name'];
  variant: Variant;
  /** 0 is the warm-up round (discarded). */
  round: number;
  ms: number;
  messages: number;
  bytes: number;
  /** (x) the extension's counters once it had stored everything. */
  captured?: CaptureStats;
  /** (x) ms from the page's last message until the extension had stored everything. */
  captureLagMs?: number;
  /** (d) frame events DevTools received. */
  devtoolsFrames?: number;
}

interface Lab {
  server: TestServer;
  plain: Browser | null;
  withExtension: Browser | null;
  /** (x) a session on an idle extension page, for runtime.sendMessage to the background. */
  extensionSession: string | null;
}

let runCounter = 0;

async function evaluate<T>(cdp: Cdp, sessionId: string, expression: string, timeoutMs = CDP_TIMEOUT_MS): Promise<T> {
  const reply = await cdp.send<{ result: { value?: unknown }; exceptionDetails?: { text: string; exception?: { description?: string } } }>(
    'Runtime.evaluate',
    { expression, awaitPromise: true, returnByValue: true },
    sessionId,
    timeoutMs,
  );
  if (reply.exceptionDetails) {
    throw new Error(`page threw: ${reply.exceptionDetails.exception?.description ?? reply.exceptionDetails.text}`);
  }
  return reply.result.value as T;
}

/** The page's result; retried when the evaluation landed in about:blank just before the navigation committed. */
async function awaitPageResult(cdp: Cdp, sessionId: string): Promise<PageResult> {
  const expression =
    "window.__bench ? window.__bench : new Promise((r) => addEventListener('bench-ready', () => r(window.__bench), { once: true }))";
  for (let attempt = 1; ; attempt++) {
    try {
      return await evaluate<PageResult>(cdp, sessionId, expression, RUN_TIMEOUT_MS);
    } catch (err) {
      const message = (err as Error).message;
      if (attempt >= 3 || !/context|navigat/i.test(message)) throw err;
    }
  }
}

async function runOnce(lab: Lab, w: Workload, variant: Variant, round: number): Promise<CaptureRun> {
  const browser = variant === 'x' ? lab.withExtension : lab.plain;
  if (!browser) throw new Error(`no browser launched for variant ${variant}`);
  const { cdp } = browser;
  const token = `run${++runCounter}-${variant}-${Date.now()}`;
  const query = new URLSearchParams({ mode: w.mode, n: String(w.n), size: String(w.size), kind: w.kind, token });
  const url = lab.server.httpUrl(`/bench/capture.html?${query}`);

  const { targetId } = await cdp.send<{ targetId: string }>('Target.createTarget', { url: 'about:blank' });
  const unlisten: Array<() => void> = [];
  try {
    const { sessionId } = await cdp.send<{ sessionId: string }>('Target.attachToTarget', { targetId, flatten: true });
    let frames = 0;
    if (variant === 'd') {
      // A second session, as DevTools' own: it streams every frame event to this process.
      const devtools = await cdp.send<{ sessionId: string }>('Target.attachToTarget', { targetId, flatten: true });
      const count = (_params: Record<string, unknown>, sid: string | undefined): void => {
        if (sid === devtools.sessionId) frames++;
      };
      unlisten.push(cdp.on('Network.webSocketFrameReceived', count), cdp.on('Network.webSocketFrameSent', count));
      await cdp.send('Network.enable', { maxPostDataSize: 65536 }, devtools.sessionId);
    }
    const nav = await cdp.send<{ errorText?: string }>('Page.navigate', { url }, sessionId);
    if (nav.errorText) throw new Error(`navigation to ${url} failed: ${nav.errorText}`);
    const page = await awaitPageResult(cdp, sessionId);
    const tEnd = Date.now();
    const where = `${w.name}/${variant} round ${round}`;
    if (!page.ok) throw new Error(`${where}: the page did not get every message: ${page.error ?? '?'}`);

    // performance.now() is coarsened to 0.1 ms or worse anyway: keep the JSON readable.
    const run: CaptureRun = { workload: w.name, variant, round, ms: Math.round(page.ms * 10) / 10, messages: page.count, bytes: page.bytes };
    if (variant === 'd') {
      const expected = expectedMessages(w);
      run.devtoolsFrames = await pollFor(`${where}: ${expected} DevTools frame events`, CAPTURE_TIMEOUT_MS, STATS_POLL_MS, () =>
        frames >= expected ? frames : null,
      );
    }
    if (variant === 'x') {
      run.captured = await waitForCapture(lab, token, expectedMessages(w), where);
      run.captureLagMs = Date.now() - tEnd;
    }
    return run;
  } finally {
    for (const off of unlisten) off();
    await cdp.send('Target.closeTarget', { targetId }).catch(() => undefined); // a crashed tab is already closed
  }
}

/** Polls the background's counters until it stored (or stored and evicted) every message of the run. */
async function waitForCapture(lab: Lab, token: string, expected: number, where: string): Promise<CaptureStats> {
  const browser = lab.withExtension;
  const session = lab.extensionSession;
  if (!browser || session === null) throw new Error('no extension session');
  const expression = `(async () => {
    const found = await chrome.runtime.sendMessage({ type: 'findTab', urlContains: ${JSON.stringify(token)} });
    if (!found || !found.ok || found.tabId == null) return { tabId: null, stats: null };
    const reply = await chrome.runtime.sendMessage({ type: 'tabStats', tabId: found.tabId });
    return { tabId: found.tabId, stats: reply && reply.ok ? reply.stats : null };
  })()`;
  let last: CaptureStats | null = null;
  let lastSeen = -1;
  let lastChange = Date.now();
  try {
    return await pollFor(`${where}: the extension to capture ${expected} messages`, CAPTURE_TIMEOUT_MS, STATS_POLL_MS, async () => {
      const { stats } = await evaluate<{ stats: CaptureStats | null }>(browser.cdp, session, expression);
      last = stats;
      // Evicted by the store's caps still counts as captured: it was stored first.
      const seen = stats ? stats.messages + stats.dropped : -1;
      if (seen > expected) throw new Error(`${where}: the extension holds ${seen} messages, expected ${expected} (duplicates?)`);
      if (seen === expected) return stats;
      if (seen !== lastSeen) {
        lastSeen = seen;
        lastChange = Date.now();
      } else if (Date.now() - lastChange > CAPTURE_STALL_MS) {
        throw new Error(`${where}: the extension stopped at ${Math.max(seen, 0)} of ${expected} messages (no change for ${CAPTURE_STALL_MS / 1000} s)`);
      }
      return null;
    });
  } catch (err) {
    throw new Error(`${(err as Error).message}; last stats: ${JSON.stringify(last)}`);
  }
}

/** A lost CDP connection says nothing by itself: add how the browser ended, if it did. */
function withExitNote(err: unknown, browser: Browser | null): Error {
  const error = err instanceof Error ? err : new Error(String(err));
  const note = browser?.exitNote();
  if (note) error.message += ` [${note}]`;
  return error;
}

// ── statistics and goals ─────────────────────────────────────────────────

function median(values: readonly number[]): number {
  const sorted = [...values].sort((p, q) => p - q);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
}

function goalOf(id: string, values: readonly number[], target: number, unit: string): Goal {
  return { id, value: median(values), op: '<=', target, unit, spread: [Math.min(...values), Math.max(...values)], n: values.length };
}

/** Per-round pairs: round r of `num` against round r of `den` on the same workload. */
function paired(runs: readonly CaptureRun[], workload: Workload['name'], num: Variant, den: Variant, f: (x: number, y: number) => number): number[] {
  const byRound = (v: Variant): Map<number, number> =>
    new Map(runs.filter((r) => r.workload === workload && r.variant === v && r.round > 0).map((r) => [r.round, r.ms]));
  const xs = byRound(num);
  const ys = byRound(den);
  const out: number[] = [];
  for (const [round, x] of xs) {
    const y = ys.get(round);
    if (y !== undefined) out.push(f(x, y));
  }
  return out;
}

function goalsFrom(runs: readonly CaptureRun[]): Goal[] {
  const ratio = (x: number, y: number): number => x / y;
  const n = WORKLOADS.find((w) => w.name === 'recvText')?.n ?? NaN;
  const specs: Array<[string, Workload['name'], Variant, Variant, number, string, (x: number, y: number) => number]> = [
    ['capture.recvText.vsBaseline', 'recvText', 'x', 'a', 1.15, 'ratio', ratio],
    ['capture.recvBinary64k.vsBaseline', 'recvBinary64k', 'x', 'a', 1.35, 'ratio', ratio],
    ['capture.echoText.vsBaseline', 'echoText', 'x', 'a', 1.15, 'ratio', ratio],
    ['capture.recvText.vsDevtools', 'recvText', 'x', 'd', 0.6, 'ratio', ratio],
    ['capture.recvBinary64k.vsDevtools', 'recvBinary64k', 'x', 'd', 0.4, 'ratio', ratio],
    // ms → µs per message of the recvText workload.
    ['capture.mainThreadPerMessage', 'recvText', 'x', 'a', 3, 'µs', (x, y) => ((x - y) / n) * 1000],
  ];
  const goals: Goal[] = [];
  for (const [id, workload, num, den, target, unit, f] of specs) {
    const values = paired(runs, workload, num, den, f);
    if (values.length > 0) goals.push(goalOf(id, values, target, unit));
  }
  return goals;
}

// ── the suite ────────────────────────────────────────────────────────────

function selected<T extends string>(env: string | undefined, all: readonly T[], what: string): T[] {
  if (!env) return [...all];
  const names = env.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((s) => !all.includes(s as T));
  if (unknown.length > 0) throw new Error(`unknown ${what}: ${unknown.join(', ')} (known: ${all.join(', ')})`);
  return names as T[];
}

const capture: Suite = async (ctx: SuiteContext) => {
  const variants = selected(process.env.BENCH_CAPTURE_VARIANTS, ALL_VARIANTS, 'variant');
  const workloadNames = selected(process.env.BENCH_CAPTURE_WORKLOADS, WORKLOADS.map((w) => w.name), 'workload');
  const workloads = WORKLOADS.filter((w) => workloadNames.includes(w.name));
  if (variants.includes('x') && !existsSync(join(ctx.chromeDist, 'manifest.json'))) {
    throw new Error(
      `variant (x) needs the built extension, and ${ctx.chromeDist}/manifest.json does not exist. ` +
        'Run `npm run build:chrome` (npm run bench does), or BENCH_CAPTURE_VARIANTS=a,d to measure the others.',
    );
  }

  const server = await startTestServer({ record: false }); // millions of messages: keep no record
  // A copy of the build: a rebuild of dist/ during a 15-minute bench must not change the extension under test.
  const snapshot = variants.includes('x') ? mkdtempSync(join(tmpdir(), 'sockscope-bench-dist-')) : null;
  const lab: Lab = { server, plain: null, withExtension: null, extensionSession: null };
  const runs: CaptureRun[] = [];
  const browsers: Browser[] = [];
  try {
    if (variants.includes('a') || variants.includes('d')) {
      lab.plain = await launchChromium('plain', []);
      browsers.push(lab.plain);
    }
    if (variants.includes('x')) {
      if (snapshot === null) throw new Error('no snapshot directory');
      scratch.add(snapshot);
      cpSync(ctx.chromeDist, snapshot, { recursive: true });
      const builtAt = statSync(join(ctx.chromeDist, 'manifest.json')).mtime.toISOString();
      const ext = [`--load-extension=${snapshot}`, `--disable-extensions-except=${snapshot}`];
      const browser = await launchChromium('extension', ext);
      browsers.push(browser);
      lab.withExtension = browser;
      const id = await findExtensionId(browser.cdp);
      // The panel without ?tabId stays idle (it subscribes to nothing): a quiet extension page to ask the background from.
      const { targetId } = await browser.cdp.send<{ targetId: string }>('Target.createTarget', { url: `chrome-extension://${id}/extension/panel.html` });
      lab.extensionSession = (await browser.cdp.send<{ sessionId: string }>('Target.attachToTarget', { targetId, flatten: true })).sessionId;
      await pollFor('chrome.runtime on the extension page', LAUNCH_TIMEOUT_MS, 50, async () =>
        (await evaluate<boolean>(browser.cdp, lab.extensionSession ?? '', "typeof chrome === 'object' && !!chrome.runtime && document.readyState === 'complete'").catch(() => false)) || null,
      );
      ctx.log(`extension ${id}: a copy of ${ctx.chromeDist} (built ${builtAt})`);
    }

    for (const w of workloads) {
      ctx.log(`${w.name}: ${w.n} × ${w.size} B ${w.kind} ${w.mode === 'echo' ? 'sent and echoed' : 'received'}`);
      for (let round = 0; round <= ctx.rounds; round++) {
        const line: string[] = [];
        for (const variant of variants) {
          const run = await runOnce(lab, w, variant, round).catch((err: unknown) => {
            throw withExitNote(err, variant === 'x' ? lab.withExtension : lab.plain);
          });
          runs.push(run);
          line.push(`${variant} ${run.ms.toFixed(0)} ms${run.captureLagMs === undefined ? '' : ` (+${run.captureLagMs} ms to store)`}`);
        }
        ctx.log(`  ${round === 0 ? 'warm-up' : `round ${round}`}: ${line.join(', ')}`);
      }
    }
  } finally {
    await Promise.all(browsers.map((b) => b.close()));
    await server.close();
    if (snapshot !== null) {
      rmSync(snapshot, { recursive: true, force: true });
      scratch.delete(snapshot);
    }
  }
  return { goals: goalsFrom(runs), runs };
};

export default capture;
