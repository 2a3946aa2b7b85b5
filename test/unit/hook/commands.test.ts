import { beforeEach, describe, expect, it } from 'vitest';
import { installHook } from '../../../src/hook/install';
import { createCommandExecutor } from '../../../src/hook/commands';
import type { CommandExecutor } from '../../../src/hook/commands';
import type { CommandResponse, HookEvent, HookToRelay, PageCommand } from '../../../src/messaging/protocol';

/** A stand-in for the browser's WebSocket (native-like getters on the prototype), as in install.test.ts; a fresh class per test. */
const makeFake = () =>
  class FakeWebSocket extends EventTarget {
    #url: string;
    #state = 0;
    #binaryType: BinaryType = 'blob';
    sentLog: unknown[] = [];
    constructor(url: string, _protocols?: string | string[]) {
      super();
      this.#url = url;
    }
    get url() {
      return this.#url;
    }
    get readyState() {
      return this.#state;
    }
    get protocol() {
      return '';
    }
    get extensions() {
      return '';
    }
    get bufferedAmount() {
      return 0;
    }
    get binaryType() {
      return this.#binaryType;
    }
    set binaryType(v: BinaryType) {
      this.#binaryType = v;
    }
    send(data: unknown) {
      if (this.#state === 0) throw new DOMException('still connecting', 'InvalidStateError');
      if (this.#state === 1) this.sentLog.push(data);
    }
    close() {
      this.#state = 3;
    }
    open() {
      this.#state = 1;
      this.dispatchEvent(new Event('open'));
    }
    receive(data: unknown) {
      this.dispatchEvent(new MessageEvent('message', { data }));
    }
  };
type FakeWebSocket = InstanceType<ReturnType<typeof makeFake>>;

describe('hook commands', () => {
  let events: HookEvent[];
  let replies: HookToRelay[];
  let timers: Array<{ fn: () => void; ms: number; id: number; cleared?: boolean }>;
  let exec: CommandExecutor;
  let WS: ReturnType<typeof makeFake>;
  let nextId: number;

  beforeEach(() => {
    events = [];
    replies = [];
    timers = [];
    nextId = 1;
    const Native = makeFake();
    const win = {
      WebSocket: Native,
      EventTarget,
      ArrayBuffer,
      Uint8Array,
      Blob,
      performance,
      location: { href: 'http://page/' },
    } as unknown as typeof globalThis;
    const handle = installHook(win, (e) => void events.push(e), 'p');
    WS = (win as unknown as { WebSocket: ReturnType<typeof makeFake> }).WebSocket;
    exec = createCommandExecutor({
      handle,
      post: (r) => void replies.push(r),
      setTimeout: (fn, ms) => (timers.push({ fn, ms, id: nextId }), nextId++),
      clearTimeout: (id) => timers.filter((t) => t.id === id).forEach((t) => (t.cleared = true)),
      now: () => 1000,
    });
  });

  const run = (command: PageCommand): CommandResponse => {
    exec.run({ type: 'command', id: nextId++, command });
    return replies.filter((r): r is CommandResponse => r.type === 'commandResult').at(-1) as CommandResponse;
  };
  const messages = () =>
    events
      .filter((e) => e.k === 'message')
      .map((e) => e.k === 'message' && [e.dir, e.text ?? `bytes:${(e.bytes as ArrayBuffer | undefined)?.byteLength}`, e.origin ?? 'page']);
  const fire = () =>
    timers
      .filter((t) => !t.cleared)
      .splice(0)
      .forEach((t) => ((t.cleared = true), t.fn()));

  it('sends through the native send, bypassing page wrappers, recorded with its origin', () => {
    const ws = new WS('ws://h/a');
    ws.open();
    let wrapperCalls = 0;
    const pageSend = WS.prototype.send;
    WS.prototype.send = function (this: FakeWebSocket, d: unknown) {
      wrapperCalls++;
      pageSend.call(this, d);
    };
    expect(run({ op: 'send', conn: 'p:1', payload: { opcode: 1, text: 'again' }, origin: 'resent' })).toMatchObject({ ok: true });
    expect(
      run({ op: 'send', conn: 'p:1', payload: { opcode: 2, bytes: new Uint8Array([1, 2]).buffer }, origin: 'composed' }),
    ).toMatchObject({ ok: true });
    expect(wrapperCalls).toBe(0);
    expect(ws.sentLog).toHaveLength(2);
    expect(messages()).toEqual([
      ['out', 'again', 'resent'],
      ['out', 'bytes:2', 'composed'],
    ]);
  });

  it('answers errors as values: unknown connection, connecting, closed', () => {
    expect(run({ op: 'send', conn: 'p:9', payload: { opcode: 1, text: 'x' }, origin: 'composed' })).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_CONNECTION' },
    });
    const ws = new WS('ws://h/a');
    expect(run({ op: 'send', conn: 'p:1', payload: { opcode: 1, text: 'x' }, origin: 'composed' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_OPEN', message: 'socket is still connecting (readyState 0)' },
    });
    ws.open();
    ws.close();
    expect(run({ op: 'inject', conn: 'p:1', payload: { opcode: 1, text: 'x' } })).toMatchObject({
      ok: false,
      error: { code: 'NOT_OPEN', message: 'socket is closed (readyState 3)' },
    });
    expect(messages()).toEqual([]);
  });

  it('injects a MessageEvent that listeners get in order, recorded once as injected, honouring binaryType', async () => {
    const ws = new WS('ws://h:81/a');
    ws.open();
    const got: string[] = [];
    ws.addEventListener('message', (e) => got.push(`listener ${(e as MessageEvent).origin}`));
    ws.addEventListener('message', (e) => got.push(`on ${Object.prototype.toString.call((e as MessageEvent).data)}`)); // the fake has no on* handlers
    ws.addEventListener('message', () => got.push('late listener'));
    run({ op: 'inject', conn: 'p:1', payload: { opcode: 1, text: 'hi' } });
    run({ op: 'inject', conn: 'p:1', payload: { opcode: 2, bytes: new Uint8Array([7]).buffer } });
    ws.binaryType = 'arraybuffer';
    run({ op: 'inject', conn: 'p:1', payload: { opcode: 2, bytes: new Uint8Array([8]).buffer } });
    expect(got).toEqual([
      'listener ws://h:81',
      'on [object String]',
      'late listener',
      'listener ws://h:81',
      'on [object Blob]',
      'late listener',
      'listener ws://h:81',
      'on [object ArrayBuffer]',
      'late listener',
    ]);
    expect(events.filter((e) => e.k === 'message').map((e) => e.k === 'message' && [e.dir, e.origin, e.carrier ?? 'text'])).toEqual([
      ['in', 'injected', 'text'],
      ['in', 'injected', 'Blob'],
      ['in', 'injected', 'ArrayBuffer'],
    ]);
    ws.receive('real'); // page traffic afterwards is the page's again
    expect(messages().at(-1)).toEqual(['in', 'real', 'page']);
  });

  it('holds a matching outgoing message; forwards it edited; drops another; times out a third', () => {
    const ws = new WS('ws://h/a');
    ws.open();
    expect(
      run({ op: 'setIntercept', rules: [{ id: 'r1', dir: 'out', match: 'secret', action: 'hold' }], holdTimeoutMs: 500 }),
    ).toMatchObject({ ok: true });
    ws.send('secret-1');
    ws.send('plain');
    expect(ws.sentLog).toEqual(['plain']);
    const held = replies.find((r) => r.type === 'held');
    expect(held).toMatchObject({
      type: 'held',
      held: { holdId: 'p:1/1', conn: 'p:1', dir: 'out', payload: { opcode: 1, text: 'secret-1' }, ruleId: 'r1' },
    });
    expect(run({ op: 'decide', holdId: 'p:1/1', action: 'forward', payload: { opcode: 1, text: 'edited' } })).toMatchObject({ ok: true });
    ws.send('secret-2');
    run({ op: 'decide', holdId: 'p:1/2', action: 'drop' });
    expect(run({ op: 'decide', holdId: 'p:1/2', action: 'drop' })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_HOLD' } });
    ws.send('secret-3');
    expect(timers.filter((t) => !t.cleared).map((t) => t.ms)).toEqual([500]);
    fire();
    expect(ws.sentLog).toEqual(['plain', 'edited', 'secret-3']);
    expect(messages()).toEqual([
      ['out', 'plain', 'page'],
      ['out', 'edited', 'edited'],
      ['out', 'secret-2', 'dropped'],
      ['out', 'secret-3', 'page'],
    ]);
    expect(replies.filter((r) => r.type === 'released').map((r) => r.type === 'released' && [r.action, r.reason])).toEqual([
      ['forward', 'panel'],
      ['drop', 'panel'],
      ['forward', 'timeout'],
    ]);
  });

  it('holds an incoming message before any page listener, delivers it on forward; release clears the rules', () => {
    const ws = new WS('ws://h/a');
    ws.open();
    const got: string[] = [];
    ws.addEventListener('message', (e) => got.push((e as MessageEvent).data as string));
    run({ op: 'setIntercept', rules: [{ id: 'r', dir: 'in', match: '', action: 'hold' }] });
    ws.receive('one');
    ws.receive('two');
    expect(got).toEqual([]);
    expect(messages()).toEqual([]);
    run({ op: 'release' });
    expect(got).toEqual(['one', 'two']);
    expect(messages()).toEqual([
      ['in', 'one', 'page'],
      ['in', 'two', 'page'],
    ]);
    ws.receive('three');
    expect(got).toEqual(['one', 'two', 'three']);
    expect(exec.held).toBe(0);
  });

  it('auto-replies after the matching message went through', () => {
    const ws = new WS('ws://h/a');
    ws.open();
    const got: string[] = [];
    ws.addEventListener('message', (e) => got.push((e as MessageEvent).data as string));
    run({
      op: 'setIntercept',
      rules: [{ id: 'r', dir: 'out', match: 'ping', action: 'reply', reply: { as: 'inject', payload: { opcode: 1, text: 'pong' } } }],
    });
    ws.send('ping');
    expect(got).toEqual([]);
    fire();
    expect(got).toEqual(['pong']);
    expect(messages()).toEqual([
      ['out', 'ping', 'page'],
      ['in', 'pong', 'injected'],
    ]);
  });

  it('rejects an invalid regular expression; reopens with the same URL and subprotocols', () => {
    expect(run({ op: 'setIntercept', rules: [{ id: 'r', dir: 'out', match: '(', regex: true, action: 'hold' }] })).toMatchObject({
      ok: false,
      error: { code: 'BAD_COMMAND' },
    });
    new WS('ws://h/a', ['chat', 'superchat']);
    expect(run({ op: 'reopen', conn: 'p:1' })).toEqual({
      type: 'commandResult',
      id: expect.any(Number),
      ok: true,
      result: { conn: 'p:2' },
    });
    expect(events.filter((e) => e.k === 'create').map((e) => e.k === 'create' && [e.conn, e.url, e.protocols])).toEqual([
      ['p:1', 'ws://h/a', ['chat', 'superchat']],
      ['p:2', 'ws://h/a', ['chat', 'superchat']],
    ]);
  });

  it('applies a rule scoped by conns only to those connections', () => {
    const a = new WS('ws://h/a');
    const b = new WS('ws://h/b');
    a.open();
    b.open();
    run({ op: 'setIntercept', rules: [{ id: 'r', dir: 'out', match: '', action: 'hold', conns: ['p:2'] }] });
    a.send('free');
    b.send('held');
    expect(a.sentLog).toEqual(['free']);
    expect(b.sentLog).toEqual([]);
    expect(replies.filter((r) => r.type === 'held').map((r) => r.type === 'held' && r.held.conn)).toEqual(['p:2']);
  });

  it('announces a held Blob as bytes (read first); a release before that waits for the announcement', async () => {
    const ws = new WS('ws://h/a');
    ws.open();
    run({ op: 'setIntercept', rules: [{ id: 'r', dir: 'in', match: '', action: 'hold' }] });
    ws.receive(new Blob([new Uint8Array([1, 2, 3])]));
    run({ op: 'decide', holdId: 'p:1/1', action: 'drop' }); // before the Blob was read
    expect(replies.filter((r) => r.type !== 'commandResult')).toEqual([]);
    await expect.poll(() => replies.filter((r) => r.type !== 'commandResult').length).toBe(2);
    const [held, released] = replies.filter((r) => r.type !== 'commandResult');
    expect(held?.type === 'held' && held.held.payload.opcode === 2 && [...new Uint8Array(held.held.payload.bytes)]).toEqual([1, 2, 3]);
    expect(released).toMatchObject({ type: 'released', holdId: 'p:1/1', action: 'drop' });
  });

  it('recognises binary by brand, not by instanceof or Symbol.toStringTag the page can redirect', () => {
    const ws = new WS('ws://h/a');
    ws.open();
    run({ op: 'setIntercept', rules: [{ id: 'r', dir: 'out', match: '', action: 'hold' }] });
    const restore = [
      [ArrayBuffer, Symbol.hasInstance, Object.getOwnPropertyDescriptor(ArrayBuffer, Symbol.hasInstance)],
      [ArrayBuffer.prototype, Symbol.toStringTag, Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, Symbol.toStringTag)],
    ] as const;
    Object.defineProperty(ArrayBuffer, Symbol.hasInstance, { value: () => false, configurable: true });
    Object.defineProperty(ArrayBuffer.prototype, Symbol.toStringTag, { value: 'Nothing', configurable: true });
    try {
      ws.send(new Uint8Array([9, 8]).buffer);
    } finally {
      for (const [target, key, desc] of restore) {
        if (desc) Object.defineProperty(target, key, desc);
        else delete (target as unknown as Record<symbol, unknown>)[key];
      }
    }
    const held = replies.find((r) => r.type === 'held');
    expect(held?.type === 'held' && held.held.payload.opcode === 2 && [...new Uint8Array(held.held.payload.bytes)]).toEqual([9, 8]);
  });

  it('copies held, sent and injected bytes without a species lookup the page could observe', () => {
    const ws = new WS('ws://h/a');
    ws.binaryType = 'arraybuffer'; // Node's own Blob constructor slices (a browser's does not)
    ws.open();
    run({ op: 'setIntercept', rules: [{ id: 'r', dir: 'out', match: '', action: 'hold' }] });
    const own = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, 'constructor') as PropertyDescriptor;
    let lookups = 0;
    // ArrayBuffer.prototype.slice reads constructor[Symbol.species]: a page could see us, or hand back other bytes.
    Object.defineProperty(ArrayBuffer.prototype, 'constructor', { configurable: true, get: () => (lookups++, ArrayBuffer) });
    try {
      ws.send(new Uint8Array([1, 2, 3]).subarray(1)); // a view: held as a copy of its two bytes
      expect(run({ op: 'send', conn: 'p:1', payload: { opcode: 2, bytes: new Uint8Array([4]).buffer }, origin: 'composed' })).toMatchObject(
        { ok: true },
      );
      expect(run({ op: 'inject', conn: 'p:1', payload: { opcode: 2, bytes: new Uint8Array([5]).buffer } })).toMatchObject({ ok: true });
    } finally {
      Object.defineProperty(ArrayBuffer.prototype, 'constructor', own);
    }
    expect(lookups).toBe(0);
    const held = replies.find((r) => r.type === 'held');
    expect(held?.type === 'held' && held.held.payload.opcode === 2 && [...new Uint8Array(held.held.payload.bytes)]).toEqual([2, 3]);
  });

  it('holds and releases without Map or Array methods the page may patch after install', () => {
    const ws = new WS('ws://h/a');
    ws.open();
    const calls: string[] = [];
    const saved = (['get', 'set', 'delete', 'values'] as const).map((k) => [k, Map.prototype[k]] as const);
    const some = Array.prototype.some;
    const indexOf = Array.prototype.indexOf;
    let heldFirst = 0;
    let heldScoped = 0;
    for (const [k, fn] of saved)
      (Map.prototype as unknown as Record<string, unknown>)[k] = function (this: unknown, ...a: unknown[]) {
        calls.push(`Map.${k}`);
        return (fn as (...x: unknown[]) => unknown).apply(this, a);
      };
    Array.prototype.some = function (this: unknown[], ...a: Parameters<typeof some>) {
      calls.push('Array.some');
      return some.apply(this, a);
    };
    Array.prototype.indexOf = function (this: unknown[], ...a: Parameters<typeof indexOf>) {
      calls.push('Array.indexOf');
      return indexOf.apply(this, a);
    };
    // No expect() inside: chai itself calls indexOf.
    try {
      run({ op: 'setIntercept', rules: [{ id: 'r', dir: 'out', match: 'x', action: 'hold' }] });
      ws.send('x1');
      heldFirst = exec.held;
      run({ op: 'release' });
      // Scoped to connections: the rule's names are searched without Array methods too.
      exec.run({
        type: 'command',
        id: nextId++,
        command: { op: 'setIntercept', rules: [{ id: 's', dir: 'out', match: 'y', action: 'hold', conns: ['p:1'] }] },
      });
      ws.send('y1');
      heldScoped = exec.held;
      exec.run({ type: 'command', id: nextId++, command: { op: 'release' } });
    } finally {
      for (const [k, fn] of saved) (Map.prototype as unknown as Record<string, unknown>)[k] = fn;
      Array.prototype.some = some;
      Array.prototype.indexOf = indexOf;
    }
    expect([heldFirst, heldScoped]).toEqual([1, 1]);
    expect(ws.sentLog).toEqual(['x1', 'y1']);
    expect(exec.held).toBe(0);
    expect(calls).toEqual([]);
  });
});
