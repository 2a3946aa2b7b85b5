/**
 * Chromium with a snapshot of dist/chrome, over raw CDP, for the content and
 * panel suites: launch, the extension id, extension pages (an idle one to ask
 * the background from, or the panel for a tab), evaluation with bounded
 * waits, and stopping the service worker as Chrome does when it is idle.
 */
import { cpSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SuiteContext } from '../types';
import { LAUNCH_TIMEOUT_MS, evaluate, findExtensionId, launchChromium, type Browser, type Cdp } from './cdp';
import { pollFor, scratch } from './processes';

/** Re-exported for the content and panel suites, which take everything Chromium-side from here. */
export { evaluate };

export interface ExtensionBrowser {
  browser: Browser;
  id: string;
  /** Closes the browser and removes the snapshot. */
  close(): Promise<void>;
}

/** Launches Chromium with a copy of the build (a rebuild of dist/ during the bench must not change what is measured). */
export async function launchWithExtension(ctx: SuiteContext, label: string): Promise<ExtensionBrowser> {
  const snapshot = mkdtempSync(join(tmpdir(), 'sockscope-bench-dist-'));
  scratch.add(snapshot);
  const removeSnapshot = (): void => {
    rmSync(snapshot, { recursive: true, force: true });
    scratch.delete(snapshot);
  };
  try {
    cpSync(ctx.chromeDist, snapshot, { recursive: true });
    const builtAt = statSync(join(ctx.chromeDist, 'manifest.json')).mtime.toISOString();
    const browser = await launchChromium(label, [`--load-extension=${snapshot}`, `--disable-extensions-except=${snapshot}`]);
    const id = await findExtensionId(browser.cdp).catch(async (err: unknown) => {
      await browser.close();
      throw err;
    });
    ctx.log(`extension ${id}: a copy of ${ctx.chromeDist} (built ${builtAt})`);
    return {
      browser,
      id,
      close: async () => {
        await browser.close();
        removeSnapshot();
      },
    };
  } catch (err) {
    removeSnapshot();
    throw err;
  }
}

/** A page target attached with a flat session; `newWindow` so that no tab of the bench is a hidden background tab. */
export async function openPage(cdp: Cdp, url: string): Promise<{ targetId: string; sessionId: string }> {
  const { targetId } = await cdp.send<{ targetId: string }>('Target.createTarget', { url, newWindow: true });
  const { sessionId } = await cdp.send<{ sessionId: string }>('Target.attachToTarget', { targetId, flatten: true });
  return { targetId, sessionId };
}

/**
 * An extension page (panel.html; without `query` it subscribes to nothing: a quiet page to ask the
 * background from), once chrome.runtime is there.
 */
export async function openExtensionPage(ext: ExtensionBrowser, query = ''): Promise<{ targetId: string; sessionId: string }> {
  const page = await openPage(ext.browser.cdp, `chrome-extension://${ext.id}/extension/panel.html${query}`);
  const ready = "typeof chrome === 'object' && !!chrome.runtime && document.readyState === 'complete'";
  await pollFor('chrome.runtime on the extension page', LAUNCH_TIMEOUT_MS, 50, async () =>
    (await evaluate<boolean>(ext.browser.cdp, page.sessionId, ready).catch(() => false)) ? true : null,
  );
  return page;
}

/** Service worker targets of the extension now running. */
export async function extensionWorkers(cdp: Cdp, id: string): Promise<string[]> {
  const { targetInfos } = await cdp.send<{ targetInfos: Array<{ targetId: string; type: string; url: string }> }>('Target.getTargets');
  return targetInfos.filter((t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${id}/`)).map((t) => t.targetId);
}

/**
 * Stops the extension's service worker (as Chrome does when it is idle) and waits until none runs.
 * `settle` runs first while it is up (e.g. a runtime message round trip): an event still queued for it
 * (tabs.onRemoved of a closed tab) would otherwise start it again right after the stop. An open port
 * (a relay, a panel) restarts it at once, which fails here after a few tries.
 */
export async function stopServiceWorker(cdp: Cdp, id: string, settle?: () => Promise<unknown>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    if (settle) await settle();
    const running = await extensionWorkers(cdp, id);
    if (running.length === 0) return;
    if (attempt > 5) throw new Error(`the extension service worker keeps restarting (${running.length} running after 5 stops)`);
    for (const targetId of running) await cdp.send('Target.closeTarget', { targetId }).catch(() => undefined);
    await pollFor('the extension service worker to stop', LAUNCH_TIMEOUT_MS, 25, async () => {
      const now = await extensionWorkers(cdp, id);
      return running.every((t) => !now.includes(t)) ? true : null;
    });
    if ((await extensionWorkers(cdp, id)).length === 0) return;
  }
}
