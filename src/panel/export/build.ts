/**
 * What the export popover exports: the records of a scope (everything, the
 * selected connection, the rows the filter shows), the file for a format
 * (src/export does the writing and the redaction), its name, and the
 * redaction preview in words. No DOM here: save.ts puts the bytes in a file.
 */
import { exportHarText, exportNdjson, exportPcapng, previewRedaction } from '../../export';
import type { RedactionPreview, RedactOptions } from '../../export';
import type { ConnectionRecord, MessageRecord } from '../../model/records';
import { sourceView } from '../capture/message-view';
import type { MessageView } from '../capture/message-view';
import type { PanelStore } from '../capture/store';

export type ExportFormat = 'har' | 'ndjson' | 'pcapng';
export type ExportScope = 'all' | 'connection' | 'shown';

export const FORMATS: readonly { id: ExportFormat; label: string; mime: string }[] = [
  { id: 'har', label: 'HAR (Chrome-compatible)', mime: 'application/json' },
  { id: 'ndjson', label: 'NDJSON (one message per line)', mime: 'application/x-ndjson' },
  { id: 'pcapng', label: 'pcapng (Wireshark)', mime: 'application/octet-stream' },
];

export interface ScopeRecords {
  connections: ConnectionRecord[];
  messages: MessageRecord[];
}

function recordsOf(store: PanelStore, view: MessageView): MessageRecord[] {
  const out: MessageRecord[] = [];
  for (let i = 0; i < view.length; i++) {
    const seq = view.seqAt(i);
    const rec = seq === undefined ? undefined : store.log.bySeq(seq);
    if (rec) out.push(rec);
  }
  return out;
}

/** The scope's messages and the connections they belong to (all connections for `all`, even silent ones). */
export function collectScope(store: PanelStore, scope: ExportScope): ScopeRecords {
  const conns = [...store.connections.peek().values()];
  const selected = store.selectedConn.peek();
  if (scope === 'all') return { connections: conns, messages: recordsOf(store, sourceView(store.log, null)) };
  if (scope === 'connection') {
    if (selected === null) return { connections: [], messages: [] };
    return { connections: conns.filter((c) => c.id === selected), messages: recordsOf(store, sourceView(store.log, selected)) };
  }
  const messages = recordsOf(store, store.view.peek().view);
  const used = new Set(messages.map((m) => m.conn));
  if (selected !== null) used.add(selected);
  return { connections: conns.filter((c) => used.has(c.id)), messages };
}

export interface BuiltExport {
  data: string | Uint8Array;
  mime: string;
  /** pcapng: messages never on the wire (injected, dropped) or without stored payload. */
  skipped: number;
}

/** `redact`: on (the default rules), off, or options with the user's extra names and regexes. */
export async function buildExport(
  format: ExportFormat,
  { connections, messages }: ScopeRecords,
  redact: boolean | RedactOptions,
): Promise<BuiltExport> {
  const options = { redact: typeof redact === 'boolean' ? { enabled: redact } : redact };
  const mime = FORMATS.find((f) => f.id === format)?.mime ?? 'application/octet-stream';
  if (format === 'har') return { data: exportHarText(connections, messages, options), mime, skipped: 0 };
  if (format === 'ndjson') return { data: exportNdjson(connections, messages, options), mime, skipped: 0 };
  const pcap = await exportPcapng(connections, messages, options);
  return { data: pcap.bytes, mime, skipped: pcap.skipped.length };
}

function hostOf(url: string | undefined): string {
  const m = url === undefined ? null : /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)/i.exec(url);
  const host = (m?.[1] ?? '').replace(/[^a-z0-9.-]+/gi, '_').replace(/^[_.]+|[_.]+$/g, '');
  return host || 'capture';
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** `sockscope-<host>-<YYYYMMDD-HHMMSS>.<ext>`, host of the first connection, local time (what the user sees on the clock). */
export function exportFileName(format: ExportFormat, connections: readonly ConnectionRecord[], now: Date): string {
  const date = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  return `sockscope-${hostOf(connections[0]?.url)}-${date}.${format}`;
}

function label(kind: string, name: string): string {
  switch (kind) {
    case 'header':
      return `${name} header`;
    case 'query':
      return `${name} URL parameter`;
    case 'field':
      return `${name} field`;
    case 'jwt':
      return 'JWT';
    case 'bearer':
      return 'bearer token';
    default:
      return 'pattern match';
  }
}

/** "3 secrets will be replaced: 1 Authorization header, 2 JWTs" (kinds named from the listed items). */
export function describeRedaction(p: RedactionPreview): string {
  const total = p.items.length + p.more;
  if (total === 0) return 'No secrets found.';
  const groups = new Map<string, number>();
  for (const r of p.items) {
    const key = label(r.kind, r.name);
    groups.set(key, (groups.get(key) ?? 0) + 1);
  }
  const parts = [...groups].map(([what, n]) => `${n} ${what}${n === 1 ? '' : 's'}`);
  if (p.more > 0) parts.push(`${p.more} more`);
  return `${total} secret${total === 1 ? '' : 's'} will be replaced: ${parts.join(', ')}`;
}

export function previewOf(records: ScopeRecords, options: RedactOptions = {}): RedactionPreview {
  return previewRedaction(records.connections, records.messages, options);
}
