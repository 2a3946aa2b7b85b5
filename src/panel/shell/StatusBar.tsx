import { usePanel } from '../capture/context';
import { countOf, formatBytes, formatCount, shownSummary } from '../capture/format';

/** Totals as the background counts them (stats), what the table shows of them, plus link and pause state. */
export function StatusBar() {
  const { store } = usePanel();
  const s = store.stats.value;
  const limits = store.limits.value;
  const { paused } = store.options.value;
  const link = store.link.value;
  const { view, total } = store.view.value;
  const sorting = store.sortProgress.value;
  const summary = shownSummary({
    shown: view.length,
    inScope: total,
    all: store.log.length,
    oneConnection: store.selectedConn.value !== null,
    filter: store.filterText.value.trim() !== '' && store.filterResult.value.filter !== null,
    heartbeats: store.hideHeartbeats.value,
  });
  return (
    <div class="ss-status" data-testid="status-bar" role="status">
      <span>{countOf(s.connections, 'connection')}</span>
      <span data-testid="status-messages">
        {summary ? summary.shown : countOf(s.messages, 'message')} · {formatBytes(s.bytes)}
      </span>
      {summary && summary.hidden !== '' && <span data-testid="status-hidden">{summary.hidden}</span>}
      {s.dropped > 0 && (
        <span
          class="ss-warn"
          title={limits ? `Store caps: ${formatCount(limits.maxMessages)} messages, ${formatBytes(limits.maxBytes)}` : undefined}
        >
          {formatCount(s.dropped)} dropped ({formatBytes(s.droppedBytes)}) by the store caps
        </span>
      )}
      {s.truncated > 0 && (
        <span class="ss-warn" title={limits ? `Messages over ${formatBytes(limits.maxMessageBytes)} are stored truncated` : undefined}>
          {formatCount(s.truncated)} truncated
        </span>
      )}
      {sorting && (
        <span data-testid="sort-progress">
          Sorting by {sorting.col}… {Math.floor((100 * sorting.scanned) / Math.max(sorting.total, 1))}%
        </span>
      )}
      {paused && <span class="ss-paused">Paused</span>}
      {s.skipped > 0 && <span>{formatCount(s.skipped)} skipped while paused</span>}
      <span class="ss-grow" />
      {link !== 'live' && <span class="ss-link">{link === 'connecting' ? 'connecting…' : 'disconnected — reconnecting…'}</span>}
    </div>
  );
}
