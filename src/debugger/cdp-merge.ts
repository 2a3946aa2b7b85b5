/**
 * Debugger mode: merges what CDP says of a tab's sockets (cdp-sockets.ts)
 * into the tab's store so that nothing appears twice. Pure: works on a
 * TabStore, no browser imports.
 *
 * Matching rule (README "Debugger mode"):
 * - A socket of the tab's own session or of a frame target (realm page or
 *   frame) was opened by code the page hook watches. It is bound to the hook
 *   connection with the same URL (ws/http scheme and fragment ignored) created
 *   nearest in time, within MATCH_WINDOW_MS, that no other CDP socket holds.
 *   CDP then only adds what webRequest hid: the refused status, the full
 *   request and response headers, the initiator. Its frames are never stored
 *   (the hook stored them). The hook's `create` may reach the background after
 *   CDP's events, so such a socket waits up to GRACE_MS for its hook
 *   connection, holding its frames.
 * - A socket of a worker session (dedicated, shared, service worker from
 *   auto-attach), or a page socket no hook connection claimed within GRACE_MS,
 *   is bound to the network-only `net:` connection (store/unseen.ts) with the
 *   same URL nearest in time, or else gets a connection of its own
 *   (`cdp:<n>`, which claims a webRequest handshake like a hook connection
 *   does). Its frames are stored as that connection's messages; the
 *   connection loses `unseen` and gets `via: 'debugger'`, and the realm of its
 *   target.
 * - The same requestId and URL reported by two sessions is one socket.
 */
import type { ConnectionRecord, HttpHeader, SocketInitiator } from '../model/records';
import type { StoreEvent } from '../store/materialize';
import type { Delta, TabStore } from '../store/tab-store';
import { empty, mergeDelta } from './delta';
import { normalizeSocketUrl } from '../store/handshakes';
import { base64ToBytes } from '../model/base64';
import { realmOfKind, statusInError, type CdpSocketEvent, type TargetKind } from './cdp-sockets';

/** How long a page socket waits for its hook connection (the hook's batch may come after CDP's events). */
export const GRACE_MS = 2000;
/** A hook or net: connection created further than this from the CDP socket is another socket. */
export const MATCH_WINDOW_MS = 10_000;
/** Frames held per socket while it waits to be bound; beyond, the oldest are dropped and counted lost. */
const MAX_HELD = 1000;
/** Sockets remembered; beyond, the oldest goes (its later events are ignored). */
const MAX_SOCKETS = 2000;

type Frame = Extract<CdpSocketEvent, { k: 'frame' }>;

interface Socket {
  id: string;
  kind: TargetKind;
  url: string;
  /** Wall-clock ms: the handshake request's wallTime, or when we first heard of it. */
  t: number;
  seen: number;
  /** wall ms − monotonic ms, from the handshake request. */
  offset?: number;
  conn?: string;
  /** overlay: a hook connection (frames not stored); messages: frames stored. */
  mode?: 'overlay' | 'messages';
  settled?: boolean;
  requestHeaders?: HttpHeader[];
  responseHeaders?: HttpHeader[];
  status?: number;
  statusText?: string;
  initiator?: SocketInitiator;
  held: Frame[];
  lost: number;
}

const isHookConn = (c: ConnectionRecord): boolean => c.unseen === undefined && c.via === undefined && !c.id.startsWith('net:');

export class DebuggerMerge {
  private readonly sessions = new Map<string, TargetKind>();
  private readonly sockets = new Map<string, Socket>();
  private readonly byConn = new Map<string, Socket>();
  /** Keys of second reports of a socket another session reported first: ignored. */
  private readonly echoes = new Set<string>();
  /** The latest wall − monotonic offset any handshake gave (one clock for the browser's processes). */
  private offset: number | undefined;
  private seq = 0;
  private made = 0;
  /** Sockets not yet through the grace pass (`waiting` is asked after every event group). */
  private unsettled = 0;

  /** `prefix`: ids of connections it makes (`<prefix>:<n>`), unique per attachment. */
  constructor(private readonly prefix = 'cdp') {}

  /** Applies one translated CDP event at wall time `now`; returns what changed in the store. */
  apply(store: TabStore, ev: CdpSocketEvent, now: number): Delta {
    const delta = empty();
    if (ev.k === 'attached') this.sessions.set(ev.session, ev.kind);
    else if (ev.k === 'detached') this.sessions.delete(ev.session);
    else if (ev.k === 'created') this.create(store, ev, now, delta);
    else {
      const s = this.sockets.get(`${ev.session}|${ev.id}`);
      if (!s) return delta; // opened before the mode was on, or forgotten
      this.update(store, s, ev, now, delta);
    }
    return delta;
  }

