/**
 * pcapng blocks (draft-ietf-opsawg-pcapng): Section Header, Interface
 * Description and Enhanced Packet blocks, little-endian, with the comment
 * options (opt_comment = 1) Wireshark shows in its packet comments.
 */
const encoder = new TextEncoder();

/** Link types from https://www.tcpdump.org/linktypes.html. */
export const LINKTYPE_ETHERNET = 1;

const pad4 = (n: number): number => (n + 3) & ~3;

interface Option {
  code: number;
  value: Uint8Array;
}

function optionsLength(options: readonly Option[]): number {
  if (options.length === 0) return 0;
  return options.reduce((n, o) => n + 4 + pad4(o.value.length), 0) + 4; // + opt_endofopt
}

function writeOptions(view: DataView, bytes: Uint8Array, at: number, options: readonly Option[]): number {
  if (options.length === 0) return at;
  for (const o of options) {
    view.setUint16(at, o.code, true);
    view.setUint16(at + 2, o.value.length, true);
    bytes.set(o.value, at + 4);
    at += 4 + pad4(o.value.length);
  }
  return at + 4; // opt_endofopt: code 0, length 0 (already zero)
}

function block(type: number, body: number, fill: (view: DataView, bytes: Uint8Array) => number, options: readonly Option[]): Uint8Array {
  const total = 12 + body + optionsLength(options);
  const bytes = new Uint8Array(total);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, type, true);
  view.setUint32(4, total, true);
  const at = fill(view, bytes);
  writeOptions(view, bytes, at, options);
  view.setUint32(total - 4, total, true);
  return bytes;
}

const text = (code: number, s: string): Option => ({ code, value: encoder.encode(s) });

/** Section Header Block: byte-order magic, version 1.0, unknown section length; shb_comment, shb_userappl. */
export function sectionHeader(comment: string, application: string): Uint8Array {
  return block(
    0x0a0d0d0a,
    16,
    (view) => {
      view.setUint32(8, 0x1a2b3c4d, true);
      view.setUint16(12, 1, true);
      view.setUint16(14, 0, true);
      view.setInt32(16, -1, true);
      view.setInt32(20, -1, true);
      return 24;
    },
    [text(1, comment), text(4, application)],
  );
}

/** Interface Description Block; timestamps in microseconds (the default if_tsresol). */
export function interfaceDescription(linkType: number, name: string): Uint8Array {
  return block(
    0x00000001,
    8,
    (view) => {
      view.setUint16(8, linkType, true);
      view.setUint32(12, 0, true); // snaplen 0: no limit
      return 16;
    },
    [text(2, name)],
  );
}

/** Enhanced Packet Block on interface 0; `timeMs` since the epoch, kept to the microsecond. */
export function enhancedPacket(timeMs: number, data: Uint8Array, comment?: string): Uint8Array {
  const micros = BigInt(Math.max(0, Math.round(timeMs * 1000)));
  return block(
    0x00000006,
    20 + pad4(data.length),
    (view, bytes) => {
      view.setUint32(8, 0, true);
      view.setUint32(12, Number(micros >> 32n), true);
      view.setUint32(16, Number(micros & 0xffffffffn), true);
      view.setUint32(20, data.length, true);
      view.setUint32(24, data.length, true);
      bytes.set(data, 28);
      return 28 + pad4(data.length);
    },
    comment === undefined ? [] : [text(1, comment)],
  );
}
