/**
 * What a stored message costs against the per-tab byte cap: its real
 * payload bytes. Text: UTF-8 bytes (the UTF-16 length undercounts non-ASCII
 * text up to 3×; a 256 MiB cap once held 537 MB of strings). Binary: the
 * decoded bytes, not the base64 characters they are stored as (4/3 more).
 */
import type { MessageRecord } from '../model/records';
import { base64DecodedLength, utf8Length } from '../model/base64';

export function storedBytesOf(m: Pick<MessageRecord, 'opcode' | 'data' | 'size' | 'truncated'>): number {
  if (m.opcode !== 1) return base64DecodedLength(m.data);
  // A whole text's size is its UTF-8 length already (measured once, in the hook or the store); a
  // truncated one, or a size that cannot be right (fewer bytes than UTF-16 units), is measured.
  return m.truncated || !(m.size >= m.data.length) ? utf8Length(m.data) : m.size;
}
