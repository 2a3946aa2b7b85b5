/**
 * Opening handshake check (RFC 6455 1.3, 4.2.2): the server proves it read
 * the key by answering base64(SHA-1(key + GUID)).
 *
 * Uses WebCrypto (crypto.subtle, in every browser panel and in Node >= 20),
 * so the functions are async. A sync SHA-1 would be ~60 lines of crypto to
 * maintain for a check that runs once per connection: not worth it.
 */
import { encodeBase64 } from './base64';

/** The fixed GUID of RFC 6455 1.3. */
export const WEBSOCKET_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** Sec-WebSocket-Accept for a Sec-WebSocket-Key (RFC 6455 4.2.2, step 5.4). */
export async function computeAccept(secWebSocketKey: string): Promise<string> {
  const input = new TextEncoder().encode(secWebSocketKey.trim() + WEBSOCKET_GUID);
  const digest = await globalThis.crypto.subtle.digest('SHA-1', input);
  return encodeBase64(new Uint8Array(digest));
}

export type AcceptCheck =
  | { ok: true; expected: string }
  | { ok: false; code: 'ACCEPT_MISMATCH' | 'KEY_NOT_16_BYTES'; message: string; expected: string; rfc: string };

/**
 * Does `secWebSocketAccept` answer `secWebSocketKey`? Also checks the key is
 * base64 of 16 bytes (RFC 6455 4.1, client requirement 7).
 */
export async function verifyAccept(secWebSocketKey: string, secWebSocketAccept: string): Promise<AcceptCheck> {
  const expected = await computeAccept(secWebSocketKey);
  const key = secWebSocketKey.trim();
  if (!/^[A-Za-z0-9+/]{22}==$/.test(key)) {
    return { ok: false, code: 'KEY_NOT_16_BYTES', message: 'Sec-WebSocket-Key must be base64 of 16 bytes', expected, rfc: 'RFC 6455 4.1' };
  }
  if (secWebSocketAccept.trim() !== expected) {
    return {
      ok: false,
      code: 'ACCEPT_MISMATCH',
      message: `Sec-WebSocket-Accept is ${secWebSocketAccept.trim()}, expected ${expected}`,
      expected,
      rfc: 'RFC 6455 4.2.2',
    };
  }
  return { ok: true, expected };
}
