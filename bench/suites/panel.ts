/**
 * The panel under load, in Chromium with dist/chrome: the panel page opened
 * as a tab for a page (`panel.html?url=<token>`, as the browser tests do)
 * while that page receives text messages at the browser's ceiling (a local
 * server pushing as fast as the socket drains, ~36,000/s here).
 *
 *   panel.frameP95       ms between the panel's animation frames, p95, from
 *                        the start of the stream until the panel shows all
 *   panel.statusLagMs    how far the status bar's total trails the stored
 *                        count (bench/lib/panel-probe.ts statusLags), the worst
 *                        sample of a round
 *   panel.maxBacklog     messages stored but not yet shown, the most at any
 *                        sample: the panel's queue (port, pending batch,
 *                        unrendered) staying bounded; target 9,000 = 250 ms of
 *                        messages at 36,000/s. The panel's heap is in `runs`.
 *   panel.memory1M       the panel's JS heap (after a GC) holding 1,000,000
 *                        stored messages of 16 bytes, MiB; measured once (n = 1)
 *
 * Rounds: one warm-up and BENCH_ROUNDS rounds, each a fresh page and panel;
 * BENCH_PANEL_MESSAGES messages per round (default 180,000: 5 s at the
 * ceiling). Every round checks that the store and the panel both reach every
 * message; every wait is bounded; a failed round is recorded with its error.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startTestServer, type TestServer } from '../../test/servers/test-server';
import type { Goal, Suite, SuiteContext } from '../types';
import { pollFor } from '../lib/processes';
import { evaluate, launchWithExtension, openExtensionPage, type ExtensionBrowser } from '../lib/chromium-extension';
import { goalOf, load1, statsProbe, waitForCapture } from '../lib/capture-common';
import { endTrace, startTrace, traceDir } from '../lib/chrome-trace';
import { endPanelProfile, pageWithoutPanel, startPanelProfile, withWorkloadPages, workloadPage } from '../lib/panel-reference';
import {
  START_FRAMES,
  STOP_FRAMES,
  frameGaps,
  maxBacklog,
  panelLogLength,
  quantile,
  sample,
  statusCount,
  statusLags,
  type Sample,
} from '../lib/panel-probe';

const MESSAGES = Number(process.env.BENCH_PANEL_MESSAGES ?? 180_000);
const SIZE = 100;
/** Messages besides the stream: hello and its echo, and the stream's "done". */
const EXTRA = 3;
const SAMPLE_EVERY_MS = 50;
const BOUND_MS = 30_000;
const catchUpBoundMs = (n: number): number => 60_000 + n / 10; // 1 s per 10,000 messages on top

interface Round {
  round: number;
  pageMs: number;
  frames: number;
  frameP95: number;
  frameMax: number;
  statusLagMs: number;
  maxBacklog: number;
  heapMiB: { start: number; peak: number; end: number };
  samples: number;
  slowestTabStatsMs: number;
  visibility: string;
  load: [number, number];
  error?: string;
}

/** Messages per second the page received. */
const rateOf = (ms: number): number => Math.round(MESSAGES / (ms / 1000));

const mib = (bytes: number): number => Math.round((bytes / 2 ** 20) * 10) / 10;

/** A workload page whose first socket made it known to the background, and a panel showing it. */
async function pageWithPanel(ext: ExtensionBrowser, server: TestServer, token: string) {
  const { cdp } = ext.browser;
  const page = await workloadPage(cdp, server, token);
  const panel = await openExtensionPage(ext, `?url=${encodeURIComponent(token)}`);
  const tabId = await evaluate<number | null>(
    cdp,
    panel.sessionId,
    `chrome.runtime.sendMessage({ type: 'findTab', urlContains: ${JSON.stringify(token)} }).then((r) => r.tabId)`,
  );
  if (tabId === null) throw new Error(`the background does not know the page (${token})`);
  return { page, panel, tabId };
}

