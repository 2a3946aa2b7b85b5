/**
 * Capture overhead in Chromium: what the extension costs a page that
 * receives or sends many WebSocket messages, against no inspector at all (a)
 * and against an open DevTools (d, the Network domain streaming every frame
 * to a client); and how long after the page's last message the extension
 * has stored everything (time-to-stored).
 *
 *   a  browser without the extension
 *   x  a second browser with dist/chrome loaded
 *   d  browser (a) plus a CDP session on the tab with Network.enable
 *
 * Per workload: one warm-up run of each variant (discarded), then
 * `ctx.rounds` rounds of a, x, d interleaved, each on a fresh tab. The page
 * times itself (bench/pages/capture.js). Every run checks that all messages
 * arrived; (x) also that the extension stored them all (tabStats), (d) that
 * DevTools got a frame event for each. Every wait is bounded and scales with
 * the workload; a failed run is recorded with its error and left out of the
 * goals, and a variant whose browser died is skipped from then on, so the
 * other figures are still written.
 *
 * Env (development aids): BENCH_CAPTURE_VARIANTS=a,d runs a subset (goals
 * need all three), BENCH_CAPTURE_WORKLOADS=recvText,... a subset of workloads.
 */
import { cpSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer } from '../../test/servers/test-server';
import type { TestServer } from '../../test/servers/test-server';
import type { Goal, Suite, SuiteContext } from '../types';
import { LAUNCH_TIMEOUT_MS, evaluate, findExtensionId, launchChromium, type Browser, type Cdp } from '../lib/cdp';
import { pollFor, scratch } from '../lib/processes';
import { endTrace, startTrace, traceDir } from '../lib/chrome-trace';
import {
  PAGE_RESULT_JSON,
  WORKLOADS,
  expectedMessages,
  goalOf,
  load1,
  paired,
  selected,
  statsProbe,
  pipelineOf,
  profileProbe,
  storeGoals,
  runRounds,
  waitBoundMs,
  waitForCapture,
  type CaptureRun,
  type PageResult,
  type Variant,
  type Workload,
} from '../lib/capture-common';

const ALL_VARIANTS: readonly Variant[] = ['a', 'x', 'd'];

interface Lab {
  server: TestServer;
  plain: Browser | null;
  withExtension: Browser | null;
  /** (x) a session on an idle extension page, for runtime.sendMessage to the background. */
  extensionSession: string | null;
}

let runCounter = 0;

/** The page's result; retried when the evaluation landed in about:blank just before the navigation committed. */
async function awaitPageResult(cdp: Cdp, sessionId: string, timeoutMs: number): Promise<PageResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      return JSON.parse(await evaluate<string>(cdp, sessionId, PAGE_RESULT_JSON, timeoutMs)) as PageResult;
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
  const bound = waitBoundMs(w);
  const loadAtStart = load1();

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
    if (variant === 'x' && lab.extensionSession !== null)
      await evaluate<string>(browser.cdp, lab.extensionSession, profileProbe('chrome', true)); // fresh counters for this run
    const tracing = variant === 'x' ? traceDir() : undefined;
    if (tracing) await startTrace(browser.cdp);
    const nav = await cdp.send<{ errorText?: string }>('Page.navigate', { url }, sessionId);
    if (nav.errorText) throw new Error(`navigation to ${url} failed: ${nav.errorText}`);
    const page = await awaitPageResult(cdp, sessionId, bound);
    const tEnd = Date.now();
    const where = `${w.name}/${variant} round ${round}`;
    if (!page.ok) throw new Error(`${where}: the page did not get every message: ${page.error ?? '?'}`);

    // performance.now() is coarsened to 0.1 ms or worse anyway: keep the JSON readable.
    const run: CaptureRun = {
      browser: 'chromium',
      workload: w.name,
      variant,
      round,
      ms: Math.round(page.ms * 10) / 10,
      messages: page.count,
      bytes: page.bytes,
      load: [loadAtStart, loadAtStart],
    };
    if (variant === 'd') {
      const expected = expectedMessages(w);
      run.devtoolsFrames = await pollFor(`${where}: ${expected} DevTools frame events (got ${frames} so far)`, bound, 20, () =>
        frames >= expected ? frames : null,
      );
    }
    if (variant === 'x') {
      const session = lab.extensionSession;
      if (session === null) throw new Error('no extension session');
      const ask = async () =>
        JSON.parse(await evaluate<string>(browser.cdp, session, statsProbe('chrome', token))) as Awaited<
          ReturnType<Parameters<typeof waitForCapture>[0]>
        >;
      Object.assign(run, await waitForCapture(ask, expectedMessages(w), tEnd, bound, where));
      const pipeline = pipelineOf(await evaluate<string>(browser.cdp, session, profileProbe('chrome', false)), tEnd);
      if (pipeline) run.pipeline = pipeline;
      if (tracing) console.log(`  trace: ${await endTrace(browser.cdp, tracing, `${w.name}-${round}`)}`);
    }
    run.load[1] = load1();
    return run;
  } finally {
    for (const off of unlisten) off();
    await cdp.send('Target.closeTarget', { targetId }).catch(() => undefined); // a crashed tab is already closed
  }
}

