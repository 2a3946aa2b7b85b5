/**
 * Socket.IO v4 event packets as the compose form builds them (notes §4):
 * Engine.IO `4` (message) + Socket.IO `2` (EVENT), then `/ns,` for a
 * namespace other than `/`, then the ack id, then the JSON array
 * `["event", ...args]`. Binary attachments (`45x-`) are not composed.
 */
import { parseSocketIoPacket } from '../../decoders/socketio-packet';

export interface SocketIoEmit {
  event: string;
  /** The arguments, as JSON text of an array (`[1, "a"]`) or of one value. */
  argsJson: string;
  namespace: string;
  /** Present: ask for an acknowledgement with this id. */
  ackId?: number;
}

export type Encoded = { ok: true; text: string } | { ok: false; error: string };

export function encodeSocketIoEmit(e: SocketIoEmit): Encoded {
  const event = e.event.trim();
  if (!event) return { ok: false, error: 'event name required' };
  // Socket.IO reserves these names on the client; the server would refuse them too.
  if (['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener'].includes(event))
    return { ok: false, error: `"${event}" is a reserved event name` };
  let args: unknown[] = [];
  const text = e.argsJson.trim();
  if (text) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      return { ok: false, error: `arguments: ${err instanceof Error ? err.message : String(err)}` };
    }
    args = Array.isArray(parsed) ? parsed : [parsed];
  }
  const ns = e.namespace.trim();
  if (ns && !ns.startsWith('/')) return { ok: false, error: 'namespace must start with /' };
  const nsPart = ns && ns !== '/' ? `${ns},` : '';
  const ack = e.ackId === undefined ? '' : String(e.ackId);
  return { ok: true, text: `42${nsPart}${ack}${JSON.stringify([event, ...args])}` };
}

/** `43<id>[…]` or `43/ns,<id>[…]`: the server's acknowledgement of `ackId`, with its arguments. */
export function parseSocketIoAck(text: string, ackId: number): unknown[] | undefined {
  const m = /^43(?:\/[^,]*,)?(\d+)(\[.*)$/s.exec(text);
  if (!m || Number(m[1]) !== ackId) return undefined;
  try {
    const args: unknown = JSON.parse(m[2] as string);
    return Array.isArray(args) ? args : undefined;
  } catch {
    return undefined;
  }
}

/** A captured event as the emit form's fields; the old ack id is dropped (only whether it asked for one is kept). */
export interface SocketIoEmitDraft {
  event: string;
  /** The arguments as JSON of an array (one line: the form's field is an input). */
  argsJson: string;
  namespace: string;
  ack: boolean;
}

/** `42[…]` / `42/ns,7[…]` (Engine.IO message + Socket.IO EVENT) → the emit form's fields; null for anything else (binary events included). */
export function socketIoEmitDraft(text: string): SocketIoEmitDraft | null {
  if (!text.startsWith('42')) return null;
  const parsed = parseSocketIoPacket(text.slice(1));
  if (!parsed.ok || parsed.packet.type !== 'EVENT' || !Array.isArray(parsed.packet.data)) return null;
  const [event, ...args] = parsed.packet.data as unknown[];
  return {
    event: String(event),
    argsJson: args.length === 0 ? '' : JSON.stringify(args),
    namespace: parsed.packet.nsp,
    ack: parsed.packet.ackId !== undefined,
  };
}
