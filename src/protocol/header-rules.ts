/**
 * The per-frame header rules of RFC 6455 5.1-5.5 (and RFC 7692 6.1 for
 * RSV1), as pure checks. Each violation is reported with the exact bits it
 * concerns; the parser in frame-decoder.ts decides what happens next.
 */
import {
  FIN_BIT,
  MASK_BIT,
  MAX_16BIT_LENGTH,
  MAX_7BIT_LENGTH,
  MAX_CONTROL_PAYLOAD,
  OPCODE_BITS,
  RSV1_BIT,
  RSV2_BIT,
  RSV3_BIT,
  isControlOpcode,
  isReservedOpcode,
} from './constants';
import { protocolError, type ProtocolError, type ProtocolErrorCode } from './errors';
import { lengthFieldRange } from './frame-fields';
import type { Direction, LengthEncoding } from './types';

export type Report = (code: ProtocolErrorCode, byteOffset: number, bitOffset: number, bitLength: number) => void;

/** Rules on the first two header bytes of the frame starting at `at`. */
export function checkInfo(
  b0: number,
  b1: number,
  at: number,
  options: { direction: Direction; rsv1Allowed?: boolean },
  report: Report,
): void {
  const opcode = b0 & OPCODE_BITS;
  const control = isControlOpcode(opcode);
  if (b0 & RSV1_BIT) {
    // RSV1 means "compressed" only with permessage-deflate, and only on a message's first frame.
    if (!options.rsv1Allowed) report('RSV_WITHOUT_EXTENSION', at, 1, 1);
    else if (control) report('RSV1_ON_CONTROL_FRAME', at, 1, 1);
    else if (opcode === 0) report('RSV1_ON_CONTINUATION', at, 1, 1);
  }
  if (b0 & RSV2_BIT) report('RSV_WITHOUT_EXTENSION', at, 2, 1);
  if (b0 & RSV3_BIT) report('RSV_WITHOUT_EXTENSION', at, 3, 1);
  if (isReservedOpcode(opcode)) report('RESERVED_OPCODE', at, 4, 4);
  if (control && (b0 & FIN_BIT) === 0) report('CONTROL_FRAME_FRAGMENTED', at, 0, 1);
  const masked = (b1 & MASK_BIT) !== 0;
  if (options.direction === 'client-to-server' && !masked) report('MASK_REQUIRED', at + 1, 0, 1);
  if (options.direction === 'server-to-client' && masked) report('MASK_FORBIDDEN', at + 1, 0, 1);
}

/**
 * 64-bit lengths: the MSB must be 0 (RFC 6455 5.2), and a JS number is exact
 * only up to 2^53 - 1. Either failure is fatal: the frame's end is unknown.
 * `hi` is the upper 32 bits, read at `byteOffset`.
 */
export function check64(hi: number, byteOffset: number, frameOffset: number): ProtocolError | null {
  const at = { byteOffset, frameOffset };
  if (hi & 0x8000_0000) return protocolError('LENGTH_MSB_SET', { ...at, bitLength: 1 }, { fatal: true });
  if (hi > 0x001f_ffff) return protocolError('LENGTH_EXCEEDS_SAFE_INTEGER', { ...at, bitLength: 64 }, { fatal: true });
  return null;
}

/** Minimal encoding (RFC 6455 5.2) and the control frame limit (5.5). Returns whether the encoding was minimal. */
export function checkLength(start: number, encoding: LengthEncoding, length: number, opcode: number, report: Report): boolean {
  const minimal = encoding === '7' || (encoding === '16' ? length > MAX_7BIT_LENGTH : length > MAX_16BIT_LENGTH);
  const range = lengthFieldRange(start, encoding);
  if (!minimal) report('NON_MINIMAL_LENGTH', range.byteOffset, range.bitOffset, range.bitLength);
  if (isControlOpcode(opcode) && length > MAX_CONTROL_PAYLOAD) {
    report('CONTROL_FRAME_TOO_LONG', range.byteOffset, range.bitOffset, range.bitLength);
  }
  return minimal;
}
