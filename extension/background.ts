/**
 * Background shell: the browser's listeners, registered synchronously at
 * start-up (an MV3 worker is woken by them), feeding the pure hub
 * (src/background). Ports are dispatched by role; only extension pages may
 * open a panel port or ask for data.
 */
import browser, { type Runtime } from 'webextension-polyfill';
import { PANEL_PORT, RELAY_PORT, isRuntimeRequest } from '../src/messaging/protocol';
import { portAdapter } from '../src/messaging/port-adapter';
import { createHub } from '../src/background/hub';
import { attachPanel } from '../src/background/panel-session';
import { attachRelay } from '../src/background/relay-session';
import { watchHandshakes } from './background/web-request';
import { idbPersistence } from './background/persist';
import { debuggerControl } from './background/debugger';
import { RELAY_PROBE, isRelayProbeAnswer } from '../src/messaging/runtime-requests';

const extensionOrigin = browser.runtime.getURL('');
const fromExtensionPage = (sender: Runtime.MessageSender | undefined): boolean => Boolean(sender?.url?.startsWith(extensionOrigin));
const anything = (_: unknown): _ is unknown => true; // the sessions check every message with the protocol's guards

// Debugger mode is Chrome's (decided at build time); its events reach the hub, which exists by the time any can fire.
const control =
  __SOCKSCOPE_BROWSER__ === 'chrome'
    ? debuggerControl(
        (tabId, method, params, session) => hub.debuggerEvent(tabId, method, params, session),
        (tabId, reason) => void hub.debuggerDetached(tabId, reason),
      )
    : undefined;
// A frame's relay answers only if Sockscope runs there (no receiver: loaded before Sockscope, or not allowed).
const frameHasHook = (tabId: number, frameId: number): Promise<boolean> =>
  browser.tabs.sendMessage(tabId, RELAY_PROBE, { frameId }).then(isRelayProbeAnswer, () => false);
/** A tab that closed meanwhile: nothing to note. */
const debugLoss = (): undefined => undefined;
/**
 * Top-level navigations matter only for tabs with data (preserve log, forgetting the old document). A
 * registered listener wakes the worker for every frame of every page, so it is registered only while some
 * tab has data (the hub says when); removing it unregisters the browser's persisted (lazy) listener. Added
 * synchronously at start-up, so the navigation that woke us is delivered; the hub removes it after adoption
 * if no tab has data.
 */
const onCommitted = (d: { tabId: number; frameId: number; url: string; timeStamp: number }): void => {
  if (d.frameId === 0) void hub.whenTabHasData(d.tabId, () => hub.navigated(d.tabId, d.url, d.timeStamp));
};
const watchNavigations = (on: boolean): void => {
  if (on === browser.webNavigation.onCommitted.hasListener(onCommitted)) return;
  if (on) browser.webNavigation.onCommitted.addListener(onCommitted);
  else browser.webNavigation.onCommitted.removeListener(onCommitted);
};
watchNavigations(true);
// Binary payloads persist as Blobs in Chrome only: Firefox stores each Blob as a file, which was slower there.
const persistence = idbPersistence('sockscope', { payloadBlobs: __SOCKSCOPE_BROWSER__ === 'chrome' });
const hub = createHub(persistence, { frameHasHook, watchNavigations, ...(control ? { debuggerControl: control } : {}) });
void hub.adoptStoredTabs(async () => new Set((await browser.tabs.query({})).flatMap((t) => (t.id === undefined ? [] : [t.id]))));

const portHandlers: Record<string, (port: Runtime.Port) => void> = {
  [RELAY_PORT]: (port) => {
    const tabId = port.sender?.tab?.id;
    if (tabId === undefined || fromExtensionPage(port.sender)) return port.disconnect();
    attachRelay(hub, portAdapter(port, anything), { tabId, frameId: port.sender?.frameId ?? 0, tabUrl: port.sender?.tab?.url });
  },
  [PANEL_PORT]: (port) => {
    if (!fromExtensionPage(port.sender)) return port.disconnect();
    attachPanel(hub, portAdapter(port, anything));
  },
};
browser.runtime.onConnect.addListener((port) => {
  const handler = portHandlers[port.name];
  if (handler) handler(port);
  else port.disconnect();
});

browser.runtime.onMessage.addListener((msg: unknown, sender: Runtime.MessageSender) => {
  if (!fromExtensionPage(sender)) return undefined; // pages and content scripts get nothing
  if (!isRuntimeRequest(msg)) return Promise.resolve({ ok: false, error: 'unknown request' });
  return hub.answer(msg).catch((e: unknown) => ({ ok: false, error: e instanceof Error ? e.message : String(e) }));
});

watchHandshakes((tabId, update, origin) => {
  if (tabId >= 0) {
    hub.receiveHandshake(tabId, update);
    // A page whose only sockets are in workers has no relay to tell its URL (findTab, tabless handshakes).
    void browser.tabs.get(tabId).then((tab) => (tab.url ? hub.noteTopUrl(tabId, tab.url) : undefined), debugLoss);
  } else if (origin) void hub.receiveTablessHandshake(origin, update);
});

browser.tabs.onRemoved.addListener((tabId) => void hub.forget(tabId));

// A browser restart renumbers tabs: what was stored belongs to tabs that no longer exist.
browser.runtime.onStartup.addListener(() => void hub.forgetStoredTabs());
