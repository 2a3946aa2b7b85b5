/**
 * What the JSON tab shows for a message, pure and total. A payload that is
 * JSON is shown as it is. A protocol that wraps JSON in something else is
 * unwrapped, with a line saying what was taken off: Engine.IO/Socket.IO
 * (`42["chat",{…}]` → the event and its arguments), STOMP (the frame's JSON
 * body), Phoenix (the v2 array with its five fields named). Other decoded
 * messages (MessagePack, CBOR…) show the decoder's value.
 */
import type { Decoded } from '../../decoders/types';
import { parseSocketIoPacket } from '../../decoders/socketio-packet';
import type { MessageRecord } from '../../model/records';
import { parseJson } from '../capture/payload';

export type JsonOf = { ok: true; value: unknown; note?: string } | { ok: false; error: string };

const PHOENIX_FIELDS = ['join_ref', 'ref', 'topic', 'event', 'payload'] as const;

function socketIo(text: string): JsonOf | null {
  const engine = text[0];
  if (engine === '0') {
    const open = parseJson(text.slice(1));
    return open.ok ? { ok: true, value: open.value, note: 'Engine.IO open packet (0): its JSON' } : null;
  }
  if (engine !== '4') return { ok: false, error: 'an Engine.IO control packet (ping, pong, close, upgrade, noop) carries no JSON' };
  const p = parseSocketIoPacket(text.slice(1));
  if (!p.ok) return { ok: false, error: `Socket.IO packet: ${p.reason}` };
  const { type, nsp, ackId, data } = p.packet;
  const where = `${nsp === '/' ? '' : ` on ${nsp}`}${ackId === undefined ? '' : `, ack id ${ackId}`}`;
  if ((type === 'EVENT' || type === 'BINARY_EVENT') && Array.isArray(data)) {
    const [event, ...args] = data as unknown[];
    return { ok: true, value: { event, args }, note: `Socket.IO ${type} "${String(event)}"${where}: the event and its arguments` };
  }
  if (data === undefined) return { ok: false, error: `Socket.IO ${type}${where} carries no JSON` };
  return { ok: true, value: type.endsWith('ACK') ? { ackId, args: data } : data, note: `Socket.IO ${type}${where}` };
}

function stomp(d: Decoded): JsonOf | null {
  const units = d.parts ?? [d];
  const bodies = units.filter((u) => u.value !== undefined && typeof u.value !== 'string');
  if (bodies.length === 0) return { ok: false, error: `STOMP ${d.kind}: no JSON body` };
  if (units.length === 1) return { ok: true, value: bodies[0]?.value, note: `STOMP ${d.kind} frame: its JSON body` };
  return { ok: true, value: units.map((u) => ({ frame: u.kind, body: u.value })), note: `${units.length} STOMP frames: their bodies` };
}

export function jsonOf(rec: MessageRecord, decoded: Decoded | undefined): JsonOf {
  const protocol = decoded?.protocol;
  // Engine.IO packets start with a digit: `2` (ping) or `40` would parse as JSON numbers.
  if (rec.opcode === 1 && protocol === 'socketio') {
    const s = socketIo(rec.data);
    if (s) return s;
  }
  const raw = rec.opcode === 1 ? parseJson(rec.data) : null;
  if (raw?.ok) {
    if (protocol === 'phoenix' && Array.isArray(raw.value) && raw.value.length === 5) {
      const named = Object.fromEntries(PHOENIX_FIELDS.map((k, i) => [k, (raw.value as unknown[])[i]]));
      return { ok: true, value: named, note: 'Phoenix v2 message: [join_ref, ref, topic, event, payload], named' };
    }
    return { ok: true, value: raw.value };
  }
  if (decoded && protocol === 'stomp') {
    const s = stomp(decoded);
    if (s) return s;
  }
  if (decoded && decoded.value !== undefined && protocol !== 'json')
    return { ok: true, value: decoded.value, note: `Not JSON itself: the value the ${protocol ?? ''} decoder read (${decoded.kind})` };
  if (raw === null) return { ok: false, error: 'binary message, and no decoder read a value from it' };
  return { ok: false, error: raw.error };
}
