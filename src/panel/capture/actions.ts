/**
 * UI actions: the only other way (besides applyEvent) the store changes.
 * Commands that the background must carry out go through `send`, with an
 * optimistic local update so the toolbar answers at once; the background's
 * `options` / `reset` events then confirm.
 */
import { batch } from '@preact/signals';
import type { PanelToBackground, TabOptions } from '../../messaging/protocol';
import type { DetailTab, PanelStore } from './store';
import { protocolKey } from '../detail/tab-prefs';

export type Send = (message: PanelToBackground) => void;

export interface PanelActions {
  selectConnection(id: string | null): void;
  selectMessage(id: number | null): void;
  /** Moves the message selection by `delta` rows of the current view (keyboard). */
  moveSelection(delta: number): void;
  setFilterText(text: string): void;
  setDetailTab(tab: DetailTab): void;
  setFollow(follow: boolean): void;
  setOptions(options: Partial<TabOptions>): void;
  clear(): void;
  /** Shows or hides the detail pane (opening a message shows it). */
  setDetailOpen(open: boolean): void;
  setShowConnections(show: boolean): void;
  setKeysOpen(open: boolean): void;
}

export function createActions(store: PanelStore, send: Send): PanelActions {
  return {
    selectConnection: (id) =>
      batch(() => {
        store.selectedConn.value = id;
        store.selectedMsg.value = null;
        store.follow.value = true;
      }),
    selectMessage: (id) =>
      batch(() => {
        store.selectedMsg.value = id;
        if (id === null) return;
        // Opening a message shows its detail; moving with the keyboard does not (Enter does).
        store.detailOpen.value = true;
        // Picking an older row pins the table there; picking the newest keeps following.
        const { view } = store.view.value;
        store.follow.value = view.seqAt(view.length - 1) === store.log.seqOfId(id);
      }),
    moveSelection: (delta) => {
      const { view } = store.view.value;
      if (view.length === 0) return;
      const cur = store.selectedMsg.value;
      const seq = cur === null ? undefined : store.log.seqOfId(cur);
      let i = seq === undefined ? (delta > 0 ? -1 : view.length) : view.indexOfSeq(seq);
      i = Math.min(Math.max(i + delta, 0), view.length - 1);
      const next = store.log.bySeq(view.seqAt(i) ?? -1);
      if (!next) return;
      batch(() => {
        store.selectedMsg.value = next.id;
        // Leaving the last row stops following; selecting it resumes.
        store.follow.value = i === view.length - 1;
      });
    },
    setFilterText: (text) => {
      store.filterText.value = text;
    },
    setDetailTab: (tab) => {
      store.detailTab.value = tab;
      // Chosen while looking at a message: that protocol's messages open on it from now on.
      const rec = store.selectedRecord.peek();
      if (rec) store.tabPrefs.choose(protocolKey(store.decode, rec), tab);
    },
    setFollow: (follow) => {
      store.follow.value = follow;
    },
    setOptions: (options) => {
      store.options.value = { ...store.options.value, ...options };
      send({ type: 'setOptions', options });
    },
    clear: () => {
      batch(() => {
        store.log.clear();
        store.version.value++;
        store.selectedMsg.value = null;
        store.follow.value = true;
      });
      send({ type: 'clear' });
    },
    setDetailOpen: (open) => {
      store.detailOpen.value = open;
    },
    setShowConnections: (show) => {
      store.showConnections.value = show;
    },
    setKeysOpen: (open) => {
      store.keysOpen.value = open;
    },
  };
}
