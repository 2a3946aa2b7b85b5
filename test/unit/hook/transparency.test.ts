import { beforeEach, describe, expect, it } from 'vitest';
import { installHook, type HookHandle } from '../../../src/hook/install';
import type { HookEvent } from '../../../src/messaging/protocol';
import { fakeWindow, nativeString, type Fake } from './install-fake';

type Message = Extract<HookEvent, { k: 'message' }>;
const CAP = 1024 * 1024;

describe('the hook cannot be told apart from the native WebSocket', () => {
  let events: HookEvent[];
  let env: ReturnType<typeof fakeWindow>;
  let WS: new (url: string, protocols?: string | string[]) => Fake;
  let handle: HookHandle;
  let keysBefore: Array<string | symbol>;

  beforeEach(() => {
    events = [];
    env = fakeWindow();
    keysBefore = Reflect.ownKeys(env.win);
    handle = installHook(env.win, (e) => void (events[events.length] = e), 'p', { maxMessageBytes: CAP });
    WS = (env.win as unknown as { WebSocket: typeof WS }).WebSocket;
  });

  const openSocket = (): Fake => {
    const ws = new WS('ws://h/');
    ws.open();
    return ws;
  };
  const lastMessage = (): Message => events.filter((e): e is Message => e.k === 'message').at(-1) as Message;

  it('prints every replaced function as the native does', () => {
    const FnProto = (env.win as unknown as { Function: { prototype: { toString: () => string } } }).Function.prototype;
    expect(env.toString(WS)).toBe(nativeString('WebSocket')); // a bare Proxy prints "function () { [native code] }"
    expect(env.toString(WS.prototype.send)).toBe(nativeString('send'));
    expect(env.toString(WS.prototype.close)).toBe(nativeString('close'));
    expect(env.toString(FnProto.toString)).toBe(nativeString('toString'));
    expect(FnProto.toString.name).toBe('toString');
    expect(FnProto.toString.length).toBe(0);
    expect('prototype' in FnProto.toString).toBe(false);
    expect(env.toString(() => 1)).toBe('() => 1'); // everything else: its own source, as before
    expect(() => env.toString({})).toThrow(TypeError);
    expect(() => env.toString(Symbol('x'))).toThrow(TypeError);
  });

  it('leaves no own property or symbol on the window besides WebSocket itself', () => {
    expect(Reflect.ownKeys(env.win)).toEqual(keysBefore);
    expect(Object.getOwnPropertySymbols(env.win)).toEqual([]);
  });

  it('converts close() arguments once, code before reason, and passes the primitives on', () => {
    const ws = openSocket();
    const order: string[] = [];
    const code = { valueOf: () => (order.push('code'), 4001.5) };
    const reason = { toString: () => (order.push('reason'), 'bye') };
    ws.close(code as unknown as number, reason as unknown as string);
    expect(order).toEqual(['code', 'reason']);
    expect(ws.closeLog).toEqual([[4001.5, 'bye']]);
    expect(events.at(-1)).toMatchObject({ k: 'closeCall', code: 4002, reason: 'bye' }); // [Clamp]: half to even
  });

  it('keeps absent close() arguments absent (undefined counts as absent)', () => {
    const ws = openSocket();
    ws.close();
    ws.close(undefined, undefined);
    ws.close(undefined, 'why');
    expect(ws.closeLog).toEqual([[], [], [undefined, 'why']]);
    expect(events.filter((e) => e.k === 'closeCall').map((e) => [e.code, e.reason])).toEqual([
      [undefined, undefined],
      [undefined, undefined],
      [undefined, 'why'],
    ]);
  });

  it('throws what the native conversion throws (a Symbol code) and records nothing', () => {
    const ws = openSocket();
    expect(() => ws.close(Symbol('x') as unknown as number)).toThrow(TypeError);
    expect(ws.closeLog).toEqual([]);
    expect(events.some((e) => e.k === 'closeCall')).toBe(false);
  });

  it('still records binary when the page overrides ArrayBuffer[Symbol.hasInstance] and Blob[Symbol.hasInstance]', () => {
    const ws = openSocket();
    const restore: Array<() => void> = [];
    for (const C of [ArrayBuffer, Blob, Uint8Array]) {
      Object.defineProperty(C, Symbol.hasInstance, { value: () => false, configurable: true });
      restore.push(() => delete (C as unknown as Record<symbol, unknown>)[Symbol.hasInstance]);
    }
    try {
      const buf = new Uint8Array([1, 2, 3]).buffer;
      ws.send(buf);
      expect(ws.sentLog.at(-1)).toBe(buf); // sent as bytes, not "[object ArrayBuffer]"
      expect(lastMessage()).toMatchObject({ dir: 'out', opcode: 2, size: 3, carrier: 'ArrayBuffer' });
      ws.receive(new Uint8Array([4, 5]).buffer);
      expect(lastMessage()).toMatchObject({ dir: 'in', opcode: 2, size: 2, carrier: 'ArrayBuffer' });
      ws.send(new Blob(['abcd']));
      expect(lastMessage()).toMatchObject({ dir: 'out', opcode: 2, size: 4, carrier: 'Blob' });
    } finally {
      for (const r of restore) r();
    }
  });

  it('sends a fake ArrayBuffer (no internal slot) as a string, as WebIDL does', () => {
    const ws = openSocket();
    const fake = Object.create(ArrayBuffer.prototype) as object;
    ws.send(fake as ArrayBuffer);
    expect(ws.sentLog.at(-1)).toBe('[object ArrayBuffer]');
    expect(lastMessage()).toMatchObject({ opcode: 1, text: '[object ArrayBuffer]' });
  });

  /** A capture copy of 16 KiB or more is a Blob (payload.ts BLOB_MIN_BYTES); its bytes, read back. */
  const bytesOf = async (m: Message): Promise<Uint8Array> =>
    new Uint8Array(m.bytes instanceof Blob ? await m.bytes.arrayBuffer() : (m.bytes as ArrayBuffer));

  it('copies no more than the per-message cap of a large binary payload', async () => {
    const ws = openSocket();
    const big = new Uint8Array(8 * CAP);
    big[CAP - 1] = 7;
    big[CAP] = 9;
    ws.send(big.subarray(1));
    const sent = lastMessage();
    expect(sent.bytes).toBeInstanceOf(Blob);
    const sentBytes = await bytesOf(sent);
    expect(sentBytes.byteLength).toBe(CAP);
    expect(sentBytes[CAP - 2]).toBe(7);
    expect(sent).toMatchObject({ size: 8 * CAP - 1, truncated: true, carrier: 'Uint8Array' });
    ws.receive(big.buffer);
    expect((await bytesOf(lastMessage())).byteLength).toBe(CAP);
    expect(lastMessage()).toMatchObject({ size: 8 * CAP, truncated: true });
    const blob = new Blob([big]);
    ws.send(blob);
    expect((lastMessage().bytes as Blob).size).toBe(CAP);
    expect(lastMessage()).toMatchObject({ size: 8 * CAP, truncated: true, carrier: 'Blob' });
  });

  it('keeps a large binary payload as it was sent, not as the page changes it after, even with patched iterators', async () => {
    const ws = openSocket();
    const iter = Array.prototype[Symbol.iterator];
    const arrayIteratorProto = Object.getPrototypeOf([][Symbol.iterator]()) as { next: () => unknown };
    const next = arrayIteratorProto.next;
    const page = new Uint8Array(64 * 1024).fill(1);
    try {
      Array.prototype[Symbol.iterator] = function () {
        throw new Error('page iterator called');
      };
      arrayIteratorProto.next = () => {
        throw new Error('page next called');
      };
      ws.send(page);
      ws.send(page.subarray(0, 100)); // small: an ArrayBuffer copy
    } finally {
      Array.prototype[Symbol.iterator] = iter;
      arrayIteratorProto.next = next;
    }
    page.fill(2); // after send: the capture must not see it
    const [large, small] = events.filter((e): e is Message => e.k === 'message').slice(-2) as [Message, Message];
    expect(large.bytes).toBeInstanceOf(Blob);
    expect(small.bytes).toBeInstanceOf(ArrayBuffer);
    expect((await bytesOf(large)).every((b) => b === 1)).toBe(true);
    expect((await bytesOf(small)).every((b) => b === 1)).toBe(true);
    expect(large).toMatchObject({ size: 64 * 1024, carrier: 'Uint8Array' });
  });

  it('cuts a long text at the cap in UTF-8 bytes and keeps its full size', () => {
    const ws = openSocket();
    ws.send('€'.repeat(CAP));
    const m = lastMessage();
    expect(m).toMatchObject({ size: 3 * CAP, truncated: true });
    expect(m.text?.length).toBe(Math.floor(CAP / 3));
    ws.send('short');
    expect(lastMessage()).toEqual(expect.not.objectContaining({ truncated: true }));
  });

  it('releases per-socket state when a socket closes, remembering a bounded number for reopen', () => {
    for (let i = 0; i < 600; i++) {
      const ws = new WS(`ws://h/${i}`);
      ws.finish();
    }
    expect(handle.tracked).toEqual({ live: 0, remembered: 256 });
    expect(handle.describe('p:1')).toBeUndefined();
    expect(handle.describe('p:600')).toEqual({ url: 'ws://h/599', protocols: [] });
    const open = new WS('ws://h/open', ['a']);
    expect(handle.tracked.live).toBe(1);
    expect(handle.socketOf('p:601')).toBe(open);
  });
});
