/**
 * Rebuilds a captured message as the frames it would be on the wire (RFC
 * 6455 5.2). The page hook sees messages, not frames: the masking key, the
 * fragmentation and the compressed bytes are chosen here, which is why the
 * viewer labels the result *reconstructed*. Pure: no DOM, no signals.
 */
import type { ConnectionRecord, MessageRecord } from '../../model/records';
import {
  DEFAULT_DEFLATE_PARAMS,
  applyMask,
  encodeFrame,
  frameFields,
  minimalLengthEncoding,
  negotiatedDeflate,
  opcodeName,
  parseDeflateParams,
  parseExtensionsHeader,
} from '../../protocol';
import { effectiveWindowBits } from '../../protocol/deflate';
import { windowBitsFor } from '../../protocol/deflate-params';
import type { Direction, Frame, PerMessageDeflateParams } from '../../protocol';
import { compressMessage, messageBytes, messageHead } from './compress';
import type { Compression, EarlierMessages } from './compress';

export { earlierMessages, messageBytes, REPLAY_MAX_BYTES, REPLAY_MAX_MESSAGES } from './compress';
export type { Compression, EarlierMessages } from './compress';

/** One reconstructed frame: the decoded view plus its header bytes (payload bytes are on `frame`). */
export interface WireFrame {
  frame: Frame;
  header: Uint8Array;
}

export interface Reconstruction {
  direction: Direction;
  frames: WireFrame[];
  /** Application payload before compression (possibly truncated). */
  message: Uint8Array;
  /** Only a prefix of the payload was stored: headers carry the full size, hex shows the stored bytes. */
  truncated: boolean;
  deflate: PerMessageDeflateParams | null;
  /** LZ77 window the payload was compressed within, 9-15 (null without permessage-deflate). */
  windowBits: number | null;
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
  /**
   * Build from only the first this-many payload bytes when the rest cannot change what is shown first (one
   * uncompressed frame of a whole message): the header still carries the full length. For a first paint that
   * does not wait for a megabyte to be encoded and masked (bench goal frameView.render1MiB).
   */
  firstBytes?: number;
}

/** One frame; `declared` is the length written in the header when only a prefix of the payload is known. */
export function buildFrame(spec: {
  opcode: number;
  fin: boolean;
  rsv1: boolean;
  key: Uint8Array | null;
  payload: Uint8Array;
  declared?: number;
}): WireFrame {
  const length = spec.declared ?? spec.payload.length;
  const encoding = minimalLengthEncoding(length);
  const truncated = length !== spec.payload.length;
  const encoded = encodeFrame({
    opcode: spec.opcode,
    fin: spec.fin,
    rsv1: spec.rsv1,
    maskingKey: spec.key,
    lengthEncoding: encoding,
    payload: truncated ? new Uint8Array(0) : spec.payload,
  });
  if (!encoded.ok) throw new Error(encoded.error.message); // opcode and key are ours: cannot happen
  const headerLength = encoded.value.bytes.length - (truncated ? 0 : spec.payload.length);
  const header = encoded.value.bytes.slice(0, headerLength);
  if (truncated) {
    // The header was encoded for an empty payload: write the declared length in its encoding.
    const view = new DataView(header.buffer);
    if (encoding === '7') header[1] = ((header[1] ?? 0) & 0x80) | length;
    else if (encoding === '16') view.setUint16(2, length);
    else {
      view.setUint32(2, Math.floor(length / 0x1_0000_0000));
      view.setUint32(6, length >>> 0);
    }
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

type Reconstructed = { ok: true; value: Reconstruction } | { ok: false; error: string };

/** The frames of one captured message as they would be on the wire; total: any failure is an error value for the tab. */
export function reconstruct(rec: MessageRecord, conn: ConnectionRecord | undefined, opts: ReconstructOptions): Reconstructed {
  try {
    return reconstructFrames(rec, conn, opts);
  } catch (e) {
    // Page data must never blank the tab: an unexpected failure is shown, not thrown.
    return { ok: false, error: `could not reconstruct the frame: ${e instanceof Error ? e.message : String(e)}` };
  }
}

function reconstructFrames(rec: MessageRecord, conn: ConnectionRecord | undefined, opts: ReconstructOptions): Reconstructed {
  const direction: Direction = rec.dir === 'out' ? 'client-to-server' : 'server-to-client';
  const deflate = connectionDeflate(conn?.extensions);
  const truncated = rec.truncated === true;
  // A first paint of one uncompressed frame of a whole message needs only its first bytes and its length.
  const first = opts.firstBytes;
  const head = first !== undefined && !deflate && !truncated && Math.floor(opts.fragments) <= 1 ? messageHead(rec, first) : undefined;
  const partial = head !== undefined && head.bytes.length < head.total;
  const bytes = partial ? { ok: true as const, bytes: head.bytes } : messageBytes(rec);
  if (!bytes.ok) return bytes;
  // Only a prefix is at hand: one frame whose header declares the full length.
  const declared = partial ? head.total : truncated ? rec.size : undefined;
  let payload = bytes.bytes;
  let compression: Compression = { kind: 'none' };
  if (deflate && truncated) {
    compression = { kind: 'unavailable', reason: 'the message was stored truncated, so its compressed form cannot be computed' };
  } else if (deflate) {
    const c = compressMessage(bytes.bytes, deflate, direction, opts.earlier);
    payload = c.bytes;
    compression = c.compression;
  }
  const rsv1 = compression.kind !== 'none' && compression.kind !== 'unavailable' && compression.kind !== 'failed';
  const n = declared !== undefined ? 1 : Math.max(1, Math.floor(opts.fragments));
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
        ...(declared !== undefined ? { declared } : {}),
      }),
    );
  }
  const wireBytes = frames.reduce((s, f) => s + f.header.length + f.frame.payloadLength, 0);
  const windowBits = deflate ? effectiveWindowBits(windowBitsFor(deflate, direction)) : null;
  return { ok: true, value: { direction, frames, message: bytes.bytes, truncated, deflate, windowBits, compression, wireBytes } };
}
