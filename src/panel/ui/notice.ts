/**
 * Short-lived confirmations for commands that otherwise leave no trace (a
 * copy, a saved file), and a clear failure when the clipboard is not there.
 * The view (Notice.tsx) hides an `ok` notice after NOTICE_MS; a failure
 * stays until the next notice or a click.
 */
import type { Signal } from '@preact/signals';

export interface Notice {
  kind: 'ok' | 'error';
  text: string;
  /** Bumped per notice, so the same text twice restarts the timer. */
  n: number;
}

export const NOTICE_MS = 2000;

/** Why a copy can fail in a DevTools panel, and what to do instead. */
export const CLIPBOARD_UNAVAILABLE =
  'Could not copy: the clipboard is not available to this panel. Open the message and select its text, then press Ctrl+C.';

let serial = 0;

export function notify(notice: Signal<Notice | null>, kind: Notice['kind'], text: string): void {
  notice.value = { kind, text, n: ++serial };
}

/** Copies through `copy` (the clipboard seam) and says how it went: "Copied as hex", or why not. */
export async function copyAndTell(
  notice: Signal<Notice | null>,
  copy: (text: string) => Promise<boolean>,
  text: string,
  what: string,
): Promise<boolean> {
  let ok = false;
  try {
    ok = await copy(text);
  } catch {
    ok = false;
  }
  notify(notice, ok ? 'ok' : 'error', ok ? `Copied ${what}` : CLIPBOARD_UNAVAILABLE);
  return ok;
}
