/**
 * Wraps a window's WebSocket so that every connection, message, open, close
 * and error is seen from the first byte, while the page cannot tell:
 * `instanceof`, the prototype, constants, `name`/`length`, subclassing, the
 * `on*` properties, listeners and all getters behave as without us.
 *
 * How: `window.WebSocket` becomes a Proxy of the native constructor (so
 * statics, `prototype`, `name`, `length` and `new.target` subclassing are the
 * native ones), our own listeners are added right after construction (so they
 * run before any the page can add), and `send`/`close` on the prototype are
 * replaced by functions with the native name, length and no `prototype`.
 *
 * The page may later patch globals (Array.prototype.push, WeakMap, timers…):
 * everything used at run time is captured here, before any page script runs.
 */
import type { BinaryCarrier, MessageOrigin } from '../model/records';
import type { HookBytes, HookEvent, MessageEventRecord } from '../messaging/protocol';

export type Emit = (event: HookEvent, weight: number) => void;

/** What send() accepts after the one USVString conversion. */
export type SendData = string | ArrayBuffer | ArrayBufferView | Blob;

/**
 * Intercept seam (src/hook/commands.ts). Each returns true when it took the
 * message: an outgoing one is then not sent, an incoming one not delivered.
 * Null when no rule is set: one branch per message, nothing more.
 */
export interface Gate {
  out(ws: WebSocket, conn: string, data: SendData): boolean;
  in(ws: WebSocket, conn: string, data: unknown): boolean;
}

interface Originals {
  apply: typeof Reflect.apply;
  construct: typeof Reflect.construct;
  addEventListener: EventTarget['addEventListener'];
  send: WebSocket['send'];
  close: WebSocket['close'];
  getUrl: () => string;
  getProtocol: () => string;
  getExtensions: () => string;
  getReadyState: () => number;
  getBufferedAmount: () => number;
  sliceBuffer: (this: ArrayBuffer, begin?: number, end?: number) => ArrayBuffer;
  toStringTag: (x: unknown) => string;
  wmGet: (this: WeakMap<object, string>, key: object) => string | undefined;
  wmSet: (this: WeakMap<object, string>, key: object, value: string) => WeakMap<object, string>;
  isView: (x: unknown) => x is ArrayBufferView;
  now: () => number;
  timeOrigin: number;
  Uint8Array: Uint8ArrayConstructor;
  ArrayBuffer: ArrayBufferConstructor;
  Blob: typeof Blob;
  isArray: (x: unknown) => x is unknown[];
  dispatchEvent: EventTarget['dispatchEvent'];
  stopImmediatePropagation: Event['stopImmediatePropagation'];
  MessageEvent: typeof MessageEvent;
  getBinaryType: () => BinaryType;
  WeakRef: WeakRefConstructor;
  deref: (this: WeakRef<WebSocket>) => WebSocket | undefined;
  URL: typeof URL;
}

function getter<T>(proto: object, name: string): () => T {
  const desc = Object.getOwnPropertyDescriptor(proto, name);
  const get = desc?.get;
  if (!get) throw new Error(`Sockscope hook: WebSocket.prototype.${name} has no getter`);
  return get as () => T;
}

function captureOriginals(win: typeof globalThis): Originals {
  const proto = win.WebSocket.prototype;
  const perf = win.performance;
  return {
    apply: Reflect.apply,
    construct: Reflect.construct,
    addEventListener: win.EventTarget.prototype.addEventListener,
    send: proto.send,
    close: proto.close,
    getUrl: getter(proto, 'url'),
    getProtocol: getter(proto, 'protocol'),
    getExtensions: getter(proto, 'extensions'),
    getReadyState: getter(proto, 'readyState'),
    getBufferedAmount: getter(proto, 'bufferedAmount'),
    sliceBuffer: win.ArrayBuffer.prototype.slice,
    toStringTag: Function.prototype.call.bind(Object.prototype.toString) as (x: unknown) => string,
    wmGet: WeakMap.prototype.get as Originals['wmGet'],
    wmSet: WeakMap.prototype.set as Originals['wmSet'],
    isView: win.ArrayBuffer.isView,
    now: perf.now.bind(perf),
    timeOrigin: perf.timeOrigin,
    Uint8Array: win.Uint8Array,
    ArrayBuffer: win.ArrayBuffer,
    Blob: win.Blob,
    isArray: Array.isArray,
    // Used by commands only; `?? globalThis` keeps minimal test windows working.
    dispatchEvent: win.EventTarget.prototype.dispatchEvent,
    stopImmediatePropagation: (win.Event ?? Event).prototype.stopImmediatePropagation,
    MessageEvent: win.MessageEvent ?? MessageEvent,
    getBinaryType: (Object.getOwnPropertyDescriptor(proto, 'binaryType')?.get ?? (() => 'blob')) as () => BinaryType,
    WeakRef: win.WeakRef ?? WeakRef,
    deref: (win.WeakRef ?? WeakRef).prototype.deref as Originals['deref'],
    URL: win.URL ?? URL,
  };
}

