import { describe, expect, it } from 'vitest';
import { TabStore } from '../../../src/store/tab-store';
import { storedBytesOf } from '../../../src/store/stored-bytes';
import { base64DecodedLength } from '../../../src/model/base64';
import type { StoreEvent } from '../../../src/store/materialize';

const create = (conn: string, t = 1): StoreEvent => ({ k: 'create', conn, t, url: `ws://h/${conn}`, protocols: [], frameUrl: 'http://h/' });
const close = (conn: string, t = 2): StoreEvent => ({ k: 'close', conn, t, code: 1000, reason: '', wasClean: true });
const text = (conn: string, t: number, s: string): StoreEvent => ({ k: 'message', conn, t, dir: 'in', opcode: 1, text: s });
const bin = (conn: string, t: number, n: number): StoreEvent => ({
  k: 'message',
  conn,
  t,
  dir: 'in',
  opcode: 2,
  bytes: new Uint8Array(n).fill(7).buffer,
  size: n,
});

describe('the store caps count real bytes', () => {
  it('counts a text as its UTF-8 bytes: 1,000 "€" are 3,000 bytes', () => {
    expect(storedBytesOf({ opcode: 1, data: '€'.repeat(1000), size: 3000 })).toBe(3000);
    const s = new TabStore(1, { maxMessages: 100, maxBytes: 5999, maxMessageBytes: 1 << 20 });
    s.applyBatch('r', 1, 0, [create('a'), text('a', 1, '€'.repeat(1000)), text('a', 2, '€'.repeat(1000))]);
    // 6,000 bytes (but only 2,000 UTF-16 units) do not fit in 5,999: the first is evicted.
    expect(s.messageCount).toBe(1);
    expect(s.stats).toMatchObject({ dropped: 1, droppedBytes: 3000 });
  });

  it('counts binary as decoded bytes, not base64 characters', () => {
    for (const n of [0, 1, 2, 3, 4, 5, 1000]) expect(base64DecodedLength(Buffer.alloc(n).toString('base64'))).toBe(n);
    const s = new TabStore(1, { maxMessages: 100, maxBytes: 3000, maxMessageBytes: 1 << 20 });
    // 3 × 1,000 bytes = 3,000 (4,000 base64 characters): all fit.
    s.applyBatch('r', 1, 0, [create('a'), bin('a', 1, 1000), bin('a', 2, 1000), bin('a', 3, 1000)]);
    expect(s.messageCount).toBe(3);
    s.applyBatch('r', 2, 0, [bin('a', 4, 1)]);
    expect(s.messageCount).toBe(3);
  });

  it('keeps the byte count right across eviction, navigation and restore', () => {
    const limits = { maxMessages: 100, maxBytes: 3000, maxMessageBytes: 1 << 20 };
    const s = new TabStore(1, limits);
    s.applyBatch('r', 1, 0, [create('a', 1), text('a', 1, '€'.repeat(500)), create('b', 5), bin('b', 6, 1500)]);
    const r = TabStore.restore(s.toMeta(), s.allMessages(), limits);
    r.applyBatch('r', 2, 0, [bin('b', 7, 1)]); // 1,500 + 1,500 + 1 > 3,000
    expect(r.allMessages().map((m) => m.conn)).toEqual(['b', 'b']);
    s.forgetBefore(3);
    s.applyBatch('r', 2, 0, [bin('b', 7, 1500)]); // 1,500 + 1,500 fits once 'a' is gone
    expect(s.messageCount).toBe(2);
  });
});

describe('the connection cap', () => {
  it('evicts the oldest closed connection without stored messages, and counts it', () => {
    const s = new TabStore(1, { maxMessages: 100, maxBytes: 1 << 20, maxMessageBytes: 1 << 20, maxConnections: 3 });
    s.applyBatch('r', 1, 0, [create('kept'), text('kept', 1, 'x'), close('kept'), create('live'), create('empty'), close('empty')]);
    const d = s.applyBatch('r', 2, 0, [create('new')]);
    expect([...s.connections.keys()]).toEqual(['kept', 'live', 'new']);
    expect(d.removedConnections).toEqual(['empty']);
    expect(s.stats).toMatchObject({ connections: 3, connectionsEvicted: 1 });
    // Nothing evictable (one has messages, the others are live): the cap gives way rather than lose data.
    s.applyBatch('r', 3, 0, [create('more')]);
    expect(s.connections.size).toBe(4);
  });

  it('stays bounded when a page opens and closes sockets in a loop', () => {
    const s = new TabStore(1, { maxMessages: 100, maxBytes: 1 << 20, maxMessageBytes: 1 << 20, maxConnections: 50 });
    for (let i = 0; i < 1000; i++) s.applyBatch('r', i + 1, 0, [create(`c${i}`, i), close(`c${i}`, i)]);
    expect(s.connections.size).toBe(50);
    expect(s.stats.connectionsEvicted).toBe(950);
  });
});

describe('lost messages', () => {
  it('records what the relay dropped on the connection, summed, and ignores nonsense counts', () => {
    const s = new TabStore(1);
    s.applyBatch('r', 1, 0, [create('a'), { k: 'lost', conn: 'a', t: 5, messages: 10, bytes: 1000, reason: 'background unreachable' }]);
    s.applyBatch('r', 2, 0, [{ k: 'lost', conn: 'a', t: 9, messages: 2, bytes: 20, reason: 'extension reloaded' }]);
    s.applyBatch('r', 3, 0, [{ k: 'lost', conn: 'a', t: 9, messages: -1, bytes: Number.NaN, reason: 'background unreachable' }]);
    expect(s.connections.get('a')?.lost).toEqual({ messages: 12, bytes: 1020, reason: 'extension reloaded', t: 9 });
  });
});
