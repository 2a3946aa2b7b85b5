/**
 * An imported message has no live socket behind it, so it is never resent or
 * injected "on its connection" (that connection is a file). Instead compose
 * opens prefilled with its payload on the Live tab, aimed at a socket of the
 * inspected page: the newest open one with the imported connection's URL,
 * else the newest open one. The user checks the target and sends.
 */
import { effect } from '@preact/signals';
import type { MessageRecord } from '../../model/records';
import type { PanelStore } from '../capture/store';
import { editorContent } from '../compose/payload-input';
import type { ComposeController } from '../compose/state';
import type { ImportController } from './state';

let pending: (() => void) | null = null;

export function sendOnLive(compose: ComposeController, imports: ImportController, store: PanelStore, rec: MessageRecord): void {
  const file = imports.activeFile.peek()?.name ?? 'an imported file';
  const url = store.connections.peek().get(rec.conn)?.url;
  compose.draft.value = { ...editorContent(rec), origin: 'composed', n: (compose.draft.peek()?.n ?? 0) + 1 };
  compose.target.value = null;
  compose.section.value = 'compose';
  compose.open.value = true;
  compose.status.value = { kind: 'ok', text: `Message ${rec.id} of ${file}: choose a socket of the page, then Send` };
  pending?.();
  imports.select(null); // the live port is attached now; its snapshot follows
  let done = false;
  const stop = effect(() => {
    if (done || imports.active.value !== null || store.link.value !== 'live') return;
    done = true;
    const open = [...store.connections.value.values()].filter((c) => c.state === 'open');
    const pick = open.filter((c) => c.url === url).pop() ?? open.pop();
    if (pick) compose.target.value = pick.id;
    queueMicrotask(() => stop());
  });
  pending = () => {
    done = true;
    stop();
  };
}
