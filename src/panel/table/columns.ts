/**
 * The messages table's column choices as state: hidden columns and dragged
 * widths and the sort order (column-prefs.ts), kept in the extension page's localStorage so they
 * survive closing the panel (per browser profile). Without storage (a sandboxed
 * frame, tests) the choices last for the mount.
 */
import { signal } from '@preact/signals';
import type { ReadonlySignal } from '@preact/signals';
import { COLUMN_PREFS_KEY, DEFAULT_PREFS, readColumnPrefs, setHidden, setSort, setWidth, writeColumnPrefs } from './column-prefs';
import type { ColumnId, ColumnPrefs, SortSpec } from './column-prefs';

export type PrefsStorage = Pick<Storage, 'getItem' | 'setItem'>;

export interface ColumnsState {
  prefs: ReadonlySignal<ColumnPrefs>;
  hide(col: ColumnId, hidden: boolean): void;
  /** `save`: false while dragging (every move), true when the drag ends. */
  resize(col: ColumnId, width: number, save: boolean): void;
  /** undefined: arrival order. */
  sortBy(sort: SortSpec | undefined): void;
  /** Widths and visibility back to the defaults; the sort stays (it has its own "Arrival order"). */
  reset(): void;
}

/** The page's localStorage, or null where reading it throws (opaque origins, disabled storage). */
export function pageStorage(): PrefsStorage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

export function createColumns(storage: PrefsStorage | null): ColumnsState {
  let stored: string | null = null;
  try {
    stored = storage?.getItem(COLUMN_PREFS_KEY) ?? null;
  } catch {
    // unreadable: defaults
  }
  const prefs = signal(readColumnPrefs(stored));
  const save = () => {
    try {
      storage?.setItem(COLUMN_PREFS_KEY, writeColumnPrefs(prefs.peek()));
    } catch {
      // full or refused: the choice still holds for this mount
    }
  };
  return {
    prefs,
    hide: (col, hidden) => {
      prefs.value = setHidden(prefs.peek(), col, hidden);
      save();
    },
    resize: (col, width, persist) => {
      prefs.value = setWidth(prefs.peek(), col, width);
      if (persist) save();
    },
    sortBy: (sort) => {
      prefs.value = setSort(prefs.peek(), sort);
      save();
    },
    reset: () => {
      prefs.value = setSort(DEFAULT_PREFS, prefs.peek().sort);
      save();
    },
  };
}
