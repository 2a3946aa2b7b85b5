/**
 * Rebuilds a captured message as the frames it would be on the wire (RFC
 * 6455 5.2). The page hook sees messages, not frames: the masking key, the
 * fragmentation and the compressed bytes are chosen here, which is why the
 * viewer labels the result *reconstructed*. Pure: no DOM, no signals.
 */
import type { ConnectionRecord, MessageRecord } from '../../model/records';
import {
  DEFAULT_DEFLATE_PARAMS, MessageDeflater, applyMask, encodeFrame, frameFields, minimalLengthEncoding, negotiatedDeflate, opcodeName,
  parseDeflateParams, parseExtensionsHeader, resetsContext,
} from '../../protocol';
import type { Direction, Frame, PerMessageDeflateParams } from '../../protocol';
import { decodeBase64 } from '../format';
import type { MessageLog } from '../message-log';

/** One reconstructed frame: the decoded view plus its header bytes (payload bytes are on `frame`). */
export interface WireFrame {
  frame: Frame;
  header: Uint8Array;
}

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
  | { kind: 'unavailable'; reason: string };

export interface Reconstruction {
  direction: Direction;
  frames: WireFrame[];
  /** Application payload before compression (possibly truncated). */
  message: Uint8Array;
  /** Only a prefix of the payload was stored: headers carry the full size, hex shows the stored bytes. */
  truncated: boolean;
  deflate: PerMessageDeflateParams | null;
  compression: Compression;
  /** Total bytes of all frames on the wire. */
  wireBytes: number;
}

export interface ReconstructOptions {
  /** Key of fragment i for client→server frames. */
  keyFor: (index: number) => Uint8Array;
  /** Number of frames (RFC 6455 5.4). */
  fragments: number;
  /** Earlier messages of the same connection and direction, oldest first (see earlierMessages); asked only when needed. */
  earlier?: () => EarlierMessages;
}

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
  if (storedInDir < total) problem ??= `${total - storedInDir} message(s) of this connection are not stored (evicted, paused, or before capture)`;
  return { records, incomplete: problem };
}

function compress(message: Uint8Array, params: PerMessageDeflateParams, direction: Direction, opts: ReconstructOptions): { bytes: Uint8Array; compression: Compression } {
  if (resetsContext(params, direction)) return { bytes: new MessageDeflater(true).deflate(message), compression: { kind: 'independent' } };
  const earlier = opts.earlier?.() ?? { records: [], incomplete: null };
  let reason = earlier.incomplete;
  const bytes = earlier.records.reduce((n, r) => n + r.data.length, 0);
  if (!reason && earlier.records.length > REPLAY_MAX_MESSAGES) reason = `more than ${REPLAY_MAX_MESSAGES} earlier messages`;
  if (!reason && bytes > REPLAY_MAX_BYTES) reason = 'more than 8 MiB of earlier messages';
  const deflater = new MessageDeflater(false);
  if (!reason) {
    for (const r of earlier.records) {
      const b = messageBytes(r);
      if (!b.ok) {
        reason = `message #${r.id} has an unreadable payload`;
        break;
      }
      deflater.deflate(b.bytes);
    }
  }
  if (reason) return { bytes: new MessageDeflater(false).deflate(message), compression: { kind: 'first', reason } };
  return { bytes: deflater.deflate(message), compression: { kind: 'replayed', earlier: earlier.records.length } };
}

