/**
 * The user's shape of the messages table, pure: which columns are hidden and
 * the widths dragged on the header, read from and written to a string
 * (the extension page's localStorage). Reading is total: anything stored
 * that is not a known column or a sane width is dropped, never thrown.
 * Data is never hidden and takes the rest of the width (1fr).
 */

/** The table's columns left of Data, in order. Persisted: append, never reorder or rename. */
export const COLUMNS = ['conn', 'time', 'dir', 'type', 'size', 'decoded', 'latency'] as const;
export type ColumnId = (typeof COLUMNS)[number];

export const COLUMN_LABELS: Record<ColumnId, string> = {
  conn: 'Conn',
  time: 'Time',
  dir: 'Direction',
  type: 'Type',
  size: 'Size',
  decoded: 'Decoded',
  latency: 'Latency',
};

/**
 * The CSS variable panel.css sizes each column with by default (a narrow table
 * trims them in container queries), and its value outside any query: the
 * template is written with resolved values, because a custom property that
 * refers to --c-* is resolved where it is declared (the table), where the
 * row-level --c-* do not exist.
 */
export const DEFAULT_VAR: Record<ColumnId, string> = {
  conn: '--c-conn',
  time: '--c-time',
  dir: '--c-dir',
  type: '--c-type',
  size: '--c-size',
  decoded: '--c-dec',
  latency: '--c-lat',
};
const FALLBACK_WIDTH: Record<ColumnId, string> = {
  conn: '96px',
  time: '88px',
  dir: '16px',
  type: '112px',
  size: '62px',
  decoded: 'minmax(0, 20%)',
  latency: '56px',
};
export type ColumnDefaults = Partial<Record<ColumnId, string>>;

export const MIN_WIDTH = 16;
export const MAX_WIDTH = 1200;
export const COLUMN_PREFS_KEY = 'sockscope.columns.v1';

/** The columns the table sorts by (stable; capture/sorted-view.ts). Persisted: append, never rename. */
export const SORTABLE = ['time', 'size', 'latency'] as const;
export type SortColumn = (typeof SORTABLE)[number];
export interface SortSpec {
  col: SortColumn;
  dir: 'asc' | 'desc';
}

export interface ColumnPrefs {
  hidden: readonly ColumnId[];
  widths: Partial<Record<ColumnId, number>>;
  /** Absent: arrival order. */
  sort?: SortSpec;
}

export const DEFAULT_PREFS: ColumnPrefs = { hidden: [], widths: {} };

export const isSortable = (c: string): c is SortColumn => (SORTABLE as readonly string[]).includes(c);

/** A click on a header: ascending, then descending, then arrival order (as DevTools' tables cycle). */
export function nextSort(current: SortSpec | undefined, col: SortColumn): SortSpec | undefined {
  if (current?.col !== col) return { col, dir: 'asc' };
  return current.dir === 'asc' ? { col, dir: 'desc' } : undefined;
}

export function setSort(p: ColumnPrefs, sort: SortSpec | undefined): ColumnPrefs {
  const { sort: _old, ...rest } = p;
  return sort ? { ...rest, sort } : rest;
}

function readSort(raw: unknown): SortSpec | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const { col, dir } = raw as { col?: unknown; dir?: unknown };
  return typeof col === 'string' && isSortable(col) && (dir === 'asc' || dir === 'desc') ? { col, dir } : undefined;
}

const isColumn = (x: unknown): x is ColumnId => typeof x === 'string' && (COLUMNS as readonly string[]).includes(x);

export const clampWidth = (w: number): number => Math.round(Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, w)));

/** Prefs from stored text; defaults for null, bad JSON or any other shape. */
export function readColumnPrefs(text: string | null): ColumnPrefs {
  if (text === null) return DEFAULT_PREFS;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return DEFAULT_PREFS;
  }
  if (typeof raw !== 'object' || raw === null) return DEFAULT_PREFS;
  const { hidden, widths, sort } = raw as { hidden?: unknown; widths?: unknown; sort?: unknown };
  const out: { hidden: ColumnId[]; widths: Partial<Record<ColumnId, number>>; sort?: SortSpec } = { hidden: [], widths: {} };
  const order = readSort(sort);
  if (order) out.sort = order;
  if (Array.isArray(hidden)) for (const c of hidden) if (isColumn(c) && !out.hidden.includes(c)) out.hidden.push(c);
  if (typeof widths === 'object' && widths !== null) {
    for (const c of COLUMNS) {
      const w = (widths as Record<string, unknown>)[c];
      if (typeof w === 'number' && Number.isFinite(w)) out.widths[c] = clampWidth(w);
    }
  }
  return out;
}

export const writeColumnPrefs = (p: ColumnPrefs): string => JSON.stringify(p);

export function setHidden(p: ColumnPrefs, col: ColumnId, hide: boolean): ColumnPrefs {
  const rest = p.hidden.filter((c) => c !== col);
  return { ...p, hidden: hide ? [...rest, col] : rest };
}

export function setWidth(p: ColumnPrefs, col: ColumnId, width: number): ColumnPrefs {
  return { ...p, widths: { ...p.widths, [col]: clampWidth(width) } };
}

/** The user changed something: the table then takes its column template from columnTemplate. */
export const isCustom = (p: ColumnPrefs): boolean => p.hidden.length > 0 || Object.keys(p.widths).length > 0;

/**
 * The grid template for the columns shown: `present` are the columns the table
 * would show now (Conn only with several connections, Decoded/Latency only for
 * a known protocol), minus the hidden ones, then Data. Unsized columns take
 * `defaults` (the --c-* values the header row resolves now), else FALLBACK_WIDTH.
 */
export function columnTemplate(p: ColumnPrefs, present: readonly ColumnId[], defaults: ColumnDefaults = {}): string {
  const shown = COLUMNS.filter((c) => present.includes(c) && !p.hidden.includes(c));
  const width = (c: ColumnId): string => (p.widths[c] !== undefined ? `${p.widths[c]}px` : defaults[c] || FALLBACK_WIDTH[c]);
  return [...shown.map(width), 'minmax(0, 1fr)'].join(' ');
}
