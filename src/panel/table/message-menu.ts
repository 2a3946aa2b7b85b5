/**
 * The message row's context menu: copy the payload in several forms, resend
 * it (the same command as the detail pane's Resend button), and narrow the
 * filter to its connection, direction or type (terms in the filter box, so
 * the user sees and can edit them).
 */
import type { MessageRecord } from '../../model/records';
import type { PanelActions } from '../capture/actions';
import type { PanelStore } from '../capture/store';
import type { ComposeController } from '../compose/state';
import { payloadOf } from '../compose/payload-input';
import { copyText } from '../detail/clipboard';
import { copyAsBase64, copyAsCode, copyAsHex, copyAsJson, copyAsText } from '../detail/copy-as';
import { connectionTerm, directionTerm, opcodeTerm, withTerm } from '../filter/filter-terms';
import type { MenuCommand, MenuEntry } from '../ui/ContextMenu';

export interface MenuTargets {
  store: PanelStore;
  actions: PanelActions;
  compose?: ComposeController | null;
  /** The clipboard seam (clipboard.ts; tests pass their own). */
  copy?: (text: string) => Promise<boolean>;
}

export interface Point {
  x: number;
  y: number;
}

/** Where a menu opened from the keyboard goes: just under the start of the row (or the element) it is about. */
export function pointUnder(el: Element | null): Point {
  const r = el?.getBoundingClientRect();
  return r ? { x: r.left + 16, y: r.bottom } : { x: 16, y: 16 };
}

export function messageMenuItems(t: MenuTargets, rec: MessageRecord): MenuEntry[] {
  const copy = t.copy ?? copyText;
  const cut = rec.truncated ? ' (stored part)' : '';
  const note = rec.truncated ? 'Stored truncated: copies the part that was stored' : undefined;
  const copyItem = (label: string, testId: string, text: () => string | null): MenuCommand => ({
    label: `${label}${cut}`,
    testId,
    ...(note ? { title: note } : {}),
    run: () => {
      const value = text();
      if (value !== null) void copy(value);
    },
  });
  const hex = rec.opcode === 2 ? copyAsHex(rec) : ''; // binary: invalid stored base64 disables the byte forms
  const bytesOk = hex !== null;
  const json = copyAsJson(rec);
  const items: MenuEntry[] = [
    copyItem(rec.opcode === 1 ? 'Copy as text' : 'Copy as text (UTF-8)', 'menu-copy-text', () => copyAsText(rec)),
    { ...copyItem('Copy as hex', 'menu-copy-hex', () => copyAsHex(rec)), disabled: !bytesOk },
    copyItem('Copy as base64', 'menu-copy-base64', () => copyAsBase64(rec)),
  ];
  if (json !== null) items.push(copyItem('Copy as JSON', 'menu-copy-json', () => json));
  items.push({ ...copyItem('Copy as code (ws.send)', 'menu-copy-code', () => copyAsCode(rec)), disabled: !bytesOk });
  const c = t.compose;
  if (c) {
    const p = payloadOf(rec);
    items.push('separator', {
      label: 'Resend',
      testId: 'menu-resend',
      disabled: !p.ok,
      title: p.ok ? 'Send this payload again on its socket' : p.error,
      run: () => p.ok && void c.send(rec.conn, p.payload, 'resent'),
    });
  }
  const filter = (term: string) => () => t.actions.setFilterText(withTerm(t.store.filterText.peek(), term));
  items.push(
    'separator',
    { label: 'Filter by this connection', testId: 'menu-filter-conn', run: filter(connectionTerm(rec.conn)) },
    {
      label: `Filter by direction: ${rec.dir === 'out' ? 'sent' : 'received'}`,
      testId: 'menu-filter-dir',
      run: filter(directionTerm(rec.dir)),
    },
    { label: `Filter by type: ${rec.opcode === 1 ? 'text' : 'binary'}`, testId: 'menu-filter-type', run: filter(opcodeTerm(rec.opcode)) },
  );
  return items;
}

export function openMessageMenu(t: MenuTargets, rec: MessageRecord, at: Point): void {
  t.store.menu.value = { ...at, label: `Message ${rec.id}`, items: messageMenuItems(t, rec), target: `msg:${rec.id}` };
}
