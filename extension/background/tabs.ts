/**
 * Per-tab routing: each tab's TabStore, loaded lazily from IndexedDB after a
 * background restart, with every operation serialized per tab. Relay batches
 * are group-committed: all batches waiting for a tab are applied, persisted
 * in one transaction, and only then acknowledged and shown to panels.
 */
import type { MessageRecord } from '../../src/model/records';
import type { BackgroundToPanel, TabOptions, WireEvent } from '../../src/messaging/protocol';
import { TabStore } from '../../src/store/tab-store';
import { materializeEvents, type StoreEvent } from '../../src/store/materialize';
import type { HandshakeUpdate } from '../../src/store/handshakes';
import { debug } from '../../src/debug';
import { deleteTab, loadTab, rewriteTab, saveCommit } from './persist';

export interface IncomingBatch {
  relayId: string;
  seq: number;
  frameId: number;
  events: WireEvent[];
  /** Called once the batch is persisted (or recognised as a duplicate). */
  ack: () => void;
  /** The events with their Blobs read (set on arrival). */
  ready?: Promise<StoreEvent[]>;
}

type PanelSink = (message: BackgroundToPanel) => void;

interface TabEntry {
  store: Promise<TabStore>;
  chain: Promise<void>;
  inbox: IncomingBatch[];
  draining: boolean;
  panels: Set<PanelSink>;
}

const tabs = new Map<number, TabEntry>();

function entry(tabId: number): TabEntry {
  let e = tabs.get(tabId);
  if (!e) {
    const store = loadTab(tabId).then((saved) => (saved ? TabStore.restore(saved.meta, saved.records) : new TabStore(tabId)));
    e = { store, chain: store.then(() => undefined), inbox: [], draining: false, panels: new Set() };
    tabs.set(tabId, e);
  }
  return e;
}

/** Runs `op` after every earlier operation on the tab. Errors are logged and re-thrown to the caller. */
export function withTab<T>(tabId: number, op: (store: TabStore, e: TabEntry) => Promise<T> | T): Promise<T> {
  const e = entry(tabId);
  const result = e.chain.then(async () => op(await e.store, e));
  e.chain = result.then(
    () => undefined,
    (err: unknown) => console.error('[sockscope] tab operation failed', tabId, err),
  );
  return result;
}

function broadcast(e: TabEntry, message: BackgroundToPanel): void {
  for (const sink of e.panels) sink(message);
}

export function receiveBatch(tabId: number, batch: IncomingBatch): void {
  const e = entry(tabId);
  e.inbox.push(batch);
  // Blobs are read here, off the page's thread, before the (synchronous) store sees them.
  batch.ready = materializeEvents(batch.events);
  if (e.draining) return;
  e.draining = true;
  void withTab(tabId, async (store) => {
    e.draining = false;
    const batches = e.inbox.splice(0);
    const fresh: MessageRecord[] = [];
    const changed = new Map<string, ReturnType<TabStore['toMeta']>['connections'][number]>();
    let evictedThrough: number | undefined;
    for (const b of batches) {
      if (store.isDuplicate(b.relayId, b.seq)) continue; // a resend after a lost ack: stored already
      const delta = store.applyBatch(b.relayId, b.seq, b.frameId, await (b.ready ?? materializeEvents(b.events)));
      for (const m of delta.messages) fresh.push(m);
      for (const c of delta.connections) changed.set(c.id, c);
      if (delta.evictedThrough !== undefined) evictedThrough = delta.evictedThrough;
    }
    const live = evictedThrough === undefined ? fresh : fresh.filter((m) => m.id > (evictedThrough ?? 0));
    await saveCommit(store.toMeta(), live, evictedThrough);
    for (const b of batches) b.ack();
    if (changed.size) broadcast(e, { type: 'connections', connections: [...changed.values()] });
    if (live.length) broadcast(e, { type: 'messages', records: live });
    if (evictedThrough !== undefined) broadcast(e, { type: 'evicted', throughId: evictedThrough });
    broadcast(e, { type: 'stats', stats: store.stats });
  });
}

export function receiveHandshake(tabId: number, update: HandshakeUpdate): void {
  // Only tabs whose page created a socket matter; a handshake may still come first, so keep it.
  void withTab(tabId, async (store, e) => {
    const delta = store.applyHandshake(update);
    if (delta.connections.length) {
      await saveCommit(store.toMeta(), []);
      broadcast(e, { type: 'connections', connections: delta.connections });
    }
  });
}

export function clearTab(tabId: number): Promise<void> {
  return withTab(tabId, async (store, e) => {
    store.clear();
    await rewriteTab(store.toMeta(), []);
    resetPanels(store, e);
  });
}

/** A top-level navigation committed: drop the old document's data unless "preserve log" is on. */
export function navigated(tabId: number, url: string, t: number): Promise<void> {
  return withTab(tabId, async (store, e) => {
    store.pageUrl = url;
    if (!store.options.preserveLog) {
      store.forgetBefore(t);
      await rewriteTab(store.toMeta(), store.allMessages());
      resetPanels(store, e);
    } else {
      await saveCommit(store.toMeta(), []);
    }
  });
}

export function setOptions(tabId: number, options: Partial<TabOptions>): Promise<void> {
  return withTab(tabId, async (store, e) => {
    if (typeof options.paused === 'boolean') store.options.paused = options.paused;
    if (typeof options.preserveLog === 'boolean') store.options.preserveLog = options.preserveLog;
    await saveCommit(store.toMeta(), []);
    broadcast(e, { type: 'options', options: { ...store.options } });
  });
}

export function noteTopUrl(tabId: number, url: string): void {
  void withTab(tabId, (store) => {
    if (!store.pageUrl) store.pageUrl = url;
  });
}

export async function forgetTab(tabId: number): Promise<void> {
  const e = tabs.get(tabId);
  tabs.delete(tabId);
  if (e) await e.chain;
  await deleteTab(tabId);
}

/** Sends a panel everything, then keeps it updated until `unsubscribe`. */
export function subscribePanel(tabId: number, sink: PanelSink): Promise<() => void> {
  return withTab(tabId, (store, e) => {
    e.panels.add(sink);
    sendSnapshot(store, sink);
    return () => e.panels.delete(sink);
  });
}

function resetPanels(store: TabStore, e: TabEntry): void {
  for (const sink of e.panels) sendSnapshot(store, sink);
}

const CHUNK_RECORDS = 5000;
const CHUNK_CHARS = 8 * 1024 * 1024; // stay far below Chrome's 64 MiB port message limit

function sendSnapshot(store: TabStore, sink: PanelSink): void {
  sink({ type: 'reset', tabId: store.tabId, options: { ...store.options }, limits: store.limits, connections: [...store.connections.values()], stats: store.stats });
  let chunk: MessageRecord[] = [];
  let chars = 0;
  for (const m of store.allMessages()) {
    chunk.push(m);
    chars += m.data.length;
    if (chunk.length >= CHUNK_RECORDS || chars >= CHUNK_CHARS) {
      sink({ type: 'messages', records: chunk });
      chunk = [];
      chars = 0;
    }
  }
  if (chunk.length) sink({ type: 'messages', records: chunk });
  debug('snapshot sent', store.tabId, store.messageCount);
}

export function knownTabIds(): number[] {
  return [...tabs.keys()];
}
