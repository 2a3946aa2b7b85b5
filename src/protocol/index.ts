/**
 * Sockscope WebSocket protocol codec: RFC 6455 framing, RFC 7692
 * permessage-deflate and the opening handshake check. Pure functions and
 * small classes over Uint8Array; runs in the DevTools panel and in Node.
 * Bad input never throws: errors are values with a stable `code`, the RFC
 * section, and the offending bit range.
 *
 * @example
 * ```ts
 * const bytes = parseBytes('81 85 37 fa 21 3d 7f 9f 4d 51 58');
 * if (bytes.ok) {
 *   const { frames, messages, errors } = decodeAll(bytes.value, { direction: guessDirection(bytes.value) });
 * }
 * ```
 * @packageDocumentation
 */

// Decoding
/** Streaming decoder: `push(chunk)` returns frame / message / error events; `end()` reports leftovers. */
export { WebSocketDecoder, decodeAll, guessDirection } from './decoder';
export type { DecoderOptions, DecodeResult } from './decoder';
/** Low-level frame parser (no message rules); its `state` names the header part being read. */
export { FrameDecoder } from './frame-decoder';
export type { FrameParserState, FrameDecoderOptions, FrameSink } from './frame-decoder';
export type { BitRange, DecodeEvent, Direction, Frame, FrameFields, LengthEncoding, Message, MessageKind, Result } from './types';
export { describeError, type ProtocolError, type ProtocolErrorCode } from './errors';
export { frameFields } from './frame-fields';

// Encoding
export { encodeFrame, fragmentMessage, minimalLengthEncoding, randomMaskingKey } from './encode';
export type { EncodedFrame, EncodeError, EncodeErrorCode, FragmentOptions, FrameSpec } from './encode';
export { applyMask } from './mask';

// Constants and small rules
export * from './constants';
export { isValidCloseCode, parseClosePayload, type ClosePayload } from './close';
export { findUtf8Fault, type Utf8Fault } from './utf8';

// permessage-deflate (RFC 7692)
export { parseExtensionsHeader } from './extensions';
export type { ExtensionError, ExtensionErrorCode, ExtensionOffer, ExtensionParam } from './extensions';
export { DEFAULT_DEFLATE_PARAMS, negotiatedDeflate, parseDeflateParams, resetsContext } from './deflate-params';
export type { PerMessageDeflateParams } from './deflate-params';
export { MessageDeflater, MessageInflater } from './deflate';

// Handshake (RFC 6455 4.2.2)
export { WEBSOCKET_GUID, computeAccept, verifyAccept, type AcceptCheck } from './handshake';

// Pasted input
export { parseBytes, type InputFormat } from './input';
export { parseHex, toHex, type InputError, type InputErrorCode } from './hex';
export { encodeBase64, parseBase64 } from './base64';
