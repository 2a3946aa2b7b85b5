/**
 * Request ↔ response pairing over decoded messages of ONE connection, fed live
 * in arrival order. A response pairs with the newest open request that has the
 * same key and was sent in the opposite direction (both sides may issue
 * requests: Socket.IO acks, JSON-RPC, MQTT QoS flows from the broker).
 */
import type { Decoded } from '../decoders/types';
import type { Direction } from '../model/records';

export interface PairingMessage {
  id: number;
  dir: Direction;
  /** Time in ms (MessageRecord.t). */
  t: number;
  decoded: Decoded;
}

export interface Exchange {
  key: string;
  request: { id: number; dir: Direction; t: number };
  /** In arrival order; graphql `next` and SignalR stream items add several. */
  responses: { id: number; t: number }[];
  /** First response time minus request time, in ms. */
  latency?: number;
  /** A final response arrived (or a newer request reused the key: then `superseded`). */
  done: boolean;
  superseded?: boolean;
}

export interface Pairer {
  /** Adds one message; returns the exchanges it opened or answered. */
  add(message: PairingMessage): Exchange[];
  /** Every exchange, in request order. */
  exchanges(): readonly Exchange[];
  /** Requests with no response at all; `olderThan` (ms) keeps only those older than now - olderThan. */
  unanswered(now?: number, olderThan?: number): Exchange[];
  /** The exchange a message belongs to (as request or response). */
  exchangeOf(messageId: number): Exchange | undefined;
}

const opposite = (d: Direction): Direction => (d === 'in' ? 'out' : 'in');

export function createPairer(): Pairer {
  const all: Exchange[] = [];
  /** `<dir of request>|<key>` → the open exchange. */
  const open = new Map<string, Exchange>();
  const byMessage = new Map<number, Exchange>();

  function addUnit(msg: PairingMessage, unit: Decoded): Exchange | undefined {
    const pair = unit.pair;
    if (!pair) return undefined;
    if (pair.role === 'request') {
      const slot = `${msg.dir}|${pair.key}`;
      const previous = open.get(slot);
      if (previous) {
        previous.done = true;
        previous.superseded = true;
      }
      const ex: Exchange = { key: pair.key, request: { id: msg.id, dir: msg.dir, t: msg.t }, responses: [], done: false };
      all.push(ex);
      open.set(slot, ex);
      byMessage.set(msg.id, ex);
      return ex;
    }
    const slot = `${opposite(msg.dir)}|${pair.key}`;
    const ex = open.get(slot);
    if (!ex) return undefined; // an answer to something we did not see (capture started late)
    ex.responses.push({ id: msg.id, t: msg.t });
    ex.latency ??= msg.t - ex.request.t;
    if (pair.final !== false) {
      ex.done = true;
      open.delete(slot);
    }
    byMessage.set(msg.id, ex);
    return ex;
  }

  return {
    add(msg) {
      const units = msg.decoded.parts ?? [msg.decoded];
      return units.map((u) => addUnit(msg, u)).filter((e): e is Exchange => e !== undefined);
    },
    exchanges: () => all,
    unanswered(now = Infinity, olderThan = 0) {
      return all.filter((e) => e.responses.length === 0 && !e.superseded && now - e.request.t >= olderThan);
    },
    exchangeOf: (id) => byMessage.get(id),
  };
}

/** Convenience for a finished capture: pairs a whole list at once. */
export function pairMessages(messages: Iterable<PairingMessage>): Pairer {
  const pairer = createPairer();
  for (const m of messages) pairer.add(m);
  return pairer;
}
