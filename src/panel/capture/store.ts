/**
 * Panel state, apart from the views (style.md "Panel state apart from
 * views"). Background data is changed only by applyEvent (reducer.ts); UI
 * state only by the actions in actions.ts. Views read it through context.
 */
import { computed, signal } from '@preact/signals';
import type { ReadonlySignal, Signal } from '@preact/signals';
import type { ConnectionRecord, MessageRecord } from '../../model/records';
import type { StoreLimits, TabOptions, TabStats } from '../../messaging/protocol';
import type { FilterCompiler, FilterResult } from '../filter/filter-seam';
import { MessageLog } from './message-log';
import { createFrameUiState } from '../frame/state';
import type { FrameUiState } from '../frame/state';
import type { ViewResult } from './message-view';
import { DecodeCache } from '../decoded/decode-cache';
import { hidingHeartbeats } from '../decoded/heartbeats';
import { createLanguageFilterCompiler } from '../filter/filter-language';
import { ChunkedFilterView } from '../filter/chunked-view';
import { SortedViewCache } from './sorted-view';
import type { SortProgress } from './sorted-view';
import { messageSortKeys } from '../decoded/latency';
import { createColumns, pageStorage } from '../table/columns';
import type { ColumnsState } from '../table/columns';
import type { FilterProgressState } from '../filter/chunked-view';
import { createSavedFilters } from '../filter/saved-filters';
import type { PanelStorage, SavedFilters } from '../filter/saved-filters';
import type { MenuState } from '../ui/ContextMenu';
import type { Notice } from '../ui/notice';
import { createTabPrefs } from '../detail/tab-prefs';
import type { DetailTab, TabPrefs } from '../detail/tab-prefs';
export type { DetailTab } from '../detail/tab-prefs';
import type { PrefsStorage } from '../table/columns';

/** `connecting`: subscribed, waiting for `reset`. `disconnected`: the port went away. */
export type LinkState = 'connecting' | 'live' | 'disconnected';
export type Theme = 'light' | 'dark';

export const EMPTY_STATS: TabStats = { connections: 0, messages: 0, bytes: 0, dropped: 0, droppedBytes: 0, truncated: 0, skipped: 0 };

export interface PanelStore {
  // ── from the background (reducer only) ──
  tabId: Signal<number>;
  /** In creation order; replaced (not mutated) on change: there are few. */
  connections: Signal<ReadonlyMap<string, ConnectionRecord>>;
  /** Mutated in place; `version` is bumped once per applied batch. */
  readonly log: MessageLog;
  version: Signal<number>;
  stats: Signal<TabStats>;
  options: Signal<TabOptions>;
  limits: Signal<StoreLimits | null>;
  /** True once the first `reset` arrived (before that we know nothing). */
  hasSnapshot: Signal<boolean>;
  link: Signal<LinkState>;
  // ── UI state (actions only) ──
  /** null = all connections. */
  selectedConn: Signal<string | null>;
  /** Message id. */
  selectedMsg: Signal<number | null>;
  filterText: Signal<string>;
  /** Keep the table scrolled to the newest message. */
  follow: Signal<boolean>;
  /** The tab last chosen (keys, tests); what a message opens on is per protocol (tabPrefs). */
  detailTab: Signal<DetailTab>;
  /** The detail tab chosen per protocol, persisted (detail/tab-prefs.ts). */
  readonly tabPrefs: TabPrefs;
  theme: Signal<Theme>;
  // ── derived ──
  readonly compileFilter: FilterCompiler;
  filterResult: ReadonlySignal<FilterResult>;
  /** The table's columns: hidden, widths and sort, persisted (table/columns.ts). */
  readonly columns: ColumnsState;
  /** The rows of the messages table, filtered then sorted (recomputed per batch, incrementally). */
  view: ReadonlySignal<ViewResult>;
  /** The selected message while it is stored; same object across batches, so the detail pane does not re-render per batch. */
  selectedRecord: ReadonlySignal<MessageRecord | undefined>;
  // ── decoding, pairing, filter extras ──
  /** Lazy, cached decoding and pairing of stored messages. */
  readonly decode: DecodeCache;
  /** Toolbar toggle: hide decoded heartbeats. */
  hideHeartbeats: Signal<boolean>;
  /** A chunked filter scan under way (large stores), for a progress indicator. */
  filterProgress: ReadonlySignal<FilterProgressState | null>;
  /** Sort keys that need decoding (latency) being read in slices. */
  sortProgress: ReadonlySignal<SortProgress | null>;
  readonly savedFilters: SavedFilters;
  // ── frame viewer and Decode bytes ──
  readonly frame: FrameUiState;
  // ── layout: the Data column first ──
  /** The detail pane is shown (a message was opened, or the user toggled it); closed, it takes no width. */
  detailOpen: Signal<boolean>;
  /** The connections list; hidden, the table takes its width. */
  showConnections: Signal<boolean>;
  /** The keyboard shortcuts overlay (`?`). */
  keysOpen: Signal<boolean>;
  /** The open context menu (a message or connection row), or null. */
  menu: Signal<MenuState | null>;
  /** A short-lived confirmation ("Copied as hex") or failure, shown as a status line. */
  notice: Signal<Notice | null>;
}

