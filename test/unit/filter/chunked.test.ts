import { describe, expect, it } from 'vitest';
import { filterAll, filterChunked } from '../../../src/filter';
import type { FilterProgress } from '../../../src/filter';

const items = Array.from({ length: 10_000 }, (_, i) => i);
const even = (n: number) => n % 2 === 0;

async function collect<T>(it: AsyncIterable<FilterProgress<T>>): Promise<FilterProgress<T>[]> {
  const out: FilterProgress<T>[] = [];
  for await (const p of it) out.push(p);
  return out;
}

describe('filterAll', () => {
  it('keeps matches in order', () => {
    expect(filterAll([1, 2, 3, 4], even)).toEqual([2, 4]);
    expect(filterAll([], even)).toEqual([]);
  });
});

describe('filterChunked', () => {
  it('finds the same matches as filterAll, in order, with progress', async () => {
    // A clock that always says "out of time": every chunk becomes its own slice.
    const slices = await collect(
      filterChunked(items, even, {
        chunkSize: 3000,
        now: (() => {
          let t = 0;
          return () => (t += 100);
        })(),
      }),
    );
    expect(slices.map((s) => s.scanned)).toEqual([3000, 6000, 9000, 10_000]);
    expect(slices.every((s) => s.total === 10_000)).toBe(true);
    expect(slices.flatMap((s) => s.matches)).toEqual(filterAll(items, even));
  });

  it('groups chunks into one slice while there is time left', async () => {
    const slices = await collect(filterChunked(items, even, { chunkSize: 1000, now: () => 0 }));
    expect(slices).toHaveLength(1);
    expect(slices[0]?.matches).toHaveLength(5000);
  });

  it('yields to the event loop between slices', async () => {
    let yields = 0;
    const yieldToEventLoop = () => {
      yields++;
      return Promise.resolve();
    };
    let t = 0;
    await collect(filterChunked(items, even, { chunkSize: 2500, now: () => (t += 10), yieldToEventLoop }));
    expect(yields).toBe(3); // between 4 slices, not after the last
  });

  it('lets a timer run during a long scan (default yield)', async () => {
    let ticked = false;
    setTimeout(() => {
      ticked = true;
    }, 0);
    let sawTick = false;
    let t = 0;
    for await (const _ of filterChunked(items, even, { chunkSize: 100, now: () => (t += 10) })) if (ticked) sawTick = true;
    expect(sawTick).toBe(true);
  });

  it('stops at the next chunk boundary when aborted', async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    let t = 0;
    for await (const p of filterChunked(items, even, { chunkSize: 1000, signal: controller.signal, now: () => (t += 10) })) {
      seen.push(p.scanned);
      if (p.scanned === 2000) controller.abort();
    }
    expect(seen).toEqual([1000, 2000]);
  });

  it('yields nothing for an empty store', async () => {
    expect(await collect(filterChunked([], even))).toEqual([]);
  });
});
