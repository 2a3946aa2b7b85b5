/** Store deltas gathered over several store calls (debugger mode applies CDP events one by one). */
import type { Delta } from '../store/tab-store';

export const empty = (): Delta => ({ messages: [], connections: [] });

/** Adds `d` to `into` (a connection once; messages in order). */
export function mergeDelta(into: Delta, d: Delta): void {
  into.messages.push(...d.messages);
  for (const c of d.connections) if (!into.connections.includes(c)) into.connections.push(c);
  if (d.removedConnections) (into.removedConnections ??= []).push(...d.removedConnections);
  if (d.evictedThrough !== undefined) into.evictedThrough = Math.max(into.evictedThrough ?? 0, d.evictedThrough);
}
