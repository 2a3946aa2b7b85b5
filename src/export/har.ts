/**
 * HAR 1.2 export, one entry per connection written the way Chrome's Network
 * panel writes a WebSocket (`_resourceType: "websocket"`,
 * `_webSocketMessages: [{type, time, opcode, data}]`, time in epoch seconds,
 * binary data as base64), so Chrome, HAR viewers and our importer read it;
 * Sockscope's facts (close, who closed, frame URL, origin marks, truncation)
 * ride along under `_sockscope`, which other readers ignore.
 */
import type { ConnectionRecord, MessageRecord } from '../model/records';
import type { HarConnectionFacts, HarEntry, HarLog, HarMessageFacts, HarNameValue, HarWebSocketMessage } from './har-types';
import { storedSize } from './payload';
import { redactRecords } from './redact';
import type { RedactOptions } from './redactor';

export interface HarExportOptions {
  redact?: RedactOptions;
  creatorVersion?: string;
  /** ISO time written in `log._sockscope.exported`; default now. */
  now?: number;
}

function queryString(url: string): HarNameValue[] {
  const q = url.indexOf('?');
  if (q < 0) return [];
  const end = url.indexOf('#', q);
  return url
    .slice(q + 1, end < 0 ? undefined : end)
    .split('&')
    .filter((p) => p.length > 0)
    .map((p) => {
      const eq = p.indexOf('=');
      return eq < 0 ? { name: p, value: '' } : { name: p.slice(0, eq), value: p.slice(eq + 1) };
    });
}

function messageFacts(m: MessageRecord, time: number): HarMessageFacts {
  const f: HarMessageFacts = { id: m.id };
  if (time * 1000 !== m.t) f.t = m.t;
  if (m.size !== storedSize(m)) f.size = m.size;
  if (m.truncated) f.truncated = true;
  if (m.carrier !== undefined) f.carrier = m.carrier;
  if (m.buffered !== undefined) f.buffered = m.buffered;
  if (m.sentInState !== undefined) f.sentInState = m.sentInState;
  if (m.captureError !== undefined) f.captureError = m.captureError;
  if (m.origin !== undefined) f.origin = m.origin;
  return f;
}

export function harMessage(m: MessageRecord): HarWebSocketMessage {
  const time = m.t / 1000;
  return { type: m.dir === 'out' ? 'send' : 'receive', time, opcode: m.opcode, data: m.data, _sockscope: messageFacts(m, time) };
}

function connectionFacts(c: ConnectionRecord, messages: readonly MessageRecord[]): HarConnectionFacts {
  const { handshake: h, url: _url, ...rest } = c;
  const facts: HarConnectionFacts = {
    ...rest,
    exported: { messages: messages.length, truncated: messages.filter((m) => m.truncated).length },
  };
  if (c.closeCall) facts.closedBy = 'page';
  else if (c.close) facts.closedBy = c.close.wasClean ? 'server' : 'network';
  if (h) {
    const { requestHeaders, responseHeaders, ...hs } = h;
    facts.handshake = { ...hs, requestHeaders: requestHeaders !== undefined, responseHeaders: responseHeaders !== undefined };
  }
  return facts;
}

function headerSize(headers: readonly HarNameValue[]): number {
  return headers.length === 0 ? -1 : headers.reduce((n, h) => n + h.name.length + h.value.length + 4, 2);
}

export function harEntry(c: ConnectionRecord, messages: readonly MessageRecord[]): HarEntry {
  const h = c.handshake;
  const url = h?.url ?? c.url;
  const requestHeaders = (h?.requestHeaders ?? []).map((x) => ({ name: x.name, value: x.value }));
  const responseHeaders = (h?.responseHeaders ?? []).map((x) => ({ name: x.name, value: x.value }));
  const status = h?.status ?? (c.opened !== undefined ? 101 : 0);
  const statusText = h?.statusLine?.replace(/^HTTP\/\S+\s+\d+\s*/, '') ?? (status === 101 ? 'Switching Protocols' : '');
  const started = h?.t ?? c.created;
  const end = c.close?.t ?? messages[messages.length - 1]?.t ?? c.opened ?? started;
  const entry: HarEntry = {
    startedDateTime: new Date(started).toISOString(),
    time: Math.max(0, end - started),
    request: {
      method: 'GET',
      url: c.url,
      httpVersion: 'HTTP/1.1',
      headers: requestHeaders,
      queryString: queryString(url),
      cookies: [],
      headersSize: headerSize(requestHeaders),
      bodySize: 0,
    },
    response: {
      status,
      statusText,
      httpVersion: 'HTTP/1.1',
      headers: responseHeaders,
      cookies: [],
      content: { size: 0, mimeType: 'x-unknown' },
      redirectURL: '',
      headersSize: headerSize(responseHeaders),
      bodySize: 0,
    },
    cache: {},
    timings: {
      blocked: -1,
      dns: -1,
      connect: -1,
      ssl: -1,
      send: 0,
      wait: c.opened !== undefined ? Math.max(0, c.opened - started) : -1,
      receive: 0,
    },
    _resourceType: 'websocket',
    _webSocketMessages: messages.map(harMessage),
    _sockscope: connectionFacts(c, messages),
  };
  if (h?.error !== undefined) entry.response._error = h.error;
  return entry;
}

/**
 * A HAR of these connections with their messages, in the order given. The
 * caller picks the scope (everything, the selected connections, the filtered
 * rows); messages of connections not passed are left out. Redacted unless
 * `redact.enabled === false`.
 */
export function exportHar(
  connections: readonly ConnectionRecord[],
  messages: readonly MessageRecord[],
  options: HarExportOptions = {},
): HarLog {
  const r = redactRecords(connections, messages, options.redact ?? {});
  const byConn = new Map<string, MessageRecord[]>();
  for (const c of r.connections) byConn.set(c.id, []);
  for (const m of r.messages) byConn.get(m.conn)?.push(m);
  return {
    log: {
      version: '1.2',
      creator: { name: 'Sockscope', version: options.creatorVersion ?? '0.1.0' },
      pages: [],
      entries: r.connections.map((c) => harEntry(c, byConn.get(c.id) ?? [])),
      comment: 'WebSocket connections and messages captured by Sockscope in the page (messages, not wire frames).',
      _sockscope: {
        exported: new Date(options.now ?? Date.now()).toISOString(),
        redacted: r.redactor.enabled,
        redactions: r.redactor.log.length,
      },
    },
  };
}

/** The HAR as JSON text. */
export function exportHarText(
  connections: readonly ConnectionRecord[],
  messages: readonly MessageRecord[],
  options: HarExportOptions = {},
): string {
  return JSON.stringify(exportHar(connections, messages, options));
}
