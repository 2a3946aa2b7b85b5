/**
 * Redaction applied to whole records before any exporter writes them, and
 * the preview an export dialog shows ("3 cookies, 2 tokens in messages…").
 * Every exporter goes through `redactRecords`, so HAR, NDJSON and pcapng
 * leak the same nothing.
 */
import { bytesToBase64 } from '../model/base64';
import type { ConnectionRecord, HandshakeInfo, HttpHeader, MessageRecord } from '../model/records';
import { payloadBytes } from './payload';
import { Redactor, type Redaction, type RedactionKind, type RedactOptions } from './redactor';

export interface Redacted {
  connections: ConnectionRecord[];
  messages: MessageRecord[];
  redactor: Redactor;
}

function headers(list: HttpHeader[] | undefined, r: Redactor, where: string): HttpHeader[] | undefined {
  return list?.map((h) => ({ name: h.name, value: r.header(h.name, h.value, `${where} header ${h.name}`) }));
}

function handshake(h: HandshakeInfo, r: Redactor, where: string): HandshakeInfo {
  const out: HandshakeInfo = { ...h, url: r.url(h.url, `${where} handshake url`) };
  const req = headers(h.requestHeaders, r, `${where} request`);
  const res = headers(h.responseHeaders, r, `${where} response`);
  if (req) out.requestHeaders = req;
  if (res) out.responseHeaders = res;
  return out;
}

export function redactConnection(c: ConnectionRecord, r: Redactor): ConnectionRecord {
  if (!r.enabled) return c;
  const where = `connection ${c.id}`;
  const out: ConnectionRecord = {
    ...c,
    url: r.url(c.url, `${where} url`),
    frameUrl: r.url(c.frameUrl, `${where} frame url`),
    protocols: c.protocols.map((p) => r.text(p, `${where} subprotocol`)),
  };
  if (c.protocol !== undefined) out.protocol = r.text(c.protocol, `${where} subprotocol`);
  if (c.close) out.close = { ...c.close, reason: r.text(c.close.reason, `${where} close reason`) };
  if (c.closeCall?.reason !== undefined) out.closeCall = { ...c.closeCall, reason: r.text(c.closeCall.reason, `${where} close() reason`) };
  if (c.handshake) out.handshake = handshake(c.handshake, r, where);
  return out;
}

export function redactMessage(m: MessageRecord, r: Redactor): MessageRecord {
  if (!r.enabled) return m;
  const where = `message ${m.id}`;
  if (m.opcode === 1) {
    const data = r.text(m.data, where);
    return data === m.data ? m : { ...m, data };
  }
  const bytes = payloadBytes(m);
  if (bytes === null) return m;
  const out = r.bytes(bytes, where);
  return out === bytes ? m : { ...m, data: bytesToBase64(out) };
}

/** Redacted copies (the inputs are never modified); `options.enabled === false` returns them as they are. */
export function redactRecords(
  connections: readonly ConnectionRecord[],
  messages: readonly MessageRecord[],
  options: RedactOptions | Redactor = {},
): Redacted {
  const redactor = options instanceof Redactor ? options : new Redactor(options);
  return {
    connections: connections.map((c) => redactConnection(c, redactor)),
    messages: messages.map((m) => redactMessage(m, redactor)),
    redactor,
  };
}

export interface RedactionPreview {
  enabled: boolean;
  counts: Record<RedactionKind, number>;
  /** Distinct secrets found (each has one placeholder). */
  secrets: number;
  /** The first `limit` redactions, in record order. */
  items: Redaction[];
  /** More redactions than listed in `items`. */
  more: number;
}

/** What an export with these options would redact, with counts (for an export dialog). */
export function previewRedaction(
  connections: readonly ConnectionRecord[],
  messages: readonly MessageRecord[],
  options: RedactOptions = {},
  limit = 200,
): RedactionPreview {
  const { redactor } = redactRecords(connections, messages, options);
  const secrets = new Set(redactor.log.map((r) => r.placeholder)).size;
  return {
    enabled: redactor.enabled,
    counts: redactor.counts(),
    secrets,
    items: redactor.log.slice(0, limit),
    more: Math.max(0, redactor.log.length - limit),
  };
}
