/**
 * The DOM side of the key map (keys.ts): one keydown listener in the capture
 * phase on the panel's window, installed by the shell before DevTools' own
 * listener can see the event. A key the panel handles is stopped there
 * (stopPropagation + preventDefault), so DevTools does not also act on it;
 * every other key passes untouched to the panel's own handlers.
 */
import { batch } from '@preact/signals';
import { copyText } from '../detail/clipboard';
import { copyAndTell } from '../ui/notice';
import type { PanelActions } from '../capture/actions';
import type { ComposeController } from '../compose/state';
import type { ImportController } from '../import/state';
import { frameActions } from '../frame/state';
import { escapeStep, keyCommand } from './keys';
import type { EscapeStep, KeyCommand } from './keys';
import type { PanelStore } from '../capture/store';
import { openMessageMenu, pointUnder } from '../table/message-menu';
import { openConnectionMenu } from '../connections/connection-menu';

export interface KeyTargets {
  store: PanelStore;
  actions: PanelActions;
  compose?: ComposeController | null;
  /** The row menu of an imported session offers "Send on a live socket…" (message-menu.ts). */
  imports?: ImportController | null;
}

const FILTER = '[data-testid="filter-input"]';
/** Toolbar popovers follow the ARIA disclosure pattern: the open one's button says aria-expanded="true". */
const OPEN_POPOVER = '.ss-toolbar [aria-expanded="true"]';
/** The innermost open popover's button (one may open inside another: Debugger mode inside Settings). */
const innermostPopover = (doc: Document): HTMLElement | undefined => Array.from(doc.querySelectorAll<HTMLElement>(OPEN_POPOVER)).pop();

function escape(doc: Document, { store, actions, compose }: KeyTargets): boolean {
  const active = doc.activeElement;
  const filter = active?.matches(FILTER) ? (active as HTMLInputElement) : null;
  const step = escapeStep({
    menu: store.menu.peek() !== null,
    popover: doc.querySelector(OPEN_POPOVER) !== null,
    keys: store.keysOpen.peek(),
    decode: store.frame.decodeOpen.peek(),
    filterText: filter !== null && filter.value !== '',
    compose: compose?.open.peek() ?? false,
    selection: store.selectedMsg.peek() !== null || store.detailOpen.peek(),
  });
  const close: Record<EscapeStep, () => void> = {
    menu: () => (store.menu.value = null),
    popover: () => innermostPopover(doc)?.click(),
    keys: () => actions.setKeysOpen(false),
    decode: () => frameActions(store.frame).setDecodeOpen(false),
    // As if the user deleted the text: the toolbar's own input handler commits it.
    filterText: () => {
      if (!filter) return;
      filter.value = '';
      filter.dispatchEvent(new Event('input', { bubbles: true }));
    },
    compose: () => {
      if (compose) compose.open.value = false;
    },
    selection: () =>
      batch(() => {
        actions.selectMessage(null);
        actions.setDetailOpen(false);
      }),
  };
  if (step === null) return false;
  close[step]();
  return true;
}

function run(cmd: KeyCommand, doc: Document, targets: KeyTargets, copy: (text: string) => Promise<boolean>): boolean {
  const { store, actions } = targets;
  switch (cmd) {
    case 'focusFilter': {
      const input = doc.querySelector<HTMLInputElement>(FILTER);
      input?.focus();
      input?.select();
      return input !== null;
    }
    case 'escape':
      return escape(doc, targets);
    case 'openDetail':
      if (store.selectedMsg.peek() === null) return false;
      actions.setDetailOpen(true);
      return true;
    case 'copyMessage': {
      const rec = store.selectedRecord.peek();
      if (!rec) return false;
      void copyAndTell(store.notice, copy, rec.data, rec.opcode === 1 ? 'the message' : 'the message as base64');
      return true;
    }
    case 'toggleKeys':
      actions.setKeysOpen(!store.keysOpen.peek());
      return true;
    case 'contextMenu':
      return openMenu(doc, { ...targets, copy });
  }
}

/** The context menu of the selected message (table focused) or the selected connection (list focused), under its row. */
function openMenu(doc: Document, targets: KeyTargets & { copy: (text: string) => Promise<boolean> }): boolean {
  const { store } = targets;
  const head = doc.activeElement?.closest('.ss-head [role="columnheader"]');
  if (head) {
    // The header's own menu (TableHead.tsx), at the focused cell: a contextmenu event without a pointer.
    head.dispatchEvent(new (doc.defaultView?.MouseEvent ?? MouseEvent)('contextmenu', { bubbles: true, cancelable: true }));
    return true;
  }
  if (doc.activeElement?.closest('.ss-conn-list')) {
    const id = store.selectedConn.peek();
    const conn = id === null ? undefined : store.connections.peek().get(id);
    if (!conn) return false;
    openConnectionMenu(
      targets,
      conn,
      pointUnder(
        Array.from(doc.querySelectorAll<HTMLElement>('.ss-conn-list [data-conn-id]')).find((el) => el.dataset.connId === conn.id) ?? null,
      ),
    );
    return true;
  }
  const rec = store.selectedRecord.peek();
  if (!rec) return false;
  const row = doc.querySelector(`.ss-table [data-msg-id="${rec.id}"]`) ?? doc.querySelector('.ss-table');
  openMessageMenu(targets, rec, pointUnder(row));
  return true;
}

/** Installs the panel's keys on `win`; returns the uninstaller. `copy` is the clipboard seam (tests). */
export function installPanelKeys(win: Window, targets: KeyTargets, copy: (text: string) => Promise<boolean> = copyText): () => void {
  const doc = win.document;
  const mac = /Mac|iPhone|iPad/.test(win.navigator.platform || win.navigator.userAgent);
  const onKeyDown = (e: KeyboardEvent): void => {
    const el = e.target as Partial<Element> | null;
    const closest = (sel: string): boolean => typeof el?.closest === 'function' && el.closest(sel) !== null;
    const selection = win.getSelection();
    const cmd = keyCommand(e, {
      mac,
      inTable: closest('.ss-table'),
      inConnections: closest('.ss-conn-list'),
      inTableHead: closest('.ss-head'),
      editable: closest('input, textarea, select, [contenteditable=""], [contenteditable="true"]'),
      textSelected: selection !== null && !selection.isCollapsed && selection.toString() !== '',
    });
    if (cmd === null || !run(cmd, doc, targets, copy)) return;
    e.preventDefault();
    e.stopPropagation();
  };
  win.addEventListener('keydown', onKeyDown, true);
  return () => win.removeEventListener('keydown', onKeyDown, true);
}
