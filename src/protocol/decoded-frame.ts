/**
 * The Frame objects the decoder hands out. A class, so every frame shares
 * one hidden class and the bit-range map (`fields`, 11 small objects) is only
 * built when a viewer asks for it: on the hot path of a capture it is never read.
 * `fields` is a getter, so it does not survive structured cloning: call
 * frameFields() on the other side of a postMessage.
 */
import { FIN_BIT, LENGTH_BITS, OPCODE_BITS, RSV1_BIT, RSV2_BIT, RSV3_BIT, opcodeName, type OpcodeName } from './constants';
import { frameFields, headerLength } from './frame-fields';
import type { Frame, FrameFields, LengthEncoding } from './types';

export class DecodedFrame implements Frame {
  readonly headerLength: number;
  readonly fin: boolean;
  readonly rsv1: boolean;
  readonly rsv2: boolean;
  readonly rsv3: boolean;
  readonly opcode: number;
  readonly opcodeName: OpcodeName;
  readonly masked: boolean;
  readonly payloadLength7: number;
  readonly payloadLength: number;
  readonly maskedPayload: Uint8Array | null;

  constructor(
    readonly offset: number,
    b0: number,
    b1: number,
    readonly lengthEncoding: LengthEncoding,
    readonly extendedLength: number | null,
    readonly minimalLength: boolean,
    readonly maskingKey: Uint8Array | null,
    raw: Uint8Array,
    readonly payload: Uint8Array,
  ) {
    this.masked = maskingKey !== null;
    this.headerLength = headerLength(lengthEncoding, this.masked);
    this.fin = (b0 & FIN_BIT) !== 0;
    this.rsv1 = (b0 & RSV1_BIT) !== 0;
    this.rsv2 = (b0 & RSV2_BIT) !== 0;
    this.rsv3 = (b0 & RSV3_BIT) !== 0;
    this.opcode = b0 & OPCODE_BITS;
    this.opcodeName = opcodeName(this.opcode);
    this.payloadLength7 = b1 & LENGTH_BITS;
    this.payloadLength = raw.length;
    this.maskedPayload = this.masked ? raw : null;
  }

  get fields(): FrameFields {
    return frameFields(this.offset, this.lengthEncoding, this.masked, this.payloadLength);
  }
}
