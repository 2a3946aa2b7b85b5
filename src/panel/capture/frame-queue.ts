/**
 * Live deliveries from the background, applied once per animation frame.
 *
 * Under a flood the port delivers several `messages`/`stats`/`connections`
 * events per frame. Applying each (or each 16 ms timer's worth) renders and
 * lays out the table more often than the browser paints, and a timer does
 * not line up with frames: a render could land just after a frame and the
 * next frame then waits for the one after. So events are queued and the
 * queue is applied in the next animation-frame callback: at most one apply,
 * one render and one layout per painted frame. A hidden panel gets no
 * frames, so a timer (`maxWaitMs`) applies the queue anyway: the queue never
 * holds more than that much time of events. Pure: the scheduler is injected.
 */

/** Returns a function that cancels the callback. */
export interface FrameScheduler {
  /** requestAnimationFrame, or none where there are no frames (jsdom, tests). */
  frame?: (run: () => void) => () => void;
  timer: (run: () => void, ms: number) => () => void;
}

export interface FrameQueue<T> {
  push(item: T): void;
  /** Forgets what is queued (the events of a source being replaced). */
  drop(): void;
  /** Items waiting for the next apply. */
  readonly size: number;
  dispose(): void;
}

export function createFrameQueue<T>(apply: (items: T[]) => void, scheduler: FrameScheduler, maxWaitMs: number): FrameQueue<T> {
  let items: T[] = [];
  let cancels: (() => void)[] = [];
  const unschedule = (): void => {
    for (const cancel of cancels) cancel();
    cancels = [];
  };
  const drop = (): void => {
    unschedule();
    items = [];
  };
  const flush = (): void => {
    unschedule();
    const batch = items;
    items = [];
    if (batch.length > 0) apply(batch);
  };
  return {
    push(item) {
      items.push(item);
      if (cancels.length > 0) return;
      if (scheduler.frame) cancels.push(scheduler.frame(flush));
      cancels.push(scheduler.timer(flush, maxWaitMs));
    },
    drop,
    get size() {
      return items.length;
    },
    dispose: drop, // nothing else is held
  };
}

/** The browser's scheduler: animation frames where the page has them, and timers. */
export function browserFrameScheduler(): FrameScheduler {
  const timer = (run: () => void, ms: number): (() => void) => {
    const id = setTimeout(run, ms);
    return () => clearTimeout(id);
  };
  if (typeof requestAnimationFrame !== 'function' || typeof cancelAnimationFrame !== 'function') return { timer };
  // Taken now: a timer may still run after the page (or a test's jsdom) took its globals away.
  const request = requestAnimationFrame.bind(globalThis);
  const cancel = cancelAnimationFrame.bind(globalThis);
  return {
    frame: (run) => {
      const id = request(run);
      return () => cancel(id);
    },
    timer,
  };
}
