import { describe, expect, it } from 'vitest';
import { Outbox } from '../../../src/relay/outbox';
import type { WireEvent } from '../../../src/messaging/protocol';

const text = (conn: string, t: number, s: string): WireEvent => ({ k: 'message', conn, t, dir: 'out', opcode: 1, text: s });
const bin = (conn: string, t: number, n: number): WireEvent => ({
  k: 'message',
  conn,
  t,
  dir: 'in',
  opcode: 2,
  bytes: new ArrayBuffer(n),
  size: n,
});
const create = (conn: string): WireEvent => ({ k: 'create', conn, t: 0, url: 'ws://h/', protocols: [], frameUrl: 'http://p/' });

describe('Outbox', () => {
  it('numbers batches and keeps them until a cumulative ack', () => {
    const o = new Outbox();
    expect(['a', 'b', 'c'].map((p, i) => o.add([text('c', i, p)]).seq)).toEqual([1, 2, 3]);
    o.ack(2);
    expect(o.unacknowledged().map((i) => i.payload)).toEqual([[text('c', 2, 'c')]]);
    o.ack(1); // late, stale ack changes nothing
    expect(o.size).toBe(1);
    o.ack(3);
    expect(o.size).toBe(0);
    expect(o.bytes).toBe(0);
    expect(o.add([]).seq).toBe(4);
  });

  it('stays within its caps while nothing is acknowledged, counting what it dropped per connection', () => {
    const o = new Outbox({ maxBatches: 10, maxBytes: 1000 });
    o.add([create('a'), create('b')]);
    for (let i = 1; i <= 100; i++) o.add([bin('a', i, 30), text('b', i, 'x'.repeat(20))]);
    expect(o.size).toBeLessThanOrEqual(10);
    expect(o.bytes).toBeLessThanOrEqual(1000);
    const kept = o
      .unacknowledged()
      .flatMap((i) => i.payload)
      .filter((e) => e.k === 'message').length;
    expect(o.pendingLost.messages + kept).toBe(200);
    // The connections' create events survive the drops, ahead of everything still queued.
    expect(
      o
        .unacknowledged()[0]
        ?.payload.slice(0, 2)
        .map((e) => e.k),
    ).toEqual(['create', 'create']);
  });

  it('sends one lost event per connection in the first batch after the background answers again, once', () => {
    const o = new Outbox({ maxBatches: 3, maxBytes: 1 << 20 });
    for (let i = 1; i <= 6; i++) o.add([bin('a', i, 10), text('b', i, 'hé')]);
    expect(o.pendingLost).toEqual({ messages: 6, bytes: 3 * 10 + 3 * 2 });
    const beforeAck = o.add([text('b', 7, 'still unreachable')]);
    expect(beforeAck.payload.some((e) => e.k === 'lost')).toBe(false);
    o.ack(beforeAck.seq);
    const next = o.add([text('b', 8, 'back')]);
    expect(next.payload).toEqual([
      { k: 'lost', conn: 'a', t: 4, messages: 4, bytes: 40, reason: 'background unreachable' },
      { k: 'lost', conn: 'b', t: 4, messages: 4, bytes: 8, reason: 'background unreachable' },
      text('b', 8, 'back'),
    ]);
    expect(o.pendingLost).toEqual({ messages: 0, bytes: 0 });
    expect(o.add([text('b', 9, 'x')]).payload.some((e) => e.k === 'lost')).toBe(false);
  });

  it('keeps nothing once orphaned (the extension was reloaded)', () => {
    const o = new Outbox();
    o.add([bin('a', 1, 100)]);
    o.orphan();
    expect(o.size).toBe(0);
    for (let i = 0; i < 5000; i++) o.add([bin('a', i, 1000)]);
    expect(o.size).toBe(0);
    expect(o.bytes).toBe(0);
    expect(o.orphaned).toBe(true);
    expect(o.droppedWhileOrphaned).toBe(5001);
  });
});
