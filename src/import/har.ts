/**
 * HAR import: WebSocket entries of a HAR written by Chrome
 * (`_webSocketMessages`), by Sockscope (every `_sockscope` fact restored,
 * so export → import gives back the records), or by another tool that
 * follows Chrome's shape. Firefox writes no WebSocket messages in its HARs:
 * such a file gives a NO_WEBSOCKET_MESSAGES value saying so.
 */
import type { BinaryCarrier, ConnectionRecord, HandshakeInfo, HttpHeader, MessageOrigin, MessageRecord } from '../model/records';
import { storedSize } from '../export/payload';
import { arr, bad, isObj, num, obj, oneOf, optBool, optNum, optStr, parseJson, readShape, str, type Obj } from './json-shape';
import { emptySession, type ImportedSession, type ImportResult } from './types';

const ORIGINS: readonly MessageOrigin[] = ['page', 'resent', 'composed', 'injected', 'edited', 'dropped'];
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function headers(v: unknown, place: string): HttpHeader[] {
  if (v === undefined) return [];
  return arr(v, place).map((h, i) => {
    const o = obj(h, `${place}[${i}]`);
    return { name: str(o, 'name', `${place}[${i}]`), value: str(o, 'value', `${place}[${i}]`) };
  });
}

/**
 * A message `time` in epoch ms. Chrome writes seconds (1764000000.123);
 * Playwright's recordHar writes milliseconds (1764000000123.4). Seconds
 * above 1e11 would be the year 5138, so such a time is taken as ms.
 */
const epochMs = (time: number): number => (Math.abs(time) >= 1e11 ? time : time * 1000);

function message(v: unknown, place: string, conn: string, fallbackId: number): MessageRecord {
  const o = obj(v, place);
  const dir = oneOf(o, 'type', place, ['send', 'receive'] as const) === 'send' ? 'out' : 'in';
  const time = num(o, 'time', place);
  const opcode = oneOf(o, 'opcode', place, [1, 2] as const);
  const data = str(o, 'data', place);
  if (opcode === 2 && !BASE64.test(data)) throw bad(`${place}.data`, 'base64 (opcode 2 is binary)', data);
  const f = isObj(o._sockscope) ? o._sockscope : {};
  const fp = `${place}._sockscope`;
  const m: MessageRecord = {
    id: optNum(f, 'id', fp) ?? fallbackId,
    conn,
    t: optNum(f, 't', fp) ?? epochMs(time),
    dir,
    opcode,
    size: optNum(f, 'size', fp) ?? storedSize({ opcode, data }),
    data,
  };
  if (optBool(f, 'truncated', fp)) m.truncated = true;
  const carrier = optStr(f, 'carrier', fp);
  if (carrier !== undefined) m.carrier = carrier as BinaryCarrier;
  const buffered = optNum(f, 'buffered', fp);
  if (buffered !== undefined) m.buffered = buffered;
  const sentInState = optNum(f, 'sentInState', fp);
  if (sentInState !== undefined) m.sentInState = sentInState;
  const captureError = optStr(f, 'captureError', fp);
  if (captureError !== undefined) m.captureError = captureError;
  if (f.origin !== undefined) m.origin = oneOf(f, 'origin', fp, ORIGINS);
  return m;
}

function isWebSocket(e: Obj): boolean {
  const url = isObj(e.request) && typeof e.request.url === 'string' ? e.request.url : '';
  return e._resourceType === 'websocket' || Array.isArray(e._webSocketMessages) || /^wss?:/i.test(url);
}

/** Connection facts Sockscope wrote, restored as they were (summary-only fields dropped). */
function restored(facts: Obj, place: string, url: string, request: Obj, response: Obj): ConnectionRecord {
  const { exported: _e, closedBy: _c, handshake: hs, ...rest } = facts;
  const c = { ...rest, url } as unknown as ConnectionRecord;
  // Check what the panel relies on; a hostile file must not smuggle other types in.
  str(facts, 'id', place);
  arr(facts.protocols, `${place}.protocols`).forEach((p, i) => {
    if (typeof p !== 'string') throw bad(`${place}.protocols[${i}]`, 'a string', p);
  });
  str(facts, 'frameUrl', place);
  num(facts, 'frameId', place);
  num(facts, 'created', place);
  oneOf(facts, 'state', place, ['connecting', 'open', 'closing', 'closed', 'error'] as const);
  for (const k of ['sent', 'received'] as const) {
    const counts = obj(facts[k], `${place}.${k}`);
    num(counts, 'messages', `${place}.${k}`);
    num(counts, 'bytes', `${place}.${k}`);
  }
  for (const k of ['opened', 'errored'] as const) optNum(facts, k, place);
  for (const k of ['protocol', 'extensions'] as const) optStr(facts, k, place);
  if (facts.close !== undefined) {
    const close = obj(facts.close, `${place}.close`);
    num(close, 'code', `${place}.close`);
    str(close, 'reason', `${place}.close`);
    num(close, 't', `${place}.close`);
    if (typeof close.wasClean !== 'boolean') throw bad(`${place}.close.wasClean`, 'true or false', close.wasClean);
  }
  if (facts.closeCall !== undefined) num(obj(facts.closeCall, `${place}.closeCall`), 't', `${place}.closeCall`);
  if (isObj(hs)) {
    const hp = `${place}.handshake`;
    const h: HandshakeInfo = { url: str(hs, 'url', hp), requestId: str(hs, 'requestId', hp), t: num(hs, 't', hp) };
    if (hs.requestHeaders === true) h.requestHeaders = headers(request.headers, 'request.headers');
    if (hs.responseHeaders === true) h.responseHeaders = headers(response.headers, 'response.headers');
    const status = optNum(hs, 'status', hp);
    if (status !== undefined) h.status = status;
    const statusLine = optStr(hs, 'statusLine', hp);
    if (statusLine !== undefined) h.statusLine = statusLine;
    const error = optStr(hs, 'error', hp);
    if (error !== undefined) h.error = error;
    c.handshake = h;
  }
  return c;
}

