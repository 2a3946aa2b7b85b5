/**
 * The inline shell: the real panel mounted against an in-memory adapter
 * whose other end is a tiny fake background serving synthetic data. Used for
 * screenshots, visual checks and tests; no extension APIs involved.
 */
import { createMemoryPair } from '../../messaging/adapter';
import type { MessageAdapter } from '../../messaging/adapter';
import type { BackgroundToPanel, PanelToBackground, TabOptions } from '../../messaging/protocol';
import type { MessageRecord } from '../../model/records';
import { demoConnections, demoMessages, demoTotals } from './demo-data';
import { snapshotEvents } from '../import/serve';
import { mountPanel } from './mount';
import type { PanelHandle } from './mount';
import type { Theme } from '../capture/store';

export interface InlineShellOptions {
  theme?: Theme;
  /** How many synthetic messages the fake background holds. Default 2,000. */
  messages?: number;
  /** Messages per snapshot chunk. Default 5,000. */
  chunk?: number;
  /** A page without any WebSocket (empty-state screenshots). */
  empty?: boolean;
  /** Keep appending this many messages per second (follow-mode checks). Default 0. */
  live?: number;
}

/** A fake background for one tab: answers subscribe/clear/setOptions like the real one should. Returns a stop function. */
export function serveFakeBackground(
  port: MessageAdapter<PanelToBackground, BackgroundToPanel>,
  messages: MessageRecord[],
  chunk = 5000,
  connections = demoConnections(),
  livePerSecond = 0,
): () => void {
  const options: TabOptions = { paused: false, preserveLog: false };
  let stored = messages;
  let skipped = 0;
  const timer =
    livePerSecond > 0
      ? setInterval(() => {
          const n = Math.max(1, Math.round(livePerSecond / 10));
          if (options.paused) {
            skipped += n;
            return;
          }
          const batch = demoMessages(n, (stored.at(-1)?.id ?? 0) + 1);
          stored = stored.concat(batch);
          port.postMessage({ type: 'messages', records: batch });
          const totals = demoTotals(connections, stored);
          port.postMessage({ type: 'connections', connections: totals.connections.filter((c) => c.id === 'h1:1' || c.id === 'h1:2') });
          port.postMessage({ type: 'stats', stats: { ...totals.stats, skipped } });
        }, 100)
      : null;
  const sendSnapshot = (tabId: number): void => {
    const totals = demoTotals(connections, stored);
    snapshotEvents(tabId, options, totals.connections, stored, totals.stats, chunk).forEach((e) => port.postMessage(e));
  };
  let tab = 1;
  port.addListener((msg) => {
    if (msg.type === 'subscribe') {
      tab = msg.tabId;
      sendSnapshot(tab);
    } else if (msg.type === 'clear') {
      stored = [];
      sendSnapshot(tab);
    } else if (msg.type === 'setOptions') {
      Object.assign(options, msg.options);
      port.postMessage({ type: 'options', options: { ...options } });
    }
  });
  return () => {
    if (timer !== null) clearInterval(timer);
  };
}

export function mountInlineShell(root: HTMLElement, opts: InlineShellOptions = {}): PanelHandle {
  const [panelSide, backgroundSide] = createMemoryPair<PanelToBackground, BackgroundToPanel>();
  const stop = opts.empty
    ? serveFakeBackground(backgroundSide, [], opts.chunk, [])
    : serveFakeBackground(backgroundSide, demoMessages(opts.messages ?? 2000), opts.chunk, demoConnections(), opts.live ?? 0);
  const handle = mountPanel(root, panelSide, { tabId: 1, ...(opts.theme ? { theme: opts.theme } : {}) });
  const unmount = (): void => {
    stop();
    handle.unmount();
  };
  return Object.assign(unmount, { ...handle, unmount });
}
