/**
 * How the hook's lifecycle events make and change a connection record (the
 * store applies them; messages are the store's own business).
 */
import type { ConnectionRecord } from '../model/records';
import type { StoreEvent } from './materialize';
import { toRecordedStack } from '../model/stack-trace';

export const emptyCounts = () => ({ messages: 0, bytes: 0 });

/** The record a hook `create` starts; every field from the page is coerced (it is untrusted). */
export function newConnection(ev: Extract<StoreEvent, { k: 'create' }>, frameId: number): ConnectionRecord {
  const c: ConnectionRecord = {
    id: ev.conn,
    url: String(ev.url),
    protocols: Array.isArray(ev.protocols) ? ev.protocols.map(String) : [],
    frameUrl: String(ev.frameUrl),
    frameId,
    created: ev.t,
    state: 'connecting',
    sent: emptyCounts(),
    received: emptyCounts(),
    realm: frameId === 0 ? 'page' : 'frame',
  };
  if (ev.stack !== undefined) c.stack = toRecordedStack(ev.stack); // "Record stacks": where the page created it
  return c;
}

/** Applies open, error, closeCall, close and lost to their connection. */
export function applyLifecycle(c: ConnectionRecord, ev: Exclude<StoreEvent, { k: 'create' } | { k: 'message' }>): void {
  switch (ev.k) {
    case 'open':
      Object.assign(c, { state: 'open', opened: ev.t, protocol: String(ev.protocol), extensions: String(ev.extensions) });
      break;
    case 'error':
      c.errored ??= ev.t;
      if (c.state === 'connecting') c.state = 'error';
      break;
    case 'closeCall':
      c.closeCall = { t: ev.t, code: ev.code, reason: ev.reason };
      if (c.state === 'open' || c.state === 'connecting') c.state = 'closing';
      break;
    case 'close':
      c.close = { code: ev.code, reason: String(ev.reason), wasClean: Boolean(ev.wasClean), t: ev.t };
      c.state = 'closed';
      break;
    case 'lost': {
      // Untrusted counts: only finite non-negative numbers add up.
      const messages = Number(ev.messages);
      const bytes = Number(ev.bytes);
      if (!(messages >= 0 && messages < Infinity && bytes >= 0 && bytes < Infinity)) break;
      const reason = ev.reason === 'extension reloaded' ? 'extension reloaded' : 'background unreachable';
      c.lost = { messages: (c.lost?.messages ?? 0) + messages, bytes: (c.lost?.bytes ?? 0) + bytes, reason, t: ev.t };
      break;
    }
    case 'stack':
      c.stack ??= toRecordedStack(ev.stack); // a late "setting-late" mark never replaces a recorded stack
      break;
  }
}
