/**
 * Schema-less protobuf wire format (https://protobuf.dev/programming-guides/encoding/).
 * Random bytes parse as protobuf surprisingly often, so a candidate must be
 * consumed completely, use only wire types 0/1/2/5 (groups are deprecated),
 * and field numbers a real schema would use.
 */
import { ByteReader, ReadError } from './bytes';
import type { DecodedField, DecodeInput, DecodeResult, Decoder } from './types';
import { bytesOf, decodeUtf8, fail, ok, preview, toHex } from './util';

/** Real schemas rarely number fields past a few thousand; the spec allows 2^29-1. */
const MAX_SANE_FIELD = 10_000;
const MAX_DEPTH = 16;

export interface ProtoField {
  field: number;
  wireType: number;
  value: unknown;
  children?: ProtoField[];
}

function readField(r: ByteReader, depth: number): ProtoField {
  const tag = r.varint(5);
  const field = Math.floor(tag / 8);
  const wireType = tag & 7;
  if (field < 1 || field > MAX_SANE_FIELD || (field >= 19000 && field <= 19999)) throw new ReadError(`implausible field number ${field}`);
  switch (wireType) {
    case 0:
      return { field, wireType, value: r.varint() };
    case 1: {
      const b = r.take(8);
      const view = new DataView(b.buffer, b.byteOffset, 8);
      return { field, wireType, value: view.getBigUint64(0, true).toString() };
    }
    case 5: {
      const b = r.take(4);
      return { field, wireType, value: new DataView(b.buffer, b.byteOffset, 4).getUint32(0, true) };
    }
    case 2: {
      const bytes = r.take(r.varint(5));
      const text = decodeUtf8(bytes);
      // Printable text also parses as a message (field tags 4-15 are ASCII bytes):
      // like most schema-less viewers, text wins; control bytes mean a message or bytes.
      const printable =
        text !== undefined &&
        ![...text].some((c) => {
          const n = c.charCodeAt(0);
          return n < 0x09 || (n > 0x0d && n < 0x20);
        });
      if (printable) return { field, wireType, value: text };
      const nested = depth < MAX_DEPTH && bytes.length > 0 ? tryMessage(bytes, depth + 1) : undefined;
      if (nested) return { field, wireType, value: toObject(nested), children: nested };
      return { field, wireType, value: toHex(bytes, 4096) };
    }
    default:
      throw new ReadError(`wire type ${wireType} not accepted`);
  }
}

function tryMessage(bytes: Uint8Array, depth: number): ProtoField[] | undefined {
  try {
    return parseProtobuf(bytes, depth);
  } catch (e) {
    if (e instanceof ReadError) return undefined;
    throw e;
  }
}

export function parseProtobuf(bytes: Uint8Array, depth = 0): ProtoField[] {
  const r = new ByteReader(bytes);
  const out: ProtoField[] = [];
  while (r.remaining > 0) out.push(readField(r, depth));
  return out;
}

/** `{ "1": v, "2": [v, v] }`: repeated fields become arrays. */
function toObject(fields: ProtoField[]): Record<string, unknown> {
  const grouped = new Map<string, unknown[]>();
  for (const f of fields) {
    const list = grouped.get(String(f.field));
    if (list) list.push(f.value);
    else grouped.set(String(f.field), [f.value]);
  }
  return Object.fromEntries([...grouped].map(([k, vs]) => [k, vs.length === 1 ? vs[0] : vs]));
}

function toFields(fields: ProtoField[]): DecodedField[] {
  return fields.map((f) => ({
    name: `#${f.field} (wt ${f.wireType})`,
    ...(f.children
      ? { children: toFields(f.children) }
      : { value: typeof f.value === 'string' ? JSON.stringify(f.value) : String(f.value) }),
  }));
}

export function decodeProtobufBytes(bytes: Uint8Array): DecodeResult {
  if (bytes.length === 0) return fail('empty');
  const fields = tryMessage(bytes, 0);
  if (!fields) return fail('not protobuf: does not parse completely with sane field numbers and wire types');
  const value = toObject(fields);
  return ok({
    protocol: 'protobuf',
    kind: 'message',
    summary: `protobuf ${fields.length} fields ${preview(value, 60)}`,
    value,
    fields: toFields(fields),
  });
}

export const protobufDecoder: Decoder = {
  id: 'protobuf',
  name: 'Protobuf (schema-less)',
  binary: true,
  sniff: { opcode: 2, rank: 5 },
  decode(input: DecodeInput): DecodeResult {
    const bytes = bytesOf(input);
    return bytes === undefined ? fail('protobuf is binary') : decodeProtobufBytes(bytes);
  },
};
