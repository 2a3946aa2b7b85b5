/** Jump between a request and its reply (Decoded tab link, `p` key in the table). */
import type { PanelActions } from '../capture/actions';
import type { PanelStore } from '../capture/store';
import { pairedMessageId } from './latency';

export function pairedOf(store: PanelStore, messageId: number): number | undefined {
  const seq = store.log.seqOfId(messageId);
  const rec = seq === undefined ? undefined : store.log.bySeq(seq);
  const ex = rec && store.decode.exchangeOf(rec);
  return ex && pairedMessageId(ex, messageId);
}

/** Selects the other side of the selected message's exchange; false when there is none. */
export function jumpToPair(store: PanelStore, actions: PanelActions): boolean {
  const id = store.selectedMsg.value;
  const target = id === null ? undefined : pairedOf(store, id);
  if (target === undefined) return false;
  actions.selectMessage(target);
  return true;
}
