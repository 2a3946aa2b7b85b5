/**
 * What the background does to a tab's store, in the tab's operation chain:
 * relay batches are group-committed (the batches waiting for the tab, up to
 * a bounded group (group.ts), are applied, persisted in one commit, and only
 * then acknowledged and shown to panels), handshakes are joined, and clear /
 * navigation / options rewrite what is stored. "Nothing captured is lost" rests on the order here: ack
 * after persist, duplicates recognised by (relayId, seq).
 */
import type { ConnectionRecord, MessageRecord } from '../model/records';
import type { TabOptions } from '../messaging/protocol';
import type { HandshakeUpdate } from '../store/handshakes';
import type { Delta, TabStore } from '../store/tab-store';
import type { Commit, TabPersistence } from './persistence';
import type { IncomingBatch, TabEntries, TabEntry } from './tab-entries';
import { ownEvents } from '../messaging/frame-scope';
import { materializeEvents } from '../store/materialize';
import { sendSnapshot } from './snapshot';
import { createProfiler, now, type Profiler } from './profile';
import { DEFAULT_GROUP_LIMITS, batchBytes, newestPerRelay, takeGroup, type GroupLimits } from './group';

export type Capture = ReturnType<typeof createCapture>;

/**
 * How long a handshake waits for the hook's connection before it is shown on its own. The hook's
 * `create` precedes the request, but reaches the background later (batching, the relay's port);
 * one that comes later still replaces the shown one (store/unseen.ts).
 */
export const UNSEEN_GRACE_MS = 2000;

/** Whether Sockscope's relay, and so its hook, runs in a frame (the shell asks the frame: extension/background.ts). */
export type FrameHasHook = (tabId: number, frameId: number) => Promise<boolean>;

