/**
 * The compressed bytes of a reconstructed frame (RFC 7692 7.2.1): which
 * earlier messages a permessage-deflate sender had compressed before this
 * one, and compressing them again in order through pako (a zlib port), so
 * the payload is the one a zlib sender with the agreed parameters sends.
 * Pure: no DOM, no signals.
 */
import type { ConnectionRecord, MessageRecord } from '../../model/records';
import { resetsContext } from '../../protocol';
import type { Direction, PerMessageDeflateParams } from '../../protocol';
import { MessageDeflater } from '../../protocol/deflate';
import { windowBitsFor } from '../../protocol/deflate-params';
import { decodeBase64 } from '../capture/format';
import { base64DecodedLength, utf8Length } from '../../model/base64';
import type { MessageLog } from '../capture/message-log';

/** What the compressed payload is relative to, so the UI can say it honestly. */
export type Compression =
  | { kind: 'none' }
  /** The sender resets its compressor per message (`*_no_context_takeover`): this payload stands alone. */
  | { kind: 'independent' }
  /** Every earlier message of this direction was compressed first, through the same compressor. */
  | { kind: 'replayed'; earlier: number }
  /** Earlier messages could not be replayed: compressed as if it were the first message. */
  | { kind: 'first'; reason: string }
  /** Cannot be compressed at all (the stored payload is truncated). */
  | { kind: 'unavailable'; reason: string }
  /** The compressor failed (a bug in it, shown rather than thrown): the payload is shown uncompressed. */
  | { kind: 'failed'; error: string };

export interface EarlierMessages {
  records: MessageRecord[];
  /** Null when the list is everything that went on the wire before; otherwise why not. */
  incomplete: string | null;
}

/** Replaying more than this to rebuild one message's context is not worth the wait. */
export const REPLAY_MAX_MESSAGES = 2000;
export const REPLAY_MAX_BYTES = 8 * 1024 * 1024;

const encoder = new TextEncoder();

export function messageBytes(rec: MessageRecord): { ok: true; bytes: Uint8Array } | { ok: false; error: string } {
  if (rec.opcode === 1) return { ok: true, bytes: encoder.encode(rec.data) };
  return decodeBase64(rec.data);
}

/**
 * The first `n` payload bytes and the whole payload's length, without encoding or decoding the rest
 * (for a first paint); undefined when the stored base64 cannot be read.
 */
export function messageHead(rec: MessageRecord, n: number): { bytes: Uint8Array; total: number } | undefined {
  if (rec.opcode === 1) {
    // The first n + 1 UTF-16 units encode to at least n bytes; a surrogate pair cut after them changes only bytes past n.
    return { bytes: encoder.encode(rec.data.slice(0, n + 1)).subarray(0, n), total: utf8Length(rec.data) };
  }
  const head = decodeBase64(rec.data.slice(0, Math.ceil(n / 3) * 4));
  return head.ok ? { bytes: head.bytes.subarray(0, n), total: base64DecodedLength(rec.data) } : undefined;
}

/** True when the message reached the wire (not discarded by the browser, not dropped by Sockscope). */
function onWire(rec: MessageRecord): boolean {
  return rec.sentInState === undefined && rec.origin !== 'dropped';
}

/** The stored messages sent before `rec` in its direction on its connection, and whether that is all of them. */
export function earlierMessages(log: MessageLog, rec: MessageRecord, conn: ConnectionRecord | undefined): EarlierMessages {
  const idx = log.connIndex(rec.conn);
  const records: MessageRecord[] = [];
  let storedInDir = 0;
  let problem: string | null = null;
  for (let i = 0; idx && i < idx.length; i++) {
    const r = log.bySeq(idx.at(i) ?? -1);
    if (!r || r.dir !== rec.dir) continue;
    storedInDir++;
    if (r.id >= rec.id || !onWire(r)) continue;
    if (r.truncated || r.captureError) problem ??= `message #${r.id} was not stored whole`;
    records.push(r);
  }
  const total = conn ? (rec.dir === 'out' ? conn.sent.messages : conn.received.messages) : storedInDir;
  if (storedInDir < total)
    problem ??= `${total - storedInDir} message(s) of this connection are not stored (evicted, paused, or before capture)`;
  return { records, incomplete: problem };
}

export interface Compressed {
  bytes: Uint8Array;
  compression: Compression;
}

/**
 * The permessage-deflate payload of `message` (RFC 7692 7.2.1) and what it
 * is relative to. With context takeover the earlier messages of the same
 * direction are compressed first through the same compressor, as the sender
 * did. Total: a compressor failure comes back as `failed`, never thrown.
 */
export function compressMessage(
  message: Uint8Array,
  params: PerMessageDeflateParams,
  direction: Direction,
  earlierOf?: () => EarlierMessages,
): Compressed {
  // Within the agreed window (RFC 7692 7.1.2); an agreed 8 is compressed with 9, see effectiveWindowBits.
  const options = { windowBits: windowBitsFor(params, direction) };
  const alone = (compression: Compression): Compressed => {
    const r = new MessageDeflater(true, options).compress(message);
    return r.ok ? { bytes: r.value, compression } : { bytes: message, compression: { kind: 'failed', error: r.error.message } };
  };
  if (resetsContext(params, direction)) return alone({ kind: 'independent' });
  const earlier = earlierOf?.() ?? { records: [], incomplete: null };
  let reason = earlier.incomplete;
  const bytes = earlier.records.reduce((n, r) => n + r.data.length, 0);
  if (!reason && earlier.records.length > REPLAY_MAX_MESSAGES) reason = `more than ${REPLAY_MAX_MESSAGES} earlier messages`;
  if (!reason && bytes > REPLAY_MAX_BYTES) reason = 'more than 8 MiB of earlier messages';
  const deflater = new MessageDeflater(false, options);
  for (const r of reason ? [] : earlier.records) {
    const b = messageBytes(r);
    const replayed = b.ok ? deflater.compress(b.bytes) : null;
    if (!replayed?.ok) {
      reason = replayed ? `replaying message #${r.id} failed (${replayed.error.message})` : `message #${r.id} has an unreadable payload`;
      break;
    }
  }
  if (reason) return alone({ kind: 'first', reason });
  const r = deflater.compress(message);
  if (!r.ok) return { bytes: message, compression: { kind: 'failed', error: r.error.message } };
  return { bytes: r.value, compression: { kind: 'replayed', earlier: earlier.records.length } };
}
