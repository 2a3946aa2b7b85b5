/**
 * Parts of the panel suite (bench/suites/panel.ts) besides its rounds: the workload page, the reference run
 * with no panel open (the page's rate at the machine's current load, and an idle extension page's frames
 * as the control for panel.frameP95), and the panel's CPU profile (BENCH_PANEL_PROFILE=<dir>).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestServer } from '../../test/servers/test-server';
import type { Cdp } from './cdp';
import { pollFor } from './processes';
import { evaluate, openExtensionPage, openPage, type ExtensionBrowser } from './chromium-extension';
import { load1, statsProbe, waitForCapture } from './capture-common';
import { START_FRAMES, STOP_FRAMES, frameGaps, quantile } from './panel-probe';

const BOUND_MS = 30_000;

/** bench/pages/panel-load.html for `token`, once its first socket made the tab known to the background. */
export async function workloadPage(cdp: Cdp, server: TestServer, token: string): Promise<{ targetId: string; sessionId: string }> {
  const page = await openPage(cdp, server.httpUrl(`/bench/panel-load.html?token=${token}`));
  await pollFor(`the workload page (${token})`, BOUND_MS, 20, async () =>
    (await evaluate<boolean>(cdp, page.sessionId, `location.href.includes(${JSON.stringify(token)}) && !!window.__ready`).catch(
      () => false,
    ))
      ? true
      : null,
  );
  await evaluate(cdp, page.sessionId, 'window.__ready', BOUND_MS);
  return page;
}

type Target = Awaited<ReturnType<typeof openExtensionPage>>;

/**
 * Runs `use` with an idle extension page (to ask the background from) and the workload page at `token`;
 * closes both after, and every target `use` adds to `opened`.
 */
export async function withWorkloadPages<T>(
  ext: ExtensionBrowser,
  server: TestServer,
  token: string,
  use: (pages: { quiet: Target; page: Target; opened: string[] }) => Promise<T>,
): Promise<T> {
  const { cdp } = ext.browser;
  const quiet = await openExtensionPage(ext);
  const opened = [quiet.targetId];
  try {
    const page = await workloadPage(cdp, server, token);
    opened.push(page.targetId);
    return await use({ quiet, page, opened });
  } finally {
    for (const targetId of opened) await cdp.send('Target.closeTarget', { targetId }).catch(() => undefined);
  }
}

export interface Stream {
  messages: number;
  size: number;
  /** Messages stored besides the stream. */
  extra: number;
  boundMs: number;
}

/**
 * The same stream with no panel open (the extension capturing, the store reaching every message): the rate the
 * machine allows the page at its current load, so a round's rate says what the panel itself costs the page.
 */
export async function pageWithoutPanel(
  ext: ExtensionBrowser,
  server: TestServer,
  s: Stream,
): Promise<{ pageMs: number; idleFrameP95: number; load: [number, number] }> {
  const { cdp } = ext.browser;
  const start = load1();
  const token = `panel-ref-${Date.now()}`;
  return withWorkloadPages(ext, server, token, async ({ quiet, page }) => {
    // The control for panel.frameP95: animation frames of an extension page that renders nothing, same process.
    await evaluate<string>(cdp, quiet.sessionId, START_FRAMES);
    const result = await evaluate<{ ok: boolean; error?: string; ms: number }>(
      cdp,
      page.sessionId,
      `window.__blast(${s.messages}, ${s.size})`,
      s.boundMs,
    );
    if (!result.ok) throw new Error(`the page did not get every message: ${result.error ?? '?'}`);
    const gaps = frameGaps(JSON.parse(await evaluate<string>(cdp, quiet.sessionId, STOP_FRAMES)) as number[]);
    const idleFrameP95 = Math.round(quantile(gaps, 0.95) * 10) / 10;
    const ask = async () =>
      JSON.parse(await evaluate<string>(cdp, quiet.sessionId, statsProbe('chrome', token))) as { stats: never; ms: number };
    await waitForCapture(ask, s.messages + s.extra, Date.now(), s.boundMs, 'panel.pageWithoutPanel');
    const load: [number, number] = [start, load1()];
    return { pageMs: Math.round(result.ms), idleFrameP95, load };
  });
}

export async function startPanelProfile(cdp: Cdp, session: string): Promise<void> {
  await cdp.send('Profiler.enable', {}, session);
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 }, session);
  await cdp.send('Profiler.start', {}, session);
}

/** Writes the panel's CPU profile to `<dir>/<name>.cpuprofile` (bench/trace-summary.ts reads it); returns the path. */
export async function endPanelProfile(cdp: Cdp, session: string, dir: string, name: string): Promise<string> {
  const { profile } = await cdp.send<{ profile: unknown }>('Profiler.stop', {}, session, 120_000);
  const path = join(dir, `${name}.cpuprofile`);
  writeFileSync(path, JSON.stringify(profile));
  return path;
}
