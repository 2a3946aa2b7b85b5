/**
 * Bit masks, opcodes and limits of the RFC 6455 base framing protocol
 * (https://www.rfc-editor.org/rfc/rfc6455#section-5.2).
 *
 * Bits are numbered as in the RFC diagram: bit 0 is the most significant bit
 * of a byte, so FIN is bit 0 of byte 0 and MASK is bit 0 of byte 1.
 */

/** Byte 0, bit 0: FIN, this is the final fragment of a message (RFC 6455 5.2). */
export const FIN_BIT = 0x80;
/** Byte 0, bit 1: RSV1, used by permessage-deflate for "compressed" (RFC 7692 6). */
export const RSV1_BIT = 0x40;
/** Byte 0, bit 2: RSV2, no extension in use defines it. */
export const RSV2_BIT = 0x20;
/** Byte 0, bit 3: RSV3, no extension in use defines it. */
export const RSV3_BIT = 0x10;
/** Byte 0, bits 1-3: all three reserved bits; must be 0 unless an extension says otherwise. */
export const RSV_BITS = 0x70;
/** Byte 0, bits 4-7: the opcode. */
export const OPCODE_BITS = 0x0f;
/** Byte 1, bit 0: MASK, a 4-byte masking key follows the length (RFC 6455 5.3). */
export const MASK_BIT = 0x80;
/** Byte 1, bits 1-7: payload length, or 126 / 127 to announce a 16 / 64-bit length. */
export const LENGTH_BITS = 0x7f;

/** 7-bit length value meaning "the real length is in the next 2 bytes". */
export const LENGTH_16_MARKER = 126;
/** 7-bit length value meaning "the real length is in the next 8 bytes". */
export const LENGTH_64_MARKER = 127;
/** Largest length that fits in the 7-bit field. Also the control frame limit (RFC 6455 5.5). */
export const MAX_7BIT_LENGTH = 125;
export const MAX_16BIT_LENGTH = 0xffff;
/** Control frames carry at most 125 payload bytes (RFC 6455 5.5). */
export const MAX_CONTROL_PAYLOAD = 125;
/** Masking keys are always 4 bytes (RFC 6455 5.3). */
export const MASKING_KEY_LENGTH = 4;

export const Opcode = {
  Continuation: 0x0,
  Text: 0x1,
  Binary: 0x2,
  Close: 0x8,
  Ping: 0x9,
  Pong: 0xa,
} as const;

export type OpcodeName = 'continuation' | 'text' | 'binary' | 'close' | 'ping' | 'pong' | 'reserved-data' | 'reserved-control';

/** Human name of an opcode; 0x3-0x7 are reserved data opcodes, 0xB-0xF reserved control opcodes (RFC 6455 5.2). */
export function opcodeName(opcode: number): OpcodeName {
  switch (opcode) {
    case Opcode.Continuation:
      return 'continuation';
    case Opcode.Text:
      return 'text';
    case Opcode.Binary:
      return 'binary';
    case Opcode.Close:
      return 'close';
    case Opcode.Ping:
      return 'ping';
    case Opcode.Pong:
      return 'pong';
    default:
      return opcode >= 0x8 ? 'reserved-control' : 'reserved-data';
  }
}

/** Control frames have the high opcode bit set: 0x8-0xF (RFC 6455 5.5). */
export function isControlOpcode(opcode: number): boolean {
  return (opcode & 0x08) !== 0;
}

export function isReservedOpcode(opcode: number): boolean {
  return (opcode >= 0x3 && opcode <= 0x7) || opcode >= 0xb;
}
