/**
 * The per-tab capture store: pure, no browser imports. The background feeds
 * it wire events and webRequest handshake updates; it returns what changed
 * (a Delta) for panels and for persistence. Caps: see limits.ts; the byte
 * cap counts real payload bytes (stored-bytes.ts).
 */
import type { ConnectionRecord, MessageRecord } from '../model/records';
import type { TabOptions, TabStats } from '../messaging/protocol';
import type { StoreEvent } from './materialize';
import { HandshakeJoiner, type HandshakeUpdate } from './handshakes';
import { DEFAULT_LIMITS, DEFAULT_MAX_CONNECTIONS, type TabLimits } from './limits';
import { storedBytesOf } from './stored-bytes';
import { toMessageRecord } from './message-record';
import { stateOfHandshake, unseenConnection } from './unseen';
import { applyLifecycle, emptyCounts, newConnection } from './connection-events';

export interface Delta {
  messages: MessageRecord[];
  connections: ConnectionRecord[];
  /** Set when the caps evicted messages: every id <= this is gone. */
  evictedThrough?: number;
  /** Connections evicted by the connection cap (ids): persistence and panels forget them. */
  removedConnections?: string[];
}

/** What is persisted besides the messages themselves. Append fields only. */
export interface TabMeta {
  tabId: number;
  pageUrl: string;
  options: TabOptions;
  stats: TabStats;
  connections: ConnectionRecord[];
  nextId: number;
  relaySeqs: Record<string, number>;
  /** Every message id <= this was evicted or cleared (persisted chunks may still hold some). */
  evictedThrough: number;
}

export const emptyStats = (): TabStats => ({
  connections: 0,
  messages: 0,
  bytes: 0,
  dropped: 0,
  droppedBytes: 0,
  truncated: 0,
  skipped: 0,
});

export class TabStore {
  pageUrl = '';
  options: TabOptions = { paused: false, preserveLog: false };
  stats: TabStats = emptyStats();
  readonly connections = new Map<string, ConnectionRecord>();
  /** Oldest first; `head` skips evicted entries without shifting the array each time. */
  private messages: MessageRecord[] = [];
  private head = 0;
  /** Real payload bytes of the stored messages (stored-bytes.ts), against limits.maxBytes. */
  private storedBytes = 0;
  /** Stored messages per connection: a connection with none left may be evicted by the connection cap. */
  private perConn = new Map<string, number>();
  private nextId = 1;
  /** Every id <= this is gone (evicted by caps, or cleared). */
  evictedThrough = 0;
  private relaySeqs: Record<string, number> = {};
  private readonly joiner = new HandshakeJoiner();

  constructor(
    readonly tabId: number,
    readonly limits: TabLimits = DEFAULT_LIMITS,
  ) {}

  /** Whether batch `seq` of `relayId` was already applied (a resend after a lost ack). */
  isDuplicate(relayId: string, seq: number): boolean {
    return seq <= (this.relaySeqs[relayId] ?? 0);
  }

  applyBatch(relayId: string, seq: number, frameId: number, events: StoreEvent[]): Delta {
    this.relaySeqs[relayId] = Math.max(seq, this.relaySeqs[relayId] ?? 0);
    const delta: Delta = { messages: [], connections: [] };
    const changed = new Set<ConnectionRecord>();
    for (const ev of events) {
      if (ev.k === 'create') {
        if (this.connections.has(ev.conn)) continue;
        const c = newConnection(ev, frameId);
        const replaced = this.joiner.claim(c);
        if (replaced !== undefined && this.connections.delete(replaced)) (delta.removedConnections ??= []).push(replaced);
        this.add(c, changed, delta);
        continue;
      }
      const c = this.connections.get(ev.conn);
      if (!c) continue; // its connection was cleared (clear, navigation): the user asked for it to go
      changed.add(c);
      switch (ev.k) {
        default:
          applyLifecycle(c, ev);
          break;
        case 'message': {
          if (this.options.paused) {
            this.stats.skipped++;
            break;
          }
          const record = this.toRecord(ev);
          const counts = record.dir === 'out' ? c.sent : c.received;
          if (record.origin !== 'dropped') {
            // A dropped message never crossed the wire: stored to be seen, not counted as traffic.
            counts.messages++;
            counts.bytes += record.size;
          }
          this.append(record);
          delta.messages.push(record);
          break;
        }
      }
    }
    delta.connections = [...changed];
    const evicted = this.evict();
    if (evicted !== undefined) delta.evictedThrough = evicted;
    return delta;
  }

