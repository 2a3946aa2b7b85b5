/**
 * NDJSON import: the lines `exportNdjson` writes (one message per line)
 * back into records, so a capture shared as NDJSON opens as a session.
 * Connections are rebuilt from what the lines carry (id and URL).
 */
import type { BinaryCarrier, ConnectionRecord, MessageOrigin, MessageRecord } from '../model/records';
import { isObj, num, oneOf, optBool, optStr, parseJson, readShape, str } from './json-shape';
import { emptySession, type ImportedSession, type ImportResult } from './types';

const ORIGINS: readonly MessageOrigin[] = ['page', 'resent', 'composed', 'injected', 'edited', 'dropped'];

function line(v: Record<string, unknown>, place: string): { m: MessageRecord; url: string } {
  const opcode = oneOf(v, 'opcode', place, [1, 2] as const);
  const m: MessageRecord = {
    id: num(v, 'id', place),
    conn: str(v, 'conn', place),
    t: num(v, 't', place),
    dir: oneOf(v, 'dir', place, ['out', 'in'] as const),
    opcode,
    size: num(v, 'size', place),
    data: opcode === 1 ? str(v, 'text', place) : str(v, 'base64', place),
  };
  if (v.origin !== undefined) m.origin = oneOf(v, 'origin', place, ORIGINS);
  if (optBool(v, 'truncated', place)) m.truncated = true;
  const carrier = optStr(v, 'carrier', place);
  if (carrier !== undefined) m.carrier = carrier as BinaryCarrier;
  const captureError = optStr(v, 'captureError', place);
  if (captureError !== undefined) m.captureError = captureError;
  return { m, url: str(v, 'url', place) };
}

function connection(id: string, url: string, first: MessageRecord): ConnectionRecord {
  return {
    id,
    url,
    protocols: [],
    frameUrl: '',
    frameId: 0,
    created: first.t,
    opened: first.t,
    state: 'closed',
    sent: { messages: 0, bytes: 0 },
    received: { messages: 0, bytes: 0 },
  };
}

/** Import NDJSON text; errors name the line (1-based) and field. Blank lines are allowed. */
export function importNdjson(text: string): ImportResult<ImportedSession> {
  const session = emptySession('ndjson');
  const conns = new Map<string, ConnectionRecord>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    if (raw === '') continue;
    const place = `line ${i + 1}`;
    const parsed = parseJson(raw, place);
    if (!parsed.ok) return parsed;
    if (!isObj(parsed.value)) return { ok: false, error: { code: 'BAD_SHAPE', message: `${place}: expected an object`, place } };
    const value = parsed.value;
    const r = readShape(() => line(value, place), place);
    if (!r.ok) return r;
    const { m, url } = r.value;
    let c = conns.get(m.conn);
    if (!c) conns.set(m.conn, (c = connection(m.conn, url, m)));
    const counts = m.dir === 'out' ? c.sent : c.received;
    counts.messages++;
    counts.bytes += m.size;
    session.messages.push(m);
  }
  if (session.messages.length === 0)
    return { ok: false, error: { code: 'NO_WEBSOCKET_MESSAGES', message: 'no message lines', place: 'line 1' } };
  session.connections = [...conns.values()];
  return { ok: true, value: session };
}
