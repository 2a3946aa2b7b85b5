/**
 * The messages table sorted by a column (time, size, latency), stable: equal
 * keys keep arrival order in both directions, and rows without a value
 * (a message that is no request/reply) come last in both directions.
 *
 * Built once per list (connection + filter) and sort with a linear radix sort
 * (sort-order.ts), then kept up to date per batch at the cost of the batch:
 * new rows are merged into their sorted place (O(n + batch)), evicted rows
 * dropped. The rows on screen do not move when rows are inserted above them
 * (the table anchors its scroll position on a message, not an index).
 * A latency is known only once the reply arrives: requests still waiting are
 * re-keyed per batch and move into place when answered.
 *
 * Keys that need decoding (latency) are computed in time slices above
 * `threshold` rows, as the chunked filter does, while the table keeps showing
 * the previous order and `progress` says how far it got.
 */
import { signal } from '@preact/signals';
import type { Signal } from '@preact/signals';
import type { MessageRecord } from '../../model/records';
import type { SortColumn, SortSpec } from '../table/column-prefs';
import type { MessageLog } from './message-log';
import type { MessageView, ViewResult } from './message-view';
import { filterRun, mergeRuns, sortRun } from './sort-order';
import type { SortedRun } from './sort-order';

export interface SortKeys {
  /** The row's key, NaN when it has none. */
  key(col: SortColumn, rec: MessageRecord): number;
  /** For a row without a key: whether it may get one later (a request waiting for its reply). */
  mayChange?(col: SortColumn, rec: MessageRecord): boolean;
  /** Computing the column's keys costs more than reading the record (decoding). */
  expensive?(col: SortColumn): boolean;
}

export interface SortProgress {
  col: SortColumn;
  scanned: number;
  total: number;
}

export const SORT_SLICE_ABOVE = 100_000;
const SLICE = 20_000;

/** Plain record fields: time and size need nothing else. */
export const recordKeys: SortKeys = {
  key: (col, rec) => (col === 'time' ? rec.t : col === 'size' ? rec.size : NaN),
};

interface Built {
  id: string;
  run: SortedRun;
  /** Rows without a key yet that may get one (ascending seqs). */
  pending: number[];
  /** Rows of the list with seq below this are in the run. */
  seenEnd: number;
  firstSeq: number;
}

export class SortedViewCache {
  readonly progress: Signal<SortProgress | null> = signal(null);
  private readonly tick = signal(0);
  private built: Built | null = null;
  private scanning: { id: string; abort: AbortController } | null = null;

  constructor(
    private readonly log: MessageLog,
    private readonly keys: SortKeys,
    private readonly threshold = SORT_SLICE_ABOVE,
  ) {}

  get(result: ViewResult, sort: SortSpec | undefined): ViewResult {
    void this.tick.value;
    if (!sort) {
      this.cancel();
      this.built = null;
      return result;
    }
    const id = `${result.key}\u0000${sort.col}\u0000${sort.dir}`;
    if (this.built?.id !== id) {
      const n = result.view.length;
      if (this.keys.expensive?.(sort.col) && n > this.threshold) {
        if (this.scanning?.id !== id) this.startSlices(id, result.view, sort);
        return result; // the previous order until the keys are in
      }
      this.cancel();
      const seqs = tieOrder(result.view, sort);
      const keys = new Float64Array(seqs.length);
      const pending: number[] = [];
      this.readKeys(seqs, 0, seqs.length, keys, pending, sort);
      this.built = this.adopt(id, seqs, keys, pending, this.log.firstSeq);
    }
    const built = this.built as Built;
    this.update(built, result.view, sort);
    return { ...result, view: sortedView(built.run, sort, (seq) => this.physicalKey(seq, sort)) };
  }

  /** The key as stored: no value sorts last whichever the direction. */
  private physicalKey(seq: number, sort: SortSpec): number {
    const rec = this.log.bySeq(seq);
    const k = rec ? this.keys.key(sort.col, rec) : NaN;
    return Number.isNaN(k) ? (sort.dir === 'asc' ? Infinity : -Infinity) : k;
  }

  /** keys[j] of the rows seqs[j], j in [from, to); rows that may get a key later go to `pending`. */
  private readKeys(seqs: Float64Array, from: number, to: number, keys: Float64Array, pending: number[], sort: SortSpec): void {
    for (let j = from; j < to; j++) {
      const seq = seqs[j] as number;
      const rec = this.log.bySeq(seq);
      let k = rec ? this.keys.key(sort.col, rec) : NaN;
      if (Number.isNaN(k)) {
        if (rec && this.keys.mayChange?.(sort.col, rec)) pending.push(seq);
        k = sort.dir === 'asc' ? Infinity : -Infinity;
      }
      keys[j] = k;
    }
  }

