/**
 * WebSocketStream (where the browser has it, Chromium): wrapped like
 * WebSocket so its connections and messages are captured, while the page
 * reads the same data and sees the same back-pressure.
 *
 * How: `WebSocketStream` becomes a Proxy of the native constructor (statics,
 * prototype, name, subclassing stay native). Per instance the native
 * `opened` and `closed` promises are observed once at construction (open,
 * error, close events); the page's `opened` and `closed` are promises made
 * at construction that settle as the natives do, so an unhandled rejection
 * still reaches the page as without us. `opened` resolves with the same
 * four fields, where `readable` and `writable` are pass-through streams:
 * the readable pulls one chunk from the native reader only when the page
 * reads (high-water mark 0: the native stream's own queue and the network
 * back-pressure are unchanged), records it and hands the same chunk on; the
 * writable records a chunk and writes it to the native writer, resolving
 * when the native write does (high-water mark 1). `close(info)` reads
 * `closeCode` then `reason` once each, converting as WebIDL does, and passes the
 * primitives on. Resend, inject and intercept do not apply to these
 * connections (there is no socket to drive): commands answer "unknown".
 */
import type { HookBytes, MessageEventRecord } from '../messaging/protocol';
import type { Emit } from './handle';
import type { Cloak } from './cloak';

export interface StreamHookDeps {
  emit: Emit;
  /** A fresh connection id of this hook. */
  nextConn(): string;
  wallTime(): number;
  /** The hook's message event for `data` (cut to the cap, bytes copied), or undefined for neither text nor binary. */
  toMessage(conn: string, dir: 'in' | 'out', data: unknown): { ev: MessageEventRecord<HookBytes>; weight: number } | undefined;
  cloak: Cloak;
  frameUrl: string;
}

type AnyFn = (...args: never[]) => unknown;
type Settle = (value?: unknown) => void;
type Native = { new (url: string, options?: unknown): object; prototype: object };
interface Opened {
  readable: ReadableStream;
  writable: WritableStream;
  extensions: string;
  protocol: string;
}

const getterOf = (proto: object, name: string): AnyFn | undefined => Object.getOwnPropertyDescriptor(proto, name)?.get as AnyFn;

