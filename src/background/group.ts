/**
 * How much one group commit takes from a tab's inbox. Group commit makes
 * fewer, larger IndexedDB transactions as the background falls behind, but
 * applying a group and cloning it into the transaction are synchronous: an
 * unbounded group (a burst of 60 × 1 MiB batches) blocked the background's
 * only thread, and every panel request with it, for longer than a panel may
 * wait. So a group stops at a size whose synchronous work stays short; what
 * is left waits for the next commit, which is queued at once.
 */
import type { WireEvent } from '../messaging/protocol';
import type { IncomingBatch } from './tab-entries';
import { payloadWeight } from '../messaging/wire-payload';

export interface GroupLimits {
  /** Payload bytes (binary: bytes; text: UTF-16 units) of one group. */
  maxBytes: number;
  /** Events of one group. */
  maxEvents: number;
}

export const DEFAULT_GROUP_LIMITS: GroupLimits = { maxBytes: 8 * 1024 * 1024, maxEvents: 16_384 };

/** Payload bytes of a batch (src/messaging/wire-payload.ts); never throws (page data: a payload may be odd). */
export function batchBytes(events: readonly WireEvent[]): number {
  let n = 0;
  for (const e of events) n += payloadWeight(e);
  return n;
}

/** Removes the next group from `inbox`: at least one batch, then more while both limits hold. */
export function takeGroup(inbox: IncomingBatch[], limits: GroupLimits = DEFAULT_GROUP_LIMITS): IncomingBatch[] {
  let bytes = 0;
  let events = 0;
  let n = 0;
  for (const b of inbox) {
    bytes += b.bytes ?? 0;
    events += b.events.length;
    if (n > 0 && (bytes > limits.maxBytes || events > limits.maxEvents)) break;
    n++;
  }
  return inbox.splice(0, n);
}

/** The last batch of each relay in a commit: acks are cumulative (every seq up to it), so it answers for the others. */
export function newestPerRelay<B extends { relayId: string }>(batches: readonly B[]): B[] {
  const last = new Map<string, B>();
  for (const b of batches) {
    last.delete(b.relayId); // re-inserted: the map's order stays the order of each relay's newest batch
    last.set(b.relayId, b);
  }
  return [...last.values()];
}
