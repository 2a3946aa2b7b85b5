/** Pure formatting helpers for the panel (no DOM). */
import { base64ToBytes } from '../../model/base64';

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** Local wall-clock time as HH:MM:SS.mmm. */
export function formatTime(t: number): string {
  const d = new Date(t);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** 0 B, 999 B, 1.2 KiB, 3.4 MiB (binary units: payload caps are powers of two). */
export function formatBytes(n: number): string {
  let v = n;
  let u = 0;
  while (v >= 1024 && u < UNITS.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${v} B` : `${v < 10 ? v.toFixed(1) : Math.round(v)} ${UNITS[u]}`;
}

const NUMBER = new Intl.NumberFormat('en-US');
export const formatCount = (n: number): string => NUMBER.format(n);

/** "1 message", "1,234 messages". */
export const countOf = (n: number, noun: string): string => `${formatCount(n)} ${noun}${n === 1 ? '' : 's'}`;

export type Decoded64 = { ok: true; bytes: Uint8Array } | { ok: false; error: string };

/** Decodes base64 from page-derived data; never throws. */
export function decodeBase64(data: string): Decoded64 {
  const clean = data.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 === 1) {
    const bad = clean.search(/[^A-Za-z0-9+/=]/);
    return {
      ok: false,
      error: bad >= 0 ? `invalid base64: unexpected character at position ${bad}` : 'invalid base64: bad length or padding',
    };
  }
  try {
    return { ok: true, bytes: base64ToBytes(clean) };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function toHex(bytes: Uint8Array, from = 0, to = bytes.length): string {
  const out: string[] = [];
  for (let i = from; i < Math.min(to, bytes.length); i++) out.push(HEX[bytes[i] as number] as string);
  return out.join(' ');
}

/** Hex of the first `maxBytes` bytes of a base64 payload, decoding only a prefix. */
export function binaryPreviewHex(data: string, maxBytes = 64): string {
  const prefix = data.slice(0, Math.ceil(maxBytes / 3) * 4);
  const dec = decodeBase64(prefix);
  if (!dec.ok) return '(invalid base64)';
  return toHex(dec.bytes, 0, maxBytes);
}

/** One-line preview of text: control characters made visible, capped. */
export function textPreview(text: string, max = 200): string {
  const head = text.length > max ? text.slice(0, max) : text;
  // eslint-disable-next-line no-control-regex
  const line = head.replace(/\r?\n/g, '⏎').replace(/[\u0000-\u001f]/g, '·');
  return text.length > max ? `${line}…` : line;
}

/** Classic hex dump: offset, 16 bytes in two groups, ASCII column. */
export function hexDump(bytes: Uint8Array, from = 0, to = bytes.length): string {
  const lines: string[] = [];
  const end = Math.min(to, bytes.length);
  for (let off = from; off < end; off += 16) {
    let hex = '';
    let ascii = '';
    for (let i = 0; i < 16; i++) {
      const b = off + i < end ? bytes[off + i] : undefined;
      hex += (b === undefined ? '  ' : (HEX[b] as string)) + (i === 7 ? '  ' : ' ');
      ascii += b === undefined ? ' ' : b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
    }
    lines.push(`${off.toString(16).padStart(8, '0')}  ${hex} |${ascii}|`);
  }
  return lines.join('\n');
}

export interface QueryParam {
  name: string;
  value: string;
}
export interface SplitUrl {
  /** scheme://host[:port] */
  origin: string;
  path: string;
  query: QueryParam[];
  hash: string;
}

/** Splits a socket URL so credentials in the query are visible at a glance (notes §1). */
export function splitUrl(url: string): SplitUrl {
  try {
    const u = new URL(url);
    const query: QueryParam[] = [];
    u.searchParams.forEach((value, name) => query.push({ name, value }));
    return { origin: `${u.protocol}//${u.host}`, path: u.pathname, query, hash: u.hash };
  } catch {
    return { origin: '', path: url, query: [], hash: '' };
  }
}

/** What the messages table shows against what is stored, and why the rest is not shown. */
export interface ShownCounts {
  /** Rows in the table. */
  shown: number;
  /** Messages of the selected connection (= `all` when none is selected). */
  inScope: number;
  /** Messages stored in the panel. */
  all: number;
  oneConnection: boolean;
  /** A filter query is applied. */
  filter: boolean;
  /** "Hide heartbeats" is on. */
  heartbeats: boolean;
}

/**
 * "3 of 37 messages shown" plus what hides the rest ("34 hidden by the
 * filter", "25 on other connections"), or null when every message is shown:
 * a status bar that says 37 while 3 rows show misleads.
 */
export function shownSummary(c: ShownCounts): { shown: string; hidden: string } | null {
  const narrowed = (c.oneConnection && c.inScope !== c.all) || c.filter || c.heartbeats;
  if (!narrowed) return null;
  const reasons: string[] = [];
  const elsewhere = c.all - c.inScope;
  if (c.oneConnection && elsewhere > 0) reasons.push(`${formatCount(elsewhere)} on other connections`);
  const filtered = c.inScope - c.shown;
  const by = [c.filter ? 'the filter' : '', c.heartbeats ? 'Hide heartbeats' : ''].filter(Boolean).join(' and ');
  if (by !== '') reasons.push(`${formatCount(filtered)} hidden by ${by}`);
  return { shown: `${formatCount(c.shown)} of ${countOf(c.all, 'message')} shown`, hidden: reasons.join(', ') };
}
