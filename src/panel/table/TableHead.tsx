/**
 * The messages table's header: column names, a grip on each column's right
 * edge to drag its width, and a right-click menu to hide or show columns
 * (as DevTools tables do). The choices live in columns.ts.
 */
import { useLayoutEffect, useState } from 'preact/hooks';
import type { RefObject } from 'preact';
import { usePanel } from '../capture/context';
import type { MenuEntry } from '../ui/ContextMenu';
import { COLUMN_LABELS, COLUMNS, columnTemplate, DEFAULT_VAR, isCustom } from './column-prefs';
import type { ColumnDefaults, ColumnId } from './column-prefs';
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

export function columnMenuItems(columns: ColumnsState): MenuEntry[] {
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
    { label: 'Reset columns', testId: 'menu-col-reset', run: () => columns.reset() },
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

export function TableHead({ showConn, columns }: { showConn: boolean; columns: ColumnsState }) {
  const { store } = usePanel();
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
  const onContextMenu = (e: MouseEvent) => {
    e.preventDefault();
    e.stopPropagation();
    store.menu.value = { x: e.clientX, y: e.clientY, label: 'Columns', items: columnMenuItems(columns), target: 'head' };
  };
  return (
    <div class="ss-row ss-head" role="row" aria-rowindex={1} data-testid="table-head" onContextMenu={onContextMenu}>
      {HEAD.filter((h) => h.col !== 'conn' || showConn).map((h) => (
        <span key={h.col} role="columnheader" class={h.cls} title={h.title} aria-label={h.label} data-col={h.col}>
          {h.text}
          <span
            class="ss-col-grip"
            aria-hidden="true"
            data-testid={`col-grip-${h.col}`}
            title="Drag to resize; right-click the header to hide columns"
            onPointerDown={(e) => startResize(h.col, e)}
          />
        </span>
      ))}
      <span role="columnheader" class="ss-c-preview" data-col="data">
        Data
      </span>
    </div>
  );
}
