import { useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { usePanel } from '../capture/context';
import { maxScrollTop, rowWindow, scrollTopForOffset, scrollTopToReveal, spacerHeight, virtualOffset } from './virtual-scroll';
import type { ScrollGeometry } from './virtual-scroll';
import { connectionTags, MessageRow, ROW_HEIGHT } from './MessageRow';
import { TableEmptyState } from './EmptyState';
import { useCompose } from '../compose/context';
import { useImports } from '../import/context';
import { jumpToPair } from '../decoded/pair-nav';
import { openMessageMenu, pointUnder } from './message-menu';
import { columnLayout, TableHead, useColumnDefaults } from './TableHead';
import { isCustom } from './column-prefs';
import type { ColumnId } from './column-prefs';

/** jsdom and hidden panels report 0: render a screenful anyway. */
const FALLBACK_VIEWPORT = 400;

/**
 * Where the user left the table: the first visible message and how far it is
 * scrolled past. Kept instead of a raw scrollTop so that rows do not slide
 * under the reader when batches arrive (the scaled mapping changes), old
 * messages are evicted (indexes shift) or the filter changes.
 */
interface Anchor {
  seq: number;
  offset: number;
}

/** Virtualized, fixed-row-height table of the current view (see virtual-scroll.ts). */
export function MessageTable({ maxScrollPx }: { maxScrollPx?: number }) {
  const { store, actions } = usePanel();
  const compose = useCompose();
  const imports = useImports();
  const marked = compose?.marked.value;
  // Shift-click marks a range, Ctrl/Cmd-click toggles one: the messages a replay sends (src/panel/compose).
  const onSelect = (id: number, e?: MouseEvent) => {
    if (e && e.button !== 0) return; // a right-click opens the row's menu (onContextMenu) without opening the message
    if (compose && e && (e.shiftKey || e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      if (compose.marked.peek().size === 0 && store.selectedMsg.peek() !== null) compose.mark(store.selectedMsg.peek() as number, 'only');
      compose.mark(id, e.shiftKey ? 'range' : 'toggle');
      return;
    }
    actions.selectMessage(id);
  };
  const { view } = store.view.value;
  const follow = store.follow.value;
  const selectedId = store.selectedMsg.value;
  const scroller = useRef<HTMLDivElement>(null);
  const anchor = useRef<Anchor | null>(null);
  const [, rerender] = useState(0);
  const setAnchor = (a: Anchor | null) => {
    anchor.current = a;
    rerender((n) => n + 1);
  };
  const [viewport, setViewport] = useState(FALLBACK_VIEWPORT);
  /** The last scrollTop we set ourselves: its scroll event says nothing about the user. */
  const programmatic = useRef<number | null>(null);

  const geo: ScrollGeometry = { total: view.length, rowHeight: ROW_HEIGHT, viewport, ...(maxScrollPx ? { maxScrollPx } : {}) };
  const a = anchor.current;
  const anchored = a ? scrollTopForOffset(view.indexOfSeq(a.seq) * ROW_HEIGHT + a.offset, geo) : 0;
  const top = follow ? maxScrollTop(geo) : anchored;
  const win = rowWindow(top, geo);

  const anchorAt = (t: number): Anchor | null => {
    const v = virtualOffset(t, geo);
    const first = Math.floor(v / ROW_HEIGHT);
    const seq = view.seqAt(first);
    return seq === undefined ? null : { seq, offset: v - first * ROW_HEIGHT };
  };

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => setViewport(el.clientHeight || FALLBACK_VIEWPORT);
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const syncDom = (t: number) => {
    const el = scroller.current;
    if (el && Math.abs(el.scrollTop - t) >= 1) {
      programmatic.current = t;
      el.scrollTop = t;
    }
  };

  // Keep the DOM scroll position where the model says (bottom when following,
  // the anchor otherwise). While following, track the anchor too, so that
  // leaving follow mode (wheel up, arrow up) starts from where the user looks.
  useLayoutEffect(() => {
    syncDom(top);
    if (follow) anchor.current = anchorAt(top);
  });

  // A new order: stop following and show the selected row where it now is, else the top.
  const sort = store.columns.prefs.value.sort;
  const sortKey = sort ? `${sort.col} ${sort.dir}` : '';
  const lastSort = useRef(sortKey);
  useLayoutEffect(() => {
    if (lastSort.current === sortKey) return;
    lastSort.current = sortKey;
    const seq = selectedId === null ? undefined : store.log.seqOfId(selectedId);
    const row = seq === undefined ? -1 : view.indexOfSeq(seq);
    const at = row >= 0 && view.seqAt(row) === seq ? Math.max(row - 2, 0) : 0;
    actions.setFollow(false);
    const first = view.seqAt(at);
    setAnchor(first === undefined ? null : { seq: first, offset: 0 });
  }, [sortKey]);

  // Keep the keyboard selection in view.
  useLayoutEffect(() => {
    if (selectedId === null || follow) return;
    const seq = store.log.seqOfId(selectedId);
    if (seq === undefined) return;
    const row = view.indexOfSeq(seq);
    if (view.seqAt(row) !== seq) return;
    const next = scrollTopToReveal(row, top, geo);
    if (next !== null) setAnchor(anchorAt(next));
  }, [selectedId]);

  const onScroll = (e: Event) => {
    const t = (e.currentTarget as HTMLDivElement).scrollTop;
    if (programmatic.current !== null && Math.abs(programmatic.current - t) < 1) {
      programmatic.current = null;
      return;
    }
    programmatic.current = null;
    setAnchor(anchorAt(t));
    actions.setFollow(t >= maxScrollTop(geo) - 2);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if ((e.key === 'p' || e.key === 'P') && !e.ctrlKey && !e.metaKey && !e.altKey) {
      if (jumpToPair(store, actions)) e.preventDefault();
      return;
    }
    const page = Math.max(Math.floor(viewport / ROW_HEIGHT) - 1, 1);
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page, Home: -Infinity, End: Infinity };
    const delta = moves[e.key];
    if (delta === undefined) return;
    e.preventDefault();
    actions.moveSelection(Number.isFinite(delta) ? delta : delta > 0 ? view.length : -view.length);
  };

  // With all connections shown, a column says which socket each message belongs to.
  const conns = store.connections.value;
  const showConn = store.selectedConn.value === null && conns.size > 1;
  const connTags = useMemo(() => (showConn ? connectionTags([...conns.values()]) : null), [showConn, conns]);
  // Decoded and Latency only take width when a connection in view speaks a protocol a decoder knows:
  // generic JSON (the fallback decoder) repeats what the Data column already shows.
  const scope = store.selectedConn.value;
  const decodedCols = (scope === null ? [...conns.keys()] : [scope]).some((id) => {
    const p = store.decode.protocolOf(id);
    return p !== undefined && (p.id !== 'json' || p.source === 'override');
  });

  // Right-click on a row; a keyboard-made contextmenu event (no row under it) is about the selected row.
  const onContextMenu = (e: MouseEvent) => {
    const target = e.target as Partial<Element> | null;
    const row = typeof target?.closest === 'function' ? target.closest('[data-msg-id]') : null;
    const id = row ? Number(row.getAttribute('data-msg-id')) : store.selectedMsg.peek();
    const seq = id === null ? undefined : store.log.seqOfId(id);
    const rec = seq === undefined ? undefined : store.log.bySeq(seq);
    if (!rec) return;
    e.preventDefault();
    // The menu key / Shift+F10 already opened it (keys-install.ts); the browser's own contextmenu event follows.
    if (!row && store.menu.peek()?.target === `msg:${rec.id}`) return;
    const at = row ? { x: e.clientX, y: e.clientY } : pointUnder(scroller.current?.querySelector(`[data-msg-id="${rec.id}"]`) ?? null);
    openMessageMenu({ store, actions, compose, imports }, rec, at);
  };
  const menuTarget = store.menu.value?.target;
  const columns = store.columns;
  const present: ColumnId[] = [...(showConn ? (['conn'] as const) : []), 'time', 'dir', 'type', 'size'];
  if (decodedCols) present.push('decoded', 'latency');
  const table = useRef<HTMLDivElement>(null);
  const defaults = useColumnDefaults(table, isCustom(columns.prefs.value));
  const layout = columnLayout(columns, present, defaults);

  // Keyed by place in the window, not by message: while following, every batch scrolls new messages in, and
  // a key per message would remove and create every row's DOM per frame; by place, rows keep their nodes
  // and only their text and attributes change (MessageRow's boundaries reset per message).
  const rows = [];
  for (let i = win.first; i < win.first + win.count; i++) {
    const rec = store.log.bySeq(view.seqAt(i) ?? -1);
    if (rec)
      rows.push(
        <MessageRow
          key={i - win.first}
          rec={rec}
          index={i}
          selected={rec.id === selectedId}
          onSelect={onSelect}
          connTag={connTags?.get(rec.conn)}
          marked={marked?.has(rec.id) ?? false}
          menuOpen={menuTarget === `msg:${rec.id}`}
        />,
      );
  }

  return (
    <div
      ref={table}
      class={`ss-table ${showConn ? 'ss-with-conn' : ''} ${decodedCols ? '' : 'ss-no-decoded'} ${layout.cls}`}
      style={layout.style}
      role="grid"
      aria-label="Messages"
      aria-rowcount={view.length + 1}
      tabIndex={0}
      onKeyDown={onKeyDown}
      onContextMenu={onContextMenu}
    >
      <TableHead showConn={showConn} columns={columns} present={present} />
      <div class="ss-scroller" ref={scroller} onScroll={onScroll} onWheel={(e) => e.deltaY < 0 && actions.setFollow(false)}>
        <div class="ss-spacer" style={{ height: `${spacerHeight(geo)}px` }}>
          <div class="ss-rows" role="rowgroup" style={{ transform: `translateY(${win.layerTop}px)` }}>
            {rows}
          </div>
        </div>
        {view.length === 0 && <TableEmptyState />}
      </div>
    </div>
  );
}
