/**
 * IndexedDB persistence of the per-tab stores, so that a stopped service
 * worker (Chrome) or unloaded event page (Firefox) loses nothing. Messages are
 * written as chunks (one per group commit), the rest as one meta row per tab.
 * storage.session would be simpler but is capped at 10 MB in Chrome.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { MessageRecord } from '../../src/model/records';
import type { TabMeta } from '../../src/store/tab-store';

interface Chunk {
  tabId: number;
  firstId: number;
  lastId: number;
  records: MessageRecord[];
}

interface Schema extends DBSchema {
  tabs: { key: number; value: TabMeta };
  chunks: { key: [number, number]; value: Chunk };
}

let dbPromise: Promise<IDBPDatabase<Schema>> | undefined;
function db(): Promise<IDBPDatabase<Schema>> {
  dbPromise ??= openDB<Schema>('sockscope', 1, {
    upgrade(d) {
      d.createObjectStore('tabs', { keyPath: 'tabId' });
      d.createObjectStore('chunks', { keyPath: ['tabId', 'firstId'] });
    },
  });
  return dbPromise;
}

const chunkRange = (tabId: number, from = 0, to = Number.MAX_SAFE_INTEGER) => IDBKeyRange.bound([tabId, from], [tabId, to]);

/** One transaction: the meta row and the new messages land together or not at all. */
export async function saveCommit(meta: TabMeta, records: MessageRecord[], dropChunksThrough?: number): Promise<void> {
  const tx = (await db()).transaction(['tabs', 'chunks'], 'readwrite');
  const chunks = tx.objectStore('chunks');
  const writes: Array<Promise<unknown>> = [tx.objectStore('tabs').put(meta)];
  const first = records[0];
  const last = records[records.length - 1];
  if (first && last) writes.push(chunks.put({ tabId: meta.tabId, firstId: first.id, lastId: last.id, records }));
  if (dropChunksThrough !== undefined) {
    let cursor = await chunks.openCursor(chunkRange(meta.tabId, 0, dropChunksThrough));
    while (cursor) {
      if (cursor.value.lastId <= dropChunksThrough) writes.push(cursor.delete());
      cursor = await cursor.continue();
    }
  }
  await Promise.all([...writes, tx.done]);
}

/** Replaces all of a tab's messages (after clear or a navigation that kept some). */
export async function rewriteTab(meta: TabMeta, records: MessageRecord[]): Promise<void> {
  const tx = (await db()).transaction(['tabs', 'chunks'], 'readwrite');
  const chunks = tx.objectStore('chunks');
  await chunks.delete(chunkRange(meta.tabId));
  const first = records[0];
  const last = records[records.length - 1];
  const writes: Array<Promise<unknown>> = [tx.objectStore('tabs').put(meta)];
  if (first && last) writes.push(chunks.put({ tabId: meta.tabId, firstId: first.id, lastId: last.id, records }));
  await Promise.all([...writes, tx.done]);
}

export async function loadTab(tabId: number): Promise<{ meta: TabMeta; records: MessageRecord[] } | undefined> {
  const d = await db();
  const meta = await d.get('tabs', tabId);
  if (!meta) return undefined;
  const chunks = await d.getAll('chunks', chunkRange(tabId));
  const records: MessageRecord[] = [];
  for (const c of chunks) for (const r of c.records) records.push(r);
  return { meta, records };
}

export async function deleteTab(tabId: number): Promise<void> {
  const tx = (await db()).transaction(['tabs', 'chunks'], 'readwrite');
  await Promise.all([tx.objectStore('tabs').delete(tabId), tx.objectStore('chunks').delete(chunkRange(tabId)), tx.done]);
}

export async function storedTabIds(): Promise<number[]> {
  return (await db()).getAllKeys('tabs');
}
