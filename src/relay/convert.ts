/**
 * Turns hook events into wire events. The hook already cut every payload to
 * the per-message cap before copying it (src/hook/payload.ts), with its full
 * `size` and `truncated`; this is the relay's guard that nothing over the cap
 * costs port bandwidth even so. Payloads are not re-encoded or copied here
 * (this runs on the page's main thread); a Blob is cut lazily (Blob.slice).
 */
import { truncateUtf8, utf8Length } from '../model/base64';
import type { HookEvent, WireEvent } from '../messaging/protocol';
import { isArrayBuffer } from '../messaging/wire-payload';
import { expandRun, type TextRun } from '../messaging/text-run';
import type { BatchItem } from '../messaging/text-run-shape';

/**
 * A run of plain text messages passes as it is when its whole text is under a
 * third of the cap (so no message in it can be over); otherwise it is
 * expanded and each message guarded like any other (the hook never packs a
 * long text: only a forged run gets here). Columns that disagree: dropped.
 */
export function guardRun(run: TextRun, maxMessageBytes: number): Array<BatchItem<WireEvent>> {
  if (run.text.length <= maxMessageBytes / 3) return [run];
  const expanded = expandRun(run);
  return 'error' in expanded ? [] : expanded.events.map((e) => toWireEvent(e, maxMessageBytes));
}

export function toWireEvent(event: HookEvent, maxMessageBytes: number): WireEvent {
  if (event.k !== 'message') return event;
  if (event.text !== undefined) {
    // Characters ≤ bytes, so a text longer than the cap in UTF-16 units may still fit: measure only then.
    if (event.text.length <= maxMessageBytes / 3) return event;
    const measured = utf8Length(event.text);
    if (measured <= maxMessageBytes) return event.size === undefined ? { ...event, size: measured } : event;
    return { ...event, size: Math.max(event.size ?? 0, measured), text: truncateUtf8(event.text, maxMessageBytes), truncated: true };
  }
  const bytes = event.bytes;
  if (bytes === undefined) return event;
  try {
    const isBuffer = isArrayBuffer(bytes); // the page's realm (Firefox Xrays): not `instanceof`
    const length = isBuffer ? (bytes as ArrayBuffer).byteLength : (bytes as Blob).size;
    // A cut payload keeps the full size the hook measured.
    const size = Math.max(event.size ?? 0, length);
    if (length <= maxMessageBytes) return size === event.size ? event : { ...event, size };
    const part = isBuffer ? (bytes as ArrayBuffer).slice(0, maxMessageBytes) : (bytes as Blob).slice(0, maxMessageBytes);
    return { ...event, size, bytes: part, truncated: true };
  } catch (e) {
    const { bytes: _unreadable, ...rest } = event;
    return { ...rest, captureError: `payload could not be read: ${e instanceof Error ? e.message : String(e)}` };
  }
}