/** Installs the wrapper when `win.WebSocketStream` exists; returns whether it did. */
export function hookWebSocketStream(win: typeof globalThis, deps: StreamHookDeps): boolean {
  const g = win as unknown as Record<string, unknown>;
  const NativeStream = g.WebSocketStream as Native | undefined;
  if (typeof NativeStream !== 'function') return false;
  const proto = NativeStream.prototype;
  const getOpened = getterOf(proto, 'opened');
  const getClosed = getterOf(proto, 'closed');
  const getUrl = getterOf(proto, 'url');
  const nativeClose = (proto as { close?: AnyFn }).close;
  const RS = win.ReadableStream;
  const WS = win.WritableStream;
  const P = win.Promise;
  if (!getOpened || !getClosed || !getUrl || !nativeClose || !RS || !WS || !P) return false;
  const apply = Reflect.apply;
  const construct = Reflect.construct;
  const then = P.prototype.then as (this: Promise<unknown>, ok?: AnyFn, bad?: AnyFn) => Promise<unknown>;
  const getReader = RS.prototype.getReader as AnyFn;
  const read = win.ReadableStreamDefaultReader.prototype.read as AnyFn;
  const cancelRead = win.ReadableStreamDefaultReader.prototype.cancel as AnyFn;
  const getWriter = WS.prototype.getWriter as AnyFn;
  const write = win.WritableStreamDefaultWriter.prototype.write as AnyFn;
  const closeWrite = win.WritableStreamDefaultWriter.prototype.close as AnyFn;
  const abortWrite = win.WritableStreamDefaultWriter.prototype.abort as AnyFn;
  const Controller = win.ReadableStreamDefaultController.prototype;
  const enqueue = Controller.enqueue as AnyFn;
  const closeStream = Controller.close as AnyFn;
  const errorStream = Controller.error as AnyFn;
  const assign = Object.assign;
  const create = Object.create;
  const wmGet = WeakMap.prototype.get as (this: WeakMap<object, unknown>, k: object) => unknown;
  const wmSet = WeakMap.prototype.set as (this: WeakMap<object, unknown>, k: object, v: unknown) => unknown;
  /** The page's `opened` and `closed` promises per instance (made at construction). */
  const pagePromises = new WeakMap<object, { opened: Promise<unknown>; closed: Promise<unknown>; conn: string }>();
  const { emit, wallTime } = deps;

  /** A null-prototype object: a page-patched Object.prototype cannot add `type`, `size` or the like. */
  const bare = <T extends object>(fields: T): T => assign(create(null) as T, fields);

  const record = (conn: string, dir: 'in' | 'out', chunk: unknown): (() => void) | undefined => {
    const m = deps.toMessage(conn, dir, chunk);
    return m ? () => emit(m.ev, m.weight) : undefined;
  };

  const passReadable = (conn: string, native: ReadableStream): ReadableStream => {
    let reader: object;
    const source = bare({
      start: (): void => void (reader = apply(getReader, native, []) as object),
      pull: (controller: object): Promise<unknown> =>
        apply(then, apply(read, reader, []) as Promise<unknown>, [
          (r: { done: boolean; value: unknown }) => {
            if (r.done) return void apply(closeStream, controller, []);
            record(conn, 'in', r.value)?.();
            apply(enqueue, controller, [r.value]);
          },
          (e: unknown) => void apply(errorStream, controller, [e]),
        ]),
      cancel: (reason: unknown): unknown => apply(cancelRead, reader, [reason]),
    });
    return construct(RS, [source, bare({ highWaterMark: 0 })]) as ReadableStream;
  };

  const passWritable = (conn: string, native: WritableStream): WritableStream => {
    let writer: object;
    const sink = bare({
      start: (): void => void (writer = apply(getWriter, native, []) as object),
      write: (chunk: unknown): Promise<unknown> => {
        const sent = record(conn, 'out', chunk); // copied now: the page may reuse its buffer after write()
        return apply(then, apply(write, writer, [chunk]) as Promise<unknown>, [() => sent?.()]);
      },
      close: (): unknown => apply(closeWrite, writer, []),
      abort: (reason: unknown): unknown => apply(abortWrite, writer, [reason]),
    });
    return construct(WS, [sink, bare({ highWaterMark: 1 })]) as WritableStream;
  };

  // The requested subprotocols are not read from the options: a second read of the page's option bag
  // could be seen (a getter); the handshake headers and the negotiated protocol say them.
  const register = (s: object): void => {
    const conn = deps.nextConn();
    const url = apply(getUrl, s, []) as string;
    emit({ k: 'create', conn, t: wallTime(), url, protocols: [], frameUrl: deps.frameUrl }, 64);
    const nativeOpened = apply(getOpened, s, []) as Promise<Opened>;
    const nativeClosed = apply(getClosed, s, []) as Promise<{ closeCode?: number; reason?: string }>;
    let settleOpened: [Settle, Settle] = [() => undefined, () => undefined];
    let settleClosed: [Settle, Settle] = [() => undefined, () => undefined];
    const opened = construct(P, [(ok: Settle, bad: Settle) => void (settleOpened = [ok, bad])]) as Promise<unknown>;
    const closed = construct(P, [(ok: Settle, bad: Settle) => void (settleClosed = [ok, bad])]) as Promise<unknown>;
    apply(wmSet, pagePromises, [s, { opened, closed, conn }]);
    apply(then, nativeOpened, [
      (v: Opened) => {
        emit({ k: 'open', conn, t: wallTime(), protocol: `${v.protocol}`, extensions: `${v.extensions}` }, 32);
        // The native dictionary's key order (WebIDL: members sorted by name).
        settleOpened[0]({
          extensions: v.extensions,
          protocol: v.protocol,
          readable: passReadable(conn, v.readable),
          writable: passWritable(conn, v.writable),
        });
      },
      (e: unknown) => {
        emit({ k: 'error', conn, t: wallTime() }, 16);
        settleOpened[1](e);
      },
    ]);
    apply(then, nativeClosed, [
      (c: { closeCode?: number; reason?: string }) => {
        const reason = `${c.reason ?? ''}`;
        emit({ k: 'close', conn, t: wallTime(), code: +(c.closeCode ?? 1005), reason, wasClean: true }, 32 + reason.length);
        settleClosed[0](c);
      },
      (e: unknown) => {
        emit({ k: 'close', conn, t: wallTime(), code: 1006, reason: '', wasClean: false }, 32);
        settleClosed[1](e);
      },
    ]);
  };

  type Mine = { opened: Promise<unknown>; closed: Promise<unknown>; conn: string };
  const page = (s: unknown): Mine | undefined =>
    s !== null && typeof s === 'object' ? (apply(wmGet, pagePromises, [s]) as Mine | undefined) : undefined;

  // Getters and method keep the native name and length; cloak.ts prints them as the natives.
  const patched = {
    get opened(): unknown {
      return page(this)?.opened ?? apply(getOpened as AnyFn, this, []);
    },
    get closed(): unknown {
      return page(this)?.closed ?? apply(getClosed as AnyFn, this, []);
    },
    // Rest parameter: length 0, as the native close (its argument is optional).
    close(this: object, ...args: unknown[]): unknown {
      const info = args[0];
      const p = page(this);
      if (!p || info === undefined || info === null) {
        if (p) emit({ k: 'closeCall', conn: p.conn, t: wallTime() }, 32);
        return apply(nativeClose, this, args.length === 0 ? [] : [info]);
      }
      if (typeof info !== 'object' && typeof info !== 'function') return apply(nativeClose, this, [info]); // the native throws
      // WebIDL dictionary conversion, member by member in name order: read closeCode, convert it, then reason.
      const bag = info as { closeCode?: unknown; reason?: unknown };
      const pass: { closeCode?: number; reason?: string } = {};
      const closeCode = bag.closeCode;
      if (closeCode !== undefined) pass.closeCode = +(closeCode as number);
      const reason = bag.reason;
      if (reason !== undefined) pass.reason = `${reason as string}`;
      const result = apply(nativeClose, this, [pass]); // throws on a bad code or reason → nothing recorded
      emit({ k: 'closeCall', conn: p.conn, t: wallTime(), code: pass.closeCode, reason: pass.reason }, 32);
      return result;
    },
  };
  const replaceGetter = (name: 'opened' | 'closed'): void => {
    const desc = Object.getOwnPropertyDescriptor(proto, name);
    const get = Object.getOwnPropertyDescriptor(patched, name)?.get as AnyFn;
    Object.defineProperty(proto, name, { ...desc, get });
    deps.cloak.disguise(get, desc?.get as AnyFn);
  };
  replaceGetter('opened');
  replaceGetter('closed');
  const closeDesc = Object.getOwnPropertyDescriptor(proto, 'close');
  Object.defineProperty(proto, 'close', { ...closeDesc, value: patched.close });
  deps.cloak.disguise(patched.close, nativeClose);

  const Wrapped = new Proxy(NativeStream, {
    construct(target, args, newTarget) {
      const s = construct(target, args, newTarget === Wrapped ? target : newTarget) as object;
      register(s);
      return s;
    },
  });
  deps.cloak.disguise(Wrapped, NativeStream);
  const ctorDesc = Object.getOwnPropertyDescriptor(proto, 'constructor');
  if (ctorDesc) Object.defineProperty(proto, 'constructor', { ...ctorDesc, value: Wrapped });
  const globalDesc = Object.getOwnPropertyDescriptor(win, 'WebSocketStream');
  Object.defineProperty(win, 'WebSocketStream', { ...globalDesc, value: Wrapped });
  return true;
}
