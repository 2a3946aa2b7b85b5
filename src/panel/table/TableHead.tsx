/**
 * The messages table's header: column names, a grip on each column's right
 * edge to drag its width (or focus it and press ← →), a click on Time, Size
 * or Latency to sort (ascending, descending, arrival order; Enter or Space
 * when focused), and a right-click menu to hide or show columns and sort
 * (as DevTools tables do). The choices live in columns.ts.
 */
import { useLayoutEffect, useState } from 'preact/hooks';
import type { RefObject } from 'preact';
import { usePanel } from '../capture/context';
import type { MenuEntry } from '../ui/ContextMenu';
import { COLUMN_LABELS, COLUMNS, columnTemplate, DEFAULT_VAR, isCustom, isSortable, nextSort, SORTABLE } from './column-prefs';
import type { ColumnDefaults, ColumnId, SortColumn } from './column-prefs';
import type { ColumnsState } from './columns';
import './table.css';

const HEAD: readonly { col: ColumnId; cls: string; text: string; title?: string; label?: string }[] = [
  { col: 'conn', cls: 'ss-c-conn', text: 'Conn' },
  { col: 'time', cls: 'ss-c-time', text: 'Time' },
  { col: 'dir', cls: 'ss-c-dir', text: '⇅', label: 'Direction' },
  { col: 'type', cls: 'ss-c-type', text: 'Type' },
  { col: 'size', cls: 'ss-c-size', text: 'Size' },
  { col: 'decoded', cls: 'ss-c-decoded', text: 'Decoded', title: "Decoded by the connection's protocol" },
  { col: 'latency', cls: 'ss-c-latency', text: 'Latency', title: 'Request → first reply (P jumps between them)' },
];

const DIR_WORDS = { asc: 'ascending', desc: 'descending' } as const;

/** Sort items: one per sortable column (again: the other direction), then arrival order. */
function sortMenuItems(columns: ColumnsState, present: readonly ColumnId[]): MenuEntry[] {
  const { sort } = columns.prefs.peek();
  return [
    ...SORTABLE.map((col): MenuEntry => {
      const on = sort?.col === col;
      return {
        label: `Sort by ${COLUMN_LABELS[col].toLowerCase()}${on ? `, ${DIR_WORDS[sort.dir]}` : ''}`,
        testId: `menu-sort-${col}`,
        checked: on,
        disabled: !present.includes(col),
        title: present.includes(col)
          ? on
            ? 'Again: the other direction'
            : 'Smallest first; again: largest first'
          : 'Shown for connections whose protocol a decoder knows',
        run: () => columns.sortBy(on && sort.dir === 'asc' ? { col, dir: 'desc' } : { col, dir: 'asc' }),
      };
    }),
    { label: 'Arrival order', testId: 'menu-sort-off', checked: sort === undefined, run: () => columns.sortBy(undefined) },
  ];
}

export function columnMenuItems(columns: ColumnsState, present: readonly ColumnId[] = COLUMNS): MenuEntry[] {
  const { hidden } = columns.prefs.peek();
  return [
    ...COLUMNS.map((col): MenuEntry => ({
      label: COLUMN_LABELS[col],
      testId: `menu-col-${col}`,
      checked: !hidden.includes(col),
      ...(col === 'conn' ? { title: 'Shown when several connections are listed' } : {}),
      ...(col === 'decoded' || col === 'latency' ? { title: 'Shown for connections whose protocol a decoder knows' } : {}),
      run: () => columns.hide(col, !hidden.includes(col)),
    })),
    'separator',
    ...sortMenuItems(columns, present),
    'separator',
    { label: 'Reset columns', testId: 'menu-col-reset', title: 'Widths and visibility back to the defaults', run: () => columns.reset() },
  ];
}

/**
 * The table's column classes and template: the CSS defaults (panel.css) until
 * the user hides or resizes a column; then a template made of the columns
 * present (Conn with several connections, Decoded/Latency for a known
 * protocol) minus the hidden ones, with their dragged widths.
 */
export function columnLayout(
  columns: ColumnsState,
  present: readonly ColumnId[],
  defaults: ColumnDefaults,
): { cls: string; style: Record<string, string> } {
  const prefs = columns.prefs.value;
  if (!isCustom(prefs)) return { cls: '', style: {} };
  const off = COLUMNS.filter((c) => prefs.hidden.includes(c) || !present.includes(c));
  return {
    cls: ['ss-custom-cols', ...off.map((c) => `ss-hide-${c}`)].join(' '),
    style: { '--ss-cols': columnTemplate(prefs, present, defaults) },
  };
}