  /** The grace pass: binds sockets still waiting and gives network-less connections CDP's handshake. */
  settle(store: TabStore, now: number): Delta {
    const delta = empty();
    for (const s of this.sockets.values()) {
      if (s.settled || now - s.seen < GRACE_MS) continue;
      s.settled = true;
      this.unsettled--;
      if (!s.conn) this.bind(store, s, now, delta, true);
      const c = s.conn === undefined ? undefined : store.connections.get(s.conn);
      if (c && this.overlay(c, s)) delta.connections.push(c);
    }
    return delta;
  }

  /** Whether some socket still waits for the grace pass (the caller schedules `settle`). */
  get waiting(): boolean {
    return this.unsettled > 0;
  }

  /** A webRequest update changed these connections: CDP's fuller handshake goes back on top. */
  refresh(conns: readonly ConnectionRecord[]): void {
    for (const c of conns) {
      const s = this.byConn.get(c.id);
      if (s) this.overlay(c, s);
    }
  }

  private create(store: TabStore, ev: Extract<CdpSocketEvent, { k: 'created' }>, now: number, delta: Delta): void {
    const key = `${ev.session}|${ev.id}`;
    if (this.sockets.has(key) || this.echoes.has(key)) return;
    for (const [k, other] of this.sockets) {
      // One socket reported by two sessions (the page and its worker): the first report owns it.
      if (k.endsWith(`|${ev.id}`) && other.url === ev.url && Math.abs(now - other.seen) < MATCH_WINDOW_MS) {
        this.echoes.add(key);
        return;
      }
    }
    const kind = ev.session === '' ? 'page' : (this.sessions.get(ev.session) ?? 'other');
    const s: Socket = { id: ev.id, kind, url: ev.url, t: now, seen: now, held: [], lost: 0 };
    if (ev.initiator) s.initiator = ev.initiator;
    this.sockets.set(key, s);
    this.unsettled++;
    if (this.sockets.size > MAX_SOCKETS) {
      const [oldKey, old] = this.sockets.entries().next().value as [string, Socket];
      this.sockets.delete(oldKey);
      if (!old.settled) this.unsettled--;
    }
    if (this.echoes.size > MAX_SOCKETS) this.echoes.clear();
    this.bind(store, s, now, delta, false);
  }

  private update(
    store: TabStore,
    s: Socket,
    ev: Exclude<CdpSocketEvent, { k: 'attached' | 'detached' | 'created' }>,
    now: number,
    delta: Delta,
  ) {
    const c = s.conn === undefined ? undefined : store.connections.get(s.conn);
    switch (ev.k) {
      case 'request':
        s.requestHeaders = ev.headers;
        if (ev.wall !== undefined && ev.ts !== undefined) {
          s.offset = this.offset = ev.wall * 1000 - ev.ts * 1000;
          s.t = ev.wall * 1000;
        }
        break;
      case 'response':
        s.responseHeaders = ev.headers;
        if (ev.requestHeaders) s.requestHeaders = ev.requestHeaders; // as sent, Sec-WebSocket-Key included
        if (ev.status !== undefined) [s.status, s.statusText] = [ev.status, ev.statusText];
        if (c && s.mode === 'messages' && ev.status !== undefined) {
          if (ev.status === 101) Object.assign(c, { state: 'open', opened: this.timeOf(s, ev.ts, now) });
          else c.state = 'error';
        }
        break;
      case 'frameError':
        s.status ??= statusInError(ev.message);
        if (c && s.mode === 'messages' && c.state === 'connecting')
          Object.assign(c, { state: 'error', errored: this.timeOf(s, ev.ts, now) });
        break;
      case 'closed':
        if (c && s.mode === 'messages' && c.state !== 'error') c.state = 'closed';
        break;
      case 'frame':
        if (!s.conn) this.bind(store, s, now, delta, false); // its hook connection may have come meanwhile
        if (s.mode === 'overlay' || (ev.opcode !== 1 && ev.opcode !== 2)) return; // the hook stored it; not a data frame
        if (!s.conn) {
          s.held.push(ev);
          if (s.held.length > MAX_HELD) {
            s.held.shift();
            s.lost++;
          }
          return;
        }
        {
          const to = store.connections.get(s.conn);
          if (to) mergeDelta(delta, store.applyBatch('debugger', ++this.seq, to.frameId, [this.message(s, to.id, ev, now)]));
        }
        return;
    }
    if (!s.conn) this.bind(store, s, now, delta, false);
    else if (c && this.overlay(c, s) && !delta.connections.includes(c)) delta.connections.push(c);
  }

