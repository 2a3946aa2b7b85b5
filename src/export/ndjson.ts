/**
 * NDJSON export (one JSON object per line, http://ndjson.org): one line per
 * message, so `jq`, `grep` and `diff` work on a capture. Every line is
 * self-contained (connection id and URL repeated) and keys come in a fixed
 * order, so two runs diff line by line.
 */
import type { ConnectionRecord, MessageRecord } from '../model/records';
import { redactRecords } from './redact';
import type { RedactOptions } from './redactor';

export interface NdjsonLine {
  conn: string;
  url: string;
  id: number;
  /** ISO 8601 time (ms precision) and the exact ms since the epoch. */
  time: string;
  t: number;
  dir: 'out' | 'in';
  opcode: 1 | 2;
  size: number;
  /** Opcode 1: the text. */
  text?: string;
  /** Opcode 2: the payload as base64. */
  base64?: string;
  origin?: string;
  truncated?: boolean;
  carrier?: string;
  captureError?: string;
  /** A one-line decoded summary the caller computed (e.g. `socket.io EVENT "chat"`). */
  decoded?: string;
}

export interface NdjsonExportOptions {
  redact?: RedactOptions;
  /** Decoded summary of a message, when the caller has one (decoders live elsewhere). */
  summarize?: (m: MessageRecord) => string | null | undefined;
}

export function ndjsonLine(m: MessageRecord, url: string, decoded?: string | null): NdjsonLine {
  const line: NdjsonLine = {
    conn: m.conn,
    url,
    id: m.id,
    time: new Date(m.t).toISOString(),
    t: m.t,
    dir: m.dir,
    opcode: m.opcode,
    size: m.size,
  };
  if (m.opcode === 1) line.text = m.data;
  else line.base64 = m.data;
  if (m.origin !== undefined) line.origin = m.origin;
  if (m.truncated) line.truncated = true;
  if (m.carrier !== undefined) line.carrier = m.carrier;
  if (m.captureError !== undefined) line.captureError = m.captureError;
  if (decoded) line.decoded = decoded;
  return line;
}

/** NDJSON text of these messages in the order given (redacted unless `redact.enabled === false`); ends with a newline. */
export function exportNdjson(
  connections: readonly ConnectionRecord[],
  messages: readonly MessageRecord[],
  options: NdjsonExportOptions = {},
): string {
  const r = redactRecords(connections, messages, options.redact ?? {});
  const urls = new Map(r.connections.map((c) => [c.id, c.url]));
  const lines: string[] = [];
  r.messages.forEach((m, i) => {
    // Summaries come from the unredacted message; redact them too.
    const summary = options.summarize?.(messages[i] ?? m);
    const decoded = summary ? r.redactor.text(summary, `message ${m.id} summary`) : null;
    lines.push(JSON.stringify(ndjsonLine(m, urls.get(m.conn) ?? '', decoded)));
  });
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
