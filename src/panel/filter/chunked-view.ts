/**
 * Filtering never blocks typing: above `threshold` messages a new
 * filter that cannot reuse the previous matches is scanned in time slices
 * (src/filter filterChunked) while the table keeps showing the previous rows
 * and a progress indicator. Small stores, unchanged filters and narrowing
 * filters (queryNarrows: only the previous matches are rescanned) stay
 * synchronous, through FilteredViewCache.
 */
import { signal } from '@preact/signals';
import type { Signal } from '@preact/signals';
import { filterChunked } from '../../filter';
import type { MessageFilter } from './filter-seam';
import { IndexList } from '../capture/index-list';
import type { MessageLog } from '../capture/message-log';
import { FilteredViewCache, sourceView } from '../capture/message-view';
import type { ViewResult } from '../capture/message-view';

export interface FilterProgressState {
  scanned: number;
  total: number;
}

export const CHUNK_ABOVE = 100_000;

export class ChunkedFilterView {
  readonly progress: Signal<FilterProgressState | null> = signal(null);
  /** Bumped when a background scan finishes, so the view recomputes. */
  private readonly tick = signal(0);
  private readonly cache = new FilteredViewCache();
  private shown: { conn: string | null; filter: MessageFilter | null } = { conn: null, filter: null };
  private pending: { key: string; abort: AbortController } | null = null;

  constructor(private readonly threshold = CHUNK_ABOVE) {}

  get(log: MessageLog, conn: string | null, filter: MessageFilter | null): ViewResult {
    void this.tick.value;
    const source = sourceView(log, conn);
    if (!filter || source.length < this.threshold || this.cache.answers(log, conn, filter)) {
      this.cancel();
      this.shown = { conn, filter };
      return this.cache.get(log, conn, filter);
    }
    const key = `${log.generation}\u0000${conn ?? ''}\u0000${filter.key}`;
    if (this.pending?.key !== key) {
      this.cancel();
      const abort = new AbortController();
      this.pending = { key, abort };
      // Signals may not be written while a computed runs: start on the next microtask.
      queueMicrotask(() => void this.scan(log, conn, filter, abort.signal));
    }
    return this.cache.get(log, this.shown.conn, this.shown.filter);
  }

  private cancel(): void {
    if (!this.pending) return;
    this.pending.abort.abort();
    this.pending = null;
    this.progress.value = null;
  }

  private async scan(log: MessageLog, conn: string | null, filter: MessageFilter, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return;
    const source = sourceView(log, conn);
    const generation = log.generation;
    const endSeq = log.endSeq;
    const seqs = new Float64Array(source.length);
    for (let i = 0; i < seqs.length; i++) seqs[i] = source.seqAt(i) as number;
    const list = new IndexList();
    this.progress.value = { scanned: 0, total: seqs.length };
    const test = (seq: number): boolean => {
      const rec = log.bySeq(seq);
      return rec !== undefined && filter.test(rec);
    };
    for await (const step of filterChunked(seqs, test, { signal })) {
      if (signal.aborted || log.generation !== generation) return;
      for (const seq of step.matches) list.push(seq);
      this.progress.value = { scanned: step.scanned, total: step.total };
    }
    if (signal.aborted || log.generation !== generation) return;
    this.cache.adopt(log, conn, filter, list, endSeq);
    this.shown = { conn, filter };
    this.pending = null;
    this.progress.value = null;
    this.tick.value++;
  }
}