  /** Finds the socket's connection (module comment); `force`: the grace time is over. */
  private bind(store: TabStore, s: Socket, now: number, delta: Delta, force: boolean): void {
    const url = normalizeSocketUrl(s.url);
    const nearest = (ok: (c: ConnectionRecord) => boolean): ConnectionRecord | undefined => {
      let best: ConnectionRecord | undefined;
      for (const c of store.connections.values()) {
        const d = Math.abs(c.created - s.t);
        if (d > MATCH_WINDOW_MS || this.byConn.has(c.id) || !ok(c) || normalizeSocketUrl(c.url) !== url) continue;
        if (!best || d < Math.abs(best.created - s.t)) best = c;
      }
      return best;
    };
    const ownRealm = s.kind === 'page' || s.kind === 'iframe';
    if (ownRealm) {
      const hooked = nearest(isHookConn);
      if (hooked) {
        this.hold(s, hooked, 'overlay');
        s.held = [];
        if (this.overlay(hooked, s)) delta.connections.push(hooked);
        return;
      }
      if (!force && now - s.seen < GRACE_MS) return;
    }
    let c = nearest((x) => x.unseen !== undefined);
    if (c) {
      delete c.unseen;
      c.via = 'debugger';
      if (!ownRealm) c.realm = realmOfKind(s.kind);
      delta.connections.push(c);
    } else {
      const id = `${this.prefix}:${++this.made}`;
      const made = store.applyBatch('debugger', ++this.seq, 0, [
        { k: 'create', conn: id, t: s.t, url: s.url, protocols: [], frameUrl: '' },
      ]);
      mergeDelta(delta, made);
      c = store.connections.get(id);
      if (!c) return;
      Object.assign(c, { via: 'debugger', realm: realmOfKind(s.kind) });
    }
    this.hold(s, c, 'messages');
    if (s.status !== undefined) c.state = s.status === 101 ? 'open' : 'error';
    this.overlay(c, s);
    const held = s.held;
    s.held = [];
    const events = held.map((f) => this.message(s, (c as ConnectionRecord).id, f, now));
    if (events.length) mergeDelta(delta, store.applyBatch('debugger', ++this.seq, c.frameId, events));
    if (s.lost) c.lost = { messages: s.lost, bytes: 0, reason: 'background unreachable', t: now };
  }

  private hold(s: Socket, c: ConnectionRecord, mode: 'overlay' | 'messages'): void {
    s.conn = c.id;
    s.mode = mode;
    this.byConn.set(c.id, s);
  }

  /** Puts CDP's handshake on the connection; returns whether it changed anything. */
  private overlay(c: ConnectionRecord, s: Socket): boolean {
    let changed = false;
    if (s.initiator && !c.initiator) [c.initiator, changed] = [s.initiator, true];
    if (!c.handshake) {
      // Only after the grace time: a webRequest handshake still on its way joins a connection that has none.
      if (!s.settled || (s.status === undefined && !s.requestHeaders)) return changed;
      c.handshake = { url: s.url, requestId: `cdp:${s.id}`, t: s.t };
    }
    const hs = c.handshake;
    if (s.requestHeaders?.length && hs.requestHeaders !== s.requestHeaders) [hs.requestHeaders, changed] = [s.requestHeaders, true];
    if (s.responseHeaders?.length && hs.responseHeaders !== s.responseHeaders) [hs.responseHeaders, changed] = [s.responseHeaders, true];
    if (s.status !== undefined && hs.status !== s.status) {
      hs.status = s.status;
      if (s.statusText) hs.statusLine = `HTTP/1.1 ${s.status} ${s.statusText}`;
      else delete hs.statusLine;
      changed = true;
    }
    return changed;
  }

  private timeOf(s: Socket, ts: number | undefined, now: number): number {
    const offset = s.offset ?? this.offset;
    return ts === undefined || offset === undefined ? now : ts * 1000 + offset;
  }

  private message(s: Socket, conn: string, f: Frame, now: number): StoreEvent {
    const base = { k: 'message' as const, conn, t: this.timeOf(s, f.ts, now), dir: f.dir };
    if (f.opcode === 1) return { ...base, opcode: 1, text: f.payload };
    try {
      const bytes = base64ToBytes(f.payload);
      return { ...base, opcode: 2, bytes: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer };
    } catch (e) {
      return { ...base, opcode: 2, captureError: `debugger payload: ${e instanceof Error ? e.message : String(e)}` };
    }
  }
}
