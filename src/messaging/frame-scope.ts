/**
 * What one frame of a tab may hear and say, decided in the background from
 * what the browser tells it (frame ids, URLs), never from the page. Pure.
 *
 * Hear: intercept rules (and their auto-reply payloads) are the panel
 * user's, and may carry secrets; a third-party iframe must not receive the
 * top page's. A rule without `conns` goes to the top frame and to frames of
 * the top frame's origin; a frame of another origin gets a rule only when the
 * rule names one of that frame's connections (and then only those names).
 *
 * Say: a frame reports capture events only for connections it created; an
 * event for a connection another frame created is refused (a frame cannot
 * forge, close or fill another frame's connection).
 */
import type { InterceptRule } from './command-types';

export interface FrameScope {
  frameId: number;
  /** The top frame, or a frame whose origin is the top frame's. */
  sameOriginAsTop: boolean;
}

function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const o = new URL(url).origin;
    return o === 'null' ? undefined : o; // opaque (about:blank, data:, sandboxed): never "the same" as anything
  } catch {
    return undefined;
  }
}

/** Frame 0 is the top frame; another frame counts as same-origin only when both origins are known and equal. */
export function frameScope(frameId: number, frameUrl: string | undefined, topUrl: string | undefined): FrameScope {
  if (frameId === 0) return { frameId, sameOriginAsTop: true };
  const own = originOf(frameUrl);
  return { frameId, sameOriginAsTop: own !== undefined && own === originOf(topUrl) };
}

/** The rules a frame's hook gets; `ownerOf` says which frame created a connection. */
export function rulesForFrame(
  rules: readonly InterceptRule[],
  frame: FrameScope,
  ownerOf: (conn: string) => number | undefined,
): InterceptRule[] {
  const out: InterceptRule[] = [];
  for (const rule of rules) {
    if (rule.conns === undefined) {
      if (frame.sameOriginAsTop) out.push(rule);
      continue;
    }
    const mine = rule.conns.filter((c) => ownerOf(c) === frame.frameId);
    if (mine.length > 0) out.push({ ...rule, conns: mine });
  }
  return out;
}

/** Every connection the rules name (to look their frames up once). */
export function namedConnections(rules: readonly InterceptRule[]): string[] {
  const names = new Set<string>();
  for (const rule of rules) for (const c of rule.conns ?? []) names.add(c);
  return [...names];
}

/**
 * The capture events of a batch from `frameId` that concern connections it
 * created: a `create` for an id another frame already created, and any other
 * event for such an id, are refused. Unknown ids pass (the store ignores them).
 */
export function ownEvents<E extends { k: string; conn: string }>(
  events: readonly E[],
  frameId: number,
  ownerOf: (conn: string) => number | undefined,
): { kept: E[]; refused: number } {
  const kept: E[] = [];
  let refused = 0;
  for (const e of events) {
    const owner = ownerOf(e.conn);
    if (owner !== undefined && owner !== frameId) refused++;
    else kept.push(e);
  }
  return { kept, refused };
}
