/**
 * The message row's context menu: copy the payload in several forms and as
 * code (code-snippets.ts), save it as a file, resend / edit / inject / mark it
 * (the same commands as the detail pane's buttons), and narrow the filter to
 * its connection, event, direction or type (terms in the filter box, so the
 * user sees and can edit them). Every copy says "Copied …" or why it failed.
 */
import type { MessageRecord } from '../../model/records';
import type { PanelActions } from '../capture/actions';
import type { PanelStore } from '../capture/store';
import type { ComposeController } from '../compose/state';
import { payloadOf } from '../compose/payload-input';
import { editAndResend } from '../compose/edit';
import { copyText } from '../detail/clipboard';
import { copyAsBase64, copyAsCode, copyAsHex, copyAsJson, copyAsText, decodedTreeText } from '../detail/copy-as';
import { jsSnippet, websocatLine, wscatLine } from '../detail/code-snippets';
import type { Snippet } from '../detail/code-snippets';
import { savePayload } from '../detail/save-payload';
import type { SaveSeam } from '../detail/save-payload';
import { connectionTerm, directionTerm, eventTerm, opcodeTerm, withTerm } from '../filter/filter-terms';
import type { MenuCommand, MenuEntry } from '../ui/ContextMenu';
import { copyAndTell } from '../ui/notice';
import type { ImportController } from '../import/state';
import { sendOnLive } from '../import/send-live';

