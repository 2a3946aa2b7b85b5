/**
 * Small helpers shared by the decoders. Pure: page data is parsed as data
 * (JSON.parse, byte readers), never evaluated, and rendered to text only by
 * the bounded, total helpers below — never by `String(x)` on a page value
 * (`String({toString: 1})` throws) and never by an unbounded walk (a page can
 * nest arrays thousands deep or send a megabyte in one message).
 */
import type { Decoded, DecodedField, DecodeInput, DecodeResult } from './types';

export const ok = (decoded: Decoded): DecodeResult => ({ ok: true, decoded });
export const fail = (reason: string): DecodeResult => ({ ok: false, reason });

/** Nesting deeper than this is cut and replaced by the TOO_DEEP leaf, so every later walk is bounded. */
export const MAX_DEPTH = 256;
export const TOO_DEEP = `⚠ nested too deep (over ${MAX_DEPTH} levels)`;

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

/**
 * The last text parsed: sniffing hands one message to up to eight JSON-based
 * decoders in a row, and each would parse it again. Parsed values are never
 * mutated after clampDepth, so sharing one between them is safe.
 */
let last: { text: string; result: JsonParse } | undefined;

/** JSON.parse, with nesting past MAX_DEPTH cut (see clampDepth). */
export function parseJson(text: string): JsonParse {
  if (last?.text === text) return last.result;
  let result: JsonParse;
  try {
    result = { ok: true, value: clampDepth(JSON.parse(text) as unknown) };
  } catch (e) {
    result = { ok: false, reason: e instanceof Error ? e.message : 'invalid JSON' };
  }
  last = { text, result };
  return result;
}

/**
 * Replaces containers nested deeper than `max` with the TOO_DEEP leaf, in
 * place (the value must be freshly decoded, as JSON.parse returns).
 * Iterative: the check itself must not overflow the stack it protects.
 */
export function clampDepth<T>(value: T, max = MAX_DEPTH): T {
  const stack: [Record<string, unknown> | unknown[], number][] = [];
  const push = (v: unknown, depth: number): void => {
    if (typeof v === 'object' && v !== null && !(v instanceof Uint8Array)) stack.push([v as Record<string, unknown>, depth]);
  };
  push(value, 0);
  for (let top = stack.pop(); top; top = stack.pop()) {
    const [node, depth] = top;
    const entries: Iterable<[unknown, unknown]> = node instanceof Map ? node.entries() : Object.entries(node);
    for (const [k, v] of entries) {
      if (typeof v !== 'object' || v === null || v instanceof Uint8Array) continue;
      if (depth + 1 < max) push(v, depth + 1);
      else if (node instanceof Map) node.set(k, TOO_DEEP);
      else (node as Record<string, unknown>)[k as string] = TOO_DEEP;
    }
  }
  return value;
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

/**
 * JSON-like text of any value, at most about `max` characters, in time
 * proportional to `max` whatever the value's size or depth: the output stops
 * growing (and the walk stops) once it is long enough. Reads only own
 * enumerable data; calls no method of the value.
 */
function writeValue(v: unknown, max: number, out: string[], len: { n: number }, depth: number): void {
  const emit = (s: string): void => {
    out.push(s);
    len.n += s.length;
  };
  if (len.n > max) return;
  switch (typeof v) {
    case 'string':
      return emit(JSON.stringify(v.length > max ? v.slice(0, max) : v));
    case 'number':
      return emit(Number.isFinite(v) ? String(v) : 'null');
    case 'bigint':
      return emit(`"${v.toString()}"`);
    case 'boolean':
      return emit(v ? 'true' : 'false');
    case 'object':
      break;
    default:
      return emit('null');
  }
  if (v === null) return emit('null');
  if (depth >= MAX_DEPTH) return emit(JSON.stringify(TOO_DEEP));
  if (v instanceof Uint8Array) return emit(JSON.stringify(`bytes ${toHex(v, 32)}`));
  const isArray = Array.isArray(v);
  emit(isArray ? '[' : '{');
  let first = true;
  const item = (key: string | undefined, x: unknown): boolean => {
    if (len.n > max) return false;
    if (!first) emit(',');
    first = false;
    if (key !== undefined) emit(`${JSON.stringify(key.length > max ? key.slice(0, max) : key)}:`);
    writeValue(x, max, out, len, depth + 1);
    return true;
  };
  if (isArray) {
    for (const x of v as unknown[]) if (!item(undefined, x)) break;
  } else if (v instanceof Map) {
    for (const [k, x] of v) if (!item(renderKey(k), x)) break;
  } else {
    for (const k in v) {
      const x = Object.hasOwn(v, k) ? (v as Record<string, unknown>)[k] : undefined;
      if (x !== undefined && !item(k, x)) break;
    }
  }
  emit(isArray ? ']' : '}');
}

/** A one-line preview of a value for summaries (JSON-like, bounded). */
export function preview(value: unknown, max = 80): string {
  if (value === undefined) return 'undefined';
  const out: string[] = [];
  writeValue(value, max, out, { n: 0 }, 0);
  const s = out.join('');
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/**
 * Text for a value that should be a string or a number but comes from the
 * page (a JSON-RPC error `message`, a SignalR error): scalars as `String`
 * would print them, anything else as a bounded preview.
 */
export function safeText(v: unknown, max = 200): string {
  if (typeof v === 'string') return v.length > max ? `${v.slice(0, max)}…` : v;
  if (v === null || v === undefined || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return preview(v, max);
}

/** A map key (MessagePack/CBOR allow any value as a key), rendered once and bounded. */
export function renderKey(k: unknown): string {
  return typeof k === 'string' ? (k.length > MAX_KEY ? `${k.slice(0, MAX_KEY)}…` : k) : preview(k, MAX_KEY);
}
const MAX_KEY = 200;

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

/** Units of one message shown at most (MQTT packets, STOMP frames, batch items): the rest are counted. */
export const MAX_PARTS = 500;

/** One Decoded for a message holding several units: the first unit, plus `parts`; `omitted` units were not decoded. */
export function combineParts(parts: Decoded[], protocol: string, omitted = 0): Decoded {
  const first = parts[0];
  if (!first) return { protocol, kind: 'empty', summary: `${protocol}: no units`, fields: [] };
  if (parts.length === 1 && omitted === 0) return first;
  const more = parts.length - 1 + omitted;
  const fields: DecodedField[] = parts.map((p, i) => ({ name: `${i + 1}. ${p.kind}`, value: p.summary, children: p.fields }));
  if (omitted > 0) fields.push({ name: '…', value: `${omitted} more not decoded (over ${MAX_PARTS} in one message)` });
  return {
    ...first,
    protocol,
    pair: undefined,
    parts,
    summary: `${first.summary} (+${more} more)`,
    // A message is a heartbeat only if everything in it is.
    control: parts.every((p) => p.control === first.control) ? first.control : undefined,
    fields,
  };
}
