/**
 * Realms (Chromium over raw CDP): what worker support and debugger mode cost.
 * Sockscope runs no code in workers (README, "Not seen"), so "worker support"
 * is the extension itself: (a) a page without workers, with the extension
 * against without it — DOMContentLoaded of a page with no socket, and the
 * main-thread time per received message of a page socket; (b) a socket in a
 * dedicated worker against a page socket, each against no extension (the
 * worker's overhead should be at most the page's + 10 %); (c) debugger mode
 * on the tab against no extension and against DevTools open.
 *
 *   a  browser without the extension
 *   x  a second browser with dist/chrome loaded (page hook; worker sockets shown from webRequest)
 *   d  browser (a) plus a DevTools-like session: Network.enable on the tab and, paused at start, in every worker
 *   g  browser (x) with debugger mode turned on for the tab (as the panel does: setOptions {debugger: true})
 *
 * Workloads: `load` (a, x; LOADS navigations of bench/pages/realm.html?mode=load per run, the median DCL),
 * `page` and `worker` (a, x, d, g): N × 100 B text from /push, timed by the realm that owns the socket from
 * open to the last message (bench/pages/realm-socket.js). One warm-up run of each, then ctx.rounds rounds
 * interleaved, each on a fresh tab. Checks: the socket got every message; (x) stored them all (page) or
 * shows the worker socket as a labelled connection; (g) stored exactly the page's or the worker's
 * messages (the worker's through the debugger; a duplicate is an error); (d) a frame event for each.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer, type TestServer } from '../../test/servers/test-server';
import type { Goal, Suite, SuiteContext } from '../types';
import { evaluate, launchChromium, type Browser, type Cdp } from '../lib/cdp';
import { pollFor, scratch } from '../lib/processes';
import {
  goalOf,
  load1,
  median,
  PAGE_RESULT_JSON,
  statsProbe,
  waitForCapture,
  type CaptureStats,
  type PageResult,
} from '../lib/capture-common';
import { debuggerSees, openExtensionPage, setDebuggerMode, workerSocketShown } from '../lib/realm-extension';

type Variant = 'a' | 'x' | 'd' | 'g';
type Workload = 'load' | 'page' | 'worker';
const N = 20_000;
const SIZE = 100;
const LOADS = 5;
const BOUND_MS = 60_000;

export interface RealmRun {
  browser: 'chromium';
  workload: Workload;
  variant: Variant;
  round: number;
  ms: number;
  /** 1-minute load average when the run started and ended. */
  load: [number, number];
  captureLagMs?: number;
  devtoolsFrames?: number;
  error?: string;
}

interface Lab {
  server: TestServer;
  plain: Browser;
  ext: Browser;
  /** A session on an idle extension page of (x), to talk to the background. */
  extSession: string;
}

let counter = 0;

/** Evaluates after a navigation, retrying while the new document is not there yet. */
async function evaluateAfterNav<T>(cdp: Cdp, sid: string, expression: string): Promise<T> {
  return pollFor(`the page to answer ${expression.slice(0, 40)}`, BOUND_MS, 20, async () => {
    try {
      return (await evaluate<T | null>(cdp, sid, expression)) ?? null;
    } catch (err) {
      if (/context|navigat|not defined/i.test((err as Error).message)) return null;
      throw err;
    }
  });
}

/** (d): what DevTools does: Network in the tab and in each worker, which waits for it before running. */
async function openDevtools(cdp: Cdp, targetId: string, unlisten: Array<() => void>): Promise<() => number> {
  const { sessionId } = await cdp.send<{ sessionId: string }>('Target.attachToTarget', { targetId, flatten: true });
  const sessions = new Set([sessionId]);
  let frames = 0;
  const count = (_p: Record<string, unknown>, sid: string | undefined): void => void (sid && sessions.has(sid) && frames++);
  unlisten.push(cdp.on('Network.webSocketFrameReceived', count), cdp.on('Network.webSocketFrameSent', count));
  unlisten.push(
    cdp.on('Target.attachedToTarget', (p, sid) => {
      const child = p.sessionId as string;
      if (!sid || !sessions.has(sid)) return;
      sessions.add(child);
      void cdp
        .send('Network.enable', {}, child)
        .then(() => cdp.send('Runtime.runIfWaitingForDebugger', {}, child))
        .catch(() => undefined);
    }),
  );
  await cdp.send('Network.enable', {}, sessionId);
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: true }, sessionId);
  return () => frames;
}

