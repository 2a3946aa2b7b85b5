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
import type { BinaryCarrier } from '../model/records';
import type { HookBytes, HookEvent } from '../messaging/protocol';

export type Emit = (event: HookEvent, weight: number) => void;

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
}

/**
 * Installs the hook on `win`. `idPrefix` makes connection ids unique across
 * frames and reloads of the same tab.
 */
export function installHook(win: typeof globalThis, emit: Emit, idPrefix: string): HookHandle {
  const o = captureOriginals(win);
  const NativeWebSocket = win.WebSocket;
  const ids = new WeakMap<object, string>();
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
    emit({ k: 'create', conn, t: wallTime(), url: o.apply(o.getUrl, ws, []), protocols: requested, frameUrl }, 64);
    const listen = (type: string, fn: (ev: Event) => void): void => o.apply(o.addEventListener, ws, [type, fn]);
    listen('open', () => {
      emit({ k: 'open', conn, t: wallTime(), protocol: o.apply(o.getProtocol, ws, []), extensions: o.apply(o.getExtensions, ws, []) }, 32);
    });
    listen('message', (ev) => {
      const data = (ev as MessageEvent).data as unknown;
      const t = wallTime();
      if (typeof data === 'string') {
        emit({ k: 'message', conn, t, dir: 'in', opcode: 1, text: data }, data.length);
        return;
      }
      const copied = copyBytes(data);
      if (copied) emit({ k: 'message', conn, t, dir: 'in', opcode: 2, ...copied }, copied.size);
    });
    listen('error', () => emit({ k: 'error', conn, t: wallTime() }, 16));
    listen('close', (ev) => {
      const c = ev as CloseEvent;
      emit({ k: 'close', conn, t: wallTime(), code: c.code, reason: c.reason, wasClean: c.wasClean }, 32 + c.reason.length);
    });
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
      o.apply(o.send, this, [payload]); // throws (CONNECTING, bad data) → nothing recorded
      const t = wallTime();
      const buffered = o.apply(o.getBufferedAmount, this, []);
      const sentInState = state === 1 ? undefined : state; // CLOSING/CLOSED: the browser discards it
      if (typeof payload === 'string') {
        emit({ k: 'message', conn, t, dir: 'out', opcode: 1, text: payload, buffered, sentInState }, payload.length);
      } else {
        const copied = copyBytes(payload);
        if (copied) emit({ k: 'message', conn, t, dir: 'out', opcode: 2, ...copied, buffered, sentInState }, copied.size);
      }
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

  return {
    get connections() {
      return counter;
    },
  };
}

/** Replaces a prototype method keeping its property attributes (writable, enumerable, configurable). */
function replaceMethod(proto: object, name: string, fn: unknown): void {
  const desc = Object.getOwnPropertyDescriptor(proto, name);
  Object.defineProperty(proto, name, { ...desc, value: fn });
}