export interface MenuTargets {
  store: PanelStore;
  actions: PanelActions;
  compose?: ComposeController | null;
  /** The clipboard seam (clipboard.ts; tests pass their own). */
  copy?: (text: string) => Promise<boolean>;
  /** The file seam (export/save.ts by default). */
  save?: SaveSeam;
  /** Imported sessions: a file's message is sent on a live socket of the page, never "again on its connection". */
  imports?: ImportController | null;
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

/** A menu item that copies what `text()` gives and says so ("Copied as hex"); disabled with `why` when it cannot. */
export function copyCommand(
  t: MenuTargets,
  label: string,
  testId: string,
  what: string,
  text: () => string | null,
  why?: string,
): MenuCommand {
  const copy = t.copy ?? copyText;
  return {
    label,
    testId,
    ...(why !== undefined ? { disabled: true, title: why } : {}),
    run: () => {
      const value = text();
      if (value !== null) void copyAndTell(t.store.notice, copy, value, what);
    },
  };
}

/** Copy as code items (JavaScript, websocat, wscat) for a connection, with a message to send or without. */
export function codeItems(t: MenuTargets, connId: string, rec?: MessageRecord): MenuCommand[] {
  const conn = t.store.connections.peek().get(connId);
  const item = (label: string, id: string, what: string, make: () => Snippet): MenuCommand => {
    const s = make();
    return copyCommand(t, label, id, what, () => (s.ok ? s.text : null), s.ok ? undefined : s.why);
  };
  return [
    item('Copy as JavaScript (new WebSocket)', 'menu-copy-js', 'as JavaScript', () => jsSnippet(conn, rec)),
    item('Copy as websocat command', 'menu-copy-websocat', 'as a websocat command', () => websocatLine(conn, rec)),
    item('Copy as wscat command', 'menu-copy-wscat', 'as a wscat command', () => wscatLine(conn, rec)),
  ];
}

function composeItems(t: MenuTargets, c: ComposeController, rec: MessageRecord, protocol: string | undefined): MenuEntry[] {
  const p = payloadOf(rec);
  const marked = c.marked.peek().has(rec.id);
  return [
    {
      label: 'Resend',
      testId: 'menu-resend',
      disabled: !p.ok,
      title: p.ok ? 'Send this payload again on its socket' : p.error,
      run: () => p.ok && void c.send(rec.conn, p.payload, 'resent'),
    },
    {
      label: protocol === 'socketio' ? 'Edit & resend (emit form)' : 'Edit & resend',
      testId: 'menu-edit',
      run: () => editAndResend(c, rec, protocol),
    },
    {
      label: 'Inject into the page',
      testId: 'menu-inject',
      disabled: !p.ok,
      title: p.ok ? 'Deliver this payload to the page as if the server sent it' : p.error,
      run: () => p.ok && void c.inject(rec.conn, p.payload),
    },
    {
      label: marked ? 'Unmark for replay' : 'Mark for replay',
      testId: 'menu-mark',
      run: () => c.mark(rec.id, 'toggle'),
    },
  ];
}

/** In an imported session: the one way to send a file's message (import/send-live.ts), as the detail pane offers it. */
function sendLiveItem(t: MenuTargets, c: ComposeController, imports: ImportController, rec: MessageRecord): MenuCommand {
  return {
    label: 'Send on a live socket…',
    testId: 'menu-send-live',
    title: 'Imported messages have no live socket: open Compose on the Live tab with this payload, aimed at a socket of the inspected page',
    run: () => sendOnLive(c, imports, t.store, rec),
  };
}

export function messageMenuItems(t: MenuTargets, rec: MessageRecord): MenuEntry[] {
  const cut = rec.truncated ? ' (stored part)' : '';
  const note = rec.truncated ? 'Stored truncated: copies the part that was stored' : undefined;
  const copyItem = (label: string, testId: string, what: string, text: () => string | null): MenuCommand => ({
    ...copyCommand(t, `${label}${cut}`, testId, what, text),
    ...(note ? { title: note } : {}),
  });
  const hex = rec.opcode === 2 ? copyAsHex(rec) : ''; // binary: invalid stored base64 disables the byte forms
  const bytesOk = hex !== null;
  const json = copyAsJson(rec);
  const decoded = t.store.decode.decoded(rec);
  const items: MenuEntry[] = [
    copyItem(rec.opcode === 1 ? 'Copy as text' : 'Copy as text (UTF-8)', 'menu-copy-text', 'as text', () => copyAsText(rec)),
    { ...copyItem('Copy as hex', 'menu-copy-hex', 'as hex', () => copyAsHex(rec)), disabled: !bytesOk },
    copyItem('Copy as base64', 'menu-copy-base64', 'as base64', () => copyAsBase64(rec)),
  ];
  if (json !== null) items.push(copyItem('Copy as JSON', 'menu-copy-json', 'as JSON', () => json));
  if (decoded) items.push(copyItem('Copy decoded tree', 'menu-copy-decoded', 'the decoded tree', () => decodedTreeText(decoded)));
  items.push(
    'separator',
    { ...copyItem('Copy as code (ws.send)', 'menu-copy-code', 'as ws.send(…)', () => copyAsCode(rec)), disabled: !bytesOk },
    ...codeItems(t, rec.conn, rec).map((i) => ({ ...i, label: `${i.label}${cut}` })),
    {
      label: `Save payload as file${cut}`,
      testId: 'menu-save',
      disabled: !bytesOk,
      title: rec.opcode === 1 ? 'UTF-8 text: .json when it parses, else .txt' : 'Its bytes, as .bin',
      run: () => savePayload(t.store, rec, t.save),
    },
  );
  if (t.compose && t.imports && t.imports.active.peek() !== null) items.push('separator', sendLiveItem(t, t.compose, t.imports, rec));
  else if (t.compose) items.push('separator', ...composeItems(t, t.compose, rec, decoded?.protocol));
  const filter = (term: string) => () => t.actions.setFilterText(withTerm(t.store.filterText.peek(), term));
  items.push('separator', { label: 'Filter by this connection', testId: 'menu-filter-conn', run: filter(connectionTerm(rec.conn)) });
  if (decoded?.event !== undefined)
    items.push({ label: `Filter by event: ${decoded.event}`, testId: 'menu-filter-event', run: filter(eventTerm(decoded.event)) });
  items.push(
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
