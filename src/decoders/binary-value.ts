/**
 * Binary formats (MessagePack, CBOR) carry values JSON cannot: byte strings,
 * maps with non-string keys, bigints, dates, extension types. Filters and the
 * tree want JSON-compatible data, so they are converted here, visibly.
 *
 * A map key that is itself a map is rendered once, bounded (renderKey):
 * stringifying keys at every level made a 58-byte message of nested map keys
 * grow (by escaping) to gigabytes.
 */
import { isRecord, MAX_DEPTH, renderKey, toHex, TOO_DEEP } from './util';

export function toJsonCompatible(v: unknown, depth = 0): unknown {
  if (v === undefined) return null;
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  if (v instanceof Uint8Array) return { $bytes: toHex(v, 4096) };
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString();
  if (typeof v !== 'object' || v === null) return v;
  if (depth >= MAX_DEPTH) return TOO_DEEP;
  if (Array.isArray(v)) return v.map((x) => toJsonCompatible(x, depth + 1));
  if (v instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of v) out[typeof k === 'string' ? k : renderKey(toJsonCompatible(k, depth + 1))] = toJsonCompatible(x, depth + 1);
    return out;
  }
  if (isRecord(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = toJsonCompatible(x, depth + 1);
    return out;
  }
  return v;
}
