/**
 * Does a page without sockets wake the background? (Chromium: the MV3
 * service worker.) With the worker stopped, Chrome starts it again for any
 * event it has a listener for; CDP reports each start as a new
 * service_worker target, which is what is counted.
 *
 * Positive control first: a page that opens a socket must wake it (else the
 * probe sees nothing and the figure would be meaningless); the time it took
 * sizes the negative window. Then per round: stop the worker, load
 * bench/pages/iframes50.html (51 frames, no sockets) in a fresh tab, and
 * watch until its load event plus max(1 s, 3 × the control's wake time) —
 * a negative needs a window; it is bounded and scaled by what a real wake
 * took on this machine. Afterwards the background is asked whether any relay
 * of that page connected (findTab by the page's token; asking wakes it, so
 * only after the window).
 */
import type { TestServer } from '../../test/servers/test-server';
import type { Goal } from '../types';
import { goalOf, load1 } from './capture-common';
import { evaluate, openExtensionPage, openPage, stopServiceWorker, type ExtensionBrowser } from './chromium-extension';
import { pollFor } from './processes';

export interface WakeRun {
  round: number;
  /** Service-worker starts seen from the navigation to the end of the window. */
  wakes: number;
  /** ms after the navigation at which each start was seen. */
  wakeAtMs: number[];
  windowMs: number;
  /** findTab found the page: a relay of it connected (or a handshake of it was seen). */
  relayConnected: boolean;
  load: [number, number];
}

const BOUND_MS = 30_000;

async function findTab(ext: ExtensionBrowser, session: string, token: string): Promise<boolean> {
  const expression = `chrome.runtime.sendMessage({ type: 'findTab', urlContains: ${JSON.stringify(token)} }).then((r) => r && r.tabId != null)`;
  return evaluate<boolean>(ext.browser.cdp, session, expression);
}

export async function measureWakes(
  ext: ExtensionBrowser,
  server: TestServer,
  rounds: number,
  log: (l: string) => void,
): Promise<WakeRun[]> {
  const { cdp } = ext.browser;
  const starts: number[] = [];
  const off = cdp.on('Target.targetCreated', (p) => {
    const info = p.targetInfo as { type?: string; url?: string } | undefined;
    if (info?.type === 'service_worker' && info.url?.startsWith(`chrome-extension://${ext.id}/`)) starts.push(Date.now());
  });
  const tabs: string[] = [];
  const quiet = await openExtensionPage(ext);
  try {
    await cdp.send('Target.setDiscoverTargets', { discover: true });
    // A round trip before each stop: the worker has then handled what was queued for it (a closed tab's onRemoved).
    const settle = (): Promise<boolean> => findTab(ext, quiet.sessionId, 'settle-before-stop');
    // Positive control: a page that opens a socket wakes the worker, and its relay is found.
    await stopServiceWorker(cdp, ext.id, settle);
    const ctlToken = `wake-control-${Date.now()}`;
    let t0 = Date.now();
    const control = await openPage(cdp, server.httpUrl(`/bench/capture.html?mode=recv&n=10&size=10&kind=text&token=${ctlToken}`));
    tabs.push(control.targetId);
    const wokeAt = await pollFor(
      'the positive control: a socket page waking the service worker',
      BOUND_MS,
      10,
      () => starts.find((t) => t >= t0) ?? null,
    );
    const controlWakeMs = wokeAt - t0;
    await pollFor('the positive control page captured', BOUND_MS, 50, async () =>
      (await findTab(ext, quiet.sessionId, ctlToken)) ? true : null,
    );
    // Its relay's port would wake the worker again as soon as it stops.
    await cdp.send('Target.closeTarget', { targetId: control.targetId });
    const windowAfterLoadMs = Math.max(1000, 3 * controlWakeMs);
    log(`noSocketWakes: control page woke the worker after ${controlWakeMs} ms; window: load + ${windowAfterLoadMs} ms`);

    const runs: WakeRun[] = [];
    for (let round = 1; round <= rounds; round++) {
      const start = load1();
      await stopServiceWorker(cdp, ext.id, settle);
      const token = `nosocket-${round}-${Date.now()}`;
      t0 = Date.now();
      const page = await openPage(cdp, 'about:blank');
      tabs.push(page.targetId);
      await cdp.send('Page.navigate', { url: server.httpUrl(`/bench/iframes50.html?${token}`) }, page.sessionId);
      const timing = `(location.href.includes(${JSON.stringify(token)}) && window.__bench ? window.__bench.then((x) => x.ok) : null)`;
      await pollFor(`the no-socket page to load (${token})`, BOUND_MS, 20, async () =>
        (await evaluate<boolean | null>(cdp, page.sessionId, timing).catch(() => null)) ? true : null,
      );
      // The observation window (see the top of this file): a negative cannot be waited for as a condition.
      const end = Date.now() + windowAfterLoadMs;
      await new Promise((resolve) => setTimeout(resolve, windowAfterLoadMs));
      const seen = starts.filter((t) => t >= t0 && t <= end).map((t) => t - t0);
      const relayConnected = await findTab(ext, quiet.sessionId, token);
      await cdp.send('Target.closeTarget', { targetId: page.targetId }).catch(() => undefined);
      runs.push({ round, wakes: seen.length, wakeAtMs: seen, windowMs: end - t0, relayConnected, load: [start, load1()] });
      log(
        `  noSocketWakes round ${round}: ${seen.length} worker start(s)${seen.length ? ` at ${seen.join(', ')} ms` : ''} in ${end - t0} ms; ` +
          `relay connected: ${relayConnected}  [load ${load1()}]`,
      );
    }
    return runs;
  } finally {
    off();
    for (const targetId of tabs) await cdp.send('Target.closeTarget', { targetId }).catch(() => undefined);
    await cdp.send('Target.closeTarget', { targetId: quiet.targetId }).catch(() => undefined);
  }
}

export function wakeGoal(runs: readonly WakeRun[]): Goal | null {
  return runs.length
    ? goalOf(
        'content.noSocketWakes',
        runs.map((r) => r.wakes),
        0,
        'wakes',
      )
    : null;
}
