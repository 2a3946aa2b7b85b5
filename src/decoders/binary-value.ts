/**
 * Binary formats (MessagePack, CBOR) carry values JSON cannot: byte strings,
 * maps with non-string keys, bigints, dates, extension types. Filters and the
 * tree want JSON-compatible data, so they are converted here, visibly.
 */
import { isRecord, toHex } from './util';

const MAX_DEPTH = 64;

export function toJsonCompatible(v: unknown, depth = 0): unknown {
  if (depth > MAX_DEPTH) return '…';
  if (v === undefined) return null;
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  if (v instanceof Uint8Array) return { $bytes: toHex(v, 4096) };
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString();
  if (Array.isArray(v)) return v.map((x) => toJsonCompatible(x, depth + 1));
  if (v instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of v) out[typeof k === 'string' ? k : JSON.stringify(toJsonCompatible(k, depth + 1))] = toJsonCompatible(x, depth + 1);
    return out;
  }
  if (isRecord(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = toJsonCompatible(x, depth + 1);
    return out;
  }
  return v;
}
