/**
 * Page hook: MAIN world, document_start, every frame. Thin shell: wraps
 * WebSocket (src/hook/install.ts) and ships batches to the relay.
 */
import { Batcher } from '../src/hook/batcher';
import { openHookChannel } from '../src/hook/channel';
import { installHook } from '../src/hook/install';
import type { HookEvent } from '../src/messaging/protocol';

(() => {
  const win = globalThis;
  // A frame can receive the script twice (e.g. re-injection); wrap once.
  const marker = Symbol.for('sockscope.hook');
  const slot = win as unknown as Record<symbol, boolean>;
  if (slot[marker] || typeof win.WebSocket !== 'function') return;
  Object.defineProperty(win, marker, { value: true });

  const channel = openHookChannel(win);
  const setTimeout_ = win.setTimeout.bind(win);
  const NativeArrayBuffer = win.ArrayBuffer; // the page may replace the global later
  const batcher = new Batcher<HookEvent>(
    (events) => {
      const transfer: Transferable[] = [];
      for (const e of events) if (e.k === 'message' && e.bytes instanceof NativeArrayBuffer) transfer[transfer.length] = e.bytes;
      channel.post({ type: 'batch', events }, transfer);
    },
    (fn, ms) => setTimeout_(fn, ms),
  );
  // A timer may never fire once the page is hidden or frozen: hand over now.
  win.addEventListener('pagehide', () => batcher.flush(), true);

  const idPrefix = Math.random().toString(36).slice(2, 10);
  installHook(win, (event, weight) => batcher.push(event, weight), idPrefix);
})();
