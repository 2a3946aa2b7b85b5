/**
 * Words for a socket only the network saw (store/unseen.ts) and for the realm
 * a socket lives in: what the user sees, and what to do about it.
 */
import type { ConnectionRecord, Realm, UnseenReason } from '../../model/records';

export interface UnseenWords {
  /** One line for the connections list. */
  label: string;
  /** Why, and what to do: the detail pane and the row's tooltip. */
  advice: string;
}

const WORDS: Record<UnseenReason, UnseenWords> = {
  worker: {
    label: 'messages not visible: opened in a worker',
    advice:
      'The page hook runs in the page and its frames; this socket was opened elsewhere in the tab, most likely in a ' +
      'Web Worker, which no extension can enter without changing how the worker sees itself. Its handshake is real ' +
      '(from the browser network layer). To read its messages: in Chrome, turn on Debugger mode (toolbar) and open the socket again; ' +
      'or the browser’s own Network panel, which lists worker sockets.',
  },
  'no hook': {
    label: 'messages not visible: no Sockscope hook in this frame',
    advice:
      'The frame loaded before Sockscope was installed or enabled, or the browser keeps extensions out of it ' +
      '(browser pages, some sandboxed frames). Reload the page to capture its sockets from the first byte.',
  },
  tabless: {
    label: 'messages not visible: opened in a service or shared worker',
    advice:
      'A service worker or shared worker of this page’s origin opened it; it belongs to no tab, so it is shown in ' +
      'every inspected tab of that origin. No extension can capture inside those workers; the handshake comes from ' +
      'the browser network layer. To read its messages: the browser’s own DevTools for that worker.',
  },
};

export const unseenWords = (conn: ConnectionRecord): UnseenWords | null => (conn.unseen ? (WORDS[conn.unseen] ?? null) : null);

const REALM_LABEL: Record<Realm, string> = {
  page: 'page',
  frame: 'frame',
  worker: 'worker',
  'service or shared worker': 'service/shared worker',
};

/** A short realm label for anything but the top page (which is the default and goes unsaid). */
export const realmLabel = (conn: ConnectionRecord): string | null =>
  conn.realm && conn.realm !== 'page' ? (REALM_LABEL[conn.realm] ?? null) : null;

/** Debugger mode: said of a connection whose messages came through Chrome's debugger (records.ts `via`). */
export const VIA_DEBUGGER =
  'Captured by debugger mode: no page hook runs where this socket was opened; its messages were read through Chrome’s debugger.';

/** "script http://h/app.js:12:5" — what opened the socket, as Chrome's debugger said (records.ts `initiator`). */
export function initiatorText(conn: ConnectionRecord): string | null {
  const i = conn.initiator;
  if (!i) return null;
  const at = i.url ? ` ${i.url}${i.line !== undefined ? `:${i.line}${i.col !== undefined ? `:${i.col}` : ''}` : ''}` : '';
  const fn = i.frames?.[0]?.fn;
  return `${i.type}${fn ? ` ${fn}()` : ''}${at}`;
}
