/**
 * The head of an HTTP/1.1 message (RFC 9112 2-5): start line and header
 * fields up to the empty line, enough to recognise a WebSocket opening
 * handshake (RFC 6455 4.1, 4.2.2). Header values are read as Latin-1, as
 * HTTP/1.1 defines octets, never evaluated.
 */
import type { HttpHeader } from '../model/records';

/** A head larger than this is not a handshake we will wait for. */
export const MAX_HEAD_BYTES = 64 * 1024;

export interface HttpHead {
  startLine: string;
  headers: HttpHeader[];
  /** Bytes the head took, including the final CRLF CRLF. */
  length: number;
}

export type HeadResult =
  { ok: true; head: HttpHead } | { ok: false; incomplete: true } | { ok: false; incomplete: false; message: string; at: number };

function findEnd(b: Uint8Array): number {
  const limit = Math.min(b.length, MAX_HEAD_BYTES);
  for (let i = 3; i < limit; i++) {
    if (b[i] === 0x0a && b[i - 1] === 0x0d && b[i - 2] === 0x0a && b[i - 3] === 0x0d) return i + 1;
  }
  return -1;
}

export function parseHead(b: Uint8Array): HeadResult {
  const end = findEnd(b);
  if (end < 0) {
    if (b.length >= MAX_HEAD_BYTES)
      return { ok: false, incomplete: false, message: `no end of HTTP head within ${MAX_HEAD_BYTES} bytes`, at: 0 };
    return { ok: false, incomplete: true };
  }
  let text = '';
  for (let i = 0; i < end - 4; i++) text += String.fromCharCode(b[i]!);
  const lines = text.split('\r\n');
  const headers: HttpHeader[] = [];
  let at = (lines[0]?.length ?? 0) + 2;
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0) return { ok: false, incomplete: false, message: `malformed header line "${line.slice(0, 40)}"`, at };
    headers.push({ name: line.slice(0, colon).trim(), value: line.slice(colon + 1).trim() });
    at += line.length + 2;
  }
  return { ok: true, head: { startLine: lines[0] ?? '', headers, length: end } };
}

export function headerValue(headers: readonly HttpHeader[], name: string): string | undefined {
  const lower = name.toLowerCase();
  return headers.find((h) => h.name.toLowerCase() === lower)?.value;
}

/** `GET /path HTTP/1.1` with `Upgrade: websocket` (RFC 6455 4.1 items 2, 5). */
export function isUpgradeRequest(head: HttpHead): boolean {
  return (
    /^GET\s+\S+\s+HTTP\/1\.1$/i.test(head.startLine) &&
    (headerValue(head.headers, 'upgrade') ?? '')
      .toLowerCase()
      .split(/\s*,\s*/)
      .includes('websocket')
  );
}

/** Status code of a response start line, or null. */
export function statusOf(head: HttpHead): number | null {
  const m = /^HTTP\/\d\.\d\s+(\d{3})/.exec(head.startLine);
  return m ? Number(m[1]) : null;
}
