/**
 * Content-script weight: what every frame of every page pays for Sockscope,
 * whether or not it opens a socket.
 *
 *   content.scriptBytes, content.firefox.scriptBytes
 *       bytes of the per-frame content scripts (manifest content_scripts and
 *       any chunk they load) of dist/chrome and dist/firefox-test (its content
 *       scripts are the release build's: the test build changes the manifest only)
 *   content.iframes50.vsBaseline, content.firefox.iframes50.vsBaseline
 *       bench/pages/iframes50.html (50 same-origin iframes, no sockets): the
 *       top document's load event, which waits for all 50 iframes, with the
 *       extension / without, paired per round (each round's figure is the
 *       median of BENCH_CONTENT_LOADS loads, default 5); `.iframes50.dcl.*` the
 *       same for the top document's DOMContentLoaded (the issue's wording;
 *       the iframes are still loading then, so it sees little of them)
 *   content.noSocketWakes (Chromium)
 *       service-worker starts while that page loads with the worker stopped
 *       (bench/lib/wake-probe.ts); a page with a socket is the positive control
 *
 * A part that fails is recorded in `runs` with its error; the others still
 * write their goals.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startTestServer, type TestServer } from '../../test/servers/test-server';
import type { Goal, Suite, SuiteContext } from '../types';
import { launchChromium, type Browser, type Cdp } from '../lib/cdp';
import { pollFor } from '../lib/processes';
import { evaluate, launchWithExtension, openPage, type ExtensionBrowser } from '../lib/chromium-extension';
import {
  SCRIPT_BYTES_TARGET,
  contentScriptFiles,
  iframeGoals,
  iframeRounds,
  pageTimingJson,
  type IframesRun,
  type PageTiming,
} from '../lib/content-common';
import { firefoxIframeRounds } from '../lib/content-firefox';
import { measureWakes, wakeGoal } from '../lib/wake-probe';
import { load1 } from '../lib/capture-common';

const PAGE_BOUND_MS = 30_000;

function scriptBytesGoals(ctx: SuiteContext, runs: unknown[]): Goal[] {
  const goals: Goal[] = [];
  for (const [id, dist] of [
    ['content.scriptBytes', ctx.chromeDist],
    ['content.firefox.scriptBytes', ctx.firefoxTestDist],
  ] as const) {
    try {
      const files = contentScriptFiles(dist);
      const bytes = files.reduce((n, f) => n + f.bytes, 0);
      goals.push({ id, value: bytes, op: '<=', target: SCRIPT_BYTES_TARGET, unit: 'bytes', spread: [bytes, bytes], n: 1 });
      runs.push({ id, dist, files, bytes });
      ctx.log(`${id}: ${bytes} bytes (${files.map((f) => `${f.file} ${f.bytes}`).join(', ')})`);
    } catch (err) {
      runs.push({ id, dist, error: (err as Error).message });
      ctx.log(`${id}: FAILED (${(err as Error).message})`);
    }
  }
  return goals;
}

/** Loads the page in a fresh tab; the tab's load event, then the page's own timing. */
async function loadChromium(cdp: Cdp, server: TestServer, token: string): Promise<PageTiming> {
  const { targetId, sessionId } = await openPage(cdp, 'about:blank');
  try {
    await cdp.send('Page.enable', {}, sessionId);
    const loaded = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no load event within ${PAGE_BOUND_MS} ms`)), PAGE_BOUND_MS);
      const off = cdp.on('Page.loadEventFired', (_p, sid) => {
        if (sid !== sessionId) return;
        clearTimeout(timer);
        off();
        resolve();
      });
    });
    const nav = await cdp.send<{ errorText?: string }>(
      'Page.navigate',
      { url: server.httpUrl(`/bench/iframes50.html?${token}`) },
      sessionId,
    );
    if (nav.errorText) throw new Error(`navigation failed: ${nav.errorText}`);
    await loaded;
    const json = await pollFor(`the page's timing (${token})`, PAGE_BOUND_MS, 20, async () => {
      const v = await evaluate<string>(cdp, sessionId, pageTimingJson(token)).catch(() => 'not yet');
      return v === 'not yet' ? null : v;
    });
    return JSON.parse(json) as PageTiming;
  } finally {
    await cdp.send('Target.closeTarget', { targetId }).catch(() => undefined);
  }
}

async function chromiumParts(ctx: SuiteContext, server: TestServer, runs: unknown[]): Promise<Goal[]> {
  if (!existsSync(join(ctx.chromeDist, 'manifest.json'))) throw new Error(`${ctx.chromeDist} is not built (npm run build:chrome)`);
  let plain: Browser | null = null;
  let ext: ExtensionBrowser | null = null;
  const goals: Goal[] = [];
  try {
    plain = await launchChromium('content-plain', []);
    ext = await launchWithExtension(ctx, 'content-extension');
    const browsers = { a: plain, x: ext.browser };
    const iframeRuns: IframesRun[] = await iframeRounds({
      browser: 'chromium',
      rounds: ctx.rounds,
      log: ctx.log,
      loadOnce: (variant, token) => loadChromium(browsers[variant].cdp, server, token),
    });
    runs.push(...iframeRuns.map((r) => ({ id: 'content.iframes50', ...r })));
    goals.push(...iframeGoals('content', iframeRuns));
    try {
      const wakes = await measureWakes(ext, server, ctx.rounds, ctx.log);
      runs.push(...wakes.map((w) => ({ id: 'content.noSocketWakes', ...w })));
      const goal = wakeGoal(wakes);
      if (goal) goals.push(goal);
    } catch (err) {
      runs.push({ id: 'content.noSocketWakes', error: (err as Error).message, load: load1() });
      ctx.log(`content.noSocketWakes: FAILED (${(err as Error).message})`);
    }
  } finally {
    await plain?.close();
    await ext?.close();
  }
  return goals;
}

const content: Suite = async (ctx: SuiteContext) => {
  const runs: unknown[] = [];
  const goals = scriptBytesGoals(ctx, runs);
  const server = await startTestServer({ record: false });
  try {
    for (const [what, part] of [
      ['chromium', () => chromiumParts(ctx, server, runs)],
      ['firefox', () => firefoxIframeRounds(ctx, server, runs)],
    ] as const) {
      try {
        goals.push(...(await part()));
      } catch (err) {
        runs.push({ id: `content.${what}`, error: (err as Error).message, load: load1() });
        ctx.log(`${what}: FAILED (${(err as Error).message})`);
      }
    }
  } finally {
    await server.close();
  }
  return { goals, runs };
};

export default content;