  applyHandshake(update: HandshakeUpdate): Delta {
    const joined = this.joiner.update(update, this.connections.values());
    const delta: Delta = { messages: [], connections: [] };
    if (joined && 'conn' in joined) {
      if (joined.conn.unseen && joined.conn.handshake) joined.conn.state = stateOfHandshake(joined.conn.handshake);
      delta.connections.push(joined.conn);
    } else if (joined) this.addUnseen(unseenConnection(joined.tabless, update.frameId, 'tabless'), delta);
    return delta;
  }

  /** Whether a handshake waits unclaimed and unshown (the hub schedules `showUnclaimed`). */
  get hasUnclaimed(): boolean {
    return this.joiner.hasUnshown;
  }

  /** Frames of the handshakes `showUnclaimed(t)` would show (the hub asks a frame without a relay whether the hook runs there). */
  unclaimedFrames = (t: number): number[] => [...new Set(this.joiner.unshownBefore(t).map((p) => p.frameId))];
  /** Shows every handshake that started by `t` and that no hook connection claimed; `hooked(frameId)`: a page hook runs there. */
  showUnclaimed(t: number, hooked: (frameId: number) => boolean): Delta {
    const delta: Delta = { messages: [], connections: [] };
    for (const p of this.joiner.unshownBefore(t)) {
      const c = unseenConnection(p.info, p.frameId, hooked(p.frameId) ? 'worker' : 'no hook');
      p.placeholder = c.id;
      this.addUnseen(c, delta);
    }
    return delta;
  }

  private addUnseen(c: ConnectionRecord, delta: Delta): void {
    const changed = new Set<ConnectionRecord>();
    this.add(c, changed, delta);
    delta.connections.push(...changed);
  }

  private add(c: ConnectionRecord, changed: Set<ConnectionRecord>, delta: Delta): void {
    this.connections.set(c.id, c);
    changed.add(c);
    if (this.connections.size > (this.limits.maxConnections ?? DEFAULT_MAX_CONNECTIONS)) this.evictConnection(c, changed, delta);
    this.stats.connections = this.connections.size;
  }

  /** "Clear": drop every message and every finished connection; live sockets stay listed so their next messages still show. */
  clear(): void {
    this.messages = [];
    this.head = 0;
    this.storedBytes = 0;
    this.perConn.clear();
    this.evictedThrough = this.nextId - 1;
    for (const [id, c] of this.connections) {
      // A connection only the network saw has no messages and no end we could see: it goes too.
      if (c.state === 'closed' || c.state === 'error' || c.unseen) this.connections.delete(id);
      else Object.assign(c, { sent: emptyCounts(), received: emptyCounts() });
    }
    this.stats = { ...emptyStats(), connections: this.connections.size };
  }

  /** A navigation committed at `t`: forget connections created before it (the old document's). */
  forgetBefore(t: number): void {
    for (const [id, c] of this.connections) if (c.created < t) this.connections.delete(id);
    const kept = this.allMessages().filter((m) => this.connections.has(m.conn));
    this.messages = kept;
    this.head = 0;
    this.recount();
    this.stats = {
      ...emptyStats(),
      connections: this.connections.size,
      messages: kept.length,
      bytes: kept.reduce((n, m) => n + m.size, 0),
    };
    this.joiner.clear();
  }

  allMessages(): MessageRecord[] {
    return this.head === 0 ? this.messages.slice() : this.messages.slice(this.head);
  }

  get messageCount(): number {
    return this.messages.length - this.head;
  }

