/**
 * Small helpers shared by the decoders. Pure: page data is parsed as data
 * (JSON.parse, byte readers), never evaluated.
 */
import type { Decoded, DecodedField, DecodeInput, DecodeResult } from './types';

export const ok = (decoded: Decoded): DecodeResult => ({ ok: true, decoded });
export const fail = (reason: string): DecodeResult => ({ ok: false, reason });

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}

/** The text of a text message, or undefined for binary input. */
export function textOf(input: DecodeInput): string | undefined {
  return input.opcode === 1 ? (input.text ?? '') : undefined;
}

export function bytesOf(input: DecodeInput): Uint8Array | undefined {
  return input.opcode === 2 ? (input.bytes ?? new Uint8Array(0)) : undefined;
}

export type JsonParse = { ok: true; value: unknown } | { ok: false; reason: string };

export function parseJson(text: string): JsonParse {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    return { ok: false, reason: e instanceof Error ? e.message : 'invalid JSON' };
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const utf8Encoder = new TextEncoder();

/** Strict UTF-8 decoding: undefined when the bytes are not valid UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

export const encodeUtf8 = (text: string): Uint8Array => utf8Encoder.encode(text);

export function toHex(bytes: Uint8Array, max = 64): string {
  let out = '';
  for (let i = 0; i < Math.min(bytes.length, max); i++) out += (bytes[i] ?? 0).toString(16).padStart(2, '0');
  return bytes.length > max ? `${out}… (${bytes.length} bytes)` : out;
}

const MAX_FIELDS = 200;
const MAX_DEPTH = 12;
const MAX_SCALAR = 200;

function renderScalar(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > MAX_SCALAR ? `${v.slice(0, MAX_SCALAR)}…` : v);
  if (v instanceof Uint8Array) return `bytes ${toHex(v, 32)}`;
  if (typeof v === 'bigint') return `${v}n`;
  return String(v);
}

/**
 * The detail-pane tree for a JSON-like value. Capped in breadth and depth
 * because a page can send megabyte payloads and the tree is built eagerly.
 */
export function fieldsOf(value: unknown, depth = 0): DecodedField[] {
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((v, i): [string, unknown] => [String(i), v])
    : value instanceof Map
      ? [...value.entries()].map(([k, v]): [string, unknown] => [renderKey(k), v])
      : isRecord(value)
        ? Object.entries(value)
        : [];
  const out = entries.slice(0, MAX_FIELDS).map(([name, v]) => fieldOf(name, v, depth + 1));
  if (entries.length > MAX_FIELDS) out.push({ name: '…', value: `${entries.length - MAX_FIELDS} more` });
  return out;
}

function renderKey(k: unknown): string {
  return typeof k === 'string' ? k : renderScalar(k);
}

export function fieldOf(name: string, value: unknown, depth = 0): DecodedField {
  const container = Array.isArray(value) || value instanceof Map || isRecord(value);
  if (!container) return { name, value: renderScalar(value) };
  if (depth >= MAX_DEPTH) return { name, value: '…' };
  return { name, children: fieldsOf(value, depth) };
}

/** A one-line preview of a value for summaries. */
export function preview(value: unknown, max = 80): string {
  let s: string;
  try {
    s = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}` : v)) ?? String(value);
  } catch {
    s = String(value);
  }
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/**
 * JSON inside string values one level deep (`{"data":"{\"a\":1}"}`), which
 * Action Cable and many hand-rolled protocols do. Only objects and arrays are
 * unwrapped: a string "42" stays a string.
 */
export function unwrapJsonStrings(value: unknown): unknown {
  const unwrap = (v: unknown): unknown => {
    if (typeof v !== 'string') return v;
    const t = v.trim();
    if (!(t.startsWith('{') && t.endsWith('}')) && !(t.startsWith('[') && t.endsWith(']'))) return v;
    const parsed = parseJson(t);
    return parsed.ok ? parsed.value : v;
  };
  if (Array.isArray(value)) return value.map(unwrap);
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrap(v)]));
  return unwrap(value);
}

/** One Decoded for a message holding several units: the first unit, plus `parts`. */
export function combineParts(parts: Decoded[], protocol: string): Decoded {
  const first = parts[0];
  if (!first) throw new Error('combineParts needs at least one part');
  if (parts.length === 1) return first;
  return {
    ...first, protocol, pair: undefined, parts,
    summary: `${first.summary} (+${parts.length - 1} more)`,
    // A message is a heartbeat only if everything in it is.
    control: parts.every((p) => p.control === first.control) ? first.control : undefined,
    fields: parts.map((p, i) => ({ name: `${i + 1}. ${p.kind}`, value: p.summary, children: p.fields })),
  };
}