/** A connection from another tool's entry: what HAR itself says. */
function inferred(
  id: string,
  e: Obj,
  place: string,
  url: string,
  request: Obj,
  response: Obj,
  messages: readonly MessageRecord[],
): ConnectionRecord {
  const started = Date.parse(str(e, 'startedDateTime', place));
  const created = Number.isFinite(started) ? started : (messages[0]?.t ?? 0);
  const status = optNum(response, 'status', `${place}.response`) ?? 0;
  const req = headers(request.headers, `${place}.request.headers`);
  const res = headers(response.headers, `${place}.response.headers`);
  const find = (list: HttpHeader[], name: string): string | undefined => list.find((h) => h.name.toLowerCase() === name)?.value;
  const c: ConnectionRecord = {
    id,
    url,
    protocols: (find(req, 'sec-websocket-protocol') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    frameUrl: '',
    frameId: 0,
    created,
    state: status === 101 || messages.length > 0 ? 'closed' : 'error',
    sent: { messages: 0, bytes: 0 },
    received: { messages: 0, bytes: 0 },
    handshake: { url, requestId: id, t: created, requestHeaders: req, responseHeaders: res, ...(status ? { status } : {}) },
  };
  if (status === 101 || messages.length > 0) c.opened = created;
  const protocol = find(res, 'sec-websocket-protocol');
  if (protocol) c.protocol = protocol;
  const extensions = find(res, 'sec-websocket-extensions');
  if (extensions) c.extensions = extensions;
  for (const m of messages) {
    const counts = m.dir === 'out' ? c.sent : c.received;
    counts.messages++;
    counts.bytes += m.size;
  }
  return c;
}

function read(doc: unknown): ImportedSession {
  const session = emptySession('har');
  const log = obj(obj(doc, 'document').log, 'log');
  const entries = arr(log.entries, 'log.entries');
  let nextId = 1;
  entries.forEach((v, i) => {
    const place = `log.entries[${i}]`;
    const e = obj(v, place);
    if (!isWebSocket(e)) return;
    const request = obj(e.request, `${place}.request`);
    const response = isObj(e.response) ? e.response : {};
    const url = str(request, 'url', `${place}.request`);
    const facts = isObj(e._sockscope) ? e._sockscope : null;
    const id = facts && typeof facts.id === 'string' ? facts.id : `har:${i + 1}`;
    const list = e._webSocketMessages === undefined ? [] : arr(e._webSocketMessages, `${place}._webSocketMessages`);
    const messages = list.map((m, j) => message(m, `${place}._webSocketMessages[${j}]`, id, nextId++));
    for (const m of messages) nextId = Math.max(nextId, m.id + 1);
    session.connections.push(
      facts ? restored(facts, `${place}._sockscope`, url, request, response) : inferred(id, e, place, url, request, response, messages),
    );
    for (const m of messages) session.messages.push(m);
  });
  return session;
}

/** Import a HAR (text or parsed JSON). */
export function importHar(input: string | unknown): ImportResult<ImportedSession> {
  let doc = input;
  if (typeof input === 'string') {
    const parsed = parseJson(input);
    if (!parsed.ok) return parsed;
    doc = parsed.value;
  }
  const r = readShape(() => read(doc), 'log.entries');
  if (!r.ok) return r;
  if (r.value.messages.length === 0) {
    const n = r.value.connections.length;
    return {
      ok: false,
      error: {
        code: 'NO_WEBSOCKET_MESSAGES',
        message:
          n === 0
            ? 'this HAR has no WebSocket connections'
            : `this HAR lists ${n} WebSocket connection${n === 1 ? '' : 's'} but no messages (Firefox writes none in its HARs; export from Chrome or Sockscope)`,
        place: 'log.entries',
      },
    };
  }
  return r;
}