async function runRound(ext: ExtensionBrowser, server: TestServer, round: number, log: (l: string) => void): Promise<Round> {
  const { cdp } = ext.browser;
  const start = load1();
  const token = `panel-${round}-${Date.now()}`;
  const targets: string[] = [];
  try {
    const { page, panel, tabId } = await pageWithPanel(ext, server, token);
    targets.push(page.targetId, panel.targetId);
    await pollFor('the panel to show the first messages', BOUND_MS, 20, async () =>
      (await statusCount(cdp, panel.sessionId)) >= 2 ? true : null,
    );
    const visibility = await evaluate<string>(cdp, panel.sessionId, START_FRAMES);
    // Round 1 may be profiled; its figures are not for the goals then. BENCH_CHROME_TRACE=<dir>: V8 sampling on
    // every thread of every process; BENCH_PANEL_PROFILE=<dir>: the panel's main thread only (CDP Profiler, lighter).
    const tracing = round === 1 ? traceDir() : undefined;
    const profiling = round === 1 ? process.env.BENCH_PANEL_PROFILE || undefined : undefined;
    if (tracing) await startTrace(cdp);
    if (profiling) await startPanelProfile(cdp, panel.sessionId);
    const samples: Sample[] = [];
    let sampling = true;
    let samplerError: Error | null = null;
    // A failed sample ends the round with its error (an unobserved rejection would end the whole run).
    const sampler = (async () => {
      while (sampling) {
        samples.push(await sample(cdp, panel.sessionId, tabId));
        await new Promise((r) => setTimeout(r, SAMPLE_EVERY_MS));
      }
    })().catch((err: Error) => {
      samplerError = err;
    });
    try {
      const result = await evaluate<{ ok: boolean; error?: string; ms: number }>(
        cdp,
        page.sessionId,
        `window.__blast(${MESSAGES}, ${SIZE})`,
        catchUpBoundMs(MESSAGES),
      );
      if (!result.ok) throw new Error(`the page did not get every message: ${result.error ?? '?'}`);
      const expected = MESSAGES + EXTRA;
      await pollFor(`store and panel to reach ${expected} messages`, catchUpBoundMs(MESSAGES), SAMPLE_EVERY_MS, () => {
        if (samplerError) throw new Error(`a sample failed: ${(samplerError as Error).message}`);
        const last = samples[samples.length - 1];
        if (last && last.store > expected) throw new Error(`the store holds ${last.store}, expected ${expected}`);
        return last && last.store === expected && last.panel === expected ? true : null;
      }).catch((err: Error) => {
        const last = samples[samples.length - 1];
        throw new Error(`${err.message}; last sample: store ${last?.store ?? '?'}, panel ${last?.panel ?? '?'}`);
      });
      sampling = false;
      await sampler;
      if (samplerError) throw new Error(`a sample failed: ${(samplerError as Error).message}`);
      if (tracing) log(`  traced: ${await endTrace(cdp, tracing, `panel-${round}`)}`);
      if (profiling) log(`  panel profile: ${await endPanelProfile(cdp, panel.sessionId, profiling, `panel-${round}`)}`);
      const held = await panelLogLength(cdp, panel.sessionId);
      if (held !== expected) throw new Error(`the status bar shows ${expected} messages, the panel's log holds ${held}`);
      const gaps = frameGaps(JSON.parse(await evaluate<string>(cdp, panel.sessionId, STOP_FRAMES)) as number[]);
      if (gaps.length < 10) throw new Error(`only ${gaps.length + 1} animation frames in the panel (visibility: ${visibility})`);
      const heaps = samples.map((s) => s.heap);
      return {
        round,
        pageMs: Math.round(result.ms),
        frames: gaps.length + 1,
        frameP95: Math.round(quantile(gaps, 0.95) * 10) / 10,
        frameMax: Math.round(Math.max(...gaps) * 10) / 10,
        statusLagMs: Math.round(Math.max(...statusLags(samples))),
        maxBacklog: maxBacklog(samples),
        heapMiB: { start: mib(heaps[0] ?? NaN), peak: mib(Math.max(...heaps)), end: mib(heaps[heaps.length - 1] ?? NaN) },
        samples: samples.length,
        slowestTabStatsMs: Math.max(...samples.map((s) => s.tAnswer - s.tAsk)),
        visibility,
        load: [start, load1()],
      };
    } finally {
      sampling = false;
      await sampler;
    }
  } finally {
    for (const targetId of targets) await cdp.send('Target.closeTarget', { targetId }).catch(() => undefined);
  }
}

/** Fills a tab's store with 1,000,000 messages, then opens the panel on it; its JS heap after a GC, MiB. */
async function measureMemory1M(ext: ExtensionBrowser, server: TestServer, log: (l: string) => void): Promise<Record<string, unknown>> {
  const { cdp } = ext.browser;
  const n = 1_000_000 - EXTRA;
  const token = `panel-mem-${Date.now()}`;
  return withWorkloadPages(ext, server, token, async ({ quiet, page, opened }) => {
    const started = Date.now();
    const result = await evaluate<{ ok: boolean; error?: string }>(cdp, page.sessionId, `window.__blast(${n}, 16)`, catchUpBoundMs(n));
    if (!result.ok) throw new Error(`the memory page did not get every message: ${result.error ?? '?'}`);
    const ask = async () =>
      JSON.parse(await evaluate<string>(cdp, quiet.sessionId, statsProbe('chrome', token))) as { stats: never; ms: number };
    await waitForCapture(ask, 1_000_000, Date.now(), catchUpBoundMs(n), 'panel.memory1M');
    log(`panel.memory1M: 1,000,000 messages stored after ${((Date.now() - started) / 1000).toFixed(1)} s; opening the panel`);
    const panel = await openExtensionPage(ext, `?url=${encodeURIComponent(token)}`);
    opened.push(panel.targetId);
    let held = -1;
    await pollFor('the panel to hold 1,000,000 messages', catchUpBoundMs(n), 100, async () => {
      if ((await statusCount(cdp, panel.sessionId)) !== 1_000_000) return null;
      held = await panelLogLength(cdp, panel.sessionId);
      if (held === -1) throw new Error("the panel's log was not found from its root element");
      return held === 1_000_000 ? true : null;
    }).catch((err: Error) => {
      throw new Error(`${err.message} (its log holds ${held})`);
    });
    await cdp.send('HeapProfiler.collectGarbage', {}, panel.sessionId);
    await cdp.send('Performance.enable', {}, panel.sessionId);
    const { metrics } = await cdp.send<{ metrics: Array<{ name: string; value: number }> }>('Performance.getMetrics', {}, panel.sessionId);
    const used = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? NaN;
    const total = metrics.find((m) => m.name === 'JSHeapTotalSize')?.value ?? NaN;
    return { id: 'panel.memory1M', messages: 1_000_000, heapUsedMiB: mib(used), heapTotalMiB: mib(total) };
  });
}

