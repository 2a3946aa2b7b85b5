/**
 * Runs of plain text messages (src/messaging/text-run.ts): packed by the hook
 * in order with the other events, passed by the relay, expanded by the
 * background into exactly the events the hook saw; forged runs never reach
 * the store.
 */
import { describe, expect, it, vi } from 'vitest';
import { memoryPersistence } from '../../../src/background/persistence';
import { connectRelay, create, dump, newHub } from '../background/rig';
import { Batcher } from '../../../src/hook/batcher';
import { installHook } from '../../../src/hook/install';
import { TextRunBuilder, captureRunCtors } from '../../../src/hook/text-runs';
import type { HookEvent, WireEvent } from '../../../src/messaging/protocol';
import { expandBatch, expandRun, isTextRun, type TextRun } from '../../../src/messaging/text-run';
import { guardRun } from '../../../src/relay/convert';
import { Outbox } from '../../../src/relay/outbox';
import { fakeWindow, type Fake } from '../hook/install-fake';

type Item = HookEvent | TextRun;

function rig(maxEvents = 256) {
  const batches: Item[][] = [];
  const timers: Array<() => void> = [];
  const b = new Batcher<HookEvent>(
    (e) => batches.push(e),
    (fn) => timers.push(fn),
    { maxEvents, maxBytes: 1 << 20, maxDelayMs: 16 },
    new TextRunBuilder(captureRunCtors(globalThis), maxEvents),
  );
  return { b, batches };
}

const run = (over: Partial<TextRun> = {}): TextRun => ({
  k: 'texts',
  conns: 'p:1\np:2',
  conn: new Uint16Array([0, 1]),
  t: new Float64Array([10, 11]),
  dir: new Uint8Array([0, 1]),
  buffered: new Float64Array([NaN, 7]),
  len: new Uint32Array([2, 3]),
  text: 'hiyou',
  ...over,
});

