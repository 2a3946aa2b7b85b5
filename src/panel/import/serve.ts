/**
 * A "background" in memory: answers the panel's subscribe with `reset` and
 * message chunks, exactly as the real background does after a (re)connect.
 * The inline shell serves synthetic data through it; an imported session is
 * served read-only (every page command refused), so the panel's filter,
 * decode, detail and frame views work on a file unchanged.
 */
import type { MessageAdapter } from '../../messaging/adapter';
import type {
  BackgroundToPanel,
  PanelCommand,
  PanelReply,
  PanelToBackground,
  StoreLimits,
  TabOptions,
  TabStats,
} from '../../messaging/protocol';
import type { ConnectionRecord, MessageRecord } from '../../model/records';

export const MEMORY_LIMITS: StoreLimits = { maxMessages: 1_000_000, maxBytes: 512 * 2 ** 20, maxMessageBytes: 2 ** 20 };
export const READ_ONLY_REASON = 'imported session — switch to Live tab to send';

export function statsOf(connections: readonly ConnectionRecord[], messages: readonly MessageRecord[]): TabStats {
  let bytes = 0;
  let truncated = 0;
  for (const m of messages) {
    bytes += m.size;
    if (m.truncated) truncated++;
  }
  return { connections: connections.length, messages: messages.length, bytes, dropped: 0, droppedBytes: 0, truncated, skipped: 0 };
}

/** A full snapshot: `reset`, then the messages in chunks (ids ascending, as the store expects). */
export function snapshotEvents(
  tabId: number,
  options: TabOptions,
  connections: ConnectionRecord[],
  messages: readonly MessageRecord[],
  stats: TabStats,
  chunk = 5000,
): BackgroundToPanel[] {
  const out: BackgroundToPanel[] = [{ type: 'reset', tabId, options: { ...options }, limits: MEMORY_LIMITS, connections, stats }];
  for (let i = 0; i < messages.length; i += chunk) out.push({ type: 'messages', records: messages.slice(i, i + chunk) });
  return out;
}

export type SessionPort = MessageAdapter<PanelToBackground | PanelCommand, BackgroundToPanel | PanelReply>;

/** Serves an imported session: its data on every subscribe; commands answered with READ_ONLY_REASON; clear and options ignored. */
export function serveReadOnly(port: SessionPort, connections: ConnectionRecord[], messages: readonly MessageRecord[]): () => void {
  const sorted = [...messages].sort((a, b) => a.id - b.id);
  const stats = statsOf(connections, sorted);
  return port.addListener((msg) => {
    if (msg.type === 'subscribe')
      snapshotEvents(msg.tabId, { paused: false, preserveLog: false }, connections, sorted, stats).forEach((e) => port.postMessage(e));
    else if (msg.type === 'command')
      port.postMessage({ type: 'commandResult', id: msg.id, ok: false, error: { code: 'BAD_COMMAND', message: READ_ONLY_REASON } });
  });
}
