/**
 * What a stored message costs against the per-tab byte cap: its real
 * payload bytes. Text: UTF-8 bytes (the UTF-16 length undercounts non-ASCII
 * text up to 3×; a 256 MiB cap once held 537 MB of strings). Binary: the
 * decoded bytes, not the base64 characters they are stored as (4/3 more).
 */
import type { MessageRecord } from '../model/records';
import { utf8Length } from '../model/base64';

/** Bytes encoded by a base64 string (padding aware; whitespace is never stored). */
export function base64DecodedLength(b64: string): number {
  const n = b64.length;
  if (n === 0) return 0;
  const pad = b64.charCodeAt(n - 1) === 61 ? (b64.charCodeAt(n - 2) === 61 ? 2 : 1) : 0; // '='
  return Math.floor((n * 3) / 4) - pad;
}

export function storedBytesOf(m: Pick<MessageRecord, 'opcode' | 'data' | 'size' | 'truncated'>): number {
  if (m.opcode !== 1) return base64DecodedLength(m.data);
  // A whole text's size is its UTF-8 length already (measured once, in the hook or the store); a
  // truncated one, or a size that cannot be right (fewer bytes than UTF-16 units), is measured.
  return m.truncated || !(m.size >= m.data.length) ? utf8Length(m.data) : m.size;
}
