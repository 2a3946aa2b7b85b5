/**
 * The public streaming decoder: frames, messages and errors from byte chunks
 * of one direction of one connection.
 */
import { MASK_BIT } from './constants';
import type { PerMessageDeflateParams } from './deflate-params';
import type { ProtocolError } from './errors';
import { FrameDecoder, type FrameParserState } from './frame-decoder';
import { MessageAssembler } from './message-assembler';
import type { DecodeEvent, Direction, Frame, Message } from './types';

export interface DecoderOptions {
  /** Which side sent these bytes; decides whether frames must be masked (RFC 6455 5.1). */
  direction: Direction;
  /** Agreed permessage-deflate parameters, or null/absent when not negotiated (then RSV1 is an error). */
  permessageDeflate?: PerMessageDeflateParams | null;
}

/**
 * Incremental decoder. `push` any chunking of the stream (a frame may span
 * chunks, a chunk may hold many frames); each call returns what completed,
 * in stream order: a `frame` event, then its errors, then a `message` event
 * when a message completed. Never throws on input.
 *
 * A frame with header errors is reported and skipped (its message is
 * dropped), and decoding goes on at the next frame. Only an unusable 64-bit
 * length stops the decoder (the error has `fatal: true`).
 *
 * Payloads of unmasked frames are views into the pushed chunks: do not
 * modify a chunk after pushing it.
 */
export class WebSocketDecoder {
  private readonly frames: FrameDecoder;
  private readonly assembler: MessageAssembler;
  private out: DecodeEvent[] = [];
  private readonly onFrame = (frame: Frame, errors: readonly ProtocolError[]): void => {
    this.out.push({ type: 'frame', frame });
    if (errors.length === 0) {
      this.assembler.add(frame, this.out);
      return;
    }
    for (const error of errors) this.out.push({ type: 'error', error });
    this.assembler.abort(frame);
  };
  private readonly onFatal = (error: ProtocolError): void => {
    this.out.push({ type: 'error', error });
  };

  constructor(options: DecoderOptions) {
    const deflate = options.permessageDeflate ?? null;
    this.frames = new FrameDecoder({ direction: options.direction, rsv1Allowed: deflate !== null });
    this.assembler = new MessageAssembler(options.direction, deflate);
  }

  /** Current parser state (named after the header part being read). */
  get state(): FrameParserState {
    return this.frames.state;
  }

  push(chunk: Uint8Array): DecodeEvent[] {
    this.out = [];
    this.frames.push(chunk, this.onFrame, this.onFatal);
    return this.out;
  }

  /** End of stream: reports a frame or fragmented message left unfinished. */
  end(): DecodeEvent[] {
    const events: DecodeEvent[] = [];
    const frame = this.frames.incompleteError();
    if (frame) events.push({ type: 'error', error: frame });
    const message = this.assembler.endError();
    if (message) events.push({ type: 'error', error: message });
    return events;
  }
}

export interface DecodeResult {
  frames: Frame[];
  messages: Message[];
  errors: ProtocolError[];
  /** Everything in stream order. */
  events: DecodeEvent[];
}

/** Decode a complete capture (all bytes at once, or already split into chunks) and call end(). */
export function decodeAll(input: Uint8Array | readonly Uint8Array[], options: DecoderOptions): DecodeResult {
  const decoder = new WebSocketDecoder(options);
  const chunks = input instanceof Uint8Array ? [input] : input;
  const events: DecodeEvent[] = [];
  // Loops, not push(...spread): a capture can hold more events than the argument limit.
  for (const chunk of chunks) for (const e of decoder.push(chunk)) events.push(e);
  for (const e of decoder.end()) events.push(e);
  const result: DecodeResult = { frames: [], messages: [], errors: [], events };
  for (const e of events) {
    if (e.type === 'frame') result.frames.push(e.frame);
    else if (e.type === 'message') result.messages.push(e.message);
    else result.errors.push(e.error);
  }
  return result;
}

/** Best guess of who sent a capture: a masked first frame means the client (RFC 6455 5.1). */
export function guessDirection(bytes: Uint8Array): Direction {
  return ((bytes[1] ?? 0) & MASK_BIT) !== 0 ? 'client-to-server' : 'server-to-client';
}
