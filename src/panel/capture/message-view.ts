/**
 * What the messages table shows: a read-only list of log seqs, for all
 * connections, one connection, or either narrowed by a filter. Filtered
 * lists are cached and extended incrementally as batches arrive, so typing
 * scans the log once and live traffic costs only the new records.
 */
import type { MessageFilter } from '../filter/filter-seam';
import { IndexList } from './index-list';
import type { MessageLog } from './message-log';

export interface MessageView {
  readonly length: number;
  seqAt(i: number): number | undefined;
  /** Position of the first element whose seq is >= seq (may equal length). */
  indexOfSeq(seq: number): number;
}

function allView(log: MessageLog): MessageView {
  const first = log.firstSeq;
  return {
    length: log.length,
    seqAt: (i) => (i >= 0 && i < log.length ? first + i : undefined),
    indexOfSeq: (seq) => Math.min(Math.max(seq - first, 0), log.length),
  };
}

function listView(list: IndexList | undefined): MessageView {
  if (!list) return { length: 0, seqAt: () => undefined, indexOfSeq: () => 0 };
  return { length: list.length, seqAt: (i) => list.at(i), indexOfSeq: (seq) => list.lowerBound(seq) };
}

export function sourceView(log: MessageLog, conn: string | null): MessageView {
  return conn === null ? allView(log) : listView(log.connIndex(conn));
}

/** The view for (conn, filter), plus how many messages of the unfiltered source it hides. */
export interface ViewResult {
  view: MessageView;
  total: number;
  hidden: number;
  /** Names the list: the same key means the same rows so far, extended by appends at the end (and evictions at the front). */
  key: string;
}

/** Keeps the last filtered list and extends it instead of rescanning. */
export class FilteredViewCache {
  private key = '';
  private scope = '';
  private filterKey = '';
  private list = new IndexList();
  private scannedEnd = 0;

  get(log: MessageLog, conn: string | null, filter: MessageFilter | null): ViewResult {
    const source = sourceView(log, conn);
    if (!filter) return { view: source, total: source.length, hidden: 0, key: `${log.generation}\u0000${conn ?? ''}` };
    const scope = `${log.generation}\u0000${conn ?? ''}`;
    const key = `${scope}\u0000${filter.key}`;
    if (key !== this.key) {
      if (scope === this.scope && this.filterKey !== '' && filter.narrows?.(this.filterKey)) {
        // Narrowing: only the previous matches can still match.
        this.list = this.refine(log, filter);
      } else {
        this.list = new IndexList();
        this.scannedEnd = log.firstSeq;
      }
      this.key = key;
      this.scope = scope;
      this.filterKey = filter.key;
    }
    this.list.dropBelow(log.firstSeq);
    if (conn === null) {
      const list = this.list;
      log.scan(this.scannedEnd, filter.test, (seq) => list.push(seq));
    } else {
      for (let i = source.indexOfSeq(this.scannedEnd); i < source.length; i++) {
        const seq = source.seqAt(i) as number;
        const rec = log.bySeq(seq);
        if (rec && filter.test(rec)) this.list.push(seq);
      }
    }
    this.scannedEnd = log.endSeq;
    const view = listView(this.list);
    return { view, total: source.length, hidden: source.length - view.length, key: this.key };
  }

  /** True when get() for (conn, filter) needs no full scan: same filter, or one that narrows the cached one. */
  answers(log: MessageLog, conn: string | null, filter: MessageFilter): boolean {
    const scope = `${log.generation}\u0000${conn ?? ''}`;
    if (scope !== this.scope) return false;
    return `${scope}\u0000${filter.key}` === this.key || (this.filterKey !== '' && filter.narrows?.(this.filterKey) === true);
  }

  /** Installs the matches of a scan made elsewhere (chunked), valid up to `scannedEnd`; get() extends them. */
  adopt(log: MessageLog, conn: string | null, filter: MessageFilter, list: IndexList, scannedEnd: number): void {
    this.scope = `${log.generation}\u0000${conn ?? ''}`;
    this.key = `${this.scope}\u0000${filter.key}`;
    this.filterKey = filter.key;
    this.list = list;
    this.scannedEnd = scannedEnd;
  }

  private refine(log: MessageLog, filter: MessageFilter): IndexList {
    const next = new IndexList(this.list.length);
    log.rescan(this.list.view(), filter.test, next);
    return next;
  }
}
