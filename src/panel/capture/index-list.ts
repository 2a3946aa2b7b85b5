/**
 * A growable list of ascending sequence numbers with O(1) append and cheap
 * eviction from the front. The panel keeps up to 1,000,000 messages: copying
 * or shifting such arrays per batch would stall the UI, so the front is
 * dropped by moving `start` and the array is compacted only once the dead
 * prefix outweighs the live part (amortised O(1) per element).
 *
 * The seqs live in a Float64Array (exact integers up to 2^53): growing it is
 * one memcpy outside the JS heap, so a 1M-row filter result neither copies
 * element by element nor wakes the garbage collector over the whole log.
 */
export class IndexList {
  private items: Float64Array;
  private start = 0;
  private end = 0;

  constructor(capacity = 16) {
    this.items = new Float64Array(Math.max(16, capacity));
  }

  get length(): number {
    return this.end - this.start;
  }

  /** The i-th live element (0-based), or undefined past the end. */
  at(i: number): number | undefined {
    return i < 0 || i >= this.end - this.start ? undefined : this.items[this.start + i];
  }

  push(seq: number): void {
    if (this.end === this.items.length) this.grow();
    this.items[this.end++] = seq;
  }

  clear(): void {
    this.items = new Float64Array(16);
    this.start = 0;
    this.end = 0;
  }

  /** Drops every element < `minSeq` (elements ascend). */
  dropBelow(minSeq: number): void {
    const idx = lowerBound(this.items, minSeq, this.start, this.end);
    if (idx === this.start) return;
    this.start = idx;
    if (this.start > 1024 && this.start * 2 > this.end) {
      this.items = this.items.slice(this.start, Math.max(this.end, this.start + 16));
      this.end -= this.start;
      this.start = 0;
    }
  }

  /** Position (0-based, live) of the first element >= seq. */
  lowerBound(seq: number): number {
    return lowerBound(this.items, seq, this.start, this.end) - this.start;
  }

  /** The live elements as a view on the backing store (no copy): valid until the next push or dropBelow. */
  view(): Float64Array {
    return this.items.subarray(this.start, this.end);
  }

  private grow(): void {
    const next = new Float64Array(Math.max(16, (this.end - this.start) * 2));
    next.set(this.items.subarray(this.start, this.end));
    this.end -= this.start;
    this.start = 0;
    this.items = next;
  }
}

/** First index in [from, to) whose value is >= target, for an ascending array. */
export function lowerBound(arr: ArrayLike<number>, target: number, from = 0, to = arr.length): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((arr[mid] as number) < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