async function runOnce(lab: Lab, workload: Workload, variant: Variant, round: number): Promise<RealmRun> {
  const browser = variant === 'x' || variant === 'g' ? lab.ext : lab.plain;
  const { cdp } = browser;
  const token = `realm${++counter}-${variant}-${Date.now()}`;
  const run: RealmRun = { browser: 'chromium', workload, variant, round, ms: NaN, load: [load1(), load1()] };
  const where = `${workload}/${variant} round ${round}`;
  const startUrl = lab.server.httpUrl(`/bench/realm.html?mode=load&token=${token}-start`);
  const { targetId } = await cdp.send<{ targetId: string }>('Target.createTarget', { url: variant === 'g' ? startUrl : 'about:blank' });
  const unlisten: Array<() => void> = [];
  try {
    const { sessionId: sid } = await cdp.send<{ sessionId: string }>('Target.attachToTarget', { targetId, flatten: true });
    const frames = variant === 'd' ? await openDevtools(cdp, targetId, unlisten) : () => 0;
    if (variant === 'g') {
      await evaluateAfterNav<string>(cdp, sid, PAGE_RESULT_JSON); // the start page is there: the tab has its URL
      await setDebuggerMode(cdp, lab.extSession, `${token}-start`, true);
    }
    const go = async (query: string): Promise<PageResult> => {
      await cdp.send('Page.navigate', { url: lab.server.httpUrl(`/bench/realm.html?${query}&token=${token}`) }, sid);
      return JSON.parse(await evaluateAfterNav<string>(cdp, sid, PAGE_RESULT_JSON)) as PageResult;
    };
    if (workload === 'load') {
      const dcl: number[] = [];
      for (let i = 0; i < LOADS; i++) dcl.push((await go(`mode=load&i=${i}`)).ms);
      run.ms = Math.round(median(dcl) * 100) / 100;
      return run;
    }
    const page = go(`mode=recv&where=${workload}&n=${N}&size=${SIZE}`);
    await evaluateAfterNav<boolean>(cdp, sid, 'window.__ready === true || null');
    // One probe exchange in the socket's realm (in every variant, untimed); (g) repeats it until the debugger reads it.
    let probes = 0;
    const probe = async () => void (await evaluate(cdp, sid, 'window.__probe()'), probes++);
    await probe();
    if (variant === 'g')
      await pollFor(`${where}: the debugger reading the ${workload}`, BOUND_MS, 0, async () =>
        (await debuggerSees(cdp, lab.extSession, token, workload)) ? true : (await probe(), null),
      );
    const ask = async (): Promise<{ stats: CaptureStats | null; ms: number }> =>
      JSON.parse(await evaluate<string>(cdp, lab.extSession, statsProbe('chrome', token))) as { stats: CaptureStats | null; ms: number };
    // (g) stores only the probes it read (a worker's first may precede Network.enable there): count what is stored, once settled.
    let stored = -1;
    const base =
      variant === 'g'
        ? await pollFor(`${where}: the probes stored`, BOUND_MS, 50, async () => {
            const now = (await ask()).stats?.messages ?? 0;
            return now === stored && now > 0 ? now : ((stored = now), null);
          })
        : 2 * probes;
    const expected = N + 1 + base;
    await evaluate(cdp, sid, 'window.__go()');
    const result = await page;
    const tEnd = Date.now();
    if (!result.ok) throw new Error(`${where}: the socket did not get every message: ${result.error ?? '?'}`);
    run.ms = Math.round(result.ms * 10) / 10;
    if (variant === 'd') {
      run.devtoolsFrames = await pollFor(`${where}: ${expected} frame events`, BOUND_MS, 20, () =>
        frames() >= expected ? frames() : null,
      );
    }
    if (variant === 'x' && workload === 'worker') await workerSocketShown(cdp, lab.extSession, token, BOUND_MS);
    if ((variant === 'x' && workload === 'page') || variant === 'g')
      run.captureLagMs = (await waitForCapture(ask, expected, tEnd, BOUND_MS, where)).captureLagMs;
    return run;
  } finally {
    run.load[1] = load1();
    for (const off of unlisten) off();
    await cdp.send('Target.closeTarget', { targetId }).catch(() => undefined);
  }
}

const paired = (runs: readonly RealmRun[], w: Workload, num: Variant, den: Variant): Array<[number, number, number]> => {
  const ok = (v: Variant) =>
    new Map(runs.filter((r) => r.workload === w && r.variant === v && r.round > 0 && !r.error).map((r) => [r.round, r.ms]));
  const xs = ok(num);
  const ys = ok(den);
  return [...xs].flatMap(([round, x]) => (ys.has(round) ? [[round, x, ys.get(round) as number] as [number, number, number]] : []));
};

