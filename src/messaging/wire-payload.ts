/**
 * A capture event's payload as every hop after the hook sees it (relay,
 * background): a brand check that holds across realms, and the weight the
 * memory bounds count (the relay's outbox caps, the background's group
 * commit). Pure; never throws on odd page data.
 */
import type { WireEvent } from './protocol';
import type { BatchItem } from './text-run-shape';

/** Not `instanceof`: a buffer from the page's realm (Firefox Xrays) or a panel has another constructor. */
export const isArrayBuffer = (x: unknown): x is ArrayBuffer => Object.prototype.toString.call(x) === '[object ArrayBuffer]';

/** Payload bytes of one event (binary: bytes; text: UTF-16 units, not measured); 0 for anything else or unreadable. */
export function payloadWeight(e: BatchItem<WireEvent>): number {
  if (e.k === 'texts') return typeof e.text === 'string' ? e.text.length : 0; // a run of text messages
  if (e.k !== 'message') return 0;
  if (typeof e.text === 'string') return e.text.length;
  try {
    const b = e.bytes as { byteLength?: unknown; size?: unknown } | undefined;
    const n = typeof b?.byteLength === 'number' ? b.byteLength : b?.size;
    return typeof n === 'number' ? n : 0;
  } catch {
    return 0; // a getter from another realm that throws: weighs nothing rather than breaking the batch
  }
}
