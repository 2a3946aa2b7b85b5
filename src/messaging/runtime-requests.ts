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

/**
 * Background → a frame's relay (tabs.sendMessage): does Sockscope run here? Asked of a frame whose relay never
 * connected (its page opened no socket itself) when a handshake of it went unclaimed: the answer decides
 * between "opened in a worker" and "no Sockscope hook in this frame".
 */
export type RelayProbe = { type: 'relayProbe' };
export const RELAY_PROBE: RelayProbe = { type: 'relayProbe' };
export type RelayProbeAnswer = { ok: true; hook: true };
export const RELAY_PROBE_ANSWER: RelayProbeAnswer = { ok: true, hook: true };
export const isRelayProbe = (x: unknown): x is RelayProbe => isObject(x) && x.type === 'relayProbe';
export const isRelayProbeAnswer = (x: unknown): x is RelayProbeAnswer => isObject(x) && x.ok === true && x.hook === true;

export function isRuntimeRequest(x: unknown): x is RuntimeRequest {
  if (!isObject(x)) return false;
  if (x.type === 'findTab') return typeof x.urlContains === 'string';
  if (x.type === 'dumpTab' || x.type === 'tabStats') return typeof x.tabId === 'number';
  if (x.type === 'profile') return x.reset === undefined || typeof x.reset === 'boolean';
  return false;
}
