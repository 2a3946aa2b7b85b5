/**
 * The Socket.IO v4 packet layer (socket.io-parser, protocol v5; v4/v3 wire
 * formats are the same on WebSocket): `<type>[<n>-][<nsp>,][<ackId>][<json>]`.
 * https://github.com/socketio/socket.io/tree/main/docs/socket.io-protocol
 */
import { isRecord, parseJson } from './util';

/** Index = packet type digit. Persisted in filters: append only. */
export const SOCKETIO_TYPES = ['CONNECT', 'DISCONNECT', 'EVENT', 'ACK', 'CONNECT_ERROR', 'BINARY_EVENT', 'BINARY_ACK'] as const;
export type SocketIoType = (typeof SOCKETIO_TYPES)[number];

export interface SocketIoPacket {
  type: SocketIoType;
  nsp: string;
  /** Count of binary attachments announced by `5<n>-` / `6<n>-`. */
  attachments: number;
  ackId?: number;
  data?: unknown;
}

export type SocketIoParse = { ok: true; packet: SocketIoPacket } | { ok: false; reason: string };

const bad = (reason: string): SocketIoParse => ({ ok: false, reason });

export function parseSocketIoPacket(text: string): SocketIoParse {
  const type = SOCKETIO_TYPES[Number(text[0])];
  if (type === undefined || !/^[0-6]/.test(text)) return bad('Socket.IO packet type must be 0-6');
  let i = 1;
  let attachments = 0;
  if (type === 'BINARY_EVENT' || type === 'BINARY_ACK') {
    const m = /^(\d+)-/.exec(text.slice(i));
    if (!m?.[1]) return bad('binary packet without attachment count');
    attachments = Number(m[1]);
    i += m[0].length;
  }
  let nsp = '/';
  if (text[i] === '/') {
    const comma = text.indexOf(',', i);
    const end = comma === -1 ? text.length : comma;
    nsp = text.slice(i, end);
    i = comma === -1 ? end : end + 1;
  }
  let ackId: number | undefined;
  const idMatch = /^\d+/.exec(text.slice(i));
  if (idMatch) {
    ackId = Number(idMatch[0]);
    if (!Number.isSafeInteger(ackId)) return bad('ack id out of range');
    i += idMatch[0].length;
  }
  const rest = text.slice(i);
  let data: unknown;
  if (rest.length > 0) {
    const parsed = parseJson(rest);
    if (!parsed.ok) return bad(`Socket.IO payload is not JSON: ${parsed.reason}`);
    data = parsed.value;
  }
  const packet: SocketIoPacket = { type, nsp, attachments, ackId, data };
  const invalid = validate(packet);
  return invalid === undefined ? { ok: true, packet } : bad(invalid);
}

function validate(p: SocketIoPacket): string | undefined {
  switch (p.type) {
    case 'CONNECT':
      return p.data === undefined || isRecord(p.data) ? undefined : 'CONNECT payload must be an object';
    case 'DISCONNECT':
      return p.data === undefined ? undefined : 'DISCONNECT carries no payload';
    case 'EVENT':
    case 'BINARY_EVENT':
      return Array.isArray(p.data) && p.data.length > 0 && (typeof p.data[0] === 'string' || typeof p.data[0] === 'number')
        ? undefined
        : 'EVENT payload must be an array starting with the event name';
    case 'ACK':
    case 'BINARY_ACK':
      return Array.isArray(p.data) && p.ackId !== undefined ? undefined : 'ACK needs an id and an array payload';
    case 'CONNECT_ERROR':
      // v5 sends {message, data}; the v4 protocol (socket.io 2.x) sent a string.
      return isRecord(p.data) || typeof p.data === 'string' ? undefined : 'CONNECT_ERROR payload must be an object';
  }
}

/** True for `{"_placeholder":true,"num":n}`, the stand-in for a binary attachment. */
export function isPlaceholder(v: unknown): v is { _placeholder: true; num: number } {
  return isRecord(v) && v._placeholder === true && typeof v.num === 'number';
}

/** Replaces attachment placeholders (deep) with `replace(num)`. */
export function replacePlaceholders(v: unknown, replace: (num: number) => unknown): unknown {
  if (isPlaceholder(v)) return replace(v.num);
  if (Array.isArray(v)) return v.map((x) => replacePlaceholders(x, replace));
  if (isRecord(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, replacePlaceholders(x, replace)]));
  return v;
}
