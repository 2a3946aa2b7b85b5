/**
 * Streaming RFC 6455 frame parser: bytes in, frames out, in any chunking.
 * Shaped after ws's lib/receiver.js (one named state per header part), but
 * it never throws and never stops at the first error: every rule violation
 * is reported as a value and parsing continues at the next frame boundary.
 * Only when the length itself cannot be trusted does it stop (state FAILED).
 * Message-level rules (fragmentation, UTF-8, close payload) live in
 * message-assembler.ts.
 */
import { ByteQueue } from './byte-queue';
import { LENGTH_16_MARKER, LENGTH_64_MARKER, LENGTH_BITS, MASK_BIT, MASKING_KEY_LENGTH, OPCODE_BITS } from './constants';
import { protocolError, type ProtocolError } from './errors';
import { DecodedFrame } from './decoded-frame';
import { headerLength } from './frame-fields';
import { check64, checkInfo, checkLength, type Report } from './header-rules';
import { applyMask } from './mask';
import type { Direction, Frame, LengthEncoding } from './types';

/** Parser states, one per part of the header (RFC 6455 5.2), as in ws's receiver. */
export type FrameParserState = 'INFO' | 'LENGTH_16' | 'LENGTH_64' | 'MASKING_KEY' | 'PAYLOAD' | 'FAILED';

export interface FrameDecoderOptions {
  direction: Direction;
  /** permessage-deflate was negotiated, so RSV1 may mark a compressed message (RFC 7692 6). */
  rsv1Allowed?: boolean;
}

/** Receives each parsed frame with the header errors found in it. */
export type FrameSink = (frame: Frame, errors: readonly ProtocolError[]) => void;

const NO_ERRORS: readonly ProtocolError[] = Object.freeze([]);

export class FrameDecoder {
  state: FrameParserState = 'INFO';
  /** Stream offset of the next unread byte. */
  private offset = 0;
  private readonly queue = new ByteQueue();
  // The frame being parsed.
  private start = 0;
  private b0 = 0;
  private b1 = 0;
  private encoding: LengthEncoding = '7';
  private extended: number | null = null;
  private minimal = true;
  private length = 0;
  private key: Uint8Array | null = null;
  private errors: ProtocolError[] = [];

  constructor(private readonly options: FrameDecoderOptions) {}

  /** Feed a chunk; complete frames go to `sink`, fatal errors to `fail`. */
  push(chunk: Uint8Array, sink: FrameSink, fail: (error: ProtocolError) => void): void {
    if (this.state === 'FAILED') return;
    this.queue.push(chunk);
    for (;;) {
      const q = this.queue;
      switch (this.state) {
        case 'INFO':
          if (q.length < 2) return;
          this.readInfo(q.peek(0), q.peek(1));
          this.consume(2);
          break;
        case 'LENGTH_16':
          if (q.length < 2) return;
          this.setLength((q.peek(0) << 8) | q.peek(1));
          this.consume(2);
          break;
        case 'LENGTH_64': {
          if (q.length < 8) return;
          const hi = ((q.peek(0) << 24) | (q.peek(1) << 16) | (q.peek(2) << 8) | q.peek(3)) >>> 0;
          const lo = ((q.peek(4) << 24) | (q.peek(5) << 16) | (q.peek(6) << 8) | q.peek(7)) >>> 0;
          const fatal = check64(hi, this.offset, this.start);
          if (fatal) {
            this.state = 'FAILED';
            fail(fatal);
            return;
          }
          this.setLength(hi * 0x1_0000_0000 + lo);
          this.consume(8);
          break;
        }
        case 'MASKING_KEY':
          if (q.length < MASKING_KEY_LENGTH) return;
          this.key = q.take(MASKING_KEY_LENGTH);
          this.offset += MASKING_KEY_LENGTH;
          this.state = 'PAYLOAD';
          break;
        case 'PAYLOAD':
          if (q.length < this.length) return;
          this.emit(q.take(this.length), sink);
          break;
        default: // FAILED: the length was unusable, no later frame boundary can be trusted.
          return;
      }
    }
  }

  /** True when bytes of an unfinished frame are buffered. */
  get midFrame(): boolean {
    return this.state !== 'INFO' || this.queue.length > 0;
  }

  /** Bytes still missing to finish the current frame, as far as the header tells. */
  incompleteError(): ProtocolError | null {
    if (!this.midFrame || this.state === 'FAILED') return null;
    const start = this.state === 'INFO' ? this.offset : this.start;
    const have = this.offset - start + this.queue.length;
    // What the header read so far promises: 2 fixed bytes, then the extended length, then key + payload.
    let total = 2;
    if (this.state === 'LENGTH_16' || this.state === 'LENGTH_64') total = headerLength(this.encoding, false);
    else if (this.state !== 'INFO') total = headerLength(this.encoding, (this.b1 & MASK_BIT) !== 0) + this.length;
    return protocolError(
      'INCOMPLETE_FRAME',
      { byteOffset: start, frameOffset: start },
      { suffix: ` (frame at byte ${start} has ${have} bytes, needs ${total - have} more)` },
    );
  }

  private consume(n: number): void {
    this.queue.skip(n);
    this.offset += n;
  }

  /** Collect a header rule violation for the current frame (allocates only when there is one). */
  private readonly report: Report = (code, byteOffset, bitOffset, bitLength) => {
    if (this.errors === NO_ERRORS) this.errors = [];
    this.errors.push(protocolError(code, { byteOffset, bitOffset, bitLength, frameOffset: this.start }));
  };

  private readInfo(b0: number, b1: number): void {
    this.start = this.offset;
    this.b0 = b0;
    this.b1 = b1;
    this.errors = NO_ERRORS as ProtocolError[];
    this.key = null;
    this.extended = null;
    checkInfo(b0, b1, this.start, this.options, this.report);
    const len7 = b1 & LENGTH_BITS;
    if (len7 === LENGTH_16_MARKER) {
      this.encoding = '16';
      this.state = 'LENGTH_16';
    } else if (len7 === LENGTH_64_MARKER) {
      this.encoding = '64';
      this.state = 'LENGTH_64';
    } else {
      this.encoding = '7';
      this.setLength(len7);
    }
  }

  private setLength(length: number): void {
    this.length = length;
    if (this.encoding !== '7') this.extended = length;
    this.minimal = checkLength(this.start, this.encoding, length, this.b0 & OPCODE_BITS, this.report);
    this.state = this.b1 & MASK_BIT ? 'MASKING_KEY' : 'PAYLOAD';
  }

  private emit(raw: Uint8Array, sink: FrameSink): void {
    this.offset += raw.length;
    this.state = 'INFO';
    const key = this.key;
    const frame = new DecodedFrame(
      this.start,
      this.b0,
      this.b1,
      this.encoding,
      this.extended,
      this.minimal,
      key,
      raw,
      key === null ? raw : applyMask(raw, key),
    );
    const errors = this.errors;
    this.errors = NO_ERRORS as ProtocolError[];
    sink(frame, errors);
  }
}
