/**
 * The WebSocketStream wrapper (src/hook/stream.ts) against a stand-in native
 * built on Node's real web streams: what the page reads and how its promises
 * settle are the native's, the hook reads nothing ahead of the page, and
 * close(info) reads the page's option bag once, in WebIDL order.
 */
import { describe, expect, it } from 'vitest';
import { installHook } from '../../../src/hook/install';
import type { HookEvent } from '../../../src/messaging/protocol';
import { fakeWindow } from './install-fake';

interface StreamPage {
  new (url: string): {
    opened: Promise<{ readable: ReadableStream; writable: WritableStream }>;
    closed: Promise<unknown>;
    close(i?: unknown): void;
  };
}

/** A native-like WebSocketStream: `incoming` chunks queued on open, writes collected, close recorded. */
function nativeStreamClass(incoming: unknown[], written: unknown[], closes: unknown[]) {
  return class WebSocketStream {
    #url: string;
    #opened: Promise<object>;
    #closed: Promise<object>;
    #finish: (v: object) => void = () => undefined;
    constructor(url: string) {
      this.#url = url;
      this.#closed = new Promise((ok, bad) => {
        this.#finish = ok;
        if (url.startsWith('ws://bad')) bad(new Error('closed badly'));
      });
      this.#opened = url.startsWith('ws://bad')
        ? Promise.reject(new Error('refused'))
        : Promise.resolve({
            readable: new ReadableStream({ start: (c) => incoming.forEach((x) => c.enqueue(x)) }),
            writable: new WritableStream({ write: (x) => void written.push(x) }),
            extensions: '',
            protocol: 'p1',
          });
    }
    get url() {
      return this.#url;
    }
    get opened() {
      return this.#opened;
    }
    get closed() {
      return this.#closed;
    }
    close(info?: { closeCode?: number; reason?: string }) {
      closes.push(info);
      this.#finish({ closeCode: info?.closeCode ?? 1005, reason: info?.reason ?? '' });
    }
  };
}

function setup(incoming: unknown[] = []) {
  const env = fakeWindow();
  const written: unknown[] = [];
  const closes: unknown[] = [];
  const g = env.win as unknown as Record<string, unknown>;
  Object.assign(g, {
    WebSocketStream: nativeStreamClass(incoming, written, closes),
    ReadableStream,
    WritableStream,
    ReadableStreamDefaultReader,
    WritableStreamDefaultWriter,
    ReadableStreamDefaultController,
    Promise,
  });
  const events: HookEvent[] = [];
  installHook(env.win, (e) => void events.push(e), 'p');
  return { W: g.WebSocketStream as StreamPage, events, written, closes };
}

const settle = () => new Promise((r) => setTimeout(r, 0));
const messages = (events: HookEvent[]) => events.flatMap((e) => (e.k === 'message' ? [[e.dir, e.opcode === 1 ? e.text : 'bytes']] : []));

describe('the WebSocketStream wrapper', () => {
  it('captures what the page reads and writes, and hands on the very same chunks', async () => {
    const bytes = new Uint8Array([1, 2, 3]);
    const { W, events, written } = setup(['a', bytes]);
    const s = new W('ws://h/x');
    expect(s.opened).toBe(s.opened);
    const { readable, writable } = await s.opened;
    const reader = readable.getReader();
    expect((await reader.read()).value).toBe('a');
    expect((await reader.read()).value).toBe(bytes);
    await writable.getWriter().write('out');
    expect(written).toEqual(['out']);
    expect(events.map((e) => e.k)).toEqual(['create', 'open', 'message', 'message', 'message']);
    expect(messages(events)).toEqual([
      ['in', 'a'],
      ['in', 'bytes'],
      ['out', 'out'],
    ]);
  });

  it('reads nothing ahead of the page', async () => {
    const { W, events } = setup(['1', '2', '3']);
    const { readable } = await new W('ws://h/x').opened;
    const reader = readable.getReader();
    await reader.read();
    await settle();
    await settle();
    expect(messages(events)).toEqual([['in', '1']]);
  });

  it('rejects the page promises as the native does, and records an error and an unclean close', async () => {
    const { W, events } = setup();
    const s = new W('ws://bad/x');
    await expect(s.opened).rejects.toThrow('refused');
    await expect(s.closed).rejects.toThrow('closed badly');
    expect(events.map((e) => e.k)).toEqual(['create', 'error', 'close']);
    expect(events[2]).toMatchObject({ code: 1006, wasClean: false });
  });

  it('close(info) reads closeCode then reason once each, passes primitives on, and records the call and the close', async () => {
    const { W, events, closes } = setup();
    const s = new W('ws://h/x');
    await s.opened;
    const reads: string[] = [];
    s.close({
      get closeCode() {
        reads.push('closeCode');
        return '4000';
      },
      get reason() {
        reads.push('reason');
        return { toString: () => 'bye' };
      },
    });
    expect(reads).toEqual(['closeCode', 'reason']);
    expect(closes).toEqual([{ closeCode: 4000, reason: 'bye' }]);
    expect(await s.closed).toEqual({ closeCode: 4000, reason: 'bye' });
    await settle();
    expect(events.filter((e) => e.k === 'closeCall' || e.k === 'close')).toMatchObject([
      { k: 'closeCall', code: 4000, reason: 'bye' },
      { k: 'close', code: 4000, reason: 'bye', wasClean: true },
    ]);
  });
});
