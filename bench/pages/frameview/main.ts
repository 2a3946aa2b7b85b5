/**
 * Bench page for the Frame tab (bench/suites/frameview.ts): the real panel
 * mounted against an in-memory fake background holding one 1 MiB text
 * message, sent by the page (masked: the heavier path). `__frameBench()`
 * selects it with the Frame tab chosen and resolves after the next paint.
 */
import { createMemoryPair } from '../../../src/messaging/adapter';
import type { BackgroundToPanel, PanelToBackground } from '../../../src/messaging/protocol';
import type { ConnectionRecord, MessageRecord } from '../../../src/model/records';
import { mountPanel } from '../../../src/panel';
import type { DetailTab } from '../../../src/panel';
import { serveFakeBackground } from '../../../src/panel/shell/inline-shell';

export const SIZE = 1024 * 1024;

const conn: ConnectionRecord = {
  id: 'b:1',
  url: 'ws://bench.test/socket',
  protocols: [],
  frameUrl: location.href,
  frameId: 0,
  created: Date.now(),
  state: 'open',
  opened: Date.now(),
  extensions: '',
  sent: { messages: 1, bytes: SIZE },
  received: { messages: 0, bytes: 0 },
};
let data = '';
const line = 'The quick brown fox jumps over the lazy dog 0123456789 {"k":[1,2,3]}\n';
while (data.length < SIZE) data += line;
// Flat, as a port delivers it: `+=` built a rope, which TextEncoder (and every scan) first flattens.
const flat = new TextDecoder().decode(new TextEncoder().encode(data.slice(0, SIZE)));
const message: MessageRecord = { id: 1, conn: conn.id, t: Date.now(), dir: 'out', opcode: 1, size: SIZE, data: flat };

const [panelSide, backgroundSide] = createMemoryPair<PanelToBackground, BackgroundToPanel>();
serveFakeBackground(backgroundSide, [message], 5000, [conn]);
const panel = mountPanel(document.getElementById('root') as HTMLElement, panelSide, { tabId: 1, theme: 'light', batchMs: 0 });

const nextFrame = (): Promise<void> => new Promise((r) => requestAnimationFrame(() => r()));
/** Resolves after the frame being prepared has been painted: rAF runs just before paint, a posted task right after it. */
const afterPaint = (): Promise<void> =>
  new Promise((r) =>
    requestAnimationFrame(() => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => r();
      ch.port2.postMessage(null);
    }),
  );

interface BenchResult {
  ms: number;
  extendedLength: string | null;
  hexBytes: number;
}

(window as unknown as { __frameBench: (tab?: DetailTab) => Promise<BenchResult> }).__frameBench = async (tab: DetailTab = 'frame') => {
  while (panel.store.log.length < 1) await nextFrame();
  // A message opens on the tab last chosen for its protocol (src/panel/detail/tab-prefs.ts): choose the tab
  // while the message is shown, as a user would, then time a fresh selection of it.
  panel.actions.selectMessage(message.id);
  panel.actions.setDetailTab(tab);
  panel.actions.selectMessage(null);
  await nextFrame();
  await nextFrame();
  const t0 = performance.now();
  performance.mark('frame-select');
  panel.actions.selectMessage(message.id);
  await afterPaint();
  const ms = performance.now() - t0;
  performance.measure('frame-first-paint', 'frame-select');
  const grid = document.querySelector<HTMLElement>('[data-testid="frame-view"] [data-testid="bit-grid"] [data-field="extlen"]');
  return {
    ms,
    extendedLength: grid?.dataset.value ?? null,
    hexBytes: document.querySelectorAll('[data-testid="frame-view"] [data-col="p"]').length,
  };
};
