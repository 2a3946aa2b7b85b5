/**
 * Running a predicate over a big store: all at once, or in time slices that
 * yield to the event loop so typing in the filter box never stalls.
 */

/** Synchronous: the matching items, in order. */
export function filterAll<T>(items: ArrayLike<T>, predicate: (item: T) => boolean): T[] {
  const out: T[] = [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as T;
    if (predicate(item)) out.push(item);
  }
  return out;
}

export interface ChunkOptions {
  /** Items tested between two looks at the clock. Default 4096. */
  chunkSize?: number;
  /** Time to work before yielding, in ms. Default 8 (half a 60 Hz frame). */
  sliceMs?: number;
  /** Aborting stops the scan at the next chunk boundary; the iterator then just ends. */
  signal?: AbortSignal;
  /** How to yield. Default: a macrotask (MessageChannel when available, else setTimeout). */
  yieldToEventLoop?: () => Promise<void>;
  /** Clock, for tests. Default performance.now. */
  now?: () => number;
}

export interface FilterProgress<T> {
  /** The matches found in this slice (not cumulative). */
  matches: T[];
  /** Items scanned so far, and in all: for a progress bar. */
  scanned: number;
  total: number;
}

/**
 * Zero-delay macrotask. setTimeout(0) is clamped to 4 ms after a few nested
 * calls (HTML timers spec), which would add seconds to a 1M-record scan.
 */
function defaultYield(): Promise<void> {
  if (typeof MessageChannel === 'undefined') return new Promise((resolve) => setTimeout(resolve, 0));
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      ch.port1.close();
      resolve();
    };
    ch.port2.postMessage(null);
  });
}

/**
 * Scans `items` in slices of about `sliceMs`, yielding the matches of each
 * slice. The store may grow meanwhile: the length is read once at the start,
 * and the panel appends newer records through its live path.
 */
export async function* filterChunked<T>(
  items: ArrayLike<T>,
  predicate: (item: T) => boolean,
  options: ChunkOptions = {},
): AsyncGenerator<FilterProgress<T>, void, undefined> {
  const { chunkSize = 4096, sliceMs = 8, signal, yieldToEventLoop = defaultYield, now = () => performance.now() } = options;
  const total = items.length;
  let i = 0;
  while (i < total) {
    if (signal?.aborted) return;
    const sliceStart = now();
    const matches: T[] = [];
    do {
      const end = Math.min(total, i + Math.max(1, chunkSize));
      for (; i < end; i++) {
        const item = items[i] as T;
        if (predicate(item)) matches.push(item);
      }
    } while (i < total && now() - sliceStart < sliceMs);
    yield { matches, scanned: i, total };
    if (i < total) await yieldToEventLoop();
  }
}
