/**
 * Page hook: MAIN world, document_start, every frame. Thin shell: wraps
 * WebSocket (src/hook/install.ts) and ships batches to the relay.
 */
import { Batcher, DEFAULT_BATCH_LIMITS } from '../src/hook/batcher';
import { TextRunBuilder, captureRunCtors } from '../src/hook/text-runs';
import { openHookChannel } from '../src/hook/channel';
import { installHook } from '../src/hook/install';
import { createCommandExecutor, type CommandExecutor } from '../src/hook/commands';
import type { HookEvent } from '../src/messaging/protocol';
import { DEFAULT_LIMITS } from '../src/store/limits';

(() => {
  const win = globalThis;
  // No marker on the window: the page could read it. Manifest content scripts run once per document;
  // a second injection (an extension reloaded into a live page) wraps the first hook, which stays just
  // as invisible, while the first hook's orphaned relay drops what it is handed.
  if (typeof win.WebSocket !== 'function') return;

  // Commands arrive only on the private port; the executor exists once the hook is installed (below).
  const executorSlot: { current?: CommandExecutor } = {};
  const channel = openHookChannel(win, (request) => executorSlot.current?.run(request));
  const setTimeout_ = win.setTimeout.bind(win);
  // The channel transfers the batch's ArrayBuffers itself (found with captured originals, not `instanceof`).
  // Plain text messages are packed into runs (src/hook/text-runs.ts): a few blocks to clone, not an object each.
  const batcher = new Batcher<HookEvent>(
    (events) => channel.post({ type: 'batch', events }),
    (fn, ms) => setTimeout_(fn, ms),
    DEFAULT_BATCH_LIMITS,
    new TextRunBuilder(captureRunCtors(win), DEFAULT_BATCH_LIMITS.maxEvents),
  );
  // A timer may never fire once the page is hidden or frozen: hand over now.
  win.addEventListener('pagehide', () => batcher.flush(), true);

  const idPrefix = Math.random().toString(36).slice(2, 10);
  const handle = installHook(win, (event, weight) => batcher.push(event, weight), idPrefix, {
    maxMessageBytes: DEFAULT_LIMITS.maxMessageBytes,
    emitText: (conn, t, out, text, buffered) => batcher.pushText(conn, t, out, text, buffered),
  });
  const clearTimeout_ = win.clearTimeout.bind(win);
  const perfNow = win.performance.now.bind(win.performance);
  const timeOrigin = win.performance.timeOrigin;
  const addListener = win.addEventListener.bind(win);
  const removeListener = win.removeEventListener.bind(win);
  executorSlot.current = createCommandExecutor({
    handle,
    post: (reply, transfer) => channel.post(reply, transfer),
    setTimeout: (fn, ms) => setTimeout_(fn, ms) as unknown as number,
    clearTimeout: (id) => clearTimeout_(id),
    now: () => timeOrigin + perfNow(),
    onWindowError: (fn) => {
      addListener('error', fn, true);
      return () => removeListener('error', fn, true);
    },
  });
})();