function goalsFrom(runs: readonly CaptureRun[]): Goal[] {
  const ratio = (x: number, y: number): number => x / y;
  const n = WORKLOADS.find((w) => w.name === 'recvText')?.n ?? NaN;
  const specs: Array<[string, Workload['name'], Variant, Variant, number, string, (x: number, y: number) => number]> = [
    ['capture.recvText.vsBaseline', 'recvText', 'x', 'a', 1.1, 'ratio', ratio],
    ['capture.recvBinary64k.vsBaseline', 'recvBinary64k', 'x', 'a', 1.35, 'ratio', ratio],
    ['capture.echoText.vsBaseline', 'echoText', 'x', 'a', 1.15, 'ratio', ratio],
    ['capture.recvText.vsDevtools', 'recvText', 'x', 'd', 0.6, 'ratio', ratio],
    ['capture.recvBinary64k.vsDevtools', 'recvBinary64k', 'x', 'd', 0.4, 'ratio', ratio],
    // ms → µs per message of the recvText workload.
    ['capture.mainThreadPerMessage', 'recvText', 'x', 'a', 2, 'µs', (x, y) => ((x - y) / n) * 1000],
  ];
  const goals: Goal[] = [];
  for (const [id, workload, num, den, target, unit, f] of specs) {
    const values = paired(runs, workload, num, den, f);
    if (values.length > 0) goals.push(goalOf(id, values, target, unit));
  }
  return [...goals, ...storeGoals('capture', runs)];
}

async function openExtensionLab(lab: Lab, ctx: SuiteContext, snapshot: string): Promise<Browser> {
  scratch.add(snapshot);
  cpSync(ctx.chromeDist, snapshot, { recursive: true });
  const builtAt = statSync(join(ctx.chromeDist, 'manifest.json')).mtime.toISOString();
  const browser = await launchChromium('extension', [`--load-extension=${snapshot}`, `--disable-extensions-except=${snapshot}`]);
  lab.withExtension = browser;
  const id = await findExtensionId(browser.cdp);
  // The panel without ?tabId stays idle (it subscribes to nothing): a quiet extension page to ask the background from.
  const { targetId } = await browser.cdp.send<{ targetId: string }>('Target.createTarget', {
    url: `chrome-extension://${id}/extension/panel.html`,
  });
  const session = (await browser.cdp.send<{ sessionId: string }>('Target.attachToTarget', { targetId, flatten: true })).sessionId;
  lab.extensionSession = session;
  await pollFor(
    'chrome.runtime on the extension page',
    LAUNCH_TIMEOUT_MS,
    50,
    async () =>
      (await evaluate<boolean>(
        browser.cdp,
        session,
        "typeof chrome === 'object' && !!chrome.runtime && document.readyState === 'complete'",
      ).catch(() => false)) || null,
  );
  ctx.log(`extension ${id}: a copy of ${ctx.chromeDist} (built ${builtAt})`);
  return browser;
}

const capture: Suite = async (ctx: SuiteContext) => {
  const variants = selected(process.env.BENCH_CAPTURE_VARIANTS, ALL_VARIANTS, 'variant');
  const workloadNames = selected(
    process.env.BENCH_CAPTURE_WORKLOADS,
    WORKLOADS.map((w) => w.name),
    'workload',
  );
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
    if (variants.includes('a') || variants.includes('d')) browsers.push((lab.plain = await launchChromium('plain', [])));
    if (snapshot !== null) browsers.push(await openExtensionLab(lab, ctx, snapshot));

    runs.push(
      ...(await runRounds({
        browser: 'chromium',
        workloads,
        variants,
        rounds: ctx.rounds,
        log: ctx.log,
        runOnce: (w, variant, round) => runOnce(lab, w, variant, round),
        exitNote: (v) => (v === 'x' ? lab.withExtension : lab.plain)?.exitNote(),
      })),
    );
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
