/**
 * Turns hook events (with ArrayBuffer/Blob payloads) into wire events (JSON
 * safe: base64), applying the per-message cap before encoding so a huge
 * message costs neither base64 time nor port bandwidth.
 */
import { bytesToBase64, truncateUtf8, utf8Length } from '../model/base64';
import type { HookEvent, WireEvent } from '../messaging/protocol';

export async function toWireEvent(event: HookEvent, maxMessageBytes: number): Promise<WireEvent> {
  if (event.k !== 'message') return event;
  const { bytes, ...rest } = event;
  if (event.text !== undefined) {
    // Characters ≤ bytes, so a text longer than the cap in UTF-16 units may still fit: measure only then.
    if (event.text.length <= maxMessageBytes / 3) return rest;
    const size = utf8Length(event.text);
    if (size <= maxMessageBytes) return { ...rest, size };
    return { ...rest, size, text: truncateUtf8(event.text, maxMessageBytes), truncated: true };
  }
  if (bytes === undefined) return rest;
  try {
    // Not `instanceof`: the buffer comes from the page's realm (Firefox Xrays), whose ArrayBuffer is another constructor.
    const isBuffer = Object.prototype.toString.call(bytes) === '[object ArrayBuffer]';
    const size = isBuffer ? (bytes as ArrayBuffer).byteLength : (bytes as Blob).size;
    const cut = size > maxMessageBytes;
    const end = cut ? maxMessageBytes : size;
    const part = isBuffer ? (bytes as ArrayBuffer).slice(0, end) : await (bytes as Blob).slice(0, end).arrayBuffer();
    return { ...rest, size, bytes: bytesToBase64(new Uint8Array(part)), ...(cut ? { truncated: true } : {}) };
  } catch (e) {
    return { ...rest, bytes: '', captureError: `payload could not be read: ${e instanceof Error ? e.message : String(e)}` };
  }
}
