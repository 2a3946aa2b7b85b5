/**
 * The background's one per-tab registry: each tab's TabStore (loaded lazily
 * from persistence after a restart), the chain that serializes every
 * operation on it, the inbox of relay batches waiting for a group commit,
 * the subscribed panels, and the tab's command state (relays, rules, held
 * messages). Forgetting a tab forgets all of it at once.
 */
import type { BackgroundToPanel, PanelReply, TabStats } from '../messaging/protocol';
import type { TabLimits } from '../store/limits';
import type { StoreEvent } from '../store/materialize';
import type { WireEvent } from '../messaging/protocol';
import type { CommandTab, RelayLink } from './command-router';
import type { TabPersistence } from './persistence';
import { TabStore, emptyStats } from '../store/tab-store';
import { notifyPanels } from './command-router';

export type PanelSink = (message: BackgroundToPanel | PanelReply) => void;

export interface IncomingBatch {
  relayId: string;
  seq: number;
  frameId: number;
  events: WireEvent[];
  /** Called once the batch is persisted (or recognised as a duplicate). */
  ack: () => void;
  /** The events with their Blobs read (started on arrival). */
  ready?: Promise<StoreEvent[]>;
  /** performance.now() on arrival (profile). */
  arrived?: number;
  /** Payload bytes (group.ts), measured on arrival. */
  bytes?: number;
}

export interface TabEntry extends CommandTab {
  store: Promise<TabStore>;
  chain: Promise<void>;
  /**
   * The counters of what is persisted now (set on load and after every commit): runtime requests
   * read these instead of waiting on the chain behind commits, and they never count a message
   * that is not stored yet.
   */
  stored: TabStats;
  inbox: IncomingBatch[];
  draining: boolean;
  readonly panels: Set<PanelSink>;
  readonly relays: Map<number, RelayLink>;
  /** Pending "never nothing" check (capture.ts scheduleUnseen). */
  unseenTimer?: ReturnType<typeof setTimeout>;
}

export type TabEntries = ReturnType<typeof createTabEntries>;

export function createTabEntries(persistence: TabPersistence, limits?: TabLimits) {
  const tabs = new Map<number, TabEntry>();

  function entry(tabId: number): TabEntry {
    let e = tabs.get(tabId);
    if (!e) {
      const store = persistence
        .loadTab(tabId)
        .then((saved) => (saved ? TabStore.restore(saved.meta, saved.records, limits) : new TabStore(tabId, limits)));
      const created: TabEntry = {
        tabId,
        store,
        chain: Promise.resolve(),
        stored: emptyStats(),
        inbox: [],
        draining: false,
        panels: new Set(),
        relays: new Map(),
        rules: null,
        held: new Map(),
      };
      created.chain = store.then((s) => void (created.stored = { ...s.stats }));
      tabs.set(tabId, (e = created));
    }
    return e;
  }

  return {
    entry,
    /** The entry if the tab is known now (never loads one). */
    peek: (tabId: number): TabEntry | undefined => tabs.get(tabId),

    /** Runs `op` after every earlier operation on the tab. Errors are logged and re-thrown to the caller. */
    withTab<T>(tabId: number, op: (store: TabStore, e: TabEntry) => Promise<T> | T): Promise<T> {
      const e = entry(tabId);
      const result = e.chain.then(async () => op(await e.store, e));
      e.chain = result.then(
        () => undefined,
        (err: unknown) => console.error('[sockscope] tab operation failed', tabId, err),
      );
      return result;
    },

    broadcast: (e: TabEntry, message: BackgroundToPanel | PanelReply): void => notifyPanels(e, message),

    /** The tab closed: its store, panels, relays, rules and held messages go, and so does what was persisted. */
    async forget(tabId: number): Promise<void> {
      const e = tabs.get(tabId);
      tabs.delete(tabId);
      if (e?.unseenTimer !== undefined) clearTimeout(e.unseenTimer);
      if (e) await e.chain;
      await persistence.deleteTab(tabId);
    },

    knownTabIds: (): number[] => [...tabs.keys()],
  };
}
