/**
 * Base64 for binary payloads crossing JSON-only channels (Chrome's runtime
 * ports serialize as JSON). Uses the native Uint8Array.toBase64/fromBase64
 * (Chrome 140, Firefox 133) when present, else a chunked btoa/atob.
 */
interface Base64Native {
  toBase64?: (this: Uint8Array) => string;
}
interface Base64Ctor {
  fromBase64?: (s: string) => Uint8Array;
}

export function bytesToBase64(bytes: Uint8Array): string {
  const native = (bytes as Base64Native).toBase64;
  if (native) return native.call(bytes);
  let binary = '';
  const CHUNK = 0x8000; // String.fromCharCode argument limit safety
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode.apply(null, bytes.subarray(i, i + CHUNK) as unknown as number[]);
  }
  return btoa(binary);
}

export class Base64Error extends Error {
  override name = 'Base64Error';
}

/** Decodes base64; throws Base64Error saying what was wrong. */
export function base64ToBytes(text: string): Uint8Array {
  const native = (Uint8Array as unknown as Base64Ctor).fromBase64;
  try {
    if (native) return native(text);
    const binary = atob(text);
    const out = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
    return out;
  } catch (e) {
    const bad = /[^A-Za-z0-9+/=\s]/.exec(text);
    const where = bad ? ` (character '${bad[0]}' at position ${bad.index + 1})` : '';
    throw new Base64Error(`invalid base64${where}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Bytes encoded by a base64 string (padding aware; whitespace is never stored). */
export function base64DecodedLength(b64: string): number {
  const n = b64.length;
  if (n === 0) return 0;
  const pad = b64.charCodeAt(n - 1) === 61 ? (b64.charCodeAt(n - 2) === 61 ? 2 : 1) : 0; // '='
  return Math.floor((n * 3) / 4) - pad;
}

/** Number of UTF-8 bytes of a JS string (lone surrogates count as U+FFFD, 3 bytes, as send() encodes them). */
export function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

/** Longest prefix of `text` whose UTF-8 encoding fits in `maxBytes`, never splitting a surrogate pair. */
export function truncateUtf8(text: string, maxBytes: number): string {
  let bytes = 0;
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    const d = text.charCodeAt(i + 1); // NaN past the end: comparisons fail
    const pair = c >= 0xd800 && c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff;
    const w = c < 0x80 ? 1 : c < 0x800 ? 2 : pair ? 4 : 3;
    if (bytes + w > maxBytes) break;
    bytes += w;
    i += pair ? 2 : 1;
  }
  return text.slice(0, i);
}
