import { describe, expect, it } from 'vitest';
import { TabStore } from '../../../src/store/tab-store';
import type { StoreEvent as WireEvent } from '../../../src/store/materialize';

const create = (conn: string, t = 1, url = 'ws://h/chat'): WireEvent => ({
  k: 'create',
  conn,
  t,
  url,
  protocols: ['p'],
  frameUrl: 'http://h/',
});
const text = (conn: string, t: number, text: string, dir: 'in' | 'out' = 'in'): WireEvent => ({
  k: 'message',
  conn,
  t,
  dir,
  opcode: 1,
  text,
});
const bin = (conn: string, t: number, b64: string, size: number): WireEvent => ({
  k: 'message',
  conn,
  t,
  dir: 'in',
  opcode: 2,
  bytes: Uint8Array.from(Buffer.from(b64, 'base64')).buffer,
  size,
  carrier: 'Blob',
});
const limits = { maxMessages: 3, maxBytes: 1000, maxMessageBytes: 16 };

describe('TabStore', () => {
  it('builds connections and messages from events, with UTF-8 sizes and per-direction counts', () => {
    const s = new TabStore(7);
    const d = s.applyBatch('r', 1, 0, [
      create('a:1'),
      { k: 'open', conn: 'a:1', t: 2, protocol: 'p', extensions: 'permessage-deflate' },
      text('a:1', 3, 'héllo', 'out'),
      bin('a:1', 4, 'AQID', 3),
      { k: 'closeCall', conn: 'a:1', t: 5, code: 4001, reason: 'bye' },
      { k: 'close', conn: 'a:1', t: 6, code: 4001, reason: 'bye', wasClean: true },
    ]);
    expect(d.messages.map((m) => [m.id, m.dir, m.size, m.data])).toEqual([
      [1, 'out', 6, 'héllo'],
      [2, 'in', 3, 'AQID'],
    ]);
    const c = s.connections.get('a:1');
    expect(c).toMatchObject({
      state: 'closed',
      protocol: 'p',
      extensions: 'permessage-deflate',
      sent: { messages: 1, bytes: 6 },
      received: { messages: 1, bytes: 3 },
    });
    expect(c?.close).toEqual({ code: 4001, reason: 'bye', wasClean: true, t: 6 });
    expect(c?.closeCall).toEqual({ t: 5, code: 4001, reason: 'bye' });
    expect(s.stats).toMatchObject({ connections: 1, messages: 2, bytes: 9 });
  });

  it('ignores events of unknown connections and recognises resent batches', () => {
    const s = new TabStore(1);
    expect(s.applyBatch('r', 1, 0, [text('ghost:1', 1, 'x')]).messages).toEqual([]);
    s.applyBatch('r', 2, 0, [create('a:1')]);
    expect(s.isDuplicate('r', 2)).toBe(true);
    expect(s.isDuplicate('r', 3)).toBe(false);
    expect(s.isDuplicate('other', 1)).toBe(false);
  });

  it('evicts the oldest beyond the count cap and counts them as dropped', () => {
    const s = new TabStore(1, limits);
    s.applyBatch('r', 1, 0, [create('a:1'), ...[1, 2, 3, 4, 5].map((i) => text('a:1', i, `m${i}`))]);
    expect(s.allMessages().map((m) => m.data)).toEqual(['m3', 'm4', 'm5']);
    expect(s.stats).toMatchObject({ messages: 3, dropped: 2, droppedBytes: 4 });
    expect(s.evictedThrough).toBe(2);
  });

  it('evicts by stored bytes too', () => {
    const s = new TabStore(1, { maxMessages: 100, maxBytes: 10, maxMessageBytes: 100 });
    const d = s.applyBatch('r', 1, 0, [create('a:1'), text('a:1', 1, 'aaaaaa'), text('a:1', 2, 'bbbbbb')]);
    expect(d.evictedThrough).toBe(1);
    expect(s.allMessages().map((m) => m.data)).toEqual(['bbbbbb']);
  });

  it('stores a message over the per-message cap truncated, with its full size', () => {
    const s = new TabStore(1, limits);
    const big = 'é'.repeat(20); // 40 bytes, cap 16
    const [m] = s.applyBatch('r', 1, 0, [create('a:1'), text('a:1', 1, big)]).messages;
    expect(m).toMatchObject({ size: 40, truncated: true, data: 'é'.repeat(8) });
    expect(s.stats.truncated).toBe(1);
    const [b] = s.applyBatch('r', 2, 0, [bin('a:1', 2, 'A'.repeat(64), 48)]).messages;
    expect(Buffer.from(b?.data ?? '', 'base64').length).toBe(16); // cut to the cap, then base64
    expect(b).toMatchObject({ size: 48, truncated: true });
  });

  it('skips messages while paused but still follows connections', () => {
    const s = new TabStore(1);
    s.options.paused = true;
    s.applyBatch('r', 1, 0, [
      create('a:1'),
      text('a:1', 1, 'x'),
      { k: 'close', conn: 'a:1', t: 2, code: 1000, reason: '', wasClean: true },
    ]);
    expect(s.messageCount).toBe(0);
    expect(s.stats.skipped).toBe(1);
    expect(s.connections.get('a:1')?.state).toBe('closed');
  });

  it('clear drops messages and finished connections, keeps live sockets', () => {
    const s = new TabStore(1);
    s.applyBatch('r', 1, 0, [
      create('a:1'),
      create('b:1'),
      { k: 'close', conn: 'b:1', t: 2, code: 1000, reason: '', wasClean: true },
      text('a:1', 3, 'x'),
    ]);
    s.clear();
    expect([...s.connections.keys()]).toEqual(['a:1']);
    expect(s.connections.get('a:1')?.received).toEqual({ messages: 0, bytes: 0 });
    expect(s.stats).toMatchObject({ connections: 1, messages: 0 });
    s.applyBatch('r', 2, 0, [text('a:1', 4, 'y')]);
    expect(s.allMessages().map((m) => m.data)).toEqual(['y']);
  });

  it('forgets the old document on navigation', () => {
    const s = new TabStore(1);
    s.applyBatch('r', 1, 0, [create('old:1', 10), text('old:1', 11, 'old'), create('new:1', 30), text('new:1', 31, 'new')]);
    s.forgetBefore(20);
    expect([...s.connections.keys()]).toEqual(['new:1']);
    expect(s.allMessages().map((m) => m.data)).toEqual(['new']);
    expect(s.stats).toMatchObject({ connections: 1, messages: 1, bytes: 3 });
  });

  it('records a binary payload that is missing as a capture error, not a crash', () => {
    const s = new TabStore(1);
    const [m] = s.applyBatch('r', 1, 0, [create('a:1'), { k: 'message', conn: 'a:1', t: 1, dir: 'in', opcode: 2, size: 3 }]).messages;
    expect(m).toMatchObject({ data: '', size: 3, captureError: 'binary payload missing' });
  });

  it('restores from its persisted meta and messages', () => {
    const s = new TabStore(3, limits);
    s.applyBatch('r', 4, 0, [create('a:1'), ...[1, 2, 3, 4].map((i) => text('a:1', i, `m${i}`))]);
    const all = [{ ...s.allMessages()[0]!, id: 1, data: 'm1' }, ...s.allMessages()]; // a persisted chunk may still hold evicted records
    const r = TabStore.restore(s.toMeta(), all, limits);
    expect(r.allMessages().map((m) => m.data)).toEqual(['m2', 'm3', 'm4']);
    expect(r.isDuplicate('r', 4)).toBe(true);
    expect(r.applyBatch('r', 5, 0, [text('a:1', 9, 'm5')]).messages[0]?.id).toBe(5);
  });
});