/** The default widths the header row resolves now (panel.css, container queries), re-read when the table is resized. */
export function useColumnDefaults(table: RefObject<HTMLElement | null>, active: boolean): ColumnDefaults {
  const [values, setValues] = useState<ColumnDefaults>({});
  useLayoutEffect(() => {
    const el = table.current;
    const win = el?.ownerDocument.defaultView;
    if (!el || !win || !active) return;
    const read = () => {
      const head = el.querySelector('.ss-head');
      if (!head) return;
      const style = win.getComputedStyle(head);
      const next: ColumnDefaults = {};
      for (const c of COLUMNS) next[c] = style.getPropertyValue(DEFAULT_VAR[c]).trim();
      setValues((prev) => (COLUMNS.every((c) => prev[c] === next[c]) ? prev : next));
    };
    read();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(read);
    ro.observe(el);
    return () => ro.disconnect();
  }, [active]);
  return values;
}

/** Keyboard resizing: ← → by 8 px, with Shift by 32 px. */
const KEY_STEP: Record<string, number> = { ArrowLeft: -8, ArrowRight: 8 };

export function TableHead({ showConn, columns, present }: { showConn: boolean; columns: ColumnsState; present: readonly ColumnId[] }) {
  const { store } = usePanel();
  const { sort, widths } = columns.prefs.value;
  const startResize = (col: ColumnId, e: PointerEvent) => {
    const cell = (e.currentTarget as HTMLElement).parentElement;
    const win = cell?.ownerDocument.defaultView;
    if (e.button !== 0 || !cell || !win) return;
    e.preventDefault();
    e.stopPropagation();
    const start = cell.getBoundingClientRect().width;
    const x0 = e.clientX;
    const move = (m: PointerEvent) => columns.resize(col, start + m.clientX - x0, false);
    const up = (u: PointerEvent) => {
      columns.resize(col, start + u.clientX - x0, true);
      win.removeEventListener('pointermove', move);
      win.removeEventListener('pointerup', up);
    };
    win.addEventListener('pointermove', move);
    win.addEventListener('pointerup', up);
  };
  const keyResize = (col: ColumnId, e: KeyboardEvent) => {
    const step = KEY_STEP[e.key];
    if (step === undefined || e.ctrlKey || e.metaKey || e.altKey) return;
    e.preventDefault();
    e.stopPropagation(); // not the table's row keys
    const cell = (e.currentTarget as HTMLElement).parentElement;
    const now = widths[col] ?? cell?.getBoundingClientRect().width ?? 0;
    columns.resize(col, now + step * (e.shiftKey ? 4 : 1), true);
  };
  const cycleSort = (col: SortColumn) => columns.sortBy(nextSort(columns.prefs.peek().sort, col));
  const onContextMenu = (e: MouseEvent) => {
    e.preventDefault();
    e.stopPropagation();
    // From the keyboard (menu key, Shift+F10: keys-install.ts) there is no pointer: under the focused cell.
    const cell = (e.target as Element).closest?.('[role="columnheader"]');
    const r = cell?.getBoundingClientRect();
    const at = e.clientX === 0 && e.clientY === 0 && r ? { x: r.left + 8, y: r.bottom } : { x: e.clientX, y: e.clientY };
    store.menu.value = { ...at, label: 'Columns', items: columnMenuItems(columns, present), target: 'head' };
  };
  return (
    <div class="ss-row ss-head" role="row" aria-rowindex={1} data-testid="table-head" onContextMenu={onContextMenu}>
      {HEAD.filter((h) => h.col !== 'conn' || showConn).map((h) => {
        const col = h.col;
        const sortable = isSortable(col) ? col : null;
        const dir = sort?.col === col ? sort.dir : null;
        return (
          <span
            key={col}
            role="columnheader"
            class={`${h.cls} ${sortable ? 'ss-sortable' : ''}`}
            title={sortable ? `${h.title ? `${h.title}. ` : ''}Click to sort: ascending, descending, arrival order` : h.title}
            aria-label={h.label}
            aria-sort={sortable ? (dir === 'asc' ? 'ascending' : dir === 'desc' ? 'descending' : 'none') : undefined}
            tabIndex={sortable ? 0 : undefined}
            data-col={col}
            data-testid={`col-head-${col}`}
            onClick={sortable ? () => cycleSort(sortable) : undefined}
            onKeyDown={
              sortable
                ? (e) => {
                    if ((e.key !== 'Enter' && e.key !== ' ') || e.target !== e.currentTarget) return;
                    e.preventDefault();
                    e.stopPropagation();
                    cycleSort(sortable);
                  }
                : undefined
            }
          >
            {h.text}
            {dir && (
              <span class="ss-sort-mark" aria-hidden="true">
                {dir === 'asc' ? ' ▲' : ' ▼'}
              </span>
            )}
            <span
              class="ss-col-grip"
              role="separator"
              aria-orientation="vertical"
              aria-label={`Resize the ${COLUMN_LABELS[col]} column`}
              aria-valuenow={widths[col]}
              tabIndex={0}
              data-testid={`col-grip-${col}`}
              title="Drag to resize (or focus and press ← →); right-click the header to hide columns or sort"
              onPointerDown={(e) => startResize(col, e)}
              onClick={(e) => e.stopPropagation()}
              onKeyDown={(e) => keyResize(col, e)}
            />
          </span>
        );
      })}
      <span role="columnheader" class="ss-c-preview" data-col="data">
        Data
      </span>
    </div>
  );
}
