/**
 * Message-level rules on top of frames: fragmentation (RFC 6455 5.4), UTF-8
 * of text (8.1, checked per fragment so a bad byte is reported as soon as it
 * arrives, while a code point split across fragments stays valid), close
 * payloads (5.5.1) and permessage-deflate (RFC 7692 6.2).
 */
import { parseClosePayload } from './close';
import { Opcode, OPCODE_BITS } from './constants';
import { MessageInflater } from './deflate';
import { resetsContext, type PerMessageDeflateParams } from './deflate-params';
import { protocolError, type ProtocolError } from './errors';
import { findUtf8Fault } from './utf8';
import type { DecodeEvent, Direction, Frame, MessageKind } from './types';

// ignoreBOM keeps a leading U+FEFF in the text: the viewer shows what was sent.
const UTF8_OPTIONS = { fatal: true, ignoreBOM: true } as const;
const oneShotDecoder = new TextDecoder('utf-8', UTF8_OPTIONS);

function join(frames: readonly Frame[]): Uint8Array {
  if (frames.length === 1 && frames[0]) return frames[0].payload;
  let n = 0;
  for (const f of frames) n += f.payloadLength;
  const out = new Uint8Array(n);
  let at = 0;
  for (const f of frames) {
    out.set(f.payload, at);
    at += f.payloadLength;
  }
  return out;
}

function opcodeError(code: 'UNEXPECTED_CONTINUATION' | 'EXPECTED_CONTINUATION', frame: Frame): ProtocolError {
  return protocolError(code, { byteOffset: frame.offset, bitOffset: 4, bitLength: 4, frameOffset: frame.offset });
}

export class MessageAssembler {
  /** Frames of the data message in progress; null between messages. */
  private fragments: Frame[] | null = null;
  /** The in-progress message already failed: swallow its remaining fragments quietly. */
  private discarding = false;
  private streamDecoder: TextDecoder | null = null;
  private textParts: string[] = [];
  private readonly inflater: MessageInflater | null;

  constructor(direction: Direction, deflate: PerMessageDeflateParams | null) {
    this.inflater = deflate ? new MessageInflater(resetsContext(deflate, direction)) : null;
  }

  add(frame: Frame, out: DecodeEvent[]): void {
    const opcode = frame.opcode & OPCODE_BITS;
    if (opcode >= Opcode.Close) return this.control(frame, out);
    if (opcode === Opcode.Continuation) {
      if (this.fragments === null) {
        if (this.discarding) this.discarding = !frame.fin;
        else out.push({ type: 'error', error: opcodeError('UNEXPECTED_CONTINUATION', frame) });
        return;
      }
      this.fragments.push(frame);
    } else {
      if (this.fragments !== null || this.discarding) {
        // Report it, drop the unfinished message, and show the new one anyway.
        if (this.fragments !== null) out.push({ type: 'error', error: opcodeError('EXPECTED_CONTINUATION', frame) });
        this.discarding = false;
      }
      this.fragments = [frame];
      this.textParts = [];
      this.streamDecoder = null;
    }
    const first = this.fragments[0] ?? frame;
    const compressed = first.rsv1 && this.inflater !== null;
    if (first.opcode === Opcode.Text && !compressed && !this.checkText(frame, out)) return;
    if (frame.fin) this.finish(first.opcode === Opcode.Text ? 'text' : 'binary', compressed, out);
  }

  /**
   * A data frame was rejected by the frame parser: drop the message it
   * belongs to (never reassemble around a hole) and quietly swallow the rest
   * of its fragments.
   */
  abort(frame: Frame): void {
    if (frame.opcode >= Opcode.Close) return;
    this.fragments = null;
    this.streamDecoder = null;
    this.discarding = !frame.fin;
  }

  /** Bytes of a fragmented message still missing at end of stream. */
  endError(): ProtocolError | null {
    const first = this.fragments?.[0];
    if (!first) return null;
    return protocolError('INCOMPLETE_MESSAGE', { byteOffset: first.offset, bitLength: 1, frameOffset: first.offset });
  }

  private control(frame: Frame, out: DecodeEvent[]): void {
    const kind: MessageKind = frame.opcode === Opcode.Close ? 'close' : frame.opcode === Opcode.Ping ? 'ping' : 'pong';
    let text: string | null = null;
    let closeCode: number | null = null;
    if (kind === 'close') {
      const close = parseClosePayload(frame);
      if (!close.ok) {
        out.push({ type: 'error', error: close.error });
        return;
      }
      text = close.value.reason;
      closeCode = close.value.code;
    }
    out.push({
      type: 'message',
      message: { kind, offset: frame.offset, frameCount: 1, compressed: false, data: frame.payload, text, closeCode },
    });
  }

  /** Validate/decode one uncompressed text fragment; false (and an error) if it is not UTF-8. */
  private checkText(frame: Frame, out: DecodeEvent[]): boolean {
    const single = frame.fin && this.fragments?.length === 1;
    try {
      if (single) {
        this.textParts.push(oneShotDecoder.decode(frame.payload));
      } else {
        this.streamDecoder ??= new TextDecoder('utf-8', UTF8_OPTIONS);
        this.textParts.push(this.streamDecoder.decode(frame.payload, { stream: !frame.fin }));
      }
      return true;
    } catch {
      out.push({ type: 'error', error: this.utf8Error(frame) });
      this.fragments = null;
      this.streamDecoder = null;
      this.discarding = !frame.fin;
      return false;
    }
  }

  /** Locate the first bad byte across all fragments so far, in stream coordinates. */
  private utf8Error(frame: Frame): ProtocolError {
    const frames = this.fragments ?? [frame];
    const fault = findUtf8Fault(join(frames), frame.fin);
    let index = fault?.index ?? 0;
    let at = frame;
    for (const f of frames) {
      at = f;
      if (index < f.payloadLength) break;
      index -= f.payloadLength;
    }
    const byteOffset = fault ? at.fields.payload.byteOffset + index : frame.fields.payload.byteOffset;
    const suffix = fault?.truncated ? ' (message ends inside a UTF-8 sequence)' : '';
    return protocolError('INVALID_UTF8', { byteOffset, bitLength: 8 * (fault?.length ?? 1), frameOffset: at.offset }, { suffix });
  }

  private finish(kind: 'text' | 'binary', compressed: boolean, out: DecodeEvent[]): void {
    const frames = this.fragments ?? [];
    const first = frames[0];
    this.fragments = null;
    this.streamDecoder = null;
    if (!first) return;
    let data = join(frames);
    let text: string | null = kind === 'text' ? this.textParts.join('') : null;
    if (compressed && this.inflater) {
      const at = { byteOffset: first.fields.payload.byteOffset, frameOffset: first.offset };
      try {
        data = this.inflater.inflate(data);
      } catch (e) {
        const why = e instanceof Error ? `: ${e.message}` : '';
        out.push({ type: 'error', error: protocolError('INFLATE_FAILED', at, { suffix: why }) });
        return;
      }
      if (kind === 'text') {
        try {
          text = oneShotDecoder.decode(data);
        } catch {
          const fault = findUtf8Fault(data, true);
          const suffix = ` (byte ${fault?.index ?? 0} of the inflated message)`;
          out.push({ type: 'error', error: protocolError('INVALID_UTF8', at, { suffix }) });
          return;
        }
      }
    }
    out.push({
      type: 'message',
      message: { kind, offset: first.offset, frameCount: frames.length, compressed, data, text, closeCode: null },
    });
  }
}
