/**
 * Panel shell: finds the tab to show, connects a port to the background,
 * mounts the Preact panel, and reconnects when the background restarts.
 *
 * Tab: the DevTools-inspected tab; or `?tabId=N`; or `?url=<text>` (the tab
 * whose page URL contains the text), for the panel opened as a normal tab.
 */
import browser from 'webextension-polyfill';
import { PANEL_PORT, isBackgroundToPanel, type BackgroundToPanel, type PanelToBackground } from '../src/messaging/protocol';
import { portAdapter } from '../src/messaging/port-adapter';
import { mountPanel, type PanelAdapter } from '../src/panel';
import { installPanelKeys } from '../src/panel/shell/keys-install';
import { pageStorage } from '../src/panel/table/columns';

/** Chrome's live theme hook (no onThemeChanged there); absent in Firefox and outside DevTools. */
interface ChromeThemeHook {
  devtools?: { panels?: { setThemeChangeHandler?: (handler: (themeName: string) => void) => void } };
}

/** DevTools' theme, live: Firefox fires onThemeChanged, Chrome calls setThemeChangeHandler's handler. */
function followDevToolsTheme(setTheme: (name: string) => void): void {
  browser.devtools?.panels?.onThemeChanged?.addListener(setTheme);
  (globalThis as { chrome?: ChromeThemeHook }).chrome?.devtools?.panels?.setThemeChangeHandler?.(setTheme);
}

/** Chrome's devtools.panels.openResource (0-based line and column, Chrome 114+ for the column). */
interface ChromeOpenResource {
  devtools?: { panels?: { openResource?: (url: string, line: number, col: number, done?: () => void) => void } };
}

/**
 * Stack locations open in DevTools' Sources panel in Chrome. Firefox has no devtools.panels.openResource
 * (https://bugzilla.mozilla.org/show_bug.cgi?id=1575240): the panel shows locations as text to copy.
 */
function sourceOpener(): ((url: string, line?: number, col?: number) => void) | undefined {
  if (__SOCKSCOPE_BROWSER__ !== 'chrome') return undefined;
  const open = (globalThis as { chrome?: ChromeOpenResource }).chrome?.devtools?.panels?.openResource;
  if (typeof open !== 'function') return undefined; // the panel opened as a tab, outside DevTools
  return (url, line, col) => open(url, Math.max(0, (line ?? 1) - 1), Math.max(0, (col ?? 1) - 1), () => undefined);
}

/**
 * Chrome's permissions.request for `debugger` (debugger mode). Chrome cannot make `debugger` optional, so the
 * Chrome manifest lists it (vite.config.ts) and this resolves true at once; Firefox has no debugger API: no toggle.
 */
interface ChromePermissionsRequest {
  permissions?: { request?: (p: { permissions: string[] }) => Promise<boolean> };
}
function debuggerRequester(): (() => Promise<boolean>) | undefined {
  if (__SOCKSCOPE_BROWSER__ !== 'chrome') return undefined;
  const api = (globalThis as { chrome?: ChromePermissionsRequest }).chrome?.permissions;
  const request = api?.request;
  if (typeof request !== 'function') return undefined;
  return () => request.call(api, { permissions: ['debugger'] });
}

function connect(): PanelAdapter {
  return portAdapter<BackgroundToPanel, PanelToBackground>(browser.runtime.connect({ name: PANEL_PORT }), isBackgroundToPanel);
}

async function resolveTabId(): Promise<number | undefined> {
  const inspected = browser.devtools?.inspectedWindow?.tabId;
  if (typeof inspected === 'number') return inspected;
  const params = new URLSearchParams(location.search);
  const id = Number(params.get('tabId'));
  if (params.has('tabId') && Number.isInteger(id)) return id;
  const url = params.get('url');
  if (url) return waitForTab(url);
  return undefined;
}

/**
 * A tab is known to the background once its page has sent something; the
 * panel may be opened before that (and a background tab's timers are slowed):
 * keep looking, and say so, rather than give up at once.
 */
async function waitForTab(urlContains: string): Promise<number> {
  const root = document.getElementById('root') as HTMLElement;
  for (let delay = 50; ; delay = Math.min(delay * 2, 1000)) {
    const res = (await browser.runtime.sendMessage({ type: 'findTab', urlContains })) as { tabId?: number | null };
    if (typeof res.tabId === 'number') return res.tabId;
    root.textContent = `Sockscope: waiting for a tab whose page URL contains “${urlContains}” to open a WebSocket…`;
    await new Promise((r) => setTimeout(r, delay));
  }
}

async function main(): Promise<void> {
  const root = document.getElementById('root') as HTMLElement;
  const tabId = await resolveTabId();
  if (tabId === undefined) {
    root.textContent = 'Sockscope: no tab to inspect. Open it from DevTools (WebSockets panel), or add ?tabId=N to this page.';
    return;
  }
  const themeName = browser.devtools?.panels?.themeName;
  const theme = themeName === undefined ? undefined : themeName === 'dark' ? 'dark' : 'light';
  let adapter = connect();
  const storage = {
    get: async (key: string): Promise<unknown> => (await browser.storage.local.get(key))[key],
    set: (key: string, value: unknown): Promise<void> => browser.storage.local.set({ [key]: value }),
  };
  const openSource = sourceOpener();
  const requestDebugger = debuggerRequester();
  const handle = mountPanel(root, adapter, {
    tabId,
    storage,
    prefs: pageStorage(),
    ...(theme ? { theme } : {}),
    ...(openSource ? { openSource } : {}),
    ...(requestDebugger ? { requestDebugger } : {}),
  });
  // Capture phase on the window: before DevTools' forwarding listener on the document (keys.ts).
  installPanelKeys(window, handle);
  followDevToolsTheme((name) => handle.setTheme(name === 'dark' ? 'dark' : 'light'));
  // The background may stop (MV3 worker) or reload: reconnect and re-subscribe.
  const watch = (a: PanelAdapter): void => {
    a.onDisconnect(() => {
      adapter = connect();
      handle.reconnect(adapter);
      watch(adapter);
    });
  };
  watch(adapter);
}

void main();