/** A private copy of a binary payload, and what carried it on the page side. */
interface CopiedBytes {
  bytes: HookBytes;
  size: number;
  carrier: BinaryCarrier;
}

export interface HookHandle {
  /** How many sockets this hook has seen (diagnostics). */
  readonly connections: number;
  /** The page's socket for a connection id of this hook, while it exists. */
  socketOf(conn: string): WebSocket | undefined;
  /** The native readyState (the page may have shadowed the getter). */
  readyState(ws: WebSocket): number;
  /** URL and requested subprotocols as the page created the socket. */
  describe(conn: string): { url: string; protocols: string[] } | undefined;
  /** Native send (bypassing the page's wrappers and the gate), recorded as `out` with `origin`. Throws like send(). */
  send(ws: WebSocket, data: SendData, origin?: MessageOrigin): void;
  /** Dispatches a MessageEvent on the socket; recorded once as `in` with `origin`, never gated. */
  deliver(ws: WebSocket, data: unknown, origin?: MessageOrigin): boolean;
  /** Records a message Sockscope handled without it crossing the wire (a dropped one). */
  note(conn: string, dir: 'in' | 'out', data: unknown, origin: MessageOrigin): void;
  /** A new socket created through the native constructor, captured like any other; returns its id. */
  open(url: string, protocols: string[]): string;
  /** A binary payload as the page's socket would deliver it (binaryType blob or arraybuffer). */
  asReceived(ws: WebSocket, bytes: ArrayBuffer): Blob | ArrayBuffer;
  setGate(gate: Gate | null): void;
}

/**
 * Installs the hook on `win`. `idPrefix` makes connection ids unique across
 * frames and reloads of the same tab.
 */
