/**
 * "Save payload as file", pure: the file a message's payload becomes. Text is
 * saved as the UTF-8 send() put on the wire, `.json` when it parses as JSON,
 * else `.txt`; binary as its bytes in `.bin`. The name is built from safe
 * parts only (the host reduced to letters, digits, dots and dashes, the
 * message id), so a page cannot choose a path, a hidden file or an extension.
 */
import type { ConnectionRecord, MessageRecord } from '../../model/records';
import { payloadBytes } from '../capture/payload';

export type PayloadFile = { ok: true; name: string; data: string | Uint8Array; mime: string } | { ok: false; error: string };

/** A host name as a file-name part: only [A-Za-z0-9.-], no leading dot or dash, at most 60 characters. */
export function safeNamePart(text: string): string {
  const part = text
    .replace(/[^A-Za-z0-9.-]+/g, '_')
    .replace(/^[._-]+/, '')
    .slice(0, 60)
    .replace(/[._-]+$/, '');
  return part === '' ? 'socket' : part;
}

function hostOf(conn: ConnectionRecord | undefined): string {
  try {
    return new URL(conn?.url ?? '').hostname;
  } catch {
    return '';
  }
}

function parsesAsJson(text: string): boolean {
  const first = /\S/.exec(text.slice(0, 1024))?.[0];
  if (first === undefined || !'{["-0123456789tfn'.includes(first)) return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

export function payloadFile(rec: MessageRecord, conn: ConnectionRecord | undefined): PayloadFile {
  const base = `sockscope-${safeNamePart(hostOf(conn))}-msg${Math.trunc(rec.id)}${rec.truncated ? '-stored-part' : ''}`;
  if (rec.opcode === 1) {
    const json = parsesAsJson(rec.data);
    return {
      ok: true,
      name: `${base}.${json ? 'json' : 'txt'}`,
      data: rec.data,
      mime: json ? 'application/json' : 'text/plain;charset=utf-8',
    };
  }
  const bytes = payloadBytes(rec);
  if (!bytes.ok) return { ok: false, error: bytes.error };
  return { ok: true, name: `${base}.bin`, data: bytes.bytes, mime: 'application/octet-stream' };
}