export function createCapture(
  tabs: TabEntries,
  persistence: TabPersistence,
  profiler: Profiler = createProfiler(),
  groupLimits: GroupLimits = DEFAULT_GROUP_LIMITS,
  unseenGraceMs = UNSEEN_GRACE_MS,
  frameHasHook?: FrameHasHook,
) {
  const resetPanels = (store: TabStore, e: TabEntry): void => {
    for (const sink of e.panels) sendSnapshot(store, sink);
  };
  /** Persists, then records the counters as stored (what runtime requests answer). */
  const save = async (store: TabStore, e: TabEntry, commit: Omit<Commit, 'head'>): Promise<void> => {
    await persistence.saveCommit({ head: store.toHead(), ...commit });
    e.stored = { ...store.stats };
  };
  const rewrite = async (store: TabStore, e: TabEntry, records: MessageRecord[]): Promise<void> => {
    await persistence.rewriteTab(store.toMeta(), records);
    e.stored = { ...store.stats };
  };

  /** Saves and shows what a handshake or the "never nothing" timer changed. */
  async function publishConnections(store: TabStore, e: TabEntry, delta: Delta): Promise<void> {
    if (!delta.connections.length && !delta.removedConnections) return;
    const removed = delta.removedConnections;
    await save(store, e, { connections: delta.connections, records: [], ...(removed ? { removedConnections: removed } : {}) });
    if (removed) tabs.broadcast(e, { type: 'connectionsRemoved', ids: removed });
    if (delta.connections.length) tabs.broadcast(e, { type: 'connections', connections: delta.connections });
    tabs.broadcast(e, { type: 'stats', stats: store.stats });
  }

  /** After the grace time, a handshake no hook connection claimed is shown on its own (store/unseen.ts). */
  function scheduleUnseen(tabId: number, e: TabEntry): void {
    if (e.unseenTimer !== undefined) return;
    e.unseenTimer = setTimeout(() => {
      e.unseenTimer = undefined;
      if (tabs.peek(tabId) !== e) return; // the tab was forgotten meanwhile
      const t = Date.now() - unseenGraceMs;
      void tabs
        .withTab(tabId, (store) => store.unclaimedFrames(t))
        .then((frames) =>
          framesWithHook(
            tabId,
            frames.filter((f) => !e.relays.has(f)),
          ),
        )
        .then((asked) =>
          tabs.peek(tabId) !== e
            ? undefined
            : tabs.withTab(tabId, async (store) => {
                const delta = store.showUnclaimed(t, (frameId) => e.relays.has(frameId) || asked.has(frameId));
                if (store.hasUnclaimed) scheduleUnseen(tabId, e);
                await publishConnections(store, e, delta);
              }),
        );
    }, unseenGraceMs);
  }

  /**
   * A frame's relay connects only with its first hooked socket, so a page whose only socket is in a worker
   * has none: ask those frames whether the hook runs there (else "no hook": loaded before Sockscope).
   */
  async function framesWithHook(tabId: number, frames: number[]): Promise<Set<number>> {
    const answers = await Promise.all(frames.map((f) => (frameHasHook ? frameHasHook(tabId, f).catch(() => false) : false)));
    return new Set(frames.filter((_, i) => answers[i]));
  }

  async function drain(store: TabStore, e: TabEntry): Promise<void> {
    const batches = takeGroup(e.inbox, groupLimits);
    // What is left gets the next commit, queued now; batches arriving meanwhile join it.
    e.draining = e.inbox.length > 0;
    if (e.draining) void tabs.withTab(e.tabId, drain);
    const fresh: MessageRecord[] = [];
    const changed = new Map<string, ConnectionRecord>();
    const removed = new Set<string>(); // by the connection cap: their rows go
    let evictedThrough: number | undefined;
    const spent = { materializeMs: 0, applyMs: 0, saveMs: 0, broadcastMs: 0 };
    for (const b of batches) {
      if (store.isDuplicate(b.relayId, b.seq)) continue; // a resend after a lost ack: stored already
      let t = now();
      const events = await (b.ready ?? materializeEvents(b.events));
      spent.materializeMs += now() - t;
      t = now();
      const own = ownEvents(events, b.frameId, (conn) => store.connections.get(conn)?.frameId); // a frame speaks only for its own connections
      const delta = store.applyBatch(b.relayId, b.seq, b.frameId, own.kept);
      spent.applyMs += now() - t;
      for (const m of delta.messages) fresh.push(m);
      for (const c of delta.connections) {
        changed.set(c.id, c);
        removed.delete(c.id);
      }
      for (const id of delta.removedConnections ?? []) {
        changed.delete(id);
        removed.add(id);
      }
      if (delta.evictedThrough !== undefined) evictedThrough = delta.evictedThrough;
    }
    const live = evictedThrough === undefined ? fresh : fresh.filter((m) => m.id > (evictedThrough ?? 0));
    const connections = [...changed.values()];
    const dropped = {
      ...(evictedThrough === undefined ? {} : { dropThrough: evictedThrough }),
      ...(removed.size ? { removedConnections: [...removed] } : {}),
    };
    let t = now();
    await save(store, e, { connections, records: live, ...dropped });
    spent.saveMs = now() - t;
    // Only now: a relay drops a batch once acknowledged, so an ack before the commit could lose it.
    // Acks are cumulative, so each relay gets one, for its newest batch of this commit.
    for (const b of newestPerRelay(batches)) b.ack();
    t = now();
    if (removed.size) tabs.broadcast(e, { type: 'connectionsRemoved', ids: [...removed] });
    if (connections.length) tabs.broadcast(e, { type: 'connections', connections });
    if (live.length) tabs.broadcast(e, { type: 'messages', records: live });
    if (evictedThrough !== undefined) tabs.broadcast(e, { type: 'evicted', throughId: evictedThrough });
    tabs.broadcast(e, { type: 'stats', stats: store.stats });
    spent.broadcastMs = now() - t;
    profiler.committed({ batches: batches.length, records: live.length, oldestArrival: batches[0]?.arrived ?? now(), ...spent });
  }

  const self = {
    receiveBatch(tabId: number, batch: IncomingBatch): void {
      const e = tabs.entry(tabId);
      batch.arrived = now();
      batch.bytes = batchBytes(batch.events);
      e.inbox.push(batch);
      profiler.queued(e.inbox.length, batch.events[batch.events.length - 1]?.t);
      // Blobs are read here, off the page's thread, before the (synchronous) store sees them.
      batch.ready = materializeEvents(batch.events);
      if (e.draining) return;
      e.draining = true;
      void tabs.withTab(tabId, drain);
    },

    /** Runs `change` on the tab's chain, then saves and shows what it changed (debugger mode: src/background/debugger-mode.ts). */
    changeTab(tabId: number, change: (store: TabStore, e: TabEntry) => Delta | null): Promise<void> {
      return tabs.withTab(tabId, async (store, e) => {
        const delta = change(store, e);
        if (!delta) return;
        if (!delta.messages.length) return publishConnections(store, e, delta);
        const dropped = {
          ...(delta.evictedThrough === undefined ? {} : { dropThrough: delta.evictedThrough }),
          ...(delta.removedConnections ? { removedConnections: delta.removedConnections } : {}),
        };
        const live = delta.messages.filter((m) => m.id > (delta.evictedThrough ?? 0));
        await save(store, e, { connections: delta.connections, records: live, ...dropped });
        if (delta.removedConnections) tabs.broadcast(e, { type: 'connectionsRemoved', ids: delta.removedConnections });
        if (delta.connections.length) tabs.broadcast(e, { type: 'connections', connections: delta.connections });
        if (live.length) tabs.broadcast(e, { type: 'messages', records: live });
        if (delta.evictedThrough !== undefined) tabs.broadcast(e, { type: 'evicted', throughId: delta.evictedThrough });
        tabs.broadcast(e, { type: 'stats', stats: store.stats });
      });
    },

    /** Called with the connections a webRequest update changed (debugger mode puts CDP's fuller handshake back on top). */
    onHandshakeJoined: undefined as ((tabId: number, conns: ConnectionRecord[]) => void) | undefined,

    receiveHandshake(tabId: number, update: HandshakeUpdate): void {
      // A handshake may come before the page's first batch: keep it.
      void tabs.withTab(tabId, async (store, e) => {
        const delta = store.applyHandshake(update);
        if (delta.connections.length) self.onHandshakeJoined?.(tabId, delta.connections);
        if (store.hasUnclaimed) scheduleUnseen(tabId, e);
        await publishConnections(store, e, delta);
      });
    },

    clearTab(tabId: number): Promise<void> {
      return tabs.withTab(tabId, async (store, e) => {
        store.clear();
        await rewrite(store, e, []);
        resetPanels(store, e);
      });
    },

    /** A top-level navigation committed: drop the old document's data unless "preserve log" is on. */
    navigated(tabId: number, url: string, t: number): Promise<void> {
      return tabs.withTab(tabId, async (store, e) => {
        store.pageUrl = url;
        if (!store.options.preserveLog) {
          store.forgetBefore(t);
          await rewrite(store, e, store.allMessages());
          resetPanels(store, e);
        } else {
          await save(store, e, { connections: [], records: [] });
        }
      });
    },

    setOptions(tabId: number, options: Partial<TabOptions>): Promise<void> {
      return tabs.withTab(tabId, async (store, e) => {
        if (typeof options.paused === 'boolean') store.options.paused = options.paused;
        if (typeof options.preserveLog === 'boolean') store.options.preserveLog = options.preserveLog;
        if (typeof options.recordStacks === 'boolean') store.options.recordStacks = options.recordStacks;
        if (typeof options.debugger === 'boolean') store.options.debugger = options.debugger;
        if (options.debugger === true || options.debuggerOff !== undefined) delete store.options.debuggerOff;
        if (typeof options.debuggerOff === 'string') store.options.debuggerOff = options.debuggerOff;
        await save(store, e, { connections: [], records: [] });
        tabs.broadcast(e, { type: 'options', options: { ...store.options } });
      });
    },

    /** Not on the chain: findTab reads the URL without waiting behind commits (a navigation still sets it on the chain). */
    async noteTopUrl(tabId: number, url: string): Promise<void> {
      const store = await tabs.entry(tabId).store;
      if (!store.pageUrl) store.pageUrl = url;
    },
  };
  return self;
}
