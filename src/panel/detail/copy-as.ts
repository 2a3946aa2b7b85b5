/**
 * What "Copy as …" puts on the clipboard for a message or a connection, pure
 * (no DOM). Every function is total: page data of any size or shape (lone
 * surrogates, invalid base64, 5,000-deep JSON) gives a string or null, never
 * a throw. Bytes are the bytes send() put on the wire: text as UTF-8 (a lone
 * surrogate as U+FFFD, as send() encodes it), binary from its stored base64.
 */
import type { ConnectionRecord, HttpHeader, MessageRecord } from '../../model/records';
import type { Decoded, DecodedField } from '../../decoders/types';
import { bytesToBase64 } from '../../model/base64';
import { toHex } from '../capture/format';
import { payloadBytes } from '../capture/payload';

/** The text of a message; a binary payload read as UTF-8 (lossy, as the Text tab shows it). */
export function copyAsText(rec: MessageRecord): string {
  if (rec.opcode === 1) return rec.data;
  const dec = payloadBytes(rec);
  return dec.ok ? new TextDecoder('utf-8', { fatal: false }).decode(dec.bytes) : '';
}

/** Space-separated lowercase hex of the payload bytes ("68 69"); null when stored base64 is invalid. */
export function copyAsHex(rec: MessageRecord): string | null {
  const dec = payloadBytes(rec);
  return dec.ok ? toHex(dec.bytes) : null;
}

/** Base64 of the payload bytes (binary is stored as base64 already). */
export function copyAsBase64(rec: MessageRecord): string {
  return rec.opcode === 2 ? rec.data : bytesToBase64(new TextEncoder().encode(rec.data));
}

/** Pretty JSON (2 spaces) when the payload parses as JSON; null otherwise (the menu hides the item). */
export function copyAsJson(rec: MessageRecord): string | null {
  let text = rec.data;
  if (rec.opcode === 2) {
    const dec = payloadBytes(rec);
    if (!dec.ok) return null;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(dec.bytes);
    } catch {
      return null;
    }
  }
  // Cheap refusal first: most payloads are not JSON and JSON.parse of a MiB of prose still scans it.
  const first = /\S/.exec(text.slice(0, 1024))?.[0];
  if (first === undefined || !'{["-0123456789tfn'.includes(first)) return null;
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return null; // not JSON, or nested deeper than the engine's stack allows
  }
}

/** Binary up to this size is copied as a byte list; larger as base64 decoded in place (a list costs ~4 characters per byte). */
export const BYTE_LIST_MAX = 4096;

/**
 * A JavaScript string literal for any string: JSON.stringify escapes quotes,
 * C0 controls and lone surrogates (ES2019) and its output is valid JS; DEL, C1
 * controls, line separators and bidi controls are escaped too, so a pasted
 * snippet reads as it runs.
 */
export function jsString(text: string): string {
  return JSON.stringify(text).replace(
    /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * What goes inside `ws.send(...)` to send the same bytes: text as a string
 * literal; binary as `new Uint8Array([...])`, or past BYTE_LIST_MAX bytes as
 * `Uint8Array.from(atob("…"), (c) => c.charCodeAt(0))`. Null when the stored
 * base64 is invalid.
 */
export function sendArgument(rec: MessageRecord): string | null {
  if (rec.opcode === 1) return jsString(rec.data);
  const dec = payloadBytes(rec);
  if (!dec.ok) return null;
  if (dec.bytes.length > BYTE_LIST_MAX) return `Uint8Array.from(atob(${jsString(rec.data)}), (c) => c.charCodeAt(0))`;
  return `new Uint8Array([${dec.bytes.join(', ')}])`;
}

/** A `ws.send(...)` line that sends the same bytes (sendArgument); null when the stored base64 is invalid. */
export function copyAsCode(rec: MessageRecord): string | null {
  const arg = sendArgument(rec);
  return arg === null ? null : `ws.send(${arg});`;
}

const headerLines = (headers: readonly HttpHeader[] | undefined): string[] => (headers ?? []).map((h) => `${h.name}: ${h.value}`);

/**
 * The opening handshake as HTTP text: request line and headers, a blank
 * line, status line and headers, as far as the browser reported them. Null
 * when no header was reported at all.
 */
export function handshakeText(conn: ConnectionRecord): string | null {
  const hs = conn.handshake;
  const req = headerLines(hs?.requestHeaders);
  const res = headerLines(hs?.responseHeaders);
  if (!hs || (req.length === 0 && res.length === 0)) return null;
  let target = hs.url;
  try {
    const u = new URL(hs.url);
    target = `${u.pathname}${u.search}`;
  } catch {
    // keep the URL as the browser gave it
  }
  const status = hs.statusLine ?? (hs.status !== undefined ? `HTTP/1.1 ${hs.status}` : '');
  const parts = [[`GET ${target} HTTP/1.1`, ...req].join('\n')];
  if (status !== '' || res.length > 0) parts.push([status, ...res].filter((l) => l !== '').join('\n'));
  return parts.join('\n\n');
}

function fieldLines(fields: readonly DecodedField[], depth: number, out: string[]): void {
  for (const f of fields) {
    out.push(`${'  '.repeat(depth)}${f.name}${f.value === undefined ? '' : `: ${f.value}`}`);
    if (f.children && depth < 64) fieldLines(f.children, depth + 1, out);
  }
}

/** The Decoded tab's tree as indented text: the summary, then `name: value` lines, one block per unit of a multi-unit message. */
export function decodedTreeText(d: Decoded): string {
  const out: string[] = [d.summary];
  if (d.parts && d.parts.length > 0)
    for (const [i, p] of d.parts.entries()) {
      out.push(`${i + 1}. ${p.summary}`);
      fieldLines(p.fields, 1, out);
    }
  else fieldLines(d.fields, 0, out);
  return out.join('\n');
}
