// @vitest-environment jsdom
import { describe, expect, test } from 'vitest';
import { applyEvent, compileQuickFilter, createPanelStore } from '../../../src/panel';
import type { PanelStore } from '../../../src/panel';
import { conn, LIMITS, manyMessages, msg, OPTIONS, reset, STATS } from './helpers';

const ids = (store: PanelStore): number[] => {
  const { view } = store.view.value;
  return Array.from({ length: view.length }, (_, i) => store.log.bySeq(view.seqAt(i) ?? -1)?.id ?? -1);
};

describe('applyEvent', () => {
  test('reset replaces connections, options, limits, stats and messages', () => {
    const store = createPanelStore();
    applyEvent(store, reset([conn('c1')]));
    applyEvent(store, { type: 'messages', records: [msg(1), msg(2)] });
    store.selectedConn.value = 'gone';
    const stats = { ...STATS, connections: 2, messages: 0 };
    applyEvent(
      store,
      reset([conn('b', { created: 2 }), conn('a', { created: 1 })], { tabId: 9, options: { paused: true, preserveLog: true }, stats }),
    );
    expect(store.tabId.value).toBe(9);
    expect([...store.connections.value.keys()]).toEqual(['a', 'b']);
    expect(store.options.value).toEqual({ paused: true, preserveLog: true });
    expect(store.limits.value).toEqual(LIMITS);
    expect(store.stats.value).toEqual(stats);
    expect(store.log.length).toBe(0);
    expect(store.hasSnapshot.value).toBe(true);
    expect(store.link.value).toBe('live');
    expect(store.selectedConn.value).toBeNull();
  });

  test('messages append in place, bump the version once per batch, skip duplicate ids', () => {
    const store = createPanelStore();
    applyEvent(store, reset());
    const v0 = store.version.value;
    applyEvent(store, { type: 'messages', records: [msg(1), msg(2), msg(3)] });
    expect(store.version.value).toBe(v0 + 1);
    applyEvent(store, { type: 'messages', records: [msg(3), msg(4)] });
    expect(store.version.value).toBe(v0 + 2);
    applyEvent(store, { type: 'messages', records: [msg(2)] });
    expect(store.version.value).toBe(v0 + 2);
    expect(ids(store)).toEqual([1, 2, 3, 4]);
  });

  test('per-connection index is maintained incrementally', () => {
    const store = createPanelStore();
    applyEvent(store, reset([conn('a'), conn('b')]));
    applyEvent(store, { type: 'messages', records: [msg(1, { conn: 'a' }), msg(2, { conn: 'b' }), msg(3, { conn: 'a' })] });
    store.selectedConn.value = 'a';
    expect(ids(store)).toEqual([1, 3]);
    applyEvent(store, { type: 'messages', records: [msg(4, { conn: 'b' }), msg(5, { conn: 'a' })] });
    expect(ids(store)).toEqual([1, 3, 5]);
    store.selectedConn.value = 'b';
    expect(ids(store)).toEqual([2, 4]);
  });

  test('connections upsert keeps order and replaces whole records', () => {
    const store = createPanelStore();
    applyEvent(store, reset([conn('a'), conn('b')]));
    applyEvent(store, { type: 'connections', connections: [conn('b', { state: 'closed' }), conn('c')] });
    expect([...store.connections.value.keys()]).toEqual(['a', 'b', 'c']);
    expect(store.connections.value.get('b')?.state).toBe('closed');
  });

  test('stats and options', () => {
    const store = createPanelStore();
    applyEvent(store, { type: 'stats', stats: { ...STATS, dropped: 5 } });
    applyEvent(store, { type: 'options', options: { ...OPTIONS, paused: true } });
    expect(store.stats.value.dropped).toBe(5);
    expect(store.options.value.paused).toBe(true);
  });

  test('evicted drops ids <= throughId from the front, everywhere', () => {
    const store = createPanelStore();
    applyEvent(store, reset([conn('a'), conn('b')]));
    applyEvent(store, { type: 'messages', records: [1, 2, 3, 4, 5, 6].map((i) => msg(i, { conn: i % 2 ? 'a' : 'b' })) });
    applyEvent(store, { type: 'evicted', throughId: 3 });
    expect(ids(store)).toEqual([4, 5, 6]);
    expect(store.log.seqOfId(2)).toBeUndefined();
    store.selectedConn.value = 'a';
    expect(ids(store)).toEqual([5]);
    store.filterText.value = 'message';
    expect(ids(store)).toEqual([5]);
    applyEvent(store, { type: 'evicted', throughId: 100 });
    expect(ids(store)).toEqual([]);
    applyEvent(store, { type: 'messages', records: [msg(101, { conn: 'a' })] });
    expect(ids(store)).toEqual([101]);
  });

  test('1,000,000 messages: append and evict stay fast and consistent', () => {
    const store = createPanelStore();
    applyEvent(store, reset([conn('a'), conn('b')]));
    const all = manyMessages(1_000_000, ['a', 'b']);
    const t0 = performance.now();
    for (let i = 0; i < all.length; i += 5000) applyEvent(store, { type: 'messages', records: all.slice(i, i + 5000) });
    for (let through = 1000; through <= 500_000; through += 1000) applyEvent(store, { type: 'evicted', throughId: through });
    const elapsed = performance.now() - t0;
    expect(store.log.length).toBe(500_000);
    expect(store.log.bySeq(store.log.firstSeq)?.id).toBe(500_001);
    store.selectedConn.value = 'b';
    const { view } = store.view.value;
    expect(view.length).toBe(250_000);
    expect(store.log.bySeq(view.seqAt(0) ?? -1)?.id).toBe(500_002);
    expect(elapsed).toBeLessThan(5000);
  });

  test('quick filter is case-insensitive, incremental, and reports hidden count', () => {
    const store = createPanelStore();
    applyEvent(store, reset([conn('c1')]));
    applyEvent(store, { type: 'messages', records: [msg(1, { data: 'Hello' }), msg(2, { data: 'bye' }), msg(3, { data: 'HELLO again' })] });
    store.filterText.value = 'hello';
    expect(ids(store)).toEqual([1, 3]);
    expect(store.view.value.hidden).toBe(1);
    applyEvent(store, { type: 'messages', records: [msg(4, { data: 'ohello' }), msg(5, { data: 'no' })] });
    expect(ids(store)).toEqual([1, 3, 4]);
    expect(store.view.value.hidden).toBe(2);
    // binary payloads match on their hex preview
    applyEvent(store, { type: 'messages', records: [msg(6, { opcode: 2, data: btoa('\xde\xad\xbe\xef') })] });
    store.filterText.value = 'AD BE';
    expect(ids(store)).toEqual([6]);
  });

  test('narrowing a filter rescans only the previous matches, and stays exact', () => {
    let tested = 0;
    const store = createPanelStore({
      compileFilter: (text, ctx) => {
        const quick = compileQuickFilter(text, ctx);
        const f = quick.filter;
        return f ? { filter: { ...f, test: (m) => (tested++, f.test(m)) } } : quick;
      },
    });
    applyEvent(store, reset([conn('c1')]));
    applyEvent(store, { type: 'messages', records: Array.from({ length: 1000 }, (_, i) => msg(i + 1)) });
    store.filterText.value = 'message 1';
    expect(store.view.value.view.length).toBe(112); // 1, 10–19, 100–199, 1000
    tested = 0;
    applyEvent(store, { type: 'messages', records: [msg(1001), msg(1002)] });
    store.filterText.value = 'message 10';
    expect(ids(store)).toEqual([10, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 1000, 1001, 1002]);
    // The previous matches, then the two new records (the view is computed lazily, so only once).
    expect(tested).toBe(112 + 2);
    store.filterText.value = 'message 2'; // not a narrowing: full scan
    expect(store.view.value.view.length).toBe(111); // 2, 20–29, 200–299
  });

  test('selectedRecord is stable across batches and goes away with eviction', () => {
    const store = createPanelStore();
    applyEvent(store, reset([conn('c1')]));
    applyEvent(store, { type: 'messages', records: [msg(1), msg(2)] });
    store.selectedMsg.value = 2;
    const first = store.selectedRecord.value;
    expect(first?.id).toBe(2);
    applyEvent(store, { type: 'messages', records: [msg(3)] });
    expect(store.selectedRecord.value).toBe(first);
    applyEvent(store, { type: 'evicted', throughId: 2 });
    expect(store.selectedRecord.value).toBeUndefined();
  });

  test('unknown event types are ignored', () => {
    const store = createPanelStore();
    const before = store.version.value;
    applyEvent(store, { type: 'future-thing' } as unknown as Parameters<typeof applyEvent>[1]);
    expect(store.version.value).toBe(before);
  });
});
