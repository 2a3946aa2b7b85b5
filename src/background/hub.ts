/**
 * The background, pure: one per-tab hub (store, operation chain, group
 * commit, panels, relays, rules, holds) behind one `subscribe` and one
 * `forget`, plus the runtime requests. The extension shell feeds it ports,
 * webRequest handshakes, navigations and closed tabs; tests feed it
 * in-memory adapters and persistence.
 */
import type { CommandOutcome, RelayReply, RuntimeRequest, TabDump, TabOptions } from '../messaging/protocol';
import type { TabLimits } from '../store/limits';
import type { TabPersistence } from './persistence';
import type { IncomingBatch, PanelSink } from './tab-entries';
import type { HandshakeUpdate } from '../store/handshakes';
import type { GroupLimits } from './group';
import { createTabEntries } from './tab-entries';
import { createCapture, type FrameHasHook } from './capture';
import { createCommandRouter, type RelayLink } from './command-router';
import { sendSnapshot } from './snapshot';
import { createProfiler } from './profile';
import { createStackSetting } from './stack-setting';
import { createDebuggerMode, type DebuggerControl } from './debugger-mode';

export interface HubOptions {
  /** The store's caps, the connection cap included (default: src/store/limits.ts). */
  limits?: TabLimits;
  /** How long a command may wait for a relay (default RELAY_TIMEOUT_MS). */
  relayTimeoutMs?: number;
  /** How much one group commit takes (default DEFAULT_GROUP_LIMITS). */
  groupLimits?: GroupLimits;
  /** How long a handshake waits for its hook connection before it is shown alone (default UNSEEN_GRACE_MS). */
  unseenGraceMs?: number;
  /** Asks a frame whose relay never connected whether the hook runs there ("never nothing" labels). */
  frameHasHook?: FrameHasHook;
  /** chrome.debugger for debugger mode (Chrome only; absent: the mode turns itself off with the reason). */
  debuggerControl?: DebuggerControl;
  /**
   * Called with true when some tab has data and false when none has (first after adoption): the shell
   * listens to top-level navigations only then, so a page without sockets never wakes the background.
   */
  watchNavigations?: (on: boolean) => void;
}

export type Hub = ReturnType<typeof createHub>;

const originOf = (url: string): string | null => {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
};

