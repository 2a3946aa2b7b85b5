/**
 * Protocol errors as values. The decoder never throws on bad input: it
 * reports one of these, positioned on the offending bits so the viewer can
 * highlight them. `code` strings are stable API: append, never rename.
 */

export type ProtocolErrorCode =
  | 'RSV_WITHOUT_EXTENSION'
  | 'RSV1_ON_CONTROL_FRAME'
  | 'RSV1_ON_CONTINUATION'
  | 'RESERVED_OPCODE'
  | 'CONTROL_FRAME_FRAGMENTED'
  | 'CONTROL_FRAME_TOO_LONG'
  | 'NON_MINIMAL_LENGTH'
  | 'LENGTH_MSB_SET'
  | 'LENGTH_EXCEEDS_SAFE_INTEGER'
  | 'MASK_REQUIRED'
  | 'MASK_FORBIDDEN'
  | 'UNEXPECTED_CONTINUATION'
  | 'EXPECTED_CONTINUATION'
  | 'INVALID_UTF8'
  | 'CLOSE_PAYLOAD_TOO_SHORT'
  | 'CLOSE_CODE_NOT_ON_WIRE'
  | 'CLOSE_CODE_INVALID'
  | 'CLOSE_REASON_INVALID_UTF8'
  | 'INFLATE_FAILED'
  | 'INCOMPLETE_FRAME'
  | 'INCOMPLETE_MESSAGE';

export interface ProtocolError {
  code: ProtocolErrorCode;
  /** One sentence for humans. */
  message: string;
  /** Where the rule is written, e.g. 'RFC 6455 5.2'. */
  rfc: string;
  /** Absolute stream offset of the first offending byte. */
  byteOffset: number;
  /** First offending bit within that byte, 0 = most significant (RFC diagram order). */
  bitOffset: number;
  /** Number of offending bits (may cross bytes). */
  bitLength: number;
  /** Offset of the frame the error belongs to. */
  frameOffset: number;
  /** Status code an endpoint would close with (RFC 6455 7.4.1). */
  closeCode: number;
  /** True when the decoder cannot find the next frame boundary and stopped. */
  fatal: boolean;
}

interface Rule {
  rfc: string;
  closeCode: number;
  message: string;
}

// Messages match the wording of the shared vectors so tests can compare them verbatim.
const RULES: Record<ProtocolErrorCode, Rule> = {
  RSV_WITHOUT_EXTENSION: { rfc: 'RFC 6455 5.2', closeCode: 1002, message: 'RSV bit set but no extension negotiated' },
  RSV1_ON_CONTROL_FRAME: { rfc: 'RFC 7692 6.1', closeCode: 1002, message: 'RSV1 (compressed) must not be set on a control frame' },
  RSV1_ON_CONTINUATION: {
    rfc: 'RFC 7692 6.1',
    closeCode: 1002,
    message: 'RSV1 (compressed) must only be set on the first frame of a message',
  },
  RESERVED_OPCODE: { rfc: 'RFC 6455 5.2', closeCode: 1002, message: 'reserved opcode' },
  CONTROL_FRAME_FRAGMENTED: { rfc: 'RFC 6455 5.5', closeCode: 1002, message: 'control frames must not be fragmented' },
  CONTROL_FRAME_TOO_LONG: { rfc: 'RFC 6455 5.5', closeCode: 1002, message: 'control frames must have payload <= 125' },
  NON_MINIMAL_LENGTH: { rfc: 'RFC 6455 5.2', closeCode: 1002, message: 'length not in minimal encoding' },
  LENGTH_MSB_SET: { rfc: 'RFC 6455 5.2', closeCode: 1002, message: 'most significant bit of 64-bit length must be 0' },
  LENGTH_EXCEEDS_SAFE_INTEGER: { rfc: 'RFC 6455 5.2', closeCode: 1009, message: 'payload length above 2^53 - 1 cannot be handled' },
  MASK_REQUIRED: { rfc: 'RFC 6455 5.1', closeCode: 1002, message: 'client-to-server frames must be masked' },
  MASK_FORBIDDEN: { rfc: 'RFC 6455 5.1', closeCode: 1002, message: 'server-to-client frames must not be masked' },
  UNEXPECTED_CONTINUATION: { rfc: 'RFC 6455 5.4', closeCode: 1002, message: 'continuation frame without a message to continue' },
  EXPECTED_CONTINUATION: { rfc: 'RFC 6455 5.4', closeCode: 1002, message: 'new data message started inside a fragmented message' },
  INVALID_UTF8: { rfc: 'RFC 6455 8.1', closeCode: 1007, message: 'text payload is not valid UTF-8' },
  CLOSE_PAYLOAD_TOO_SHORT: { rfc: 'RFC 6455 5.5.1', closeCode: 1002, message: 'close payload must be empty or >= 2 bytes' },
  CLOSE_CODE_NOT_ON_WIRE: { rfc: 'RFC 6455 7.4.1', closeCode: 1002, message: 'must not be set as a status code in a Close frame' },
  CLOSE_CODE_INVALID: { rfc: 'RFC 6455 7.4.2', closeCode: 1002, message: 'is not a valid close status code' },
  CLOSE_REASON_INVALID_UTF8: { rfc: 'RFC 6455 5.5.1', closeCode: 1007, message: 'close reason is not valid UTF-8' },
  INFLATE_FAILED: { rfc: 'RFC 7692 7.2.2', closeCode: 1007, message: 'compressed payload could not be inflated' },
  INCOMPLETE_FRAME: { rfc: 'RFC 6455 5.2', closeCode: 1006, message: 'incomplete frame: needs more bytes' },
  INCOMPLETE_MESSAGE: { rfc: 'RFC 6455 5.4', closeCode: 1006, message: 'stream ended inside a fragmented message' },
};

export interface ErrorPosition {
  byteOffset: number;
  bitOffset?: number;
  bitLength?: number;
  frameOffset: number;
}

/** Build an error; `prefix`/`suffix` add specifics (a close code, a count) around the stable wording. */
export function protocolError(
  code: ProtocolErrorCode,
  at: ErrorPosition,
  extra: { prefix?: string; suffix?: string; fatal?: boolean } = {},
): ProtocolError {
  const rule = RULES[code];
  const message = `${extra.prefix ?? ''}${rule.message}${extra.suffix ?? ''}`;
  return {
    code,
    message,
    rfc: rule.rfc,
    byteOffset: at.byteOffset,
    bitOffset: at.bitOffset ?? 0,
    bitLength: at.bitLength ?? 8,
    frameOffset: at.frameOffset,
    closeCode: rule.closeCode,
    fatal: extra.fatal ?? false,
  };
}

/** `message (RFC x y)`, the way the shared vectors spell errors. */
export function describeError(error: ProtocolError): string {
  return `${error.message} (${error.rfc})`;
}