export function realmGoals(runs: readonly RealmRun[]): Goal[] {
  const goals: Goal[] = [];
  const add = (id: string, values: number[], target: number, unit: string) =>
    void (values.length && goals.push(goalOf(id, values, target, unit)));
  const ratios = (w: Workload, num: Variant, den: Variant) => paired(runs, w, num, den).map(([, x, y]) => x / y);
  add('realm.noWorker.pageLoad.vsBaseline', ratios('load', 'x', 'a'), 1.1, 'ratio');
  add(
    'realm.noWorker.pageLoad.deltaMs',
    paired(runs, 'load', 'x', 'a').map(([, x, y]) => x - y),
    5,
    'ms',
  );
  add(
    'realm.noWorker.perMessage',
    paired(runs, 'page', 'x', 'a').map(([, x, y]) => ((x - y) / N) * 1000),
    2,
    'µs',
  );
  add('realm.pageSocket.vsBaseline', ratios('page', 'x', 'a'), 1.1, 'ratio');
  add('realm.workerSocket.vsBaseline', ratios('worker', 'x', 'a'), 1.1, 'ratio');
  // Per round: worker overhead minus page overhead, in ratio points (target: at most 10 % more).
  const page = new Map(paired(runs, 'page', 'x', 'a').map(([r, x, y]) => [r, x / y]));
  const extra = paired(runs, 'worker', 'x', 'a').flatMap(([r, x, y]) => (page.has(r) ? [x / y - (page.get(r) as number)] : []));
  add('realm.workerSocket.overVsPage', extra, 0.1, 'ratio');
  add('realm.debugger.page.vsBaseline', ratios('page', 'g', 'a'), 1.5, 'ratio');
  add('realm.debugger.page.vsDevtools', ratios('page', 'g', 'd'), 1.2, 'ratio');
  add('realm.debugger.worker.vsBaseline', ratios('worker', 'g', 'a'), 1.5, 'ratio');
  add('realm.debugger.worker.vsDevtools', ratios('worker', 'g', 'd'), 1.2, 'ratio');
  return goals;
}

const PLAN: ReadonlyArray<[Workload, readonly Variant[]]> = [
  ['load', ['a', 'x']],
  ['page', ['a', 'x', 'd', 'g']],
  ['worker', ['a', 'x', 'd', 'g']],
];

const realm: Suite = async (ctx: SuiteContext) => {
  if (!existsSync(join(ctx.chromeDist, 'manifest.json'))) throw new Error(`${ctx.chromeDist} is not built: npm run build:chrome`);
  const server = await startTestServer({ record: false });
  const snapshot = mkdtempSync(join(tmpdir(), 'sockscope-bench-dist-'));
  scratch.add(snapshot);
  const browsers: Browser[] = [];
  const runs: RealmRun[] = [];
  try {
    const plain = await launchChromium('plain', []);
    browsers.push(plain);
    const { browser: ext, session } = await openExtensionPage(ctx, snapshot);
    browsers.push(ext);
    const lab: Lab = { server, plain, ext, extSession: session };
    // Development aid: BENCH_REALM_WORKLOADS=worker runs a subset.
    const only = process.env.BENCH_REALM_WORKLOADS?.split(',');
    for (const [workload, variants] of PLAN.filter(([w]) => !only || only.includes(w))) {
      for (let round = 0; round <= ctx.rounds; round++) {
        const line: string[] = [];
        for (const variant of variants) {
          const run = await runOnce(lab, workload, variant, round).catch((err: unknown): RealmRun => {
            const l = load1();
            return { browser: 'chromium', workload, variant, round, ms: NaN, load: [l, l], error: (err as Error).message };
          });
          runs.push(run);
          const lag = run.captureLagMs === undefined ? '' : ` (+${run.captureLagMs} ms to store)`;
          line.push(run.error ? `${variant} FAILED (${run.error.slice(0, 200)})` : `${variant} ${run.ms} ms${lag}`);
        }
        ctx.log(`${workload} ${round === 0 ? 'warm-up' : `round ${round}`}: ${line.join(', ')}  [load ${load1()}]`);
      }
    }
  } finally {
    await Promise.all(browsers.map((b) => b.close()));
    await server.close();
    rmSync(snapshot, { recursive: true, force: true });
    scratch.delete(snapshot);
  }
  return { goals: realmGoals(runs), runs };
};

export default realm;