  /** The sorted run of rows read in tie order; update() then drops what was evicted and merges what arrived since. */
  private adopt(id: string, seqs: Float64Array, keys: Float64Array, pending: number[], firstSeq: number): Built {
    const n = seqs.length;
    const last = n === 0 ? firstSeq - 1 : Math.max(seqs[0] as number, seqs[n - 1] as number);
    return { id, run: sortRun(keys, seqs, n, n + (n >> 2) + 1024), pending, seenEnd: last + 1, firstSeq };
  }

  private update(b: Built, view: MessageView, sort: SortSpec): void {
    const first = this.log.firstSeq;
    if (first > b.firstSeq) {
      filterRun(b.run, (s) => s >= first);
      b.pending = b.pending.filter((s) => s >= first);
      b.firstSeq = first;
    }
    const seqs: number[] = [];
    const keys: number[] = [];
    // Waiting requests that got their reply leave the no-value end for their place.
    const settled = new Set<number>();
    const stillPending: number[] = [];
    for (const seq of b.pending) {
      const rec = this.log.bySeq(seq);
      const k = rec ? this.keys.key(sort.col, rec) : NaN;
      if (!Number.isNaN(k)) {
        settled.add(seq);
        seqs.push(seq);
        keys.push(k);
      } else if (rec && this.keys.mayChange?.(sort.col, rec)) stillPending.push(seq);
    }
    b.pending = stillPending;
    if (settled.size > 0) filterRun(b.run, (s) => !settled.has(s));
    for (let i = view.indexOfSeq(b.seenEnd); i < view.length; i++) seqs.push(view.seqAt(i) as number);
    b.seenEnd = Math.max(b.seenEnd, this.log.endSeq);
    if (seqs.length === 0) return;
    // The additions in tie order, keyed, sorted, then merged into place.
    const asc = sort.dir === 'asc';
    seqs.sort((x, y) => (asc ? x - y : y - x));
    const add = Float64Array.from(seqs);
    const addKeys = new Float64Array(add.length);
    this.readKeys(add, 0, add.length, addKeys, b.pending, sort);
    mergeRuns(b.run, sortRun(addKeys, add, add.length), asc);
  }

  private cancel(): void {
    if (!this.scanning) return;
    this.scanning.abort.abort();
    this.scanning = null;
    this.progress.value = null;
  }

  private startSlices(id: string, view: MessageView, sort: SortSpec): void {
    this.cancel();
    const abort = new AbortController();
    this.scanning = { id, abort };
    const generation = this.log.generation;
    const firstSeq = this.log.firstSeq;
    const seqs = tieOrder(view, sort);
    const keys = new Float64Array(seqs.length);
    const pending: number[] = [];
    let done = 0;
    const step = () => {
      if (abort.signal.aborted || this.log.generation !== generation) return;
      const to = Math.min(seqs.length, done + SLICE);
      this.readKeys(seqs, done, to, keys, pending, sort);
      done = to;
      this.progress.value = { col: sort.col, scanned: done, total: seqs.length };
      if (done < seqs.length) return void setTimeout(step, 0);
      this.built = this.adopt(id, seqs, keys, pending, firstSeq);
      this.scanning = null;
      this.progress.value = null;
      this.tick.value++;
    };
    // Signals may not be written while a computed runs: start on a later task.
    setTimeout(step, 0);
  }
}

/** The list's seqs in the order equal keys keep: arrival order for asc; reversed for desc, whose run is read backwards. */
function tieOrder(view: MessageView, sort: SortSpec): Float64Array {
  const n = view.length;
  const seqs = new Float64Array(n);
  for (let i = 0; i < n; i++) seqs[i] = view.seqAt(sort.dir === 'asc' ? i : n - 1 - i) as number;
  return seqs;
}

/** Rows in display order over a run kept in ascending physical order (desc reads it backwards). */
function sortedView(run: SortedRun, sort: SortSpec, keyOf: (seq: number) => number): MessageView {
  const n = run.length;
  const asc = sort.dir === 'asc';
  const seqs = run.seqs;
  const lowerBound = (k: number, seq: number): number => {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const mk = run.keys[mid] as number;
      const ms = seqs[mid] as number;
      if (mk < k || (mk === k && (asc ? ms < seq : ms > seq))) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return {
    length: n,
    seqAt: (i) => (i >= 0 && i < n ? (seqs[asc ? i : n - 1 - i] as number) : undefined),
    indexOfSeq: (seq) => {
      let p = lowerBound(keyOf(seq), seq);
      if (seqs[p] !== seq) {
        // A key that changed after it was placed: find the row itself.
        const at = seqs.subarray(0, n).indexOf(seq);
        if (at >= 0) p = at;
        else return asc ? p : n - p;
      }
      return asc ? p : n - 1 - p;
    },
  };
}