  toMeta(): TabMeta {
    return { ...this.toHead(), connections: [...this.connections.values()] };
  }

  /** The meta without the connections: what a commit writes besides the connections that changed. */
  toHead(): Omit<TabMeta, 'connections'> {
    return {
      tabId: this.tabId,
      pageUrl: this.pageUrl,
      options: { ...this.options },
      stats: { ...this.stats },
      nextId: this.nextId,
      relaySeqs: { ...this.relaySeqs },
      evictedThrough: this.evictedThrough,
    };
  }

  /** Rebuilds a store after a background restart. `messages` must be in id order. */
  static restore(meta: TabMeta, messages: MessageRecord[], limits: TabLimits = DEFAULT_LIMITS): TabStore {
    const s = new TabStore(meta.tabId, limits);
    Object.assign(s, {
      pageUrl: meta.pageUrl,
      options: meta.options,
      stats: meta.stats,
      nextId: meta.nextId,
      relaySeqs: meta.relaySeqs,
      evictedThrough: meta.evictedThrough,
    });
    for (const c of meta.connections) s.connections.set(c.id, c);
    s.messages = messages.filter((m) => m.id > meta.evictedThrough);
    s.recount();
    return s;
  }

  /** Stored bytes and per-connection counts from the stored messages (navigation, restore). */
  private recount(): void {
    this.storedBytes = 0;
    this.perConn.clear();
    for (let i = this.head; i < this.messages.length; i++) {
      const m = this.messages[i] as MessageRecord;
      this.storedBytes += storedBytesOf(m);
      this.perConn.set(m.conn, (this.perConn.get(m.conn) ?? 0) + 1);
    }
  }

  /**
   * Over the connection cap: evicts the oldest closed (or network-only) connection without stored messages (never
   * `added`). None such (all live, or still holding messages): keeps them all; both kinds are bounded.
   */
  private evictConnection(added: ConnectionRecord, changed: Set<ConnectionRecord>, delta: Delta): void {
    for (const [id, c] of this.connections) {
      const ended = c.state === 'closed' || c.state === 'error' || c.unseen !== undefined; // unseen: no end to wait for
      if (c === added || !ended || (this.perConn.get(id) ?? 0) > 0) continue;
      this.connections.delete(id);
      changed.delete(c);
      (delta.removedConnections ??= []).push(id);
      this.stats.connectionsEvicted = (this.stats.connectionsEvicted ?? 0) + 1;
      return;
    }
  }

  private toRecord(ev: Extract<StoreEvent, { k: 'message' }>): MessageRecord {
    const r = toMessageRecord(ev, this.nextId++, this.limits.maxMessageBytes);
    if (r.truncated) this.stats.truncated++;
    return r;
  }

  private append(r: MessageRecord): void {
    this.messages.push(r);
    this.storedBytes += storedBytesOf(r);
    this.perConn.set(r.conn, (this.perConn.get(r.conn) ?? 0) + 1);
    this.stats.messages++;
    this.stats.bytes += r.size;
  }

  /** Evicts the oldest messages beyond the caps; returns the last evicted id. */
  private evict(): number | undefined {
    let last: number | undefined;
    while (this.messageCount > 0 && (this.messageCount > this.limits.maxMessages || this.storedBytes > this.limits.maxBytes)) {
      const m = this.messages[this.head++] as MessageRecord;
      this.storedBytes -= storedBytesOf(m);
      const left = (this.perConn.get(m.conn) ?? 1) - 1;
      if (left > 0) this.perConn.set(m.conn, left);
      else this.perConn.delete(m.conn);
      this.stats.messages--;
      this.stats.bytes -= m.size;
      this.stats.dropped++;
      this.stats.droppedBytes += m.size;
      last = m.id;
    }
    if (last !== undefined) this.evictedThrough = last;
    // Compact once the dead prefix dominates, so memory follows the live count.
    if (this.head > 4096 && this.head * 2 > this.messages.length) {
      this.messages = this.messages.slice(this.head);
      this.head = 0;
    }
    return last;
  }
}
