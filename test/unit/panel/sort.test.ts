import { afterEach, describe, expect, test, vi } from 'vitest';
import { mergeRuns, sortRun, stableOrder } from '../../../src/panel/capture/sort-order';
import { MessageLog } from '../../../src/panel/capture/message-log';
import { FilteredViewCache } from '../../../src/panel/capture/message-view';
import type { MessageView } from '../../../src/panel/capture/message-view';
import { recordKeys, SortedViewCache } from '../../../src/panel/capture/sorted-view';
import type { SortKeys } from '../../../src/panel/capture/sorted-view';
import type { SortSpec } from '../../../src/panel/table/column-prefs';
import { nextSort, readColumnPrefs, setSort, writeColumnPrefs } from '../../../src/panel/table/column-prefs';
import type { MessageRecord } from '../../../src/model/records';
import { msg } from './helpers';

afterEach(() => vi.useRealTimers());

/** A deterministic pseudo-random sequence. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

const referenceOrder = (keys: number[]): number[] =>
  keys
    .map((k, i) => ({ k, i }))
    .sort((a, b) => a.k - b.k || a.i - b.i)
    .map((x) => x.i);

const seqsOf = (v: MessageView): number[] => Array.from({ length: v.length }, (_, i) => v.seqAt(i) as number);

describe('stableOrder (radix)', () => {
  test('equals a stable comparator sort: duplicates, negatives, -0, fractions, infinities, large timestamps', () => {
    const r = rng(1);
    const pool = [0, -0, -1, 1, 0.5, -0.5, Infinity, -Infinity, 1.7e12 + 0.25, 1.7e12, 2 ** 40, 65535, 65536, 1e-300, -1e300];
    for (const n of [0, 1, 2, 17, 1000, 5000]) {
      const keys = Array.from({ length: n }, () =>
        r() < 0.3 ? (pool[Math.floor(r() * pool.length)] as number) : Math.floor(r() * 50) - 10,
      );
      expect(Array.from(stableOrder(keys))).toEqual(referenceOrder(keys));
    }
  });
  test('equal keys keep input order (the tie order)', () => {
    expect(Array.from(stableOrder([3, 1, 3, 1, 2, 3]))).toEqual([1, 3, 4, 0, 2, 5]);
  });
  test('merging a batch into a run equals sorting everything', () => {
    const r = rng(2);
    for (const asc of [true, false]) {
      const keys = Array.from({ length: 3000 }, () => Math.floor(r() * 100));
      const seqs = keys.map((_, i) => (asc ? i : 2999 - i));
      const run = sortRun(keys.slice(0, 2000), seqs.slice(0, 2000), 2000);
      mergeRuns(run, sortRun(keys.slice(2000), seqs.slice(2000), 1000), asc);
      const whole = sortRun(keys, seqs, 3000);
      expect(Array.from(run.seqs.subarray(0, run.length))).toEqual(Array.from(whole.seqs));
    }
  });
});

describe('sort prefs', () => {
  test('a header click cycles ascending, descending, arrival order; another column starts ascending', () => {
    expect(nextSort(undefined, 'size')).toEqual({ col: 'size', dir: 'asc' });
    expect(nextSort({ col: 'size', dir: 'asc' }, 'size')).toEqual({ col: 'size', dir: 'desc' });
    expect(nextSort({ col: 'size', dir: 'desc' }, 'size')).toBeUndefined();
    expect(nextSort({ col: 'size', dir: 'desc' }, 'time')).toEqual({ col: 'time', dir: 'asc' });
  });
  test('the sort is stored with the column prefs; a bad stored sort is dropped', () => {
    const p = setSort(readColumnPrefs(null), { col: 'latency', dir: 'desc' });
    expect(readColumnPrefs(writeColumnPrefs(p)).sort).toEqual({ col: 'latency', dir: 'desc' });
    expect(readColumnPrefs(writeColumnPrefs(setSort(p, undefined))).sort).toBeUndefined();
    for (const bad of ['{"sort":{"col":"data","dir":"asc"}}', '{"sort":{"col":"size","dir":"up"}}', '{"sort":"size"}'])
      expect(readColumnPrefs(bad).sort).toBeUndefined();
  });
});

function logOf(sizes: number[], conn: (i: number) => string = () => 'c1'): MessageLog {
  const log = new MessageLog();
  log.append(sizes.map((size, i) => msg(i + 1, { size, conn: conn(i) })));
  return log;
}

/** Seqs of `log`'s rows in the order a reference stable sort gives. */
function expected(log: MessageLog, seqs: number[], sort: SortSpec, key: (r: MessageRecord) => number): number[] {
  const k = (s: number) => key(log.bySeq(s) as MessageRecord);
  const valued = seqs.filter((s) => !Number.isNaN(k(s)));
  const none = seqs.filter((s) => Number.isNaN(k(s)));
  valued.sort((a, b) => (sort.dir === 'asc' ? k(a) - k(b) : k(b) - k(a)) || a - b);
  return [...valued, ...none];
}

