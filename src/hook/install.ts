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
 * replaced by functions with the native name, length and no `prototype`,
 * which `Function.prototype.toString` prints as the natives (cloak.ts).
 * Arguments are converted once, as the native would, and the converted
 * primitives are passed on; payload kinds are brand-checked (payload.ts).
 *
 * The page may later patch globals (Array.prototype.push, WeakMap, timers…):
 * everything used at run time is captured before any page script runs
 * (originals.ts).
 */
import type { MessageOrigin } from '../model/records';
import type { CreateEvent, MessageEventRecord, HookBytes, HookStack } from '../messaging/protocol';
import type { Emit, Gate, HookHandle, HookOptions, SendData } from './handle';
import { DEFAULT_LIMITS } from '../store/limits';
import { installCloak } from './cloak';
import { capturePayloadTools, cutText } from './payload';
import { createSocketTable } from './sockets';
import { captureOriginals } from './originals';
import { clampUnsignedShort } from './webidl';
import { createStackCapture } from './stacks';
import { hookWebSocketStream } from './stream';

export type { Emit, Gate, HookHandle, HookOptions, SendData } from './handle';

/**
 * Installs the hook on `win`. `idPrefix` makes connection ids unique across
 * frames and reloads of the same tab.
 */
export function installHook(
  win: typeof globalThis,
  emit: Emit,
  idPrefix: string,
  options: HookOptions = { maxMessageBytes: DEFAULT_LIMITS.maxMessageBytes },
): HookHandle {
  const o = captureOriginals(win);
  const payloads = capturePayloadTools(win);
  const cloak = installCloak(win);
  const max = options.maxMessageBytes;
  const emitText = options.emitText;
  /** Text that cannot be cut: 3 UTF-8 bytes at most per UTF-16 unit. */
  const wholeText = max / 3;
  const NativeWebSocket = win.WebSocket;
  const ids = new WeakMap<object, string>();
  /** conn → the page's socket (weakly) and how it was created; released on close. The page cannot reach it. */
  const sockets = createSocketTable(o);
  let gate: Gate | null = null;
  /** "Record stacks" (off until the background says otherwise): the only thing send() checks for it. */
  let stacks = false;
  const captureStack = createStackCapture(win);
  /** Set around our own dispatch: our capture listener records that event with this origin ('page' = as page traffic) and never gates it. */
  let nextOrigin: MessageOrigin | undefined;
  let counter = 0;
  const frameUrl = win.location.href;

  const wallTime = (): number => o.timeOrigin + o.now();
  const idOf = (ws: object): string | undefined => o.apply(o.wmGet, ids, [ws]);

  /** The requested subprotocols as recorded, without converting page objects a second time (the constructor did). */
  const protocolList = (protocols: unknown): string[] => {
    if (protocols === undefined) return [];
    if (!o.isArray(protocols))
      return [typeof protocols === 'object' || typeof protocols === 'function' ? '(object)' : `${protocols as string}`];
    const out: string[] = [];
    for (let i = 0; i < protocols.length; i++) {
      const p = protocols[i];
      out[i] = typeof p === 'object' || typeof p === 'function' ? '(object)' : `${p as string}`;
    }
    return out;
  };

  const register = (ws: WebSocket, protocols: unknown, ours: boolean): void => {
    const conn = `${idPrefix}:${++counter}`;
    o.apply(o.wmSet, ids, [ws, conn]);
    const requested = protocolList(protocols);
    const url = o.apply(o.getUrl, ws, []);
    sockets.add(conn, ws, { url, protocols: requested }, ours);
    const create: CreateEvent = { k: 'create', conn, t: wallTime(), url, protocols: requested, frameUrl };
    if (stacks && !ours) create.stack = captureStack(); // under the constructor trap: the page's frames follow ours
    emit(create, 64);
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
      sockets.release(conn); // the last event of a socket: its state goes (reopen keeps a bounded description)
    });
  };

  /** A message event for `data`, cut to the cap before anything is copied; undefined for what is neither text nor binary. */
  const toMessage = (conn: string, dir: 'in' | 'out', data: unknown): { ev: MessageEventRecord<HookBytes>; weight: number } | undefined => {
    const t = wallTime();
    if (typeof data === 'string') {
      const cut = cutText(data, max);
      const ev: MessageEventRecord<HookBytes> = { k: 'message', conn, t, dir, opcode: 1, text: cut.text };
      if (cut.size !== undefined) ev.size = cut.size;
      if (cut.truncated) ev.truncated = true;
      return { ev, weight: cut.text.length };
    }
    const copied = payloads.copyBytes(data, max, true);
    if (!copied) return undefined;
    const ev: MessageEventRecord<HookBytes> = {
      k: 'message',
      conn,
      t,
      dir,
      opcode: 2,
      bytes: copied.bytes,
      size: copied.size,
      carrier: copied.carrier,
    };
    if (copied.truncated) ev.truncated = true;
    return { ev, weight: copied.size > max ? max : copied.size };
  };

  // Hot path: `origin` is set only on Sockscope's messages.
  const recordIn = (conn: string, data: unknown, origin: MessageOrigin | undefined): void => {
    if (emitText !== undefined && typeof data === 'string' && data.length <= wholeText && (origin === undefined || origin === 'page'))
      return emitText(conn, wallTime(), false, data, NaN);
    const m = toMessage(conn, 'in', data);
    if (!m) return;
    if (origin !== undefined && origin !== 'page') m.ev.origin = origin;
    emit(m.ev, m.weight);
  };

  /** After a native send: records it (the page's own when `origin` is undefined). */
  const recordOut = (
    ws: WebSocket,
    conn: string,
    payload: SendData,
    state: number,
    origin: MessageOrigin | undefined,
    stack?: HookStack,
  ): void => {
    const plain = state === 1 && stack === undefined && (origin === undefined || origin === 'page');
    if (emitText !== undefined && plain && typeof payload === 'string' && payload.length <= wholeText)
      return emitText(conn, wallTime(), true, payload, o.apply(o.getBufferedAmount, ws, []));
    const m = toMessage(conn, 'out', payload);
    if (!m) return;
    if (stack !== undefined) m.ev.stack = stack;
    m.ev.buffered = o.apply(o.getBufferedAmount, ws, []);
    if (state !== 1) m.ev.sentInState = state; // CLOSING/CLOSED: the browser discards it
    if (origin !== undefined && origin !== 'page') m.ev.origin = origin;
    emit(m.ev, m.weight);
  };

  // Method shorthand: like native methods, these have no `prototype` and a
  // `name`/`length` matching the originals (send: 1, close: 0).
  const patched = {
    send(this: WebSocket, data: unknown): void {
      const conn = idOf(this);
      if (conn === undefined) return o.apply(o.send, this, [data]);
      // Convert exactly once, as WebIDL picks send()'s overload: brand-checked binary, else USVString.
      const payload = typeof data === 'string' || payloads.isBinary(data) ? data : `${data as string}`;
      const state = o.apply(o.getReadyState, this, []);
      if (gate !== null && state === 1 && gate.out(this, conn, payload as SendData)) return; // held by an intercept rule
      o.apply(o.send, this, [payload]); // throws (CONNECTING, bad data) → nothing recorded
      recordOut(this, conn, payload as SendData, state, undefined, stacks ? captureStack() : undefined);
    },
    close(this: WebSocket, ...args: unknown[]): void {
      const conn = idOf(this);
      if (conn === undefined) return o.apply(o.close, this, args);
      // WebIDL close(optional [Clamp] unsigned short code, optional USVString reason): an undefined
      // argument is absent. Converted once, code first, and the primitives go to the native close.
      const hasCode = args.length > 0 && args[0] !== undefined;
      const hasReason = args.length > 1 && args[1] !== undefined;
      const code = hasCode ? +(args[0] as number) : undefined;
      const reason = hasReason ? `${args[1] as string}` : undefined;
      o.apply(o.close, this, hasReason ? [code, reason] : hasCode ? [code] : []); // throws on an invalid code or reason → nothing recorded
      emit({ k: 'closeCall', conn, t: wallTime(), code: code === undefined ? undefined : clampUnsignedShort(code), reason }, 32);
    },
  };
  replaceMethod(NativeWebSocket.prototype, 'send', patched.send);
  replaceMethod(NativeWebSocket.prototype, 'close', patched.close);
  cloak.disguise(patched.send, o.send);
  cloak.disguise(patched.close, o.close);

  const WrappedWebSocket = new Proxy(NativeWebSocket, {
    construct(target, args, newTarget) {
      // `newTarget` keeps `class X extends WebSocket` working: the instance gets X.prototype.
      const ws = o.construct(target, args, newTarget === WrappedWebSocket ? target : newTarget) as WebSocket;
      register(ws, args[1], false);
      return ws;
    },
  });
  cloak.disguise(WrappedWebSocket, NativeWebSocket);
  // `ws.constructor === WebSocket` must hold for the page's view of WebSocket.
  const ctorDesc = Object.getOwnPropertyDescriptor(NativeWebSocket.prototype, 'constructor');
  Object.defineProperty(NativeWebSocket.prototype, 'constructor', { ...ctorDesc, value: WrappedWebSocket });
  const globalDesc = Object.getOwnPropertyDescriptor(win, 'WebSocket');
  Object.defineProperty(win, 'WebSocket', { ...globalDesc, value: WrappedWebSocket });

  // WebSocketStream (Chromium): its connections and messages, through the same emit and ids.
  hookWebSocketStream(win, { emit, nextConn: () => `${idPrefix}:${++counter}`, wallTime, toMessage, cloak, frameUrl });

  return {
    get connections() {
      return counter;
    },
    get tracked() {
      return { live: sockets.live, remembered: sockets.remembered };
    },
    socketOf: (conn) => sockets.socketOf(conn),
    readyState: (ws) => o.apply(o.getReadyState, ws, []),
    describe: (conn) => {
      const d = sockets.describe(conn);
      if (!d) return undefined;
      const protocols: string[] = []; // by index: Array.prototype.slice may be the page's
      for (let i = 0; i < d.protocols.length; i++) protocols[i] = d.protocols[i] as string;
      return { url: d.url, protocols };
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
      const m = toMessage(conn, dir, data);
      if (!m) return;
      m.ev.origin = origin;
      emit(m.ev, m.weight);
    },
    open: (url, protocols) => {
      const ws = o.construct(NativeWebSocket, protocols.length ? [url, protocols] : [url]) as WebSocket;
      register(ws, protocols.length ? protocols : undefined, true);
      return idOf(ws) as string;
    },
    asReceived: (ws, bytes) => (o.apply(o.getBinaryType, ws, []) === 'blob' ? new o.Blob([bytes]) : bytes),
    setGate: (g) => {
      gate = g;
    },
    setStacks: (on) => {
      if (on && !stacks) {
        const t = wallTime();
        const live = sockets.liveConns();
        for (let i = 0; i < live.length; i++) emit({ k: 'stack', conn: live[i] as string, t, stack: { gap: 'setting-late' } }, 16);
      }
      stacks = on;
    },
  };
}

/** Replaces a prototype method keeping its property attributes (writable, enumerable, configurable). */
function replaceMethod(proto: object, name: string, fn: unknown): void {
  const desc = Object.getOwnPropertyDescriptor(proto, name);
  Object.defineProperty(proto, name, { ...desc, value: fn });
}
