import { describe, expect, it } from 'vitest';
import { Batcher } from '../../../src/hook/batcher';

function rig(limits = { maxEvents: 3, maxBytes: 100, maxDelayMs: 16 }) {
  const batches: unknown[][] = [];
  const timers: Array<() => void> = [];
  const b = new Batcher<number>(
    (e) => batches.push(e),
    (fn) => timers.push(fn),
    limits,
  );
  return { b, batches, timers };
}

describe('Batcher', () => {
  it('flushes at the event limit', () => {
    const { b, batches } = rig();
    [1, 2, 3, 4].forEach((n) => b.push(n, 1));
    expect(batches).toEqual([[1, 2, 3]]);
    expect(b.pending).toBe(1);
  });
  it('flushes at the byte limit', () => {
    const { b, batches } = rig();
    b.push(1, 60);
    b.push(2, 60);
    expect(batches).toEqual([[1, 2]]);
  });
  it('flushes on the timer, arming it once per batch', () => {
    const { b, batches, timers } = rig();
    b.push(1, 1);
    b.push(2, 1);
    expect(timers).toHaveLength(1);
    timers[0]!();
    expect(batches).toEqual([[1, 2]]);
    b.push(3, 1);
    expect(timers).toHaveLength(2);
  });
  it('flush() hands over what is pending and nothing when empty', () => {
    const { b, batches } = rig();
    b.flush();
    b.push(1, 1);
    b.flush();
    expect(batches).toEqual([[1]]);
  });
});
