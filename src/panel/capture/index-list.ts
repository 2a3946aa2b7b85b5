/**
 * A growable list of ascending sequence numbers with O(1) append and cheap
 * eviction from the front. The panel keeps up to 1,000,000 messages: copying
 * or shifting such arrays per batch would stall the UI, so the front is
 * dropped by moving `start` and the array is compacted only once the dead
 * prefix outweighs the live part (amortised O(1) per element).
 */
export class IndexList {
  private items: number[] = [];
  private start = 0;

  get length(): number {
    return this.items.length - this.start;
  }

  /** The i-th live element (0-based), or undefined past the end. */
  at(i: number): number | undefined {
    return i < 0 ? undefined : this.items[this.start + i];
  }

  push(seq: number): void {
    this.items.push(seq);
  }

  clear(): void {
    this.items = [];
    this.start = 0;
  }

  /** Drops every element < `minSeq` (elements ascend). */
  dropBelow(minSeq: number): void {
    const idx = lowerBound(this.items, minSeq, this.start);
    if (idx === this.start) return;
    this.start = idx;
    if (this.start > 1024 && this.start * 2 > this.items.length) {
      this.items = this.items.slice(this.start);
      this.start = 0;
    }
  }

  /** Position (0-based, live) of the first element >= seq. */
  lowerBound(seq: number): number {
    return lowerBound(this.items, seq, this.start) - this.start;
  }
}

/** First index in [from, arr.length) whose value is >= target, for an ascending array. */
export function lowerBound(arr: ArrayLike<number>, target: number, from = 0): number {
  let lo = from;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((arr[mid] as number) < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
