/**
 * The extension side of the realm bench (Chromium over raw CDP): a browser
 * with a snapshot of dist/chrome and an idle extension page to talk to the
 * background from; debugger mode turned on for a tab as the panel does it;
 * and the check that a worker socket is shown as a labelled connection.
 */
import { cpSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { SuiteContext } from '../types';
import { LAUNCH_TIMEOUT_MS, evaluate, findExtensionId, launchChromium, type Browser, type Cdp } from './cdp';
import { pollFor } from './processes';
import { PANEL_PORT, PROTOCOL_VERSION } from '../../src/messaging/protocol';

/** Launches Chromium with a copy of the build (a rebuild during the bench must not change it) and opens an idle panel page. */
export async function openExtensionPage(ctx: SuiteContext, snapshot: string): Promise<{ browser: Browser; session: string }> {
  cpSync(ctx.chromeDist, snapshot, { recursive: true });
  const builtAt = statSync(join(ctx.chromeDist, 'manifest.json')).mtime.toISOString();
  const browser = await launchChromium('extension', [`--load-extension=${snapshot}`, `--disable-extensions-except=${snapshot}`]);
  const id = await findExtensionId(browser.cdp);
  // Without ?tabId the panel subscribes to nothing: a quiet page to ask the background from.
  const { targetId } = await browser.cdp.send<{ targetId: string }>('Target.createTarget', {
    url: `chrome-extension://${id}/extension/panel.html`,
  });
  const { sessionId } = await browser.cdp.send<{ sessionId: string }>('Target.attachToTarget', { targetId, flatten: true });
  const ready = "typeof chrome === 'object' && !!chrome.runtime && document.readyState === 'complete'";
  await pollFor('chrome.runtime on the extension page', LAUNCH_TIMEOUT_MS, 50, async () =>
    (await evaluate<boolean>(browser.cdp, sessionId, ready).catch(() => false)) ? true : null,
  );
  ctx.log(`extension ${id}: a copy of ${ctx.chromeDist} (built ${builtAt})`);
  return { browser, session: sessionId };
}

/**
 * Sets the tab's debugger option through a panel port (subscribe, setOptions), as the panel's toggle does,
 * then disconnects (an open panel would receive every message: not what is measured). The background
 * attaches after that: `debuggerSees` tells when its session reads the realm.
 */
export async function setDebuggerMode(cdp: Cdp, session: string, urlContains: string, on: boolean): Promise<void> {
  const expression = `(async () => {
    const tab = (await chrome.tabs.query({})).find((t) => (t.url || t.pendingUrl || '').includes(${JSON.stringify(urlContains)}));
    if (!tab) throw new Error('no tab with ${urlContains}');
    const port = chrome.runtime.connect({ name: ${JSON.stringify(PANEL_PORT)} });
    const answer = await new Promise((resolve) => {
      port.onMessage.addListener((m) => {
        if (m.type !== 'options' && m.type !== 'reset') return;
        if (m.options.debuggerOff) resolve('turned off: ' + m.options.debuggerOff);
        else if ((m.options.debugger === true) === ${on}) resolve('ok');
      });
      port.postMessage({ type: 'subscribe', v: ${PROTOCOL_VERSION}, tabId: tab.id });
      port.postMessage({ type: 'setOptions', options: { debugger: ${on} } });
    });
    port.disconnect();
    if (answer !== 'ok') throw new Error(answer);
    return true;
  })()`;
  await evaluate<boolean>(cdp, session, expression);
}

/** "Never nothing": the worker's socket (URL with `token`) becomes a connection labelled `worker`. */
export async function workerSocketShown(cdp: Cdp, session: string, token: string, boundMs: number): Promise<void> {
  const expression = `(async () => {
    const found = await chrome.runtime.sendMessage({ type: 'findTab', urlContains: ${JSON.stringify(token)} });
    if (!found || found.tabId == null) return 'no tab';
    const { dump } = await chrome.runtime.sendMessage({ type: 'dumpTab', tabId: found.tabId });
    return JSON.stringify((dump ? dump.connections : []).map((c) => [c.url, c.realm, c.unseen]));
  })()`;
  let last = '';
  const shown = (conns: string): boolean =>
    conns !== 'no tab' &&
    (JSON.parse(conns) as string[][]).some(([url, realm, unseen]) => url?.includes(token) && realm === 'worker' && unseen === 'worker');
  await pollFor(`the worker socket shown (${token})`, boundMs, 50, async () =>
    shown((last = await evaluate<string>(cdp, session, expression))) ? true : null,
  ).catch((err: Error) => {
    throw new Error(`${err.message}; last: ${last}`);
  });
}

/**
 * Whether debugger mode reads the sockets of the realm: a probe socket (URL with `probe=`) carries CDP's
 * initiator (page: the hook stored it, CDP joined it) or was stored through the debugger (worker).
 */
export async function debuggerSees(cdp: Cdp, session: string, token: string, where: 'page' | 'worker'): Promise<boolean> {
  const expression = `(async () => {
    const found = await chrome.runtime.sendMessage({ type: 'findTab', urlContains: ${JSON.stringify(token)} });
    if (!found || found.tabId == null) return false;
    const { dump } = await chrome.runtime.sendMessage({ type: 'dumpTab', tabId: found.tabId });
    return !!dump && dump.connections.some((c) => c.url.includes('probe=') && (${where === 'page'} ? !!c.initiator : c.via === 'debugger'));
  })()`;
  return evaluate<boolean>(cdp, session, expression);
}
