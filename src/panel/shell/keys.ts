/**
 * The panel's key map, pure: which command a key press means where it
 * happened, and what Esc closes first. The DOM side is keys-install.ts.
 *
 * Why the panel needs its own map: DevTools injects a keydown listener into an
 * extension panel's document (ExtensionAPI `forwardKeyboardEvent`, bubbling on
 * `document`) that forwards a fixed set of combinations (Esc, Ctrl/Cmd+F, F-keys…)
 * to DevTools — Esc toggles the console drawer, Ctrl+F opens the console's
 * search — and calls preventDefault. A panel listener in the capture phase on
 * the window runs first; stopping propagation keeps a key for the panel.
 */

export interface KeyLike {
  key: string;
  /** Physical key: Ctrl+F is still F on a non-Latin layout. */
  code?: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

/** Where the key was pressed. */
export interface KeyPlace {
  /** Cmd instead of Ctrl. */
  mac: boolean;
  /** Focus is in the messages table. */
  inTable: boolean;
  /** Focus is in a text field (typing `?` types it). */
  editable: boolean;
  /** The user has selected text in the panel (Ctrl+C copies that, natively). */
  textSelected: boolean;
  /** Focus is in the connection list. */
  inConnections?: boolean;
  /** Focus is on the table's header (a sortable column, a resize grip): Enter sorts there, not opens. */
  inTableHead?: boolean;
}

export type KeyCommand = 'focusFilter' | 'escape' | 'openDetail' | 'copyMessage' | 'toggleKeys' | 'contextMenu';

function isLetter(e: KeyLike, letter: string): boolean {
  return e.key.toLowerCase() === letter || e.code === `Key${letter.toUpperCase()}`;
}

/** The command for a key press, or null: not the panel's key, let it go (to the page's own handlers, then DevTools). */
export function keyCommand(e: KeyLike, at: KeyPlace): KeyCommand | null {
  const mod = (at.mac ? e.metaKey && !e.ctrlKey : e.ctrlKey && !e.metaKey) && !e.altKey && !e.shiftKey;
  const plain = !e.ctrlKey && !e.metaKey && !e.altKey;
  if (mod && isLetter(e, 'f')) return 'focusFilter';
  if (e.key === 'Escape' && plain && !e.shiftKey) return 'escape';
  const inRows = at.inTable && at.inTableHead !== true;
  if (e.key === 'Enter' && plain && !e.shiftKey && inRows) return 'openDetail';
  if (mod && isLetter(e, 'c') && inRows && !at.textSelected) return 'copyMessage';
  if (e.key === '?' && plain && !at.editable) return 'toggleKeys';
  // The menu key, or Shift+F10 (DevTools would take F-keys): the selected row's context menu (the header's, there).
  const menuKey = (e.key === 'ContextMenu' && plain && !e.shiftKey) || (e.key === 'F10' && plain && e.shiftKey);
  if (menuKey && (at.inTable || at.inConnections === true)) return 'contextMenu';
  return null;
}

/** What is open or set, innermost first: Esc closes one thing per press. */
export interface EscapeState {
  /** A context menu (ContextMenu.tsx): innermost, it sits above everything. */
  menu?: boolean;
  /** A toolbar popover (filter help, saved filters). */
  popover: boolean;
  /** The keyboard shortcuts overlay. */
  keys: boolean;
  /** The Decode bytes overlay. */
  decode: boolean;
  /** Focus is in the filter box and it has text (DevTools' filter boxes clear on Esc). */
  filterText: boolean;
  /** The compose / replay / intercept drawer. */
  compose: boolean;
  /** A selected message or an open detail pane. */
  selection: boolean;
}
export type EscapeStep = keyof EscapeState;

const ESCAPE_ORDER: readonly EscapeStep[] = ['menu', 'popover', 'keys', 'decode', 'filterText', 'compose', 'selection'];

/** The one thing Esc closes now, or null: nothing is open, Esc belongs to DevTools (its drawer). */
export function escapeStep(s: EscapeState): EscapeStep | null {
  return ESCAPE_ORDER.find((step) => s[step]) ?? null;
}

/** The keys overlay's content (also the panel's documentation of its keys). */
export const KEY_HELP: readonly { keys: string; what: string }[] = [
  { keys: 'Ctrl/⌘ F', what: 'Focus the filter box' },
  { keys: 'Esc', what: 'Close the open popover, overlay or drawer; then clear the filter box (when in it); then close the message' },
  { keys: '↑ ↓ PgUp PgDn Home End', what: 'Move through messages (table focused)' },
  { keys: 'Enter', what: 'Open the selected message’s detail' },
  { keys: 'Ctrl/⌘ C', what: 'Copy the selected message (text, or base64 for binary) when no text is selected' },
  { keys: 'P', what: 'Jump between a request and its reply' },
  { keys: '← →', what: 'Switch detail tabs (tab list focused)' },
  { keys: 'Shift/Ctrl-click', what: 'Mark rows to replay' },
  {
    keys: 'Menu key, Shift F10',
    what: 'Open the selected message’s or connection’s context menu (also right-click): copy, resend, filter',
  },
  { keys: '↑ ↓ Enter Esc', what: 'In a context menu: move, run the command, close it' },
  { keys: 'Right-click the header', what: 'Show or hide columns, sort; drag a header edge to resize' },
  { keys: 'Click Time, Size, Latency', what: 'Sort: ascending, descending, arrival order (Enter or Space on a focused header)' },
  { keys: '← → on a header edge', what: 'Resize the column (Tab to the edge; Shift: bigger steps)' },
  { keys: '?', what: 'Show or hide this list' },
];
