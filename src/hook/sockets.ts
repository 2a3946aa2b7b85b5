/**
 * The hook's per-socket state, bounded: what `socketOf` and `reopen` need.
 * A socket is tracked while it lives (weakly: the page owns it) and released
 * when it closes, or when it is collected without closing (a
 * FinalizationRegistry captured at install time). Of closed sockets only the
 * URL and requested subprotocols of the last `keepClosed` are remembered, so
 * `reopen` works on a recently closed socket; memory no longer grows with the
 * number of sockets a page ever opened.
 *
 * Built on null-prototype records and index arithmetic only: the page may
 * have patched Map, Array.prototype and friends by the time this runs.
 */
export interface SocketInfo {
  url: string;
  protocols: string[];
}

interface ClosedEntry extends SocketInfo {
  /** Weak: a recently closed socket still answers "closed (readyState 3)" to commands while the page holds it. */
  ref: WeakRef<WebSocket>;
}

interface LiveEntry extends ClosedEntry {
  /** Sockets Sockscope opened (reopen) are held strongly until they close: nobody else holds them. */
  strong: WebSocket | undefined;
}

export interface SocketTable {
  add(conn: string, ws: WebSocket, info: SocketInfo, ours: boolean): void;
  /** The socket closed (or was collected): keep only its description, in the bounded ring. */
  release(conn: string): void;
  socketOf(conn: string): WebSocket | undefined;
  describe(conn: string): SocketInfo | undefined;
  /** Ids of the live sockets (for-in over a null-prototype record: no page-realm iterator). */
  liveConns(): string[];
  readonly live: number;
  readonly remembered: number;
}

export interface SocketTableDeps {
  WeakRef: WeakRefConstructor;
  deref: (this: WeakRef<WebSocket>) => WebSocket | undefined;
  FinalizationRegistry: FinalizationRegistryConstructor | undefined;
}

export const KEEP_CLOSED = 256;

export function createSocketTable(deps: SocketTableDeps, keepClosed = KEEP_CLOSED): SocketTable {
  const apply = Reflect.apply;
  const live = Object.create(null) as Record<string, LiveEntry | undefined>;
  const closed = Object.create(null) as Record<string, ClosedEntry | undefined>;
  const ring: Array<string | undefined> = [];
  let slot = 0;
  let liveCount = 0;
  let closedCount = 0;
  const FR = deps.FinalizationRegistry;
  const registry = FR ? new FR<string>((conn) => release(conn)) : undefined;
  const register = registry ? (FR as FinalizationRegistryConstructor).prototype.register : undefined;
  const unregister = registry ? (FR as FinalizationRegistryConstructor).prototype.unregister : undefined;

  const remember = (conn: string, info: ClosedEntry): void => {
    const evicted = ring[slot];
    if (evicted !== undefined) {
      delete closed[evicted];
      closedCount--;
    }
    ring[slot] = conn;
    slot = (slot + 1) % keepClosed;
    closed[conn] = info;
    closedCount++;
  };

  function release(conn: string): void {
    const entry = live[conn];
    if (!entry) return;
    delete live[conn];
    liveCount--;
    if (registry && unregister) apply(unregister, registry, [entry]);
    remember(conn, { url: entry.url, protocols: entry.protocols, ref: entry.ref });
  }

  return {
    add(conn, ws, info, ours) {
      const entry: LiveEntry = { url: info.url, protocols: info.protocols, ref: new deps.WeakRef(ws), strong: ours ? ws : undefined };
      live[conn] = entry;
      liveCount++;
      // The entry is the unregister token: it does not keep the socket alive.
      if (registry && register) apply(register, registry, [ws, conn, entry]);
    },
    release,
    socketOf(conn) {
      const entry = live[conn] ?? closed[conn];
      return entry ? apply(deps.deref, entry.ref, []) : undefined;
    },
    describe(conn) {
      const info = live[conn] ?? closed[conn];
      return info ? { url: info.url, protocols: info.protocols } : undefined;
    },
    liveConns() {
      const ids: string[] = [];
      for (const conn in live) ids[ids.length] = conn;
      return ids;
    },
    get live() {
      return liveCount;
    },
    get remembered() {
      return closedCount;
    },
  };
}
