/**
 * Which detail tab a message opens on. A message of a recognised protocol
 * opens on Decoded (plain JSON on JSON, anything else on Text) until the user
 * picks a tab while looking at a message of that protocol; that choice is
 * remembered per protocol and kept in the extension page's localStorage
 * (per browser profile). Reading is total: unknown tabs and junk are dropped.
 */
import { signal } from '@preact/signals';
import type { Signal } from '@preact/signals';
import type { PrefsStorage } from '../table/columns';
import type { DecodeCache } from '../decoded/decode-cache';
import type { MessageRecord } from '../../model/records';

/** The detail pane's tabs. Persisted (tab-prefs): append, never rename. */
export type DetailTab = 'text' | 'json' | 'hex' | 'base64' | 'connection' | 'decoded' | 'frame' | 'stack';

export const TAB_PREFS_KEY = 'sockscope.detailTabs.v1';
/** The key for messages no decoder recognised. */
export const NO_PROTOCOL = 'none';
const TABS: readonly DetailTab[] = ['text', 'json', 'hex', 'base64', 'connection', 'decoded', 'frame', 'stack'];
const MAX_KEYS = 64;

/** The key a message's tab is remembered under: its decoded protocol, or NO_PROTOCOL (also when its decoder throws). */
export function protocolKey(decode: Pick<DecodeCache, 'decoded'>, rec: MessageRecord): string {
  try {
    return decode.decoded(rec)?.protocol ?? NO_PROTOCOL;
  } catch {
    return NO_PROTOCOL;
  }
}

export function defaultTab(protocol: string | undefined): DetailTab {
  return protocol === undefined || protocol === NO_PROTOCOL ? 'text' : protocol === 'json' ? 'json' : 'decoded';
}

export function readTabPrefs(raw: string | null): ReadonlyMap<string, DetailTab> {
  const out = new Map<string, DetailTab>();
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw ?? '{}');
  } catch {
    return out;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return out;
  for (const [k, v] of Object.entries(parsed)) {
    if (out.size >= MAX_KEYS) break;
    if (k.length <= 64 && TABS.includes(v as DetailTab)) out.set(k, v as DetailTab);
  }
  return out;
}

export interface TabPrefs {
  chosen: Signal<ReadonlyMap<string, DetailTab>>;
  /** The user picked `tab` on a message of `protocol`. */
  choose(protocol: string, tab: DetailTab): void;
}

export function createTabPrefs(storage: PrefsStorage | null): TabPrefs {
  let raw: string | null = null;
  try {
    raw = storage?.getItem(TAB_PREFS_KEY) ?? null;
  } catch {
    // unreadable: defaults
  }
  const chosen = signal(readTabPrefs(raw));
  return {
    chosen,
    choose: (protocol, tab) => {
      if (chosen.peek().get(protocol) === tab) return;
      const next = new Map(chosen.peek());
      next.set(protocol, tab);
      chosen.value = next;
      try {
        storage?.setItem(TAB_PREFS_KEY, JSON.stringify(Object.fromEntries(next)));
      } catch {
        // full or refused: the choice holds for this mount
      }
    },
  };
}
