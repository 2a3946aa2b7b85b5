/**
 * Frame encoder (RFC 6455 5.2), mirroring ws's lib/sender.js header layout.
 * It encodes *any* frame, including ones a decoder must reject (reserved
 * opcodes, set RSV bits, oversized control frames, longer-than-needed
 * lengths) because the viewer uses it to build teaching examples. It only
 * refuses what cannot be represented at all.
 */
import {
  FIN_BIT,
  LENGTH_16_MARKER,
  LENGTH_64_MARKER,
  MASK_BIT,
  MASKING_KEY_LENGTH,
  MAX_16BIT_LENGTH,
  MAX_7BIT_LENGTH,
  OPCODE_BITS,
  RSV1_BIT,
  RSV2_BIT,
  RSV3_BIT,
} from './constants';
import { extendedLengthBytes, headerLength } from './frame-fields';
import { applyMask } from './mask';
import type { LengthEncoding, Result } from './types';

export interface FrameSpec {
  opcode: number;
  payload?: Uint8Array | string;
  /** Default true. */
  fin?: boolean;
  rsv1?: boolean;
  rsv2?: boolean;
  rsv3?: boolean;
  /** 4 bytes to mask with (client-to-server frames), or null/absent for an unmasked frame. */
  maskingKey?: Uint8Array | null;
  /** Force a length encoding; default is the minimal one. A longer one is allowed and flagged. */
  lengthEncoding?: LengthEncoding;
}

export interface EncodedFrame {
  bytes: Uint8Array;
  lengthEncoding: LengthEncoding;
  /** False when a longer length encoding than necessary was forced (RFC 6455 5.2 requires minimal). */
  minimalLength: boolean;
}

export type EncodeErrorCode = 'BAD_OPCODE' | 'BAD_MASKING_KEY' | 'LENGTH_DOES_NOT_FIT' | 'BAD_FRAGMENT_COUNT';

export interface EncodeError {
  code: EncodeErrorCode;
  message: string;
}

const encoder = new TextEncoder();

/** The smallest encoding that can carry `length` bytes. */
export function minimalLengthEncoding(length: number): LengthEncoding {
  return length <= MAX_7BIT_LENGTH ? '7' : length <= MAX_16BIT_LENGTH ? '16' : '64';
}

const ENCODING_RANK: Record<LengthEncoding, number> = { '7': 0, '16': 1, '64': 2 };

export function encodeFrame(spec: FrameSpec): Result<EncodedFrame, EncodeError> {
  const payload = typeof spec.payload === 'string' ? encoder.encode(spec.payload) : (spec.payload ?? new Uint8Array(0));
  if (!Number.isInteger(spec.opcode) || spec.opcode < 0 || spec.opcode > OPCODE_BITS) {
    return { ok: false, error: { code: 'BAD_OPCODE', message: `opcode must be 0-15, got ${spec.opcode}` } };
  }
  const key = spec.maskingKey ?? null;
  if (key !== null && key.length !== MASKING_KEY_LENGTH) {
    return { ok: false, error: { code: 'BAD_MASKING_KEY', message: `masking key must be 4 bytes, got ${key.length}` } };
  }
  const minimal = minimalLengthEncoding(payload.length);
  const encoding = spec.lengthEncoding ?? minimal;
  if (ENCODING_RANK[encoding] < ENCODING_RANK[minimal]) {
    return { ok: false, error: { code: 'LENGTH_DOES_NOT_FIT', message: `${payload.length} bytes do not fit the ${encoding}-bit length` } };
  }
  const header = headerLength(encoding, key !== null);
  const bytes = new Uint8Array(header + payload.length);
  bytes[0] =
    (spec.fin === false ? 0 : FIN_BIT) | (spec.rsv1 ? RSV1_BIT : 0) | (spec.rsv2 ? RSV2_BIT : 0) | (spec.rsv3 ? RSV3_BIT : 0) | spec.opcode;
  const mask = key !== null ? MASK_BIT : 0;
  const view = new DataView(bytes.buffer);
  if (encoding === '7') {
    bytes[1] = mask | payload.length;
  } else if (encoding === '16') {
    bytes[1] = mask | LENGTH_16_MARKER;
    view.setUint16(2, payload.length);
  } else {
    bytes[1] = mask | LENGTH_64_MARKER;
    // Two 32-bit halves: payload.length is a safe integer, so the high half is < 2^21 and the MSB stays 0.
    view.setUint32(2, Math.floor(payload.length / 0x1_0000_0000));
    view.setUint32(6, payload.length >>> 0);
  }
  if (key !== null) {
    bytes.set(key, 2 + extendedLengthBytes(encoding));
    bytes.set(applyMask(payload, key), header);
  } else {
    bytes.set(payload, header);
  }
  return { ok: true, value: { bytes, lengthEncoding: encoding, minimalLength: encoding === minimal } };
}

export interface FragmentOptions {
  /** Opcode of the message (text 0x1 or binary 0x2); later fragments use continuation 0x0. */
  opcode: number;
  /** Number of frames, >= 1. Parts are as equal as possible; fragments may be empty (RFC 6455 5.4). */
  fragments: number;
  /** Key for frame i, or null for unmasked frames. */
  maskingKey?: ((index: number) => Uint8Array) | null;
  /** RSV1 on the first frame only: the message is permessage-deflate compressed (RFC 7692 6). */
  compressed?: boolean;
}

/** Split one message into `fragments` frames (RFC 6455 5.4): FIN only on the last. */
export function fragmentMessage(payload: Uint8Array | string, options: FragmentOptions): Result<Uint8Array[], EncodeError> {
  const data = typeof payload === 'string' ? encoder.encode(payload) : payload;
  const n = options.fragments;
  if (!Number.isInteger(n) || n < 1) {
    return { ok: false, error: { code: 'BAD_FRAGMENT_COUNT', message: `fragment count must be a positive integer, got ${n}` } };
  }
  const frames: Uint8Array[] = [];
  for (let i = 0; i < n; i++) {
    const from = Math.floor((data.length * i) / n);
    const to = Math.floor((data.length * (i + 1)) / n);
    const encoded = encodeFrame({
      opcode: i === 0 ? options.opcode : 0,
      payload: data.subarray(from, to),
      fin: i === n - 1,
      rsv1: i === 0 && options.compressed === true,
      maskingKey: options.maskingKey ? options.maskingKey(i) : null,
    });
    if (!encoded.ok) return encoded;
    frames.push(encoded.value.bytes);
  }
  return { ok: true, value: frames };
}

/** A fresh random masking key, as a client must use per frame (RFC 6455 5.3). */
export function randomMaskingKey(): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(MASKING_KEY_LENGTH));
}
