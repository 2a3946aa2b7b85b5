/**
 * What the background keeps across a stopped service worker (Chrome) or an
 * unloaded event page (Firefox): per tab, a head row (page, options, stats,
 * relay sequence numbers), one row per connection, and the messages in
 * chunks (one per group commit). A commit writes only the connections that
 * changed, so a tab with thousands of connections does not rewrite them all
 * for every batch. The extension implements this with IndexedDB; tests use
 * the in-memory implementation below.
 */
import type { ConnectionRecord, MessageRecord } from '../model/records';
import type { TabMeta } from '../store/tab-store';

/** The tab's meta without its connections (those are stored one by one). */
export type TabHead = Omit<TabMeta, 'connections'>;

/** One group commit: lands entirely or not at all. */
export interface Commit {
  head: TabHead;
  /** Connections inserted or changed since the last commit (whole records). */
  connections: ConnectionRecord[];
  /** Ids of connections the store let go (connection cap). */
  removedConnections?: string[];
  /** New messages, in id order. */
  records: MessageRecord[];
  /** Message chunks whose every id is <= this may go (evicted by the caps). */
  dropThrough?: number;
}

export interface SavedTab {
  meta: TabMeta;
  /** In id order; may still hold evicted ids (TabStore.restore drops them). */
  records: MessageRecord[];
}

export interface TabPersistence {
  saveCommit(commit: Commit): Promise<void>;
  /** Replaces every connection and message of the tab (clear, navigation). */
  rewriteTab(meta: TabMeta, records: MessageRecord[]): Promise<void>;
  loadTab(tabId: number): Promise<SavedTab | undefined>;
  deleteTab(tabId: number): Promise<void>;
  storedTabIds(): Promise<number[]>;
}

interface MemoryTab {
  head: TabHead;
  connections: Map<string, ConnectionRecord>;
  chunks: Array<{ lastId: number; records: MessageRecord[] }>;
}

export function splitMeta(meta: TabMeta): [TabHead, ConnectionRecord[]] {
  const { connections, ...head } = meta;
  return [head, connections];
}

/** Keeps structured clones, as a database would: later changes to the store's objects do not leak in. */
export function memoryPersistence(): TabPersistence & { readonly tabs: ReadonlyMap<number, MemoryTab> } {
  const tabs = new Map<number, MemoryTab>();
  const chunkOf = (records: MessageRecord[]) => ({ lastId: records[records.length - 1]?.id ?? 0, records: structuredClone(records) });
  return {
    tabs,
    async saveCommit(c) {
      let t = tabs.get(c.head.tabId);
      if (!t) tabs.set(c.head.tabId, (t = { head: c.head, connections: new Map(), chunks: [] }));
      t.head = structuredClone(c.head);
      for (const conn of c.connections) t.connections.set(conn.id, structuredClone(conn));
      for (const id of c.removedConnections ?? []) t.connections.delete(id);
      if (c.records.length) t.chunks.push(chunkOf(c.records));
      const through = c.dropThrough;
      if (through !== undefined) t.chunks = t.chunks.filter((ch) => ch.lastId > through);
    },
    async rewriteTab(meta, records) {
      const [head, connections] = splitMeta(structuredClone(meta));
      tabs.set(meta.tabId, {
        head,
        connections: new Map(connections.map((c) => [c.id, c])),
        chunks: records.length ? [chunkOf(records)] : [],
      });
    },
    async loadTab(tabId) {
      const t = tabs.get(tabId);
      if (!t) return undefined;
      const meta: TabMeta = { ...structuredClone(t.head), connections: [...t.connections.values()].map((c) => structuredClone(c)) };
      return { meta, records: t.chunks.flatMap((ch) => structuredClone(ch.records)) };
    },
    async deleteTab(tabId) {
      tabs.delete(tabId);
    },
    async storedTabIds() {
      return [...tabs.keys()];
    },
  };
}
