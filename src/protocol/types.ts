/** Shared data shapes of the frame codec. Pure data: no classes, safe to postMessage. */
import type { OpcodeName } from './constants';
import type { ProtocolError } from './errors';

/** `client-to-server` frames must be masked, `server-to-client` frames must not be (RFC 6455 5.1). */
export type Direction = 'client-to-server' | 'server-to-client';

/** Which payload length encoding a frame used: inline 7-bit, 16-bit or 64-bit extended (RFC 6455 5.2). */
export type LengthEncoding = '7' | '16' | '64';

export type Result<T, E> = { ok: true; value: T } | { ok: false; error: E };

/**
 * A run of bits in the byte stream, for highlighting. Bit 0 is the most
 * significant bit of the byte at `byteOffset` (the RFC diagram order); a range
 * may cross byte boundaries (e.g. a 16-bit extended length).
 */
export interface BitRange {
  byteOffset: number;
  bitOffset: number;
  bitLength: number;
}

/** Where every header field and the payload of a frame sit in the stream. */
export interface FrameFields {
  fin: BitRange;
  rsv1: BitRange;
  rsv2: BitRange;
  rsv3: BitRange;
  opcode: BitRange;
  mask: BitRange;
  /** The 7-bit length field. */
  payloadLength: BitRange;
  /** The 16- or 64-bit extended length, when the 7-bit field is 126 or 127. */
  extendedLength: BitRange | null;
  maskingKey: BitRange | null;
  payload: BitRange;
}

/** One decoded frame, every field as on the wire. */
export interface Frame {
  /** Stream offset of the first header byte. */
  offset: number;
  headerLength: number;
  fin: boolean;
  rsv1: boolean;
  rsv2: boolean;
  rsv3: boolean;
  opcode: number;
  opcodeName: OpcodeName;
  masked: boolean;
  /** Value of the 7-bit length field (0-125, or 126 / 127 markers). */
  payloadLength7: number;
  lengthEncoding: LengthEncoding;
  /** Value of the extended length field, or null for the '7' encoding. */
  extendedLength: number | null;
  /** The real payload length. */
  payloadLength: number;
  /** False when a longer encoding than needed was used (RFC 6455 5.2 forbids it). */
  minimalLength: boolean;
  maskingKey: Uint8Array | null;
  /** The payload bytes as sent (still XORed with the key), or null when unmasked. */
  maskedPayload: Uint8Array | null;
  /** The unmasked payload. */
  payload: Uint8Array;
  /** Bit ranges of every field; see decoded-frame.ts (a getter on decoded frames). */
  readonly fields: FrameFields;
}

export type MessageKind = 'text' | 'binary' | 'close' | 'ping' | 'pong';

/** A complete message: data frames reassembled from fragments, or one control frame. */
export interface Message {
  kind: MessageKind;
  /** Stream offset of the first frame. */
  offset: number;
  frameCount: number;
  /** True when RSV1 marked it as permessage-deflate compressed (RFC 7692 6). */
  compressed: boolean;
  /** Reassembled (and inflated) payload. For close, the whole close payload. */
  data: Uint8Array;
  /** UTF-8 text for text messages; the reason for close messages; otherwise null. */
  text: string | null;
  /** Close status code, or null if the close frame had no payload. Only for close. */
  closeCode: number | null;
}

export type DecodeEvent = { type: 'frame'; frame: Frame } | { type: 'message'; message: Message } | { type: 'error'; error: ProtocolError };
