/**
 * mountPanel: the panel as a pure Preact app against any MessageAdapter, so
 * the extension shell, the inline demo shell and the tests mount the same
 * thing. The shell owns the transport: when its port dies it makes a new one
 * and calls handle.reconnect(adapter); we re-subscribe and the background
 * answers with a full `reset` followed by message chunks.
 *
 * Imported sessions (src/panel/import) switch the data source here, not in
 * the shell: mount keeps the live adapter (the latest one the shell gave it)
 * and, while a file is shown, talks to an in-memory read-only background
 * instead; "Live tab" re-subscribes on the kept port. The shell stays unaware.
 */
import { batch, effect } from '@preact/signals';
import { render } from 'preact';
import { createMemoryPair } from '../../messaging/adapter';
import type { MessageAdapter } from '../../messaging/adapter';
import { PROTOCOL_VERSION } from '../../messaging/protocol';
import type { BackgroundToPanel, PanelCommand, PanelReply, PanelToBackground } from '../../messaging/protocol';
import { serveReadOnly } from '../import/serve';
import { createImports } from '../import/state';
import type { ImportController } from '../import/state';
import { createCompose } from '../compose/state';
import type { ComposeController } from '../compose/state';
import { createActions } from '../capture/actions';
import type { PanelActions } from '../capture/actions';
import type { FilterCompiler } from '../filter/filter-seam';
import type { PanelStorage } from '../filter/saved-filters';
import { applyEvent } from '../capture/reducer';
import { browserFrameScheduler, createFrameQueue } from '../capture/frame-queue';
import { createPanelStore } from '../capture/store';
import { SourceOpener, type OpenSource } from '../detail/StackView';
import { DebuggerPermission, type RequestDebugger } from '../debugger/DebuggerToggle';
import type { PanelStore, Theme } from '../capture/store';
import { App } from './App';
import type { PrefsStorage } from '../table/columns';

/** Capture events and subscriptions, plus page commands (typed RPC) and hold events. */
export type PanelAdapter = MessageAdapter<BackgroundToPanel | PanelReply, PanelToBackground | PanelCommand>;

export interface MountOptions {
  tabId: number;
  /** DevTools' theme (`themeName === 'dark'` → 'dark'); omitted: follow prefers-color-scheme. */
  theme?: Theme;
  /** Another filter compiler (tests, benches); default: the filter language of src/filter (createLanguageFilterCompiler). */
  compileFilter?: FilterCompiler;
  /**
   * Events are applied in the next animation frame, one render per frame under floods (capture/frame-queue.ts);
   * without frames (a hidden panel) after this many ms at the latest. Default 100; tests pass 0.
   */
  batchMs?: number;
  /** Where saved filters persist (extension: browser.storage.local); omitted: no saved filters. */
  storage?: PanelStorage;
  /** Opens a page source in DevTools (Chrome's devtools.panels.openResource); omitted: stack locations are text to copy. */
  openSource?: OpenSource;
  /** Where small UI choices persist (the detail tab per protocol): the extension page's localStorage; omitted: for this mount only. */
  prefs?: PrefsStorage | null;
  /** Requests Chrome's `debugger` permission (granted at install: vite.config.ts); omitted (Firefox, tests): no "Debugger mode" toggle. */
  requestDebugger?: RequestDebugger;
}

/** Callable (calling it unmounts) and an object with the rest. */
export interface PanelHandle {
  (): void;
  unmount(): void;
  /** Switch to a new port after a disconnect: re-subscribes; the data is replaced by the coming `reset`. */
  reconnect(adapter: PanelAdapter): void;
  setTheme(theme: Theme): void;
  /** Resend, compose, inject, replay, intercept (src/panel/compose). */
  readonly compose: ComposeController;
  readonly store: PanelStore;
  readonly actions: PanelActions;
  /** Imported files and which session is shown (src/panel/import). */
  readonly imports: ImportController;
}

