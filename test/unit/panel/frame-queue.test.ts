import { describe, expect, it } from 'vitest';
import { createFrameQueue } from '../../../src/panel/capture/frame-queue';
import type { FrameScheduler } from '../../../src/panel/capture/frame-queue';

/** A scheduler under the test's hand: frames and timers run only when the test says. */
function manual() {
  let frames: (() => void)[] = [];
  let timers: { run: () => void; ms: number }[] = [];
  const scheduler: FrameScheduler = {
    frame: (run) => {
      frames.push(run);
      return () => void (frames = frames.filter((f) => f !== run));
    },
    timer: (run, ms) => {
      const t = { run, ms };
      timers.push(t);
      return () => void (timers = timers.filter((x) => x !== t));
    },
  };
  return {
    scheduler,
    frame: () => frames.splice(0).forEach((f) => f()),
    timer: () => timers.splice(0).forEach((t) => t.run()),
    pending: () => ({ frames: frames.length, timers: timers.length, ms: timers.map((t) => t.ms) }),
  };
}

describe('createFrameQueue', () => {
  it('applies every event queued before a frame in that frame, once, in order', () => {
    const m = manual();
    const applied: number[][] = [];
    const q = createFrameQueue<number>((items) => applied.push(items), m.scheduler, 100);
    for (let i = 0; i < 500; i++) q.push(i);
    expect(m.pending()).toEqual({ frames: 1, timers: 1, ms: [100] }); // one frame asked for, not one per event
    expect(applied).toEqual([]);
    m.frame();
    expect(applied).toHaveLength(1);
    expect(applied[0]).toEqual(Array.from({ length: 500 }, (_, i) => i));
    expect(m.pending()).toEqual({ frames: 0, timers: 0, ms: [] }); // the fallback timer went with it
    expect(q.size).toBe(0);
  });

  it('a panel without frames (hidden) still applies after maxWaitMs: the queue stays bounded in time', () => {
    const m = manual();
    const applied: string[][] = [];
    const q = createFrameQueue<string>((items) => applied.push(items), m.scheduler, 100);
    q.push('a');
    q.push('b');
    m.timer();
    expect(applied).toEqual([['a', 'b']]);
    expect(m.pending().frames).toBe(0);
    q.push('c');
    m.frame();
    expect(applied).toEqual([['a', 'b'], ['c']]);
  });

  it('without requestAnimationFrame (jsdom, tests) the timer alone applies', () => {
    const m = manual();
    const applied: number[][] = [];
    const q = createFrameQueue<number>((items) => applied.push(items), { timer: m.scheduler.timer }, 0);
    q.push(1);
    q.push(2);
    expect(m.pending()).toEqual({ frames: 0, timers: 1, ms: [0] });
    m.timer();
    expect(applied).toEqual([[1, 2]]);
  });

  it('drop forgets what is queued (a replaced source) and dispose cancels what was scheduled', () => {
    const m = manual();
    const applied: number[][] = [];
    const q = createFrameQueue<number>((items) => applied.push(items), m.scheduler, 100);
    q.push(1);
    q.drop();
    expect(m.pending()).toEqual({ frames: 0, timers: 0, ms: [] });
    q.push(2);
    m.frame();
    expect(applied).toEqual([[2]]);
    q.push(3);
    q.dispose();
    m.frame();
    m.timer();
    expect(applied).toEqual([[2]]);
  });
});
