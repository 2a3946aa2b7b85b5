/**
 * Base64 in and out (RFC 4648 4, and the URL-safe alphabet of 5), written
 * out rather than atob/btoa so bad input yields a position, not an exception.
 */
import { bytesToBase64 } from '../model/base64';
import type { InputError } from './hex';
import type { Result } from './types';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const VALUES = new Map<string, number>([...ALPHABET].map((c, i) => [c, i]));
VALUES.set('-', 62);
VALUES.set('_', 63);

/** Standard base64 with padding: the one encoder of the project (native toBase64 when present). */
export const encodeBase64 = (bytes: Uint8Array): string => bytesToBase64(bytes);

function fail(code: InputError['code'], message: string, line: number, column: number): { ok: false; error: InputError } {
  return { ok: false, error: { code, message: `${message} at line ${line}, column ${column}`, line, column } };
}

/** Decode base64 (standard or URL-safe, whitespace and line breaks ignored, padding optional). */
export function parseBase64(text: string): Result<Uint8Array, InputError> {
  const values: number[] = [];
  let line = 1;
  let column = 0;
  let padding = 0;
  for (const ch of text) {
    column++;
    if (ch === '\n') {
      line++;
      column = 0;
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\r') continue;
    if (ch === '=') {
      padding++;
      if (padding > 2) return fail('BAD_BASE64_PADDING', 'too much "=" padding', line, column);
      continue;
    }
    const v = VALUES.get(ch);
    if (v === undefined) return fail('NOT_BASE64', `not base64: '${ch}'`, line, column);
    if (padding > 0) return fail('BAD_BASE64_PADDING', 'data after "=" padding', line, column);
    values.push(v);
  }
  if (values.length === 0) return fail('EMPTY_INPUT', 'no base64 data', line, column);
  // 4 characters carry 3 bytes; a final group of 1 character carries no whole byte.
  if (values.length % 4 === 1) return fail('BAD_BASE64_LENGTH', 'base64 length leaves a dangling 6 bits', line, column);
  if (padding > 0 && (values.length + padding) % 4 !== 0) return fail('BAD_BASE64_PADDING', 'wrong amount of "=" padding', line, column);
  const out = new Uint8Array(Math.floor((values.length * 6) / 8));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (const v of values) {
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return { ok: true, value: out };
}