describe('text runs', () => {
  it('packs plain texts between the other events, in order, and expands to the same events', () => {
    const { b, batches } = rig();
    b.push({ k: 'create', conn: 'p:1', t: 1, url: 'ws://h/', protocols: [], frameUrl: 'http://h/' }, 64);
    b.pushText('p:1', 2, false, 'héllo', NaN);
    b.pushText('p:2', 3, true, '', 0);
    b.pushText('p:1', 4, true, '{"a":1}', 12);
    b.push({ k: 'close', conn: 'p:1', t: 5, code: 1000, reason: '', wasClean: true }, 32);
    b.pushText('p:1', 6, false, 'late', NaN);
    b.flush();
    expect(batches).toHaveLength(1);
    const items = batches[0] as Item[];
    expect(items.map((e) => e.k)).toEqual(['create', 'texts', 'close', 'texts']);
    expect(isTextRun(items[1])).toBe(true);
    const { events, errors } = expandBatch(items);
    expect(errors).toEqual([]);
    expect(events.map((e) => (e.k === 'message' ? [e.conn, e.t, e.dir, e.text, e.buffered] : e.k))).toEqual([
      'create',
      ['p:1', 2, 'in', 'héllo', undefined],
      ['p:2', 3, 'out', '', 0],
      ['p:1', 4, 'out', '{"a":1}', 12],
      'close',
      ['p:1', 6, 'in', 'late', undefined],
    ]);
    expect(events[1]).toEqual({ k: 'message', conn: 'p:1', t: 2, dir: 'in', opcode: 1, text: 'héllo' });
  });

  it('counts packed messages against the batch limit and starts a new run past 16 connections', () => {
    const { b, batches } = rig(4);
    for (let i = 0; i < 9; i++) b.pushText('p:1', i, false, `m${i}`, NaN);
    expect(batches.map((x) => x.map((e) => (e.k === 'texts' ? e.len.length : e.k)))).toEqual([[4], [4]]);
    const wide = rig(64);
    for (let i = 0; i < 20; i++) wide.b.pushText(`p:${i}`, i, false, 'x', NaN);
    wide.b.flush();
    const runs = (wide.batches[0] as TextRun[]).map((r) => r.conns.split('\n').length);
    expect(runs).toEqual([16, 4]);
    expect(expandBatch(wide.batches[0] as Item[]).events.map((e) => e.conn)).toEqual(Array.from({ length: 20 }, (_, i) => `p:${i}`));
  });

  it('refuses forged runs with the reason, and keeps the rest of the batch', () => {
    const bad: Array<[Partial<TextRun>, RegExp]> = [
      [{ len: new Uint32Array([2]) }, /different lengths/],
      [{ conn: new Uint16Array([0, 9]) }, /names no connection/],
      [{ len: new Uint32Array([2, 30]) }, /reaches past the text/],
      [{ text: 'hiyou!!' }, /2 characters of text belong to no message/],
    ];
    for (const [over, reason] of bad) {
      const r = expandRun(run(over));
      expect('error' in r && r.error).toMatch(reason);
      const other = { k: 'error', conn: 'p:1', t: 1 } as WireEvent;
      expect(expandBatch([run(over), other])).toEqual({ events: [other], errors: [expect.stringMatching(reason)] });
    }
    expect(isTextRun({ ...run(), len: [2, 3] })).toBe(false); // a plain array is not a column
    expect(isTextRun({ ...run(), conns: ['p:1'] })).toBe(false);
  });

  it('the relay passes a run under the cap as it is, and cuts a forged long one message by message', () => {
    const ok = run();
    expect(guardRun(ok, 1024)).toEqual([ok]);
    const long = run({ len: new Uint32Array([2, 2000]), text: 'hi' + 'y'.repeat(2000) });
    const guarded = guardRun(long, 1024);
    expect(guarded.map((e) => (e.k === 'message' ? [e.text?.length, e.size, e.truncated] : e.k))).toEqual([
      [2, undefined, undefined],
      [1024, 2000, true],
    ]);
  });

  it('counts the messages of a dropped run as lost, per connection', () => {
    const box = new Outbox({ maxBatches: 1, maxBytes: 1 << 20 });
    box.add([run()]);
    box.add([run({ conns: 'p:3\np:3' })]);
    expect(box.pendingLost).toEqual({ messages: 2, bytes: 5 });
  });

  it('the hook packs only plain texts: long, stacked, Sockscope-made and closing-state messages stay events', () => {
    const env = fakeWindow();
    const items: Item[] = [];
    const texts: string[] = [];
    const handle = installHook(env.win, (e) => void (items[items.length] = e), 'p', {
      maxMessageBytes: 30,
      emitText: (conn, _t, out, text, buffered) => void texts.push(`${conn} ${out ? 'out' : 'in'} ${text} ${buffered}`),
    });
    const WS = (env.win as unknown as { WebSocket: new (url: string) => Fake }).WebSocket;
    const ws = new WS('ws://h/');
    ws.open();
    ws.send('hi');
    ws.receive('yo');
    ws.receive('x'.repeat(11)); // could be over 30 UTF-8 bytes: the careful path
    handle.send(ws as unknown as WebSocket, 'resent', 'resent');
    handle.setStacks(true);
    ws.send('with a stack');
    handle.setStacks(false);
    ws.close();
    ws.send('closing');
    expect(texts).toEqual(['p:1 out hi 1', 'p:1 in yo NaN']);
    expect(items.map((e) => (e.k === 'message' ? `${e.dir} ${e.text} ${e.origin ?? ''}${e.stack ? ' stack' : ''}` : e.k))).toEqual([
      'create',
      'open',
      `in ${'x'.repeat(11)} `,
      'out resent resent',
      'stack',
      'out with a stack  stack',
      'closeCall',
      'out closing ',
    ]);
    expect(items.at(-1)).toMatchObject({ sentInState: 2 });
  });

  it('the background stores the messages of a run, and none of a forged one', async () => {
    const hub = newHub(memoryPersistence());
    const relay = connectRelay(hub);
    const forged = run({ conns: 'a:1', conn: new Uint16Array([0, 0]), len: new Uint32Array([2, 9]) });
    relay.post({ type: 'batch', seq: 1, events: [create('a:1'), run({ conns: 'a:1', conn: new Uint16Array([0, 0]) }), forged] });
    await vi.waitFor(() => expect(relay.ackedThrough()).toBe(1));
    const stored = await dump(hub);
    expect(stored?.messages.map((m) => [(m as { dir?: string }).dir, m.data])).toEqual([
      ['in', 'hi'],
      ['out', 'you'],
    ]);
    expect(stored?.connections[0]).toMatchObject({ id: 'a:1', sent: { messages: 1 }, received: { messages: 1 } });
  });
});
