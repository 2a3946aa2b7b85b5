/**
 * CBOR (RFC 8949). A small reader of our own rather than cbor-x: cbor-x
 * compiles record readers with `new Function` from keys found in the data
 * (its record extension), and page data must never reach code generation.
 * Tags are kept as `{$tag, value}` except 0/1 (dates) and 2/3 (bignums).
 */
import { ByteReader, ReadError } from './bytes';
import { toJsonCompatible } from './binary-value';
import type { DecodeInput, DecodeResult, Decoder } from './types';
import { fieldsOf } from './fields';
import { bytesOf, decodeUtf8, encodeUtf8, fail, isRecord, ok, preview } from './util';

const MAX_DEPTH = 64;
const BREAK = Symbol('break');

function argument(r: ByteReader, info: number): number | bigint {
  if (info < 24) return info;
  if (info === 24) return r.u8();
  if (info === 25) return r.u16();
  if (info === 26) return r.u32();
  if (info === 27) {
    const v = (BigInt(r.u32()) << 32n) | BigInt(r.u32());
    return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
  }
  throw new ReadError(`reserved additional info ${info}`);
}

/**
 * A length, checked against what is left before anything is allocated: every
 * item takes at least one byte (`minBytes` for a map entry: key and value), so
 * a 9-byte header cannot make us build an array of 2^53 slots.
 */
function length(r: ByteReader, info: number, minBytes = 1): number {
  const n = argument(r, info);
  if (typeof n === 'bigint' || n * minBytes > r.remaining) throw new ReadError('length larger than the input');
  return n;
}

function half(bits: number): number {
  const exp = (bits >> 10) & 0x1f;
  const mant = bits & 0x3ff;
  const v = exp === 0 ? mant * 2 ** -24 : exp === 31 ? (mant ? NaN : Infinity) : (mant + 1024) * 2 ** (exp - 25);
  return bits & 0x8000 ? -v : v;
}

/** Indefinite-length string (RFC 8949 3.2.3): definite chunks of the same major type until break. */
function chunks(r: ByteReader, major: number, depth: number): Uint8Array[] {
  const parts: Uint8Array[] = [];
  for (;;) {
    const item = read(r, depth + 1, true);
    if (item === BREAK) return parts;
    if (major === 2 && item instanceof Uint8Array) parts.push(item);
    else if (major === 3 && typeof item === 'string') parts.push(encodeUtf8(item));
    else throw new ReadError('indefinite string chunk of the wrong type');
  }
}

function read(r: ByteReader, depth: number, allowBreak = false): unknown {
  if (depth > MAX_DEPTH) throw new ReadError('nesting too deep');
  const head = r.u8();
  const major = head >> 5;
  const info = head & 0x1f;
  if (info === 31) {
    if (major === 7) {
      if (!allowBreak) throw new ReadError('unexpected break');
      return BREAK;
    }
    if (major === 2 || major === 3) {
      const parts = chunks(r, major, depth);
      const joined = new Uint8Array(parts.reduce((n, c) => n + c.length, 0));
      parts.reduce((at, c) => (joined.set(c, at), at + c.length), 0);
      return major === 2 ? joined : utf8(joined);
    }
    if (major === 4) {
      const out: unknown[] = [];
      for (let x = read(r, depth + 1, true); x !== BREAK; x = read(r, depth + 1, true)) out.push(x);
      return out;
    }
    if (major === 5) {
      const out = new Map<unknown, unknown>();
      for (let k = read(r, depth + 1, true); k !== BREAK; k = read(r, depth + 1, true)) out.set(k, read(r, depth + 1));
      return out;
    }
    throw new ReadError(`indefinite length on major type ${major}`);
  }
  switch (major) {
    case 0:
      return argument(r, info);
    case 1: {
      const n = argument(r, info);
      return typeof n === 'bigint' ? -1n - n : -1 - n;
    }
    case 2:
      return new Uint8Array(r.take(length(r, info))); // a copy: callers may pass a pooled Node Buffer
    case 3:
      return utf8(r.take(length(r, info)));
    case 4:
      return Array.from({ length: length(r, info) }, () => read(r, depth + 1));
    case 5: {
      const n = length(r, info, 2);
      const out = new Map<unknown, unknown>();
      for (let i = 0; i < n; i++) out.set(read(r, depth + 1), read(r, depth + 1));
      return out;
    }
    case 6: {
      const tag = argument(r, info);
      const value = read(r, depth + 1);
      if ((tag === 0 && typeof value === 'string') || (tag === 1 && typeof value === 'number'))
        return new Date(tag === 0 ? String(value) : Number(value) * 1000);
      // RFC 8746 tag 64: uint8 typed array, which is how cbor-x writes a Uint8Array.
      if (tag === 64 && value instanceof Uint8Array) return value;
      return { $tag: typeof tag === 'bigint' ? tag.toString() : tag, value };
    }
    default:
      if (info === 20) return false;
      if (info === 21) return true;
      if (info === 22) return null;
      if (info === 23) return undefined;
      if (info === 24) return { $simple: r.u8() };
      if (info === 25) return half(r.u16());
      if (info === 26) return view(r.take(4)).getFloat32(0);
      if (info === 27) return view(r.take(8)).getFloat64(0);
      if (info < 20) return { $simple: info };
      throw new ReadError(`reserved simple value ${info}`);
  }
}

const view = (b: Uint8Array): DataView => new DataView(b.buffer, b.byteOffset, b.byteLength);

function utf8(b: Uint8Array): string {
  const s = decodeUtf8(b);
  if (s === undefined) throw new ReadError('invalid UTF-8 text string');
  return s;
}

/** Exactly one CBOR item filling `bytes` (RFC 8949 5.1 "well-formed"), or throws ReadError. */
export function decodeCborValue(bytes: Uint8Array): unknown {
  const r = new ByteReader(bytes);
  const value = read(r, 0);
  if (r.remaining !== 0) throw new ReadError(`${r.remaining} bytes after the CBOR item`);
  return toJsonCompatible(value);
}

export function decodeCborBytes(bytes: Uint8Array): DecodeResult {
  let value: unknown;
  try {
    value = decodeCborValue(bytes);
  } catch (e) {
    if (e instanceof ReadError) return fail(`not CBOR: ${e.message}`);
    throw e;
  }
  // As for MessagePack: only containers are plausible enough to claim.
  if (!Array.isArray(value) && !isRecord(value)) return fail('CBOR scalar: too ambiguous to auto-detect');
  return ok({
    protocol: 'cbor',
    kind: Array.isArray(value) ? 'array' : 'map',
    summary: `cbor ${preview(value)}`,
    value,
    fields: fieldsOf(value),
  });
}

export const cborDecoder: Decoder = {
  id: 'cbor',
  name: 'CBOR',
  binary: true,
  sniff: { opcode: 2, rank: 4 },
  decode(input: DecodeInput): DecodeResult {
    const bytes = bytesOf(input);
    return bytes === undefined ? fail('CBOR is binary') : decodeCborBytes(bytes);
  },
};
