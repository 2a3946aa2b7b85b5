import { describe, expect, test } from 'vitest';
import { IndexList } from '../../../src/panel/capture/index-list';

describe('IndexList (Float64Array storage)', () => {
  test('grows, drops its front, compacts and keeps order and positions', () => {
    const list = new IndexList();
    const seqs = Array.from({ length: 5000 }, (_, i) => i * 3 + 2 ** 40); // seqs past 2^32 stay exact
    for (const s of seqs) list.push(s);
    expect(list.length).toBe(5000);
    expect(list.at(4999)).toBe(seqs[4999]);
    expect(list.at(5000)).toBeUndefined();
    expect(list.at(-1)).toBeUndefined();
    list.dropBelow(seqs[3000] as number); // past half: compacts
    expect(list.length).toBe(2000);
    expect(list.at(0)).toBe(seqs[3000]);
    expect(list.lowerBound((seqs[3001] as number) - 1)).toBe(1);
    for (let i = 0; i < 100; i++) list.push(2 ** 41 + i);
    expect(Array.from(list.view())).toEqual([...seqs.slice(3000), ...Array.from({ length: 100 }, (_, i) => 2 ** 41 + i)]);
    list.clear();
    expect(list.length).toBe(0);
    expect(list.lowerBound(5)).toBe(0);
  });
});
