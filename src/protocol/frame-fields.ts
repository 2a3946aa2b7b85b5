/**
 * Bit positions of every header field of a frame, for the bit-field viewer
 * (layout: RFC 6455 5.2 diagram). Pure arithmetic over the header shape.
 */
import type { BitRange, FrameFields, LengthEncoding } from './types';

function range(byteOffset: number, bitOffset: number, bitLength: number): BitRange {
  return { byteOffset, bitOffset, bitLength };
}

/** Size in bytes of the extended length field for an encoding. */
export function extendedLengthBytes(encoding: LengthEncoding): number {
  return encoding === '7' ? 0 : encoding === '16' ? 2 : 8;
}

/** Header size: 2 fixed bytes + extended length + optional 4-byte key. */
export function headerLength(encoding: LengthEncoding, masked: boolean): number {
  return 2 + extendedLengthBytes(encoding) + (masked ? 4 : 0);
}

export function frameFields(offset: number, encoding: LengthEncoding, masked: boolean, payloadLength: number): FrameFields {
  const extBytes = extendedLengthBytes(encoding);
  const keyOffset = offset + 2 + extBytes;
  const payloadOffset = keyOffset + (masked ? 4 : 0);
  return {
    fin: range(offset, 0, 1),
    rsv1: range(offset, 1, 1),
    rsv2: range(offset, 2, 1),
    rsv3: range(offset, 3, 1),
    opcode: range(offset, 4, 4),
    mask: range(offset + 1, 0, 1),
    payloadLength: range(offset + 1, 1, 7),
    extendedLength: extBytes === 0 ? null : range(offset + 2, 0, extBytes * 8),
    maskingKey: masked ? range(keyOffset, 0, 32) : null,
    payload: range(payloadOffset, 0, payloadLength * 8),
  };
}

/** The whole length encoding: 7-bit field plus any extended length (the unit a length error is about). */
export function lengthFieldRange(offset: number, encoding: LengthEncoding): BitRange {
  return range(offset + 1, 1, 7 + extendedLengthBytes(encoding) * 8);
}