describe('SortedViewCache', () => {
  const all = (log: MessageLog) => new FilteredViewCache().get(log, null, null);

  test('sorts by size in both directions, stable, and finds every row (indexOfSeq)', () => {
    const r = rng(3);
    const log = logOf(Array.from({ length: 500 }, () => Math.floor(r() * 20)));
    const cache = new SortedViewCache(log, recordKeys);
    for (const sort of [
      { col: 'size', dir: 'asc' },
      { col: 'size', dir: 'desc' },
    ] as const) {
      const { view } = cache.get(all(log), sort);
      const got = seqsOf(view);
      expect(got).toEqual(expected(log, seqsOf(all(log).view), sort, (rec) => rec.size));
      got.forEach((seq, i) => expect(view.indexOfSeq(seq)).toBe(i));
    }
    expect(seqsOf(cache.get(all(log), undefined).view)).toEqual(seqsOf(all(log).view)); // off: arrival order
  });

  test('live batches are merged into their sorted place; evicted rows leave; same as sorting from scratch', () => {
    const r = rng(4);
    const log = logOf(Array.from({ length: 300 }, () => Math.floor(r() * 10)));
    for (const dir of ['asc', 'desc'] as const) {
      const sort: SortSpec = { col: 'size', dir };
      const live = new SortedViewCache(log, recordKeys);
      live.get(all(log), sort);
      for (let b = 0; b < 5; b++) {
        const id = log.lastId + 1;
        log.append(Array.from({ length: 40 }, (_, i) => msg(id + i, { size: Math.floor(r() * 10) })));
        if (b === 2) log.evictThrough(log.bySeq(log.firstSeq + 50)?.id as number);
        const got = seqsOf(live.get(all(log), sort).view);
        expect(got).toEqual(seqsOf(new SortedViewCache(log, recordKeys).get(all(log), sort).view));
        expect(got).toEqual(expected(log, seqsOf(all(log).view), sort, (rec) => rec.size));
      }
    }
  });

  test('a filtered list is sorted; another filter or connection is a new list', () => {
    const log = logOf([5, 1, 4, 1, 3, 9], (i) => (i % 2 ? 'c2' : 'c1'));
    const cache = new SortedViewCache(log, recordKeys);
    const views = new FilteredViewCache();
    const sort: SortSpec = { col: 'size', dir: 'asc' };
    const big = { key: 'big', test: (rec: MessageRecord) => rec.size > 1 };
    expect(seqsOf(cache.get(views.get(log, null, big), sort).view).map((s) => log.bySeq(s)?.size)).toEqual([3, 4, 5, 9]);
    expect(seqsOf(cache.get(new FilteredViewCache().get(log, 'c2', null), sort).view).map((s) => log.bySeq(s)?.size)).toEqual([1, 1, 9]);
  });

  test('rows without a key come last in both directions; a request answered later moves into place', () => {
    const log = logOf([1, 2, 3, 4, 5, 6]);
    const latency = new Map<number, number>([
      [1, 30],
      [3, 10],
    ]);
    const waiting = new Set([5]);
    const keys: SortKeys = { key: (_c, rec) => latency.get(rec.id) ?? NaN, mayChange: (_c, rec) => waiting.has(rec.id) };
    const cache = new SortedViewCache(log, keys);
    const ids = (sort: SortSpec) => seqsOf(cache.get(all(log), sort).view).map((s) => log.bySeq(s)?.id);
    expect(ids({ col: 'latency', dir: 'asc' })).toEqual([3, 1, 2, 4, 5, 6]);
    expect(ids({ col: 'latency', dir: 'desc' })).toEqual([1, 3, 2, 4, 5, 6]);
    latency.set(5, 20);
    waiting.delete(5);
    log.append([msg(7)]);
    expect(ids({ col: 'latency', dir: 'desc' })).toEqual([1, 5, 3, 2, 4, 6, 7]);
  });

  test('expensive keys over a large list are read in slices; the previous order shows meanwhile', async () => {
    vi.useFakeTimers();
    const log = logOf(Array.from({ length: 50_000 }, (_, i) => (i * 7919) % 1000));
    const keys: SortKeys = { ...recordKeys, key: (_c, rec) => rec.size, expensive: () => true };
    const cache = new SortedViewCache(log, keys, 10_000);
    const sort: SortSpec = { col: 'latency', dir: 'asc' };
    expect(seqsOf(cache.get(all(log), sort).view)).toEqual(seqsOf(all(log).view));
    await vi.advanceTimersToNextTimerAsync();
    expect(cache.progress.value?.scanned).toBeGreaterThan(0);
    log.append([msg(50_001, { size: 0 })]); // arrives while keys are read
    await vi.runAllTimersAsync();
    expect(cache.progress.value).toBeNull();
    const got = seqsOf(cache.get(all(log), sort).view);
    expect(got).toEqual(expected(log, seqsOf(all(log).view), sort, (rec) => rec.size));
  });
});