function goalsFrom(rounds: readonly Round[]): Goal[] {
  const ok = rounds.filter((r) => r.round > 0 && r.error === undefined);
  if (ok.length === 0) return [];
  return [
    goalOf(
      'panel.frameP95',
      ok.map((r) => r.frameP95),
      33,
      'ms',
    ),
    goalOf(
      'panel.statusLagMs',
      ok.map((r) => r.statusLagMs),
      250,
      'ms',
    ),
    goalOf(
      'panel.maxBacklog',
      ok.map((r) => r.maxBacklog),
      9000,
      'messages',
    ),
  ];
}

const panelSuite: Suite = async (ctx: SuiteContext) => {
  if (!existsSync(join(ctx.chromeDist, 'manifest.json'))) throw new Error(`${ctx.chromeDist} is not built (npm run build:chrome)`);
  const server = await startTestServer({ record: false });
  const runs: unknown[] = [];
  const goals: Goal[] = [];
  let ext: ExtensionBrowser | null = null;
  try {
    ext = await launchWithExtension(ctx, 'panel');
    ctx.log(`${MESSAGES} × ${SIZE} B text per round, pushed as fast as the page takes them`);
    try {
      const ref = await pageWithoutPanel(ext, server, { messages: MESSAGES, size: SIZE, extra: EXTRA, boundMs: catchUpBoundMs(MESSAGES) });
      runs.push({ id: 'panel.pageWithoutPanel', ...ref, msgPerSec: rateOf(ref.pageMs) });
      ctx.log(
        `  no panel open: page ${ref.pageMs} ms (${rateOf(ref.pageMs)} msg/s); an idle extension page's frames p95 ${ref.idleFrameP95} ms  [load ${load1()}]`,
      );
    } catch (err) {
      runs.push({ id: 'panel.pageWithoutPanel', error: (err as Error).message, load: load1() });
      ctx.log(`  no panel open: FAILED (${(err as Error).message.slice(0, 200)})`);
    }
    const rounds: Round[] = [];
    for (let round = 0; round <= ctx.rounds; round++) {
      const start = load1();
      const r = await runRound(ext, server, round, ctx.log).catch((err: Error): Round => ({
        ...{ round, pageMs: NaN, frames: 0, frameP95: NaN, frameMax: NaN, statusLagMs: NaN, maxBacklog: NaN, samples: 0 },
        ...{ heapMiB: { start: NaN, peak: NaN, end: NaN }, slowestTabStatsMs: NaN, visibility: '?', load: [start, load1()] },
        error: err.message,
      }));
      rounds.push(r);
      runs.push({ id: 'panel.underLoad', ...r });
      ctx.log(
        `  ${round === 0 ? 'warm-up' : `round ${round}`}: ` +
          (r.error
            ? `FAILED (${r.error.slice(0, 200)})`
            : `page ${r.pageMs} ms (${rateOf(r.pageMs)} msg/s); frames p95 ${r.frameP95} ms (max ${r.frameMax}, ${r.frames}); status lag ${r.statusLagMs} ms; ` +
              `backlog ≤ ${r.maxBacklog}; heap ${r.heapMiB.start}→${r.heapMiB.peak}→${r.heapMiB.end} MiB; slowest tabStats ${r.slowestTabStatsMs} ms`) +
          `  [load ${load1()}]`,
      );
    }
    goals.push(...goalsFrom(rounds));
    if (process.env.BENCH_PANEL_MEMORY !== '0')
      try {
        const mem = await measureMemory1M(ext, server, ctx.log);
        runs.push({ ...mem, load: load1() });
        const v = mem.heapUsedMiB as number;
        goals.push({ id: 'panel.memory1M', value: v, op: '<=', target: 400, unit: 'MiB', spread: [v, v], n: 1 });
        ctx.log(`panel.memory1M: ${v} MiB used JS heap (${String(mem.heapTotalMiB)} MiB allocated)  [load ${load1()}]`);
      } catch (err) {
        runs.push({ id: 'panel.memory1M', error: (err as Error).message, load: load1() });
        ctx.log(`panel.memory1M: FAILED (${(err as Error).message})`);
      }
  } finally {
    await ext?.close();
    await server.close();
  }
  return { goals, runs };
};

export default panelSuite;
