/**
 * The Decode bytes tool's model: pasted text → bytes → frames, messages and
 * errors, with each error attached to the frame it is about and turned into
 * bit/byte ranges the views can highlight. Pure.
 */
import { DEFAULT_DEFLATE_PARAMS, decodeAll, guessDirection, parseBytes, parseHex } from '../../protocol';
import type { Direction, Frame, Message, ProtocolError } from '../../protocol';
import { relativeBits } from './fields';
import type { DecodeForm } from './state';

export interface DecodedFrameView {
  frame: Frame;
  header: Uint8Array;
  errors: ProtocolError[];
  /** Offending bits relative to the frame start. */
  errorBits: [number, number][];
  /** Offending payload bytes relative to the payload start, if an error points into the payload. */
  errorBytes: [number, number] | null;
}

export type DecodeOutcome =
  | { kind: 'empty' }
  | { kind: 'input-error'; message: string }
  | {
      kind: 'decoded';
      bytes: Uint8Array;
      direction: Direction;
      guessed: boolean;
      frames: DecodedFrameView[];
      messages: Message[];
      /** Errors not about one complete frame (an incomplete frame or message at the end). */
      streamErrors: ProtocolError[];
    };

export const EXAMPLES: readonly { label: string; title: string; form: Partial<DecodeForm> }[] = [
  {
    label: 'ma2saka',
    title: 'A 7-byte text message from a browser, as tshark -T fields -e data prints it',
    form: { text: '81 87 e1 a4 c6 1d 8c c5 f4 6e 80 cf a7', deflate: false },
  },
  {
    label: 'Hello (masked)',
    title: 'RFC 6455 5.7: a masked "Hello" from a client',
    form: { text: '81 85 37 fa 21 3d 7f 9f 4d 51 58', deflate: false },
  },
  {
    label: 'Hello (fragmented)',
    title: 'RFC 6455 5.7: "Hel" + "lo" in two unmasked frames from a server',
    form: { text: '01 03 48 65 6c\n80 02 6c 6f', deflate: false },
  },
  {
    label: 'Hello (compressed)',
    title: 'RFC 7692 7.2.3.1: "Hello" compressed with permessage-deflate (RSV1 set)',
    form: { text: 'c1 07 f2 48 cd c9 c9 07 00', deflate: true },
  },
  {
    label: 'bad: reserved opcode',
    title: 'A frame the receiver must reject: opcode 0x3 is reserved',
    form: { text: '83 00', deflate: false },
  },
];

/** Two hex digits, a separator, two hex digits; or a 0x prefix. Base64 has neither inside a line. */
const LOOKS_HEX = /(?:^|[\s:,-])[0-9a-fA-F]{2}[ \t:,-]+[0-9a-fA-F]{2}(?:$|[\s:,-])|\b0x[0-9a-fA-F]/m;

export function decodeInput(form: DecodeForm): DecodeOutcome {
  if (form.text.trim() === '') return { kind: 'empty' };
  // Spaced, colon or 0x hex with one typo is still hex: report the typo rather than decode it as base64.
  const parsed = LOOKS_HEX.test(form.text) ? parseHex(form.text) : parseBytes(form.text);
  if (!parsed.ok) return { kind: 'input-error', message: parsed.error.message };
  const bytes = parsed.value;
  const choice = form.direction;
  const guessed = choice === 'auto';
  const direction: Direction = choice === 'auto' ? guessDirection(bytes) : choice;
  const nct = form.noContextTakeover;
  const params = form.deflate ? { ...DEFAULT_DEFLATE_PARAMS, serverNoContextTakeover: nct, clientNoContextTakeover: nct } : null;
  const result = decodeAll(bytes, { direction, permessageDeflate: params });
  const byOffset = new Map<number, DecodedFrameView>();
  const frames = result.frames.map((frame) => {
    const view: DecodedFrameView = {
      frame,
      header: bytes.subarray(frame.offset, frame.offset + frame.headerLength),
      errors: [],
      errorBits: [],
      errorBytes: null,
    };
    byOffset.set(frame.offset, view);
    return view;
  });
  const streamErrors: ProtocolError[] = [];
  for (const error of result.errors) {
    const view = byOffset.get(error.frameOffset);
    if (!view || error.code === 'INCOMPLETE_MESSAGE') {
      streamErrors.push(error);
      continue;
    }
    view.errors.push(error);
    const bits = relativeBits(error, view.frame.offset);
    view.errorBits.push(bits);
    const payloadBit = view.frame.headerLength * 8;
    if (bits[1] > payloadBit)
      view.errorBytes = [Math.max(0, Math.floor((bits[0] - payloadBit) / 8)), Math.ceil((bits[1] - payloadBit) / 8)];
  }
  return { kind: 'decoded', bytes, direction, guessed, frames, messages: result.messages, streamErrors };
}

export function describePosition(e: ProtocolError): string {
  const last = e.bitOffset + e.bitLength - 1;
  if (e.bitLength % 8 === 0 && e.bitOffset === 0) {
    const bytes = e.bitLength / 8;
    return bytes === 1 ? `byte ${e.byteOffset}` : `bytes ${e.byteOffset}–${e.byteOffset + bytes - 1}`;
  }
  return e.bitLength === 1 ? `byte ${e.byteOffset}, bit ${e.bitOffset}` : `byte ${e.byteOffset}, bits ${e.bitOffset}–${last}`;
}
