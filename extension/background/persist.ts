/**
 * TabPersistence (src/background/persistence.ts) on IndexedDB, so a stopped
 * service worker (Chrome) or unloaded event page (Firefox) loses nothing:
 * one head row per tab, one row per connection (a commit writes only those
 * that changed), messages in chunks (one per group commit).
 * storage.session would be simpler but is capped at 10 MB in Chrome.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { ConnectionRecord, MessageRecord } from '../../src/model/records';
import type { TabHead, TabPersistence } from '../../src/background/persistence';
import { splitMeta } from '../../src/background/persistence';
import { fromStoredRecords, toStoredRecords, type StoredRecord } from '../../src/store/payload-blob';

interface Chunk {
  tabId: number;
  firstId: number;
  lastId: number;
  /** Binary payloads that came as Blobs are stored as those Blobs (src/store/payload-blob.ts). */
  records: StoredRecord[];
}

interface Schema extends DBSchema {
  /** Version 1 kept the connections inside this row; version 2 moved them out. */
  tabs: { key: number; value: TabHead & { connections?: ConnectionRecord[] } };
  chunks: { key: [number, number]; value: Chunk };
  /** Out-of-line keys [tabId, connection id]. */
  connections: { key: [number, string]; value: ConnectionRecord };
}

const MAX = Number.MAX_SAFE_INTEGER;
const chunkRange = (tabId: number, to = MAX) => IDBKeyRange.bound([tabId, 0], [tabId, to]);
// Every string sorts before an array key: [tabId, []] bounds all of a tab's string ids.
const connRange = (tabId: number) => IDBKeyRange.bound([tabId, ''], [tabId, []]);
const chunkOf = (tabId: number, records: MessageRecord[], blobs: boolean): Chunk | undefined => {
  const first = records[0];
  const last = records[records.length - 1];
  return first && last ? { tabId, firstId: first.id, lastId: last.id, records: toStoredRecords(records, blobs) } : undefined;
};

/** `payloadBlobs`: store binary payloads that came as Blobs as those Blobs (src/store/payload-blob.ts; Chrome). */
export function idbPersistence(name = 'sockscope', { payloadBlobs = true } = {}): TabPersistence {
  let dbPromise: Promise<IDBPDatabase<Schema>> | undefined;
  const db = (): Promise<IDBPDatabase<Schema>> =>
    (dbPromise ??= openDB<Schema>(name, 2, {
      async upgrade(d, oldVersion, _newVersion, tx) {
        if (oldVersion < 1) {
          d.createObjectStore('tabs', { keyPath: 'tabId' });
          d.createObjectStore('chunks', { keyPath: ['tabId', 'firstId'] });
        }
        const conns = d.createObjectStore('connections');
        for (let cursor = await tx.objectStore('tabs').openCursor(); cursor; cursor = await cursor.continue()) {
          const { connections = [], ...head } = cursor.value;
          for (const c of connections) void conns.put(c, [head.tabId, c.id]);
          void cursor.update(head);
        }
      },
    }));
  // Relaxed: a commit is complete once the browser's storage process holds it (what survives a
  // stopped worker or event page, which is what acks promise); no disk flush per group commit.
  const write = async () => (await db()).transaction(['tabs', 'connections', 'chunks'], 'readwrite', { durability: 'relaxed' });

  return {
    /** One transaction: head, changed connections and new messages land together or not at all. */
    async saveCommit(c) {
      const tx = await write();
      const tabId = c.head.tabId;
      const chunks = tx.objectStore('chunks');
      const conns = tx.objectStore('connections');
      const writes: Array<Promise<unknown>> = [tx.objectStore('tabs').put(c.head)];
      for (const conn of c.connections) writes.push(conns.put(conn, [tabId, conn.id]));
      for (const id of c.removedConnections ?? []) writes.push(conns.delete([tabId, id]));
      const chunk = chunkOf(tabId, c.records, payloadBlobs);
      if (chunk) writes.push(chunks.put(chunk));
      if (c.dropThrough !== undefined) {
        // Keys only: reading the chunks' values to find their lastId cost a full read of evicted
        // data on every commit at the byte cap. Ids ascend across chunks, so every chunk before the
        // last one starting at <= dropThrough + 1 ends at <= dropThrough; that last one may straddle
        // and stays until a later commit (loadTab's caller drops evicted ids).
        const last = await chunks.openKeyCursor(chunkRange(tabId, c.dropThrough + 1), 'prev');
        if (last) writes.push(chunks.delete(IDBKeyRange.bound([tabId, 0], last.key, false, true)));
      }
      await Promise.all([...writes, tx.done]);
    },

    async rewriteTab(meta, records) {
      const tx = await write();
      const [head, connections] = splitMeta(meta);
      const conns = tx.objectStore('connections');
      await Promise.all([tx.objectStore('chunks').delete(chunkRange(meta.tabId)), conns.delete(connRange(meta.tabId))]);
      const writes: Array<Promise<unknown>> = [tx.objectStore('tabs').put(head)];
      for (const c of connections) writes.push(conns.put(c, [meta.tabId, c.id]));
      const chunk = chunkOf(meta.tabId, records, payloadBlobs);
      if (chunk) writes.push(tx.objectStore('chunks').put(chunk));
      await Promise.all([...writes, tx.done]);
    },

    async loadTab(tabId) {
      const tx = (await db()).transaction(['tabs', 'connections', 'chunks']);
      const [row, connections, chunks] = await Promise.all([
        tx.objectStore('tabs').get(tabId),
        tx.objectStore('connections').getAll(connRange(tabId)),
        tx.objectStore('chunks').getAll(chunkRange(tabId)),
      ]);
      if (!row) return undefined;
      const { connections: _legacy, ...head } = row;
      // Keyed by id, stored in id order: give them back in creation order, as the store listed them.
      connections.sort((a, b) => a.created - b.created);
      return { meta: { ...head, connections }, records: await fromStoredRecords(chunks.flatMap((c) => c.records)) };
    },

    async deleteTab(tabId) {
      const tx = await write();
      await Promise.all([
        tx.objectStore('tabs').delete(tabId),
        tx.objectStore('connections').delete(connRange(tabId)),
        tx.objectStore('chunks').delete(chunkRange(tabId)),
        tx.done,
      ]);
    },

    async storedTabIds() {
      return (await db()).getAllKeys('tabs');
    },
  };
}
