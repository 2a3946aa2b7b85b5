/**
 * Capture overhead and time-to-stored in Firefox: the same workloads and
 * page as the Chromium suite (bench/lib/capture-common.ts), driven over raw
 * WebDriver BiDi with no network events subscribed.
 *
 *   a  Firefox without the extension
 *   x  a second Firefox with dist/firefox-test installed (webExtension.install)
 *
 * Firefox has no counterpart of Chromium's variant (d): DevTools' network
 * monitor is not reachable over BiDi, and BiDi's network events carry no
 * WebSocket frames. So there is no "vs DevTools" figure for Firefox.
 *
 * The test build is used because its panel page is web-accessible to
 * 127.0.0.1: BiDi will not navigate a tab to moz-extension:// itself, but a
 * page may go there, and that idle extension page asks the background for
 * the run's counters. Goal ids: capture.firefox.*.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startTestServer } from '../../test/servers/test-server';
import type { TestServer } from '../../test/servers/test-server';
import type { Goal, Suite, SuiteContext } from '../types';
import { launchFirefox, type Firefox } from '../lib/bidi';
import { pollFor } from '../lib/processes';
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

const GECKO_ID = 'sockscope@sockscope.dev';
const UUID = '5a0c6b1e-2f4d-4c59-9b1a-50c7e7a1d0b5';
const ALL_VARIANTS: readonly Variant[] = ['a', 'x'];

interface Lab {
  server: TestServer;
  plain: Firefox | null;
  withExtension: Firefox | null;
  /** (x) the browsing context of an idle extension page. */
  extensionContext: string | null;
}

let runCounter = 0;

async function openExtensionPage(ff: Firefox, server: TestServer): Promise<string> {
  const { context } = await ff.bidi.send<{ context: string }>('browsingContext.create', { type: 'tab' });
  await ff.bidi.send('browsingContext.navigate', { context, url: server.httpUrl('/pages/blank.html'), wait: 'complete' });
  await ff.bidi.evaluate(context, `(location.href = ${JSON.stringify(`moz-extension://${UUID}/extension/panel.html`)}, 'ok')`);
  await pollFor('the extension page in Firefox', 20_000, 50, async () => {
    const state = await ff.bidi
      .evaluate(context, "String(location.protocol + ' ' + document.readyState + ' ' + typeof browser)")
      .catch(() => '');
    return state === 'moz-extension: complete object' ? state : null;
  });
  return context;
}

async function runOnce(lab: Lab, w: Workload, variant: Variant, round: number): Promise<CaptureRun> {
  const ff = variant === 'x' ? lab.withExtension : lab.plain;
  if (!ff) throw new Error(`no browser launched for variant ${variant}`);
  const token = `ffrun${++runCounter}-${variant}-${Date.now()}`;
  const query = new URLSearchParams({ mode: w.mode, n: String(w.n), size: String(w.size), kind: w.kind, token });
  const url = lab.server.httpUrl(`/bench/capture.html?${query}`);
  const bound = waitBoundMs(w);
  const loadAtStart = load1();
  const { context } = await ff.bidi.send<{ context: string }>('browsingContext.create', { type: 'tab' });
  try {
    if (variant === 'x' && lab.extensionContext !== null) await ff.bidi.evaluate(lab.extensionContext, profileProbe('browser', true));
    await ff.bidi.send('browsingContext.navigate', { context, url, wait: 'interactive' }, bound);
    const page = JSON.parse(await ff.bidi.evaluate(context, PAGE_RESULT_JSON, bound)) as PageResult;
    const tEnd = Date.now();
    const where = `firefox ${w.name}/${variant} round ${round}`;
    if (!page.ok) throw new Error(`${where}: the page did not get every message: ${page.error ?? '?'}`);
    const run: CaptureRun = {
      browser: 'firefox',
      workload: w.name,
      variant,
      round,
      ms: Math.round(page.ms * 10) / 10,
      messages: page.count,
      bytes: page.bytes,
      load: [loadAtStart, loadAtStart],
    };
    if (variant === 'x') {
      const ext = lab.extensionContext;
      if (ext === null) throw new Error('no extension page');
      const ask = async () =>
        JSON.parse(await ff.bidi.evaluate(ext, statsProbe('browser', token))) as Awaited<ReturnType<Parameters<typeof waitForCapture>[0]>>;
      Object.assign(run, await waitForCapture(ask, expectedMessages(w), tEnd, bound, where));
      const pipeline = pipelineOf(await ff.bidi.evaluate(ext, profileProbe('browser', false)), tEnd);
      if (pipeline) run.pipeline = pipeline;
    }
    run.load[1] = load1();
    return run;
  } finally {
    await ff.bidi.send('browsingContext.close', { context }).catch(() => undefined);
  }
}

function goalsFrom(runs: readonly CaptureRun[]): Goal[] {
  const ratio = (x: number, y: number): number => x / y;
  const specs: Array<[string, Workload['name'], number]> = [
    ['capture.firefox.recvText.vsBaseline', 'recvText', 1.1],
    ['capture.firefox.recvBinary64k.vsBaseline', 'recvBinary64k', 1.35],
    ['capture.firefox.echoText.vsBaseline', 'echoText', 1.15],
  ];
  const goals: Goal[] = [];
  for (const [id, workload, target] of specs) {
    const values = paired(runs, workload, 'x', 'a', ratio);
    if (values.length > 0) goals.push(goalOf(id, values, target, 'ratio'));
  }
  return [...goals, ...storeGoals('capture.firefox', runs)];
}

const captureFirefox: Suite = async (ctx: SuiteContext) => {
  const variants = selected(process.env.BENCH_CAPTURE_VARIANTS, ALL_VARIANTS, 'variant');
  const workloadNames = selected(
    process.env.BENCH_CAPTURE_WORKLOADS,
    WORKLOADS.map((w) => w.name),
    'workload',
  );
  const workloads = WORKLOADS.filter((w) => workloadNames.includes(w.name));
  if (variants.includes('x') && !existsSync(join(ctx.firefoxTestDist, 'manifest.json'))) {
    throw new Error(`variant (x) needs ${ctx.firefoxTestDist}: run \`npm run build:firefox-test\` (npm run bench does).`);
  }
  const server = await startTestServer({ record: false });
  const lab: Lab = { server, plain: null, withExtension: null, extensionContext: null };
  const browsers: Firefox[] = [];
  const runs: CaptureRun[] = [];
  try {
    if (variants.includes('a')) browsers.push((lab.plain = await launchFirefox('plain')));
    if (variants.includes('x')) {
      const ff = await launchFirefox('extension', { 'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: UUID }) });
      browsers.push((lab.withExtension = ff));
      await ff.bidi.send('webExtension.install', { extensionData: { type: 'path', path: ctx.firefoxTestDist } });
      lab.extensionContext = await openExtensionPage(ff, server);
      ctx.log(`extension installed from ${ctx.firefoxTestDist}`);
    }
    runs.push(
      ...(await runRounds({
        browser: 'firefox',
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
  }
  return { goals: goalsFrom(runs), runs };
};

export default captureFirefox;