export function installHook(win: typeof globalThis, emit: Emit, idPrefix: string): HookHandle {
  const o = captureOriginals(win);
  const NativeWebSocket = win.WebSocket;
  const ids = new WeakMap<object, string>();
  /** conn → the page's socket (weakly: the page owns it) and how it was created. No prototype: the page cannot reach it. */
  const sockets: Record<string, { ref: WeakRef<WebSocket>; url: string; protocols: string[] }> = Object.create(null) as Record<string, never>;
  /** Sockets Sockscope opened (reopen): nobody else holds them. */
  const ours: WebSocket[] = [];
  let gate: Gate | null = null;
  /** Set around our own dispatch: our capture listener records that event with this origin ('page' = as page traffic) and never gates it. */
  let nextOrigin: MessageOrigin | undefined;
  let counter = 0;
  const frameUrl = win.location.href;

  const wallTime = (): number => o.timeOrigin + o.now();
  const idOf = (ws: object): string | undefined => o.apply(o.wmGet, ids, [ws]);

  const copyBytes = (data: unknown): CopiedBytes | undefined => {
    if (data instanceof o.ArrayBuffer) {
      return { bytes: o.apply(o.sliceBuffer, data, [0]), size: data.byteLength, carrier: 'ArrayBuffer' };
    }
    if (o.isView(data)) {
      // Copy only the view's window of its buffer; the page's buffer stays untouched.
      const view = new o.Uint8Array(data.buffer, data.byteOffset, data.byteLength);
      const copy = new o.Uint8Array(view.byteLength);
      copy.set(view);
      const tag = o.toStringTag(data).slice(8, -1) as BinaryCarrier;
      return { bytes: copy.buffer, size: data.byteLength, carrier: tag };
    }
    if (data instanceof o.Blob) return { bytes: data, size: data.size, carrier: 'Blob' }; // Blobs are immutable
    return undefined;
  };

  const register = (ws: WebSocket, protocols: unknown): void => {
    const conn = `${idPrefix}:${++counter}`;
    o.apply(o.wmSet, ids, [ws, conn]);
    const requested = protocols === undefined ? [] : o.isArray(protocols) ? protocols.map(String) : [String(protocols)];
    const url = o.apply(o.getUrl, ws, []);
    sockets[conn] = { ref: new o.WeakRef(ws), url, protocols: requested };
    emit({ k: 'create', conn, t: wallTime(), url, protocols: requested, frameUrl }, 64);
    // Capture phase: at the target, capturing listeners run before the others (DOM "inner invoke"), so ours
    // runs first even against a page listener added with `capture: true`; intercept relies on that.
    const listen = (type: string, fn: (ev: Event) => void): void => o.apply(o.addEventListener, ws, [type, fn, true]);
    listen('open', () => {
      emit({ k: 'open', conn, t: wallTime(), protocol: o.apply(o.getProtocol, ws, []), extensions: o.apply(o.getExtensions, ws, []) }, 32);
    });
    listen('message', (ev) => {
      const data = (ev as MessageEvent).data as unknown;
      const origin = nextOrigin;
      nextOrigin = undefined;
      if (origin === undefined && gate !== null && gate.in(ws, conn, data)) {
        o.apply(o.stopImmediatePropagation, ev, []); // held: the page's listeners see it when it is forwarded
        return;
      }
      recordIn(conn, data, origin);
    });
    listen('error', () => emit({ k: 'error', conn, t: wallTime() }, 16));
    listen('close', (ev) => {
      const c = ev as CloseEvent;
      emit({ k: 'close', conn, t: wallTime(), code: c.code, reason: c.reason, wasClean: c.wasClean }, 32 + c.reason.length);
    });
  };

  // Hot path: no object spread for the page's own traffic; `origin` is set only on Sockscope's messages.
  const recordIn = (conn: string, data: unknown, origin: MessageOrigin | undefined): void => {
    const t = wallTime();
    let ev: MessageEventRecord<HookBytes>;
    let weight: number;
    if (typeof data === 'string') {
      ev = { k: 'message', conn, t, dir: 'in', opcode: 1, text: data };
      weight = data.length;
    } else {
      const copied = copyBytes(data);
      if (!copied) return;
      ev = { k: 'message', conn, t, dir: 'in', opcode: 2, bytes: copied.bytes, size: copied.size, carrier: copied.carrier };
      weight = copied.size;
    }
    if (origin !== undefined && origin !== 'page') ev.origin = origin;
    emit(ev, weight);
  };

  /** After a native send: records it (the page's own when `origin` is undefined). */
  const recordOut = (ws: WebSocket, conn: string, payload: SendData, state: number, origin: MessageOrigin | undefined): void => {
    const t = wallTime();
    const buffered = o.apply(o.getBufferedAmount, ws, []);
    const sentInState = state === 1 ? undefined : state; // CLOSING/CLOSED: the browser discards it
    let ev: MessageEventRecord<HookBytes>;
    let weight: number;
    if (typeof payload === 'string') {
      ev = { k: 'message', conn, t, dir: 'out', opcode: 1, text: payload, buffered, sentInState };
      weight = payload.length;
    } else {
      const copied = copyBytes(payload);
      if (!copied) return;
      ev = { k: 'message', conn, t, dir: 'out', opcode: 2, bytes: copied.bytes, size: copied.size, carrier: copied.carrier, buffered, sentInState };
      weight = copied.size;
    }
    if (origin !== undefined && origin !== 'page') ev.origin = origin;
    emit(ev, weight);
  };

  // Method shorthand: like native methods, these have no `prototype` and a
  // `name`/`length` matching the originals (send: 1, close: 0).
  const patched = {
    send(this: WebSocket, data: unknown): void {
      const conn = idOf(this);
      if (conn === undefined) return o.apply(o.send, this, [data]);
      // Convert exotic values exactly once, as the native send would (USVString).
      const isBinary = data instanceof o.ArrayBuffer || o.isView(data) || data instanceof o.Blob;
      const payload = isBinary || typeof data === 'string' ? data : `${data as string}`;
      const state = o.apply(o.getReadyState, this, []);
      if (gate !== null && state === 1 && gate.out(this, conn, payload as SendData)) return; // held by an intercept rule
      o.apply(o.send, this, [payload]); // throws (CONNECTING, bad data) → nothing recorded
      recordOut(this, conn, payload as SendData, state, undefined);
    },
    close(this: WebSocket, ...args: unknown[]): void {
      o.apply(o.close, this, args); // throws on an invalid code or reason → nothing recorded
      const conn = idOf(this);
      if (conn === undefined) return;
      const [code, reason] = args;
      emit({ k: 'closeCall', conn, t: wallTime(), code: code === undefined ? undefined : Number(code), reason: reason === undefined ? undefined : String(reason) }, 32);
    },
  };
  replaceMethod(NativeWebSocket.prototype, 'send', patched.send);
  replaceMethod(NativeWebSocket.prototype, 'close', patched.close);

  const WrappedWebSocket = new Proxy(NativeWebSocket, {
    construct(target, args, newTarget) {
      // `newTarget` keeps `class X extends WebSocket` working: the instance gets X.prototype.
      const ws = o.construct(target, args, newTarget === WrappedWebSocket ? target : newTarget) as WebSocket;
      register(ws, args[1]);
      return ws;
    },
  });
  // `ws.constructor === WebSocket` must hold for the page's view of WebSocket.
  const ctorDesc = Object.getOwnPropertyDescriptor(NativeWebSocket.prototype, 'constructor');
  Object.defineProperty(NativeWebSocket.prototype, 'constructor', { ...ctorDesc, value: WrappedWebSocket });
  const globalDesc = Object.getOwnPropertyDescriptor(win, 'WebSocket');
  Object.defineProperty(win, 'WebSocket', { ...globalDesc, value: WrappedWebSocket });

  const construct = (url: string, protocols: string[]): WebSocket => {
    const ws = o.construct(NativeWebSocket, protocols.length ? [url, protocols] : [url]) as WebSocket;
    register(ws, protocols.length ? protocols : undefined);
    return ws;
  };

  return {
    get connections() {
      return counter;
    },
    socketOf: (conn) => {
      const entry = sockets[conn];
      return entry ? o.apply(o.deref, entry.ref, []) : undefined;
    },
    readyState: (ws) => o.apply(o.getReadyState, ws, []),
    describe: (conn) => {
      const entry = sockets[conn];
      return entry ? { url: entry.url, protocols: entry.protocols.slice() } : undefined;
    },
    send: (ws, data, origin) => {
      const conn = idOf(ws);
      const state = o.apply(o.getReadyState, ws, []);
      o.apply(o.send, ws, [data]);
      if (conn !== undefined) recordOut(ws, conn, data, state, origin);
    },
    deliver: (ws, data, origin) => {
      const url = o.apply(o.getUrl, ws, []);
      let eventOrigin = '';
      try {
        eventOrigin = new o.URL(url).origin; // what the browser sets on real messages: the socket's origin
      } catch {
        eventOrigin = '';
      }
      nextOrigin = origin ?? 'page';
      try {
        return o.apply(o.dispatchEvent, ws, [new o.MessageEvent('message', { data, origin: eventOrigin })]);
      } finally {
        nextOrigin = undefined;
      }
    },
    note: (conn, dir, data, origin) => {
      if (dir === 'in') return recordIn(conn, data, origin);
      const t = wallTime();
      if (typeof data === 'string') emit({ k: 'message', conn, t, dir, opcode: 1, text: data, origin }, data.length);
      else {
        const copied = copyBytes(data);
        if (copied) emit({ k: 'message', conn, t, dir, opcode: 2, ...copied, origin }, copied.size);
      }
    },
    open: (url, protocols) => {
      const ws = construct(url, protocols);
      ours[ours.length] = ws;
      return idOf(ws) as string;
    },
    asReceived: (ws, bytes) => (o.apply(o.getBinaryType, ws, []) === 'blob' ? new o.Blob([bytes]) : bytes),
    setGate: (g) => {
      gate = g;
    },
  };
}

/** Replaces a prototype method keeping its property attributes (writable, enumerable, configurable). */
function replaceMethod(proto: object, name: string, fn: unknown): void {
  const desc = Object.getOwnPropertyDescriptor(proto, name);
  Object.defineProperty(proto, name, { ...desc, value: fn });
}
