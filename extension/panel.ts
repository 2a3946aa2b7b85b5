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
  if (url) {
    const res = (await browser.runtime.sendMessage({ type: 'findTab', urlContains: url })) as { tabId?: number | null };
    return res.tabId ?? undefined;
  }
  return undefined;
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
  const handle = mountPanel(root, adapter, { tabId, storage, ...(theme ? { theme } : {}) });
  browser.devtools?.panels?.onThemeChanged?.addListener((name: string) => handle.setTheme(name === 'dark' ? 'dark' : 'light'));
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