export function createHub(persistence: TabPersistence, options: HubOptions = {}) {
  const tabs = createTabEntries(persistence, options.limits);
  const profiler = createProfiler();
  const capture = createCapture(tabs, persistence, profiler, options.groupLimits, options.unseenGraceMs, options.frameHasHook);
  const router = createCommandRouter(options.relayTimeoutMs);
  const stackSetting = createStackSetting(tabs, router);
  const debuggerMode = createDebuggerMode(tabs, capture, options.debuggerControl);
  capture.onHandshakeJoined = debuggerMode.handshakeJoined;
  /** Tabs with data: those stored before a restart (still open), and those seen since. */
  const tabsWithData = new Set<number>();
  let watching: boolean | undefined;
  const settleWatch = (): void => {
    const on = tabsWithData.size > 0;
    if (on === watching) return;
    watching = on;
    options.watchNavigations?.(on);
  };
  const addTab = (tabId: number): void => {
    tabsWithData.add(tabId);
    if (!watching) settleWatch();
  };
  let ready: Promise<void> = Promise.resolve();

  const frameOf = (tabId: number) => (conn: string) => tabs.withTab(tabId, (s) => s.connections.get(conn)?.frameId);

  async function answer(request: RuntimeRequest): Promise<unknown> {
    await ready;
    switch (request.type) {
      // findTab and tabStats never wait on a tab's chain (behind its commits): a panel or bench asking
      // while a page streams gets its answer now, and tabStats counts what is stored.
      case 'findTab': {
        for (const tabId of tabsWithData) {
          const url = (await tabs.entry(tabId).store).pageUrl;
          if (url.includes(request.urlContains)) return { ok: true, tabId };
        }
        return { ok: true, tabId: null };
      }
      case 'tabStats': {
        if (!tabsWithData.has(request.tabId)) return { ok: true, stats: null };
        const e = tabs.entry(request.tabId);
        await e.store;
        return { ok: true, stats: { ...e.stored } };
      }
      case 'dumpTab':
        if (!tabsWithData.has(request.tabId)) return { ok: true, dump: null };
        return {
          ok: true,
          dump: await tabs.withTab(request.tabId, (s): TabDump => ({
            tabId: s.tabId,
            pageUrl: s.pageUrl,
            options: s.options,
            stats: s.stats,
            connections: [...s.connections.values()],
            messages: s.allMessages(),
          })),
        };
      case 'profile':
        return { ok: true, profile: profiler.read(request.reset) };
    }
  }

  return {
    ...capture,
    withTab: tabs.withTab,
    knownTabIds: tabs.knownTabIds,
    router,

    /** After a (re)start: adopt the stored tabs that are still open, forget the others. */
    adoptStoredTabs(openTabIds: () => Promise<Set<number>>): Promise<void> {
      ready = (async () => {
        const stored = await persistence.storedTabIds();
        const open = await openTabIds();
        for (const id of stored) {
          if (open.has(id)) tabsWithData.add(id);
          else await tabs.forget(id); // closed while we were not running
        }
        settleWatch();
      })();
      return ready;
    },

    /** A browser restart renumbers tabs: what was stored belongs to tabs that no longer exist. */
    async forgetStoredTabs(): Promise<void> {
      await ready;
      for (const id of await persistence.storedTabIds()) await tabs.forget(id);
      tabsWithData.clear();
      settleWatch();
    },

    /** Runs `fn` once stored tabs are adopted, if the tab has data. */
    async whenTabHasData(tabId: number, fn: () => Promise<void>): Promise<void> {
      await ready;
      if (tabsWithData.has(tabId)) await fn();
    },

    noteTab(tabId: number): void {
      addTab(tabId);
    },

    receiveBatch(tabId: number, batch: IncomingBatch): void {
      addTab(tabId);
      capture.receiveBatch(tabId, batch);
    },

    receiveHandshake(tabId: number, update: HandshakeUpdate): void {
      addTab(tabId);
      capture.receiveHandshake(tabId, update);
    },

    /**
     * A handshake webRequest gave no tab (a service or shared worker): shown in every tab with data whose
     * page has `origin` (the worker's initiator), since a worker of that origin may serve any of them.
     */
    async receiveTablessHandshake(origin: string, update: HandshakeUpdate): Promise<void> {
      await ready;
      for (const tabId of [...tabsWithData]) {
        if (originOf((await tabs.entry(tabId).store).pageUrl) === origin) capture.receiveHandshake(tabId, { ...update, tabless: true });
      }
    },

    /** Sends a panel everything (capture snapshot, then what is held), then keeps it updated until the returned function is called. */
    subscribe(tabId: number, sink: PanelSink): Promise<() => void> {
      return tabs.withTab(tabId, (store, e) => {
        e.panels.add(sink);
        sendSnapshot(store, sink);
        for (const m of router.heldNow(e)) sink(m);
        return () => {
          if (!e.panels.delete(sink)) return;
          router.releaseIfIdle(e);
        };
      });
    },

    /** The tab closed. */
    async forget(tabId: number): Promise<void> {
      tabsWithData.delete(tabId);
      settleWatch();
      debuggerMode.forget(tabId);
      await tabs.forget(tabId);
    },

    /** A relay said hello: it gets the tab's intercept rules and "Record stacks" setting. */
    registerRelay(tabId: number, frameId: number, post: RelayLink['post'], frameUrl?: string, topUrl?: string): RelayLink {
      const link = router.registerRelay(tabs.entry(tabId), frameId, post, frameUrl, topUrl);
      stackSetting.relayConnected(tabId, link);
      return link;
    },

    /** Options are stored by capture; "Record stacks" then goes to the tab's page hooks. */
    async setOptions(tabId: number, options: Partial<TabOptions>): Promise<void> {
      await capture.setOptions(tabId, options);
      if (typeof options.recordStacks === 'boolean') await stackSetting.changed(tabId);
      if (typeof options.debugger === 'boolean') await debuggerMode.changed(tabId);
    },
    /** Debugger mode: a CDP event of the tab, and Chrome ending the session (extension/background/debugger.ts). */
    debuggerEvent: debuggerMode.event,
    debuggerDetached: debuggerMode.detached,
    unregisterRelay: (link: RelayLink): void => router.unregisterRelay(link),
    onRelayReply: (link: RelayLink, reply: RelayReply): void => router.onRelayReply(link, reply),
    runCommand: (tabId: number, raw: unknown): Promise<CommandOutcome> => router.run(tabs.entry(tabId), raw, frameOf(tabId)),

    answer,
  };
}
