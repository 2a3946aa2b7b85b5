import { beforeEach, describe, expect, it } from 'vitest';
import { installHook } from '../../../src/hook/install';
import type { HookEvent } from '../../../src/messaging/protocol';
import { fakeWindow, type Fake } from './install-fake';

describe('installHook', () => {
  let events: HookEvent[];
  let env: ReturnType<typeof fakeWindow>;
  let WS: new (url: string, protocols?: string | string[]) => Fake;

  beforeEach(() => {
    events = [];
    env = fakeWindow();
    installHook(env.win, (e) => void (events[events.length] = e), 'p'); // not push(): one test patches it
    WS = (env.win as unknown as { WebSocket: typeof WS }).WebSocket;
  });

  it('keeps the constructor indistinguishable', () => {
    const ws = new WS('ws://h/', ['a', 'b']);
    expect(ws instanceof WS).toBe(true);
    expect(ws instanceof env.Native).toBe(true);
    expect(ws.constructor).toBe(WS);
    expect(WS.prototype).toBe(env.Native.prototype);
    expect(WS.name).toBe('WebSocket');
    expect((WS as unknown as { OPEN: number }).OPEN).toBe(1);
    expect(WS.prototype.send.name).toBe('send');
    expect(WS.prototype.send.length).toBe(1);
    expect('prototype' in WS.prototype.send).toBe(false);
    class Sub extends WS {}
    const s = new Sub('ws://h/');
    expect(s instanceof Sub && s.constructor === Sub).toBe(true);
    expect(events.filter((e) => e.k === 'create')).toHaveLength(2);
  });

  it('records create, open, messages in both directions, and close() calls', () => {
    const ws = new WS('ws://h/', 'chat');
    let pageSawFirst = '';
    ws.addEventListener('message', () => (pageSawFirst ||= events.at(-1)?.k ?? ''));
    ws.open();
    ws.send('hi');
    const view = new Uint8Array([9, 1, 2, 9]).subarray(1, 3);
    ws.send(view);
    ws.receive('yo');
    ws.receive(new Uint8Array([5]).buffer);
    ws.close(4001, 'bye');
    expect(pageSawFirst).toBe('message'); // our listener runs before the page's
    const brief = events.map((e) => (e.k === 'message' ? `${e.k}:${e.dir}:${e.text ?? e.carrier}:${e.size ?? ''}` : e.k));
    expect(brief).toEqual([
      'create',
      'open',
      'message:out:hi:',
      'message:out:Uint8Array:2',
      'message:in:yo:',
      'message:in:ArrayBuffer:1',
      'closeCall',
    ]);
    expect(events[0]).toMatchObject({ conn: 'p:1', url: 'ws://h/', protocols: ['chat'], frameUrl: 'http://page/' });
    const sentView = events[3] as Extract<HookEvent, { k: 'message' }>;
    expect([...new Uint8Array(sentView.bytes as ArrayBuffer)]).toEqual([1, 2]);
    expect(sentView.buffered).toBe(2);
    expect(events[6]).toMatchObject({ code: 4001, reason: 'bye' });
  });

  it('copies binary payloads: later changes by the page do not alter the capture', () => {
    const ws = new WS('ws://h/');
    ws.open();
    const buf = new Uint8Array([1, 2, 3]);
    ws.send(buf.buffer);
    buf[0] = 99;
    const sent = events.at(-1) as Extract<HookEvent, { k: 'message' }>;
    expect([...new Uint8Array(sent.bytes as ArrayBuffer)]).toEqual([1, 2, 3]);
    expect(buf[0]).toBe(99); // the page's buffer is untouched, not transferred away
  });

  it('records nothing when the native call throws, and rethrows the same error', () => {
    expect(() => new WS('bad')).toThrow(SyntaxError);
    const ws = new WS('ws://h/');
    expect(() => ws.send('early')).toThrow(/still connecting/);
    ws.open();
    expect(() => ws.close(1)).toThrow(/bad code/);
    expect(events.map((e) => e.k)).toEqual(['create', 'open']);
  });

  it('converts exotic send arguments once, like the native send', () => {
    const ws = new WS('ws://h/');
    ws.open();
    let calls = 0;
    ws.send({ toString: () => `obj${++calls}` });
    expect(calls).toBe(1);
    expect(ws.sentLog).toEqual(['obj1']);
    expect(events.at(-1)).toMatchObject({ text: 'obj1' });
  });

  it('survives the page patching globals after install', () => {
    const ws = new WS('ws://h/');
    ws.open();
    const push = Array.prototype.push;
    const get = WeakMap.prototype.get;
    try {
      Array.prototype.push = () => {
        throw new Error('patched push');
      };
      WeakMap.prototype.get = () => undefined;
      ws.send('still seen');
    } finally {
      Array.prototype.push = push;
      WeakMap.prototype.get = get;
    }
    expect(events.at(-1)).toMatchObject({ text: 'still seen' });
  });
});
