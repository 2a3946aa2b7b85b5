/**
 * MessagePack (https://github.com/msgpack/msgpack/blob/master/spec.md) with
 * @msgpack/msgpack, which rejects trailing bytes ("Extra N byte(s)").
 */
import { decode, ExtData } from '@msgpack/msgpack';
import { toJsonCompatible } from './binary-value';
import type { DecodeInput, DecodeResult, Decoder } from './types';
import { fieldsOf, fieldOf } from './fields';
import { bytesOf, clampDepth, fail, isRecord, ok, preview, renderKey } from './util';

/** Extension types are shown as `{ext: type, data: hex}` instead of failing (depth is clamped before this runs). */
function normalizeExt(v: unknown): unknown {
  if (v instanceof ExtData) return { $ext: v.type, data: toJsonCompatible(v.data) };
  if (Array.isArray(v)) return v.map(normalizeExt);
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [k, normalizeExt(x)]));
  if (isRecord(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, normalizeExt(x)]));
  return v;
}

/**
 * Non-string keys are rendered once, bounded: the library hands us a key map
 * whose own keys were already converted, so nothing is stringified twice.
 */
const mapKeyConverter = (k: unknown): string | number =>
  typeof k === 'string' || typeof k === 'number' ? k : renderKey(toJsonCompatible(k));

/** Decodes exactly one MessagePack value filling `bytes`, or throws. */
export function decodeMsgpackValue(bytes: Uint8Array): unknown {
  // The library decodes with its own stack (any depth): clamp before walking the value recursively.
  return toJsonCompatible(normalizeExt(clampDepth(decode(bytes, { useBigInt64: true, mapKeyConverter }))));
}

export function decodeMsgpackBytes(bytes: Uint8Array, strict: boolean): DecodeResult {
  if (bytes.length === 0) return fail('empty');
  let value: unknown;
  try {
    value = decodeMsgpackValue(bytes);
  } catch (e) {
    return fail(`not MessagePack: ${e instanceof Error ? e.message : 'decode error'}`);
  }
  // Almost any single byte is a valid MessagePack scalar; auto-detection only
  // claims maps and arrays, a manual override accepts anything.
  const container = Array.isArray(value) || isRecord(value);
  if (strict && !container) return fail('MessagePack scalar: too ambiguous to auto-detect');
  return ok({
    protocol: 'msgpack',
    kind: Array.isArray(value) ? 'array' : container ? 'map' : typeof value,
    summary: `msgpack ${preview(value)}`,
    value,
    fields: container ? fieldsOf(value) : [fieldOf('value', value)],
  });
}

export const msgpackDecoder: Decoder = {
  id: 'msgpack',
  name: 'MessagePack',
  binary: true,
  sniff: { opcode: 2, rank: 3 },
  decode(input: DecodeInput): DecodeResult {
    const bytes = bytesOf(input);
    return bytes === undefined ? fail('MessagePack is binary') : decodeMsgpackBytes(bytes, true);
  },
};
