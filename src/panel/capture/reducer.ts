/**
 * The one place background events change the panel store. Pure apart from
 * mutating the store; safe to call outside Preact (tests, benches).
 */
import { batch } from '@preact/signals';
import type { ConnectionRecord } from '../../model/records';
import type { BackgroundToPanel } from '../../messaging/protocol';
import type { PanelStore } from './store';

function byCreated(list: readonly ConnectionRecord[]): Map<string, ConnectionRecord> {
  return new Map([...list].sort((a, b) => a.created - b.created).map((c) => [c.id, c]));
}

export function applyEvent(store: PanelStore, event: BackgroundToPanel): void {
  batch(() => {
    switch (event.type) {
      case 'reset': {
        store.tabId.value = event.tabId;
        store.options.value = event.options;
        store.limits.value = event.limits;
        store.stats.value = event.stats;
        store.connections.value = byCreated(event.connections);
        store.log.clear();
        store.version.value++;
        store.hasSnapshot.value = true;
        store.link.value = 'live';
        // Keep the selection across a reconnect when it still exists; the
        // selected message id resolves again once its chunk arrives.
        const sel = store.selectedConn.value;
        if (sel !== null && !store.connections.value.has(sel)) store.selectedConn.value = null;
        break;
      }
      case 'messages':
        if (store.log.append(event.records) > 0) store.version.value++;
        break;
      case 'connections': {
        const next = new Map(store.connections.value);
        for (const c of event.connections) next.set(c.id, c);
        store.connections.value = next;
        break;
      }
      case 'connectionsRemoved': {
        const next = new Map(store.connections.value);
        for (const id of event.ids) next.delete(id);
        store.connections.value = next;
        if (store.selectedConn.value !== null && !next.has(store.selectedConn.value)) store.selectedConn.value = null;
        break;
      }
      case 'stats':
        store.stats.value = event.stats;
        break;
      case 'options':
        store.options.value = event.options;
        break;
      case 'evicted':
        if (store.log.evictThrough(event.throughId) > 0) store.version.value++;
        break;
      default:
        // A newer background may send events this panel does not know: ignore them.
        break;
    }
  });
}
