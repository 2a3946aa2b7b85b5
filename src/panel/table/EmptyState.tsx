import { usePanel } from '../capture/context';
import { formatCount } from '../capture/format';
import { unseenWords } from '../connections/unseen';

/** Says why the table is empty and what to do about it. */
export function TableEmptyState() {
  const { store } = usePanel();
  const { total, hidden } = store.view.value;
  const paused = store.options.value.paused;
  const selected = store.selectedConn.value === null ? undefined : store.connections.value.get(store.selectedConn.value);
  const unseen = selected && unseenWords(selected);
  let text: string;
  if (unseen && total === 0)
    return (
      <div class="ss-empty" data-testid="empty-state">
        <p>{unseen.label[0]?.toUpperCase() + unseen.label.slice(1)}.</p>
        <p class="ss-muted">{unseen.advice}</p>
      </div>
    );
  if (!store.hasSnapshot.value) text = 'Connecting to the Sockscope background…';
  else if (store.connections.value.size === 0 && store.log.length === 0)
    text = 'No WebSocket yet on this page. Sockets opened before Sockscope was installed or enabled need a page reload.';
  else if (total === 0) text = store.selectedConn.value === null ? 'No messages yet.' : 'No messages on this connection yet.';
  else text = `No message matches \`${store.filterText.value.trim()}\` — ${formatCount(hidden)} hidden`;
  return (
    <div class="ss-empty" data-testid="empty-state">
      <p>{text}</p>
      {paused && <p class="ss-muted">Capture is paused: new messages are counted but not stored.</p>}
    </div>
  );
}

/** Banner over the whole panel while the port to the background is gone. */
export function LinkBanner() {
  const { store } = usePanel();
  if (store.link.value !== 'disconnected') return null;
  return (
    <div class="ss-banner" role="alert" data-testid="disconnected-banner">
      Disconnected from the Sockscope background — reconnecting… The data below may be stale.
    </div>
  );
}