export function createPanelStore(
  opts: {
    tabId?: number;
    theme?: Theme;
    compileFilter?: FilterCompiler;
    storage?: PanelStorage;
    prefs?: PrefsStorage | null;
    /** Where the column choices persist; default: the page's localStorage, null: this mount only. */
    columns?: PrefsStorage | null;
  } = {},
): PanelStore {
  const log = new MessageLog();
  const version = signal(0);
  const selectedConn = signal<string | null>(null);
  const filterText = signal('');
  const connections = signal<ReadonlyMap<string, ConnectionRecord>>(new Map());
  const decode = new DecodeCache(log, (id) => connections.peek().get(id));
  const compileFilter = opts.compileFilter ?? createLanguageFilterCompiler(decode);
  const hideHeartbeats = signal(false);
  // peek(): a compiled filter must not recompile (and rescan) whenever a connection changes.
  const userFilter = computed(() => {
    void decode.version.value; // a decoder override changes what decoded terms match
    return compileFilter(filterText.value, { connection: (id) => connections.peek().get(id) });
  });
  const filterResult = computed(() => (hideHeartbeats.value ? hidingHeartbeats(userFilter.value, decode) : userFilter.value));
  const chunked = new ChunkedFilterView();
  const columns = createColumns(opts.columns === undefined ? pageStorage() : opts.columns);
  const sorted = new SortedViewCache(log, messageSortKeys(decode));
  const view = computed(() => {
    void version.value; // re-run per batch: the log is mutated in place
    return sorted.get(chunked.get(log, selectedConn.value, filterResult.value.filter), columns.prefs.value.sort);
  });
  const selectedMsg = signal<number | null>(null);
  const selectedRecord = computed(() => {
    void version.value;
    const id = selectedMsg.value;
    const seq = id === null ? undefined : log.seqOfId(id);
    return seq === undefined ? undefined : log.bySeq(seq);
  });
  return {
    tabId: signal(opts.tabId ?? -1),
    connections,
    log,
    version,
    stats: signal(EMPTY_STATS),
    options: signal({ paused: false, preserveLog: false }),
    limits: signal(null),
    hasSnapshot: signal(false),
    link: signal('connecting'),
    selectedConn,
    selectedMsg,
    filterText,
    follow: signal(true),
    detailTab: signal('text'),
    tabPrefs: createTabPrefs(opts.prefs ?? null),
    theme: signal(opts.theme ?? 'light'),
    compileFilter,
    filterResult,
    columns,
    view,
    selectedRecord,
    decode,
    hideHeartbeats,
    filterProgress: chunked.progress,
    sortProgress: sorted.progress,
    savedFilters: createSavedFilters(opts.storage),
    frame: createFrameUiState(),
    detailOpen: signal(false),
    showConnections: signal(true),
    keysOpen: signal(false),
    menu: signal(null),
    notice: signal(null),
  };
}
