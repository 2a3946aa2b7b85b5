/**
 * The runtime.sendMessage requests extension pages make of the background
 * (typed RPC), and their guard. Part of the one protocol (protocol.ts
 * re-exports it).
 */
import type { CaptureProfile, TabDump, TabStats } from './tab-shapes';

export type RuntimeRequest =
  /** Find the tab whose stored page URL contains the text (standalone panel, tests). */
  | { type: 'findTab'; urlContains: string }
  /** Everything stored for a tab (tests, export). */
  | { type: 'dumpTab'; tabId: number }
  /** Just the counters of a tab (bench correctness checks). */
  | { type: 'tabStats'; tabId: number }
  /** Where the background spent its time storing (bench, tests); `reset` starts new counters. */
  | { type: 'profile'; reset?: boolean };

export type RuntimeResponse<R extends RuntimeRequest> = R extends { type: 'findTab' }
  ? { ok: true; tabId: number | null }
  : R extends { type: 'dumpTab' }
    ? { ok: true; dump: TabDump | null }
    : R extends { type: 'tabStats' }
      ? { ok: true; stats: TabStats | null }
      : R extends { type: 'profile' }
        ? { ok: true; profile: CaptureProfile }
        : never;

export interface RpcError {
  ok: false;
  error: string;
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;

export function isRuntimeRequest(x: unknown): x is RuntimeRequest {
  if (!isObject(x)) return false;
  if (x.type === 'findTab') return typeof x.urlContains === 'string';
  if (x.type === 'dumpTab' || x.type === 'tabStats') return typeof x.tabId === 'number';
  if (x.type === 'profile') return x.reset === undefined || typeof x.reset === 'boolean';
  return false;
}