/** One frame; `declared` is the length written in the header when only a prefix of the payload is known. */
export function buildFrame(spec: { opcode: number; fin: boolean; rsv1: boolean; key: Uint8Array | null; payload: Uint8Array; declared?: number }): WireFrame {
  const length = spec.declared ?? spec.payload.length;
  const encoding = minimalLengthEncoding(length);
  const truncated = length !== spec.payload.length;
  const encoded = encodeFrame({ opcode: spec.opcode, fin: spec.fin, rsv1: spec.rsv1, maskingKey: spec.key, lengthEncoding: encoding, payload: truncated ? new Uint8Array(0) : spec.payload });
  if (!encoded.ok) throw new Error(encoded.error.message); // opcode and key are ours: cannot happen
  const headerLength = encoded.value.bytes.length - (truncated ? 0 : spec.payload.length);
  const header = encoded.value.bytes.slice(0, headerLength);
  if (truncated) {
    // Only the 64-bit encoding can hold a payload above the 1 MiB capture cap.
    const view = new DataView(header.buffer);
    view.setUint32(2, Math.floor(length / 0x1_0000_0000));
    view.setUint32(6, length >>> 0);
  }
  const masked = spec.key === null ? null : truncated ? applyMask(spec.payload, spec.key) : encoded.value.bytes.subarray(headerLength);
  const frame: Frame = {
    offset: 0,
    headerLength,
    fin: spec.fin,
    rsv1: spec.rsv1,
    rsv2: false,
    rsv3: false,
    opcode: spec.opcode,
    opcodeName: opcodeName(spec.opcode),
    masked: spec.key !== null,
    payloadLength7: (header[1] ?? 0) & 0x7f,
    lengthEncoding: encoding,
    extendedLength: encoding === '7' ? null : length,
    payloadLength: length,
    minimalLength: true,
    maskingKey: spec.key,
    maskedPayload: masked,
    payload: spec.payload,
    fields: frameFields(0, encoding, spec.key !== null, length),
  };
  return { frame, header };
}

/**
 * The permessage-deflate agreement of a connection, from `ws.extensions`.
 * Lenient: a browser reports what the server answered even when it bends
 * RFC 7692 7.1 (e.g. a valueless `client_max_window_bits`); the socket still
 * compresses, so read it like an offer before giving up on the parameters.
 */
export function connectionDeflate(extensions: string | undefined): PerMessageDeflateParams | null {
  const strict = negotiatedDeflate(extensions);
  if (strict.ok) return strict.value;
  const parsed = parseExtensionsHeader(extensions ?? '');
  const pmd = parsed.ok ? parsed.value.find((o) => o.name.toLowerCase() === 'permessage-deflate') : undefined;
  if (!pmd && !/permessage-deflate/i.test(extensions ?? '')) return null;
  const lenient = pmd ? parseDeflateParams(pmd.params, 'offer') : null;
  return lenient?.ok ? lenient.value : { ...DEFAULT_DEFLATE_PARAMS };
}

/** The frames of one captured message as they would be on the wire. */
export function reconstruct(rec: MessageRecord, conn: ConnectionRecord | undefined, opts: ReconstructOptions): { ok: true; value: Reconstruction } | { ok: false; error: string } {
  const bytes = messageBytes(rec);
  if (!bytes.ok) return bytes;
  const direction: Direction = rec.dir === 'out' ? 'client-to-server' : 'server-to-client';
  const deflate = connectionDeflate(conn?.extensions);
  const truncated = rec.truncated === true;
  let payload = bytes.bytes;
  let compression: Compression = { kind: 'none' };
  if (deflate && truncated) {
    compression = { kind: 'unavailable', reason: 'the message was stored truncated, so its compressed form cannot be computed' };
  } else if (deflate) {
    const c = compress(bytes.bytes, deflate, direction, opts);
    payload = c.bytes;
    compression = c.compression;
  }
  const rsv1 = compression.kind !== 'none' && compression.kind !== 'unavailable';
  const n = truncated ? 1 : Math.max(1, Math.floor(opts.fragments));
  const frames: WireFrame[] = [];
  for (let i = 0; i < n; i++) {
    const from = Math.floor((payload.length * i) / n);
    const to = Math.floor((payload.length * (i + 1)) / n);
    frames.push(
      buildFrame({
        opcode: i === 0 ? rec.opcode : 0,
        fin: i === n - 1,
        rsv1: rsv1 && i === 0, // RFC 7692 6.1: RSV1 on the first frame only
        key: direction === 'client-to-server' ? opts.keyFor(i) : null,
        payload: payload.subarray(from, to),
        ...(truncated ? { declared: rec.size } : {}),
      }),
    );
  }
  const wireBytes = frames.reduce((s, f) => s + f.header.length + f.frame.payloadLength, 0);
  return { ok: true, value: { direction, frames, message: bytes.bytes, truncated, deflate, compression, wireBytes } };
}