export function mountPanel(root: HTMLElement, adapter: PanelAdapter, opts: MountOptions): PanelHandle {
  const prefersDark = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;
  const store = createPanelStore({
    tabId: opts.tabId,
    theme: opts.theme ?? (prefersDark?.matches ? 'dark' : 'light'),
    ...(opts.compileFilter ? { compileFilter: opts.compileFilter } : {}),
    ...(opts.storage ? { storage: opts.storage } : {}),
    ...(opts.prefs ? { prefs: opts.prefs } : {}),
  });
  void store.savedFilters.load();
  let current: PanelAdapter | null = null;
  let live = adapter;
  const imports = createImports();
  let stopSession: (() => void) | null = null;
  let detach: (() => void)[] = [];
  const queue = createFrameQueue<BackgroundToPanel>(
    (events) => batch(() => events.forEach((e) => applyEvent(store, e))),
    browserFrameScheduler(),
    opts.batchMs ?? 100,
  );
  let mounted = true;
  let themePinned = opts.theme !== undefined;

  const send = (message: PanelToBackground): void => current?.postMessage(message);
  const actions = createActions(store, send);
  const compose = createCompose(store, (m) => current?.postMessage(m), opts.storage);
  // Command answers and hold events go to compose at once (not batched); capture events to the reducer.
  const route = (event: BackgroundToPanel | PanelReply): void => {
    if (event.type === 'commandResult' || event.type === 'held' || event.type === 'released') compose.onEvent(event);
    else queue.push(event);
  };

  const attach = (next: PanelAdapter): void => {
    detach.forEach((fn) => fn());
    current = next;
    detach = [
      next.addListener(route),
      next.onDisconnect(() => {
        if (current === next && mounted) store.link.value = 'disconnected';
      }),
    ];
    store.link.value = 'connecting';
    next.postMessage({ type: 'subscribe', v: PROTOCOL_VERSION, tabId: opts.tabId });
  };

  const onScheme = (e: MediaQueryListEvent): void => {
    if (!themePinned) store.theme.value = e.matches ? 'dark' : 'light';
  };
  prefersDark?.addEventListener?.('change', onScheme);

  // The root carries the theme too, so the shell's page background (outside
  // the panel's own box) matches; panel.css sizes html/body around .ss-root.
  root.classList.add('ss-root');
  const stopThemeSync = effect(() => {
    root.dataset.theme = store.theme.value;
  });

  render(
    <SourceOpener.Provider value={opts.openSource ?? null}>
      <DebuggerPermission.Provider value={opts.requestDebugger ?? null}>
        <App value={{ store, actions }} compose={compose} imports={imports} />
      </DebuggerPermission.Provider>
    </SourceOpener.Provider>,
    root,
  );
  // Runs now (attaching the live adapter) and on every session switch.
  const stopSwitch = effect(() => {
    const file = imports.activeFile.value;
    stopSession?.();
    stopSession = null;
    queue.drop(); // events of the previous source are older than the coming reset
    if (!file) return attach(live);
    const [panelSide, sessionSide] = createMemoryPair<PanelToBackground | PanelCommand, BackgroundToPanel | PanelReply>();
    const stopServing = serveReadOnly(sessionSide, file.session.connections, file.session.messages);
    stopSession = () => {
      stopServing();
      panelSide.disconnect();
    };
    attach(panelSide);
  });

  const unmount = (): void => {
    if (!mounted) return;
    mounted = false;
    queue.dispose();
    stopSwitch();
    stopSession?.();
    detach.forEach((fn) => fn());
    detach = [];
    current = null;
    prefersDark?.removeEventListener?.('change', onScheme);
    stopThemeSync();
    render(null, root);
    root.classList.remove('ss-root');
    delete root.dataset.theme;
  };
  return Object.assign(unmount, {
    unmount,
    reconnect: (next: PanelAdapter) => {
      if (!mounted) return;
      live = next;
      // An imported session is shown: the new port is used when the user switches back.
      if (imports.active.peek() !== null) return;
      // Events still queued from the dead port are older than the coming reset.
      queue.drop();
      attach(next);
      compose.onReconnect();
    },
    setTheme: (theme: Theme) => {
      themePinned = true;
      store.theme.value = theme;
    },
    compose,
    store,
    actions,
    imports,
  });
}
