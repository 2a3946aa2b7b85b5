/**
 * The header fields of a frame as the bit grid and its legend show them:
 * where each sits (bit index from the first header bit, RFC 5.2 diagram
 * order), its value, what that value means in plain words, and where the
 * RFC defines it. Pure.
 */
import type { BitRange, Frame } from '../../protocol';

export type FieldId = 'fin' | 'rsv1' | 'rsv2' | 'rsv3' | 'opcode' | 'mask' | 'len7' | 'extlen' | 'key';

export interface RfcLink {
  label: string;
  href: string;
}

export interface HeaderField {
  id: FieldId;
  /** Full name, e.g. "Payload length (7 bits)". */
  name: string;
  /** Label in the grid, e.g. "len". */
  short: string;
  /** First bit, counted from the first header bit. */
  start: number;
  bits: number;
  /** The value as it reads best: "1", "0x1 text", "e1 a4 c6 1d". */
  value: string;
  /** What this value means, one sentence. */
  meaning: string;
  rfc: RfcLink;
}

const RFC6455 = 'https://www.rfc-editor.org/rfc/rfc6455';
const RFC7692 = 'https://www.rfc-editor.org/rfc/rfc7692';
export const RFC = {
  frame: { label: 'RFC 6455 §5.2', href: `${RFC6455}#section-5.2` },
  masking: { label: 'RFC 6455 §5.3', href: `${RFC6455}#section-5.3` },
  fragments: { label: 'RFC 6455 §5.4', href: `${RFC6455}#section-5.4` },
  opcodes: { label: 'RFC 6455 §5.2, §11.8', href: `${RFC6455}#section-11.8` },
  compressed: { label: 'RFC 7692 §6', href: `${RFC7692}#section-6` },
  deflate: { label: 'RFC 7692 §7.2', href: `${RFC7692}#section-7.2` },
  handshake: { label: 'RFC 6455 §4.2.2', href: `${RFC6455}#section-4.2.2` },
} as const satisfies Record<string, RfcLink>;

const OPCODES: Record<number, string> = {
  0x0: 'continuation: the next part of a fragmented message',
  0x1: 'text: the payload is UTF-8 text',
  0x2: 'binary: the payload is raw bytes',
  0x8: 'close: the connection is being closed',
  0x9: 'ping: the other side must answer with a pong',
  0xa: 'pong: the answer to a ping',
};

const hex2 = (b: number): string => b.toString(16).padStart(2, '0');
export const hexBytes = (bytes: Uint8Array): string => Array.from(bytes, hex2).join(' ');

export function opcodeMeaning(opcode: number): string {
  return OPCODES[opcode] ?? (opcode >= 0x8 ? 'reserved control opcode: not allowed' : 'reserved data opcode: not allowed');
}

/** The header fields present in `frame`, in wire order. `deflate`: permessage-deflate was negotiated. */
export function headerFields(frame: Frame, deflate: boolean): HeaderField[] {
  const bit = (b: boolean): string => (b ? '1' : '0');
  const fields: HeaderField[] = [
    {
      id: 'fin',
      name: 'FIN',
      short: 'FIN',
      start: 0,
      bits: 1,
      value: bit(frame.fin),
      meaning: frame.fin ? 'final frame: the message ends here' : 'not final: continuation frames follow with the rest of the message',
      rfc: RFC.fragments,
    },
    {
      id: 'rsv1',
      name: 'RSV1',
      short: 'R1',
      start: 1,
      bits: 1,
      value: bit(frame.rsv1),
      meaning: frame.rsv1
        ? deflate
          ? 'compressed: the payload is permessage-deflate data'
          : 'set, but no extension that uses it was negotiated: a protocol error'
        : deflate
          ? 'not compressed (permessage-deflate sets it on the first frame of a compressed message)'
          : 'reserved for extensions; 0',
      rfc: deflate || frame.rsv1 ? RFC.compressed : RFC.frame,
    },
    {
      id: 'rsv2',
      name: 'RSV2',
      short: 'R2',
      start: 2,
      bits: 1,
      value: bit(frame.rsv2),
      meaning: frame.rsv2 ? 'set, but no common extension defines it' : 'reserved for extensions; 0',
      rfc: RFC.frame,
    },
    {
      id: 'rsv3',
      name: 'RSV3',
      short: 'R3',
      start: 3,
      bits: 1,
      value: bit(frame.rsv3),
      meaning: frame.rsv3 ? 'set, but no common extension defines it' : 'reserved for extensions; 0',
      rfc: RFC.frame,
    },
    {
      id: 'opcode',
      name: 'Opcode',
      short: 'opcode',
      start: 4,
      bits: 4,
      value: `0x${frame.opcode.toString(16)} ${frame.opcodeName}`,
      meaning: opcodeMeaning(frame.opcode),
      rfc: RFC.opcodes,
    },
    {
      id: 'mask',
      name: 'MASK',
      short: 'M',
      start: 8,
      bits: 1,
      value: bit(frame.masked),
      meaning: frame.masked
        ? 'masked: a 4-byte masking key follows; a client must mask every frame it sends'
        : 'not masked: a server never masks its frames',
      rfc: RFC.masking,
    },
    {
      id: 'len7',
      name: 'Payload length (7 bits)',
      short: 'len',
      start: 9,
      bits: 7,
      value: String(frame.payloadLength7),
      meaning:
        frame.lengthEncoding === '7'
          ? `the payload is ${frame.payloadLength} bytes (0–125 fit here)`
          : frame.lengthEncoding === '16'
            ? '126: the real length is in the next 16 bits (126–65,535 bytes)'
            : '127: the real length is in the next 64 bits (65,536 bytes and more)',
      rfc: RFC.frame,
    },
  ];
  if (frame.lengthEncoding !== '7') {
    const bits = frame.lengthEncoding === '16' ? 16 : 64;
    fields.push({
      id: 'extlen',
      name: `Extended payload length (${bits} bits)`,
      short: `extended payload length (${bits})`,
      start: 16,
      bits,
      value: (frame.extendedLength ?? frame.payloadLength).toLocaleString('en-US'),
      meaning: `the payload is ${frame.payloadLength.toLocaleString('en-US')} bytes${frame.minimalLength ? '' : ' — but a shorter encoding was possible, which the RFC forbids'}`,
      rfc: RFC.frame,
    });
  }
  if (frame.maskingKey) {
    fields.push({
      id: 'key',
      name: 'Masking key',
      short: 'masking key',
      start: 16 + (frame.lengthEncoding === '7' ? 0 : frame.lengthEncoding === '16' ? 16 : 64),
      bits: 32,
      value: hexBytes(frame.maskingKey),
      meaning: 'payload byte i is XORed with key byte i mod 4; the same XOR unmasks it',
      rfc: RFC.masking,
    });
  }
  return fields;
}

/** A BitRange of the stream as bit indexes relative to the frame's first bit: [from, to). */
export function relativeBits(range: BitRange, frameOffset: number): [number, number] {
  const from = (range.byteOffset - frameOffset) * 8 + range.bitOffset;
  return [from, from + range.bitLength];
}
