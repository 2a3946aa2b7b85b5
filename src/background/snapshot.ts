/**
 * What a panel gets when it subscribes (or after clear / navigation): one
 * `reset` with every connection, then the messages in chunks. This is the
 * only full send; afterwards panels get deltas.
 */
import type { MessageRecord } from '../model/records';
import type { TabStore } from '../store/tab-store';
import type { PanelSink } from './tab-entries';
import { debug } from '../debug';

const CHUNK_RECORDS = 5000;
const CHUNK_CHARS = 8 * 1024 * 1024; // stay far below Chrome's 64 MiB port message limit

export function sendSnapshot(store: TabStore, sink: PanelSink): void {
  sink({
    type: 'reset',
    tabId: store.tabId,
    options: { ...store.options },
    limits: store.limits,
    connections: [...store.connections.values()],
    stats: store.stats,
  });
  let chunk: MessageRecord[] = [];
  let chars = 0;
  for (const m of store.allMessages()) {
    chunk.push(m);
    chars += m.data.length;
    if (chunk.length >= CHUNK_RECORDS || chars >= CHUNK_CHARS) {
      sink({ type: 'messages', records: chunk });
      chunk = [];
      chars = 0;
    }
  }
  if (chunk.length) sink({ type: 'messages', records: chunk });
  debug('snapshot sent', store.tabId, store.messageCount);
}
