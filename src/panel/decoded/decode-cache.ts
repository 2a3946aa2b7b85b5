/**
 * Lazy decoding for the panel (issue 4): a message is decoded only when a view
 * or a filter term asks for it, and the result is cached per message id.
 *
 * Socket.IO binary attachments and MQTT packets split across messages need a
 * per-connection DecodeSession fed in arrival order. For those connections the
 * session runs incrementally over the connection's messages up to the one
 * asked for, caching every result on the way; asking for a message the
 * session already passed (its cached result was evicted) replays the session
 * from the connection's first stored message. Stateless connections decode a
 * message on its own.
 *
 * Pairing (src/pairing) also runs incrementally, per connection, in arrival
 * order: a latency needs the messages after a request, so exchangeOf() looks
 * ahead a bounded number of messages, and isUnanswered() pairs through the end.
 */
import { signal } from '@preact/signals';
import type { Signal } from '@preact/signals';
import { decodeMessage, detectProtocol } from '../../decoders/registry';
import { createDecodeSession } from '../../decoders/session';
import type { DecodeSession } from '../../decoders/session';
import type { DecodeInput, Decoded } from '../../decoders/types';
import { createPairer } from '../../pairing/pairing';
import type { Exchange, Pairer } from '../../pairing/pairing';
import { base64ToBytes } from '../../model/base64';
import type { ConnectionRecord, MessageRecord } from '../../model/records';
import type { MessageLog } from '../message-log';

/** Decoded results kept; the oldest inserted go first. About 1–2 KB each. */
const CACHE_LIMIT = 50_000;
/** How many later messages of the connection exchangeOf() may decode to find a reply. */
const PAIR_LOOKAHEAD = 1000;
/** Protocols whose decoding depends on earlier messages of the connection (src/decoders/session.ts). */
const STATEFUL = new Set(['mqtt', 'socketio']);
/** Content sniffing for the connection label looks at this many first messages. */
const SNIFF_MESSAGES = 5;

export type ProtocolSource = 'override' | 'announced' | 'content';
export interface ConnProtocol {
  id: string;
  source: ProtocolSource;
}

interface ConnState {
  session: DecodeSession;
  /** Last seq the session was fed (-1: none). */
  fedSeq: number;
  pairer: Pairer;
  pairedSeq: number;
  /** detectProtocol() of the connection record, memoized once that record is known (null: none). */
  announced?: string | null;
  sniffed?: string;
}

export class DecodeCache {
  /** Bumped when decoding changes meaning (an override): views re-read. */
  readonly version: Signal<number> = signal(0);
  readonly overrides: Signal<ReadonlyMap<string, string>> = signal(new Map());
  private results = new Map<number, Decoded | null>();
  private conns = new Map<string, ConnState>();
  private generation = -1;

  constructor(
    private readonly log: MessageLog,
    private readonly connection: (id: string) => ConnectionRecord | undefined,
  ) {}

  /** The decoded message, or undefined when no decoder claims it. */
  decoded(rec: MessageRecord): Decoded | undefined {
    this.checkGeneration();
    const hit = this.results.get(rec.id);
    if (hit !== undefined) return hit ?? undefined;
    const st = this.state(rec.conn);
    if (!this.isStateful(rec.conn)) return this.store(rec.id, this.decodeAlone(rec)) ?? undefined;
    const seq = this.log.seqOfId(rec.id);
    if (seq === undefined) return this.store(rec.id, this.decodeAlone(rec)) ?? undefined;
    if (seq <= st.fedSeq) {
      st.session = createDecodeSession();
      st.fedSeq = -1;
    }
    this.feed(rec.conn, st, seq);
    return this.results.get(rec.id) ?? undefined;
  }

  /** The protocol a connection speaks: chosen by hand, announced (subprotocol, URL), or sniffed from its first messages. */
  protocolOf(connId: string): ConnProtocol | undefined {
    const override = this.overrides.value.get(connId);
    if (override) return { id: override, source: 'override' };
    const st = this.state(connId);
    const announced = this.announced(connId, st);
    if (announced) return { id: announced, source: 'announced' };
    if (st.sniffed === undefined) {
      const idx = this.log.connIndex(connId);
      for (let i = 0; idx && i < Math.min(idx.length, SNIFF_MESSAGES) && st.sniffed === undefined; i++) {
        const rec = this.log.bySeq(idx.at(i) as number);
        const d = rec && this.decoded(rec);
        if (d) st.sniffed = d.protocol;
      }
    }
    return st.sniffed === undefined ? undefined : { id: st.sniffed, source: 'content' };
  }

  /** Chooses a decoder for a connection by hand (null: back to auto-detection). */
  setOverride(connId: string, decoderId: string | null): void {
    const next = new Map(this.overrides.value);
    if (decoderId === null) next.delete(connId);
    else next.set(connId, decoderId);
    this.overrides.value = next;
    this.reset();
    this.version.value++;
  }

  /** The request/reply exchange a message belongs to, looking ahead a bounded number of messages for the reply. */
  exchangeOf(rec: MessageRecord): Exchange | undefined {
    this.checkGeneration();
    const d = this.decoded(rec);
    if (!d || !hasPair(d)) return undefined;
    const idx = this.log.connIndex(rec.conn);
    const seq = this.log.seqOfId(rec.id);
    if (!idx || seq === undefined) return undefined;
    const ahead = idx.at(Math.min(idx.lowerBound(seq) + PAIR_LOOKAHEAD, idx.length - 1));
    this.pairThrough(rec.conn, ahead ?? seq);
    return this.state(rec.conn).pairer.exchangeOf(rec.id);
  }

  /** A request with no reply at all (pairs the whole connection, incrementally). */
  isUnanswered(rec: MessageRecord): boolean {
    const d = this.decoded(rec);
    if (!d || !(d.parts ?? [d]).some((u) => u.pair?.role === 'request')) return false;
    this.pairThrough(rec.conn, this.log.endSeq - 1);
    const ex = this.state(rec.conn).pairer.exchangeOf(rec.id);
    return ex !== undefined && ex.request.id === rec.id && ex.responses.length === 0 && !ex.superseded;
  }

  private pairThrough(connId: string, lastSeq: number): void {
    const st = this.state(connId);
    const idx = this.log.connIndex(connId);
    if (!idx) return;
    for (let i = idx.lowerBound(st.pairedSeq + 1); i < idx.length; i++) {
      const seq = idx.at(i) as number;
      if (seq > lastSeq) break;
      const rec = this.log.bySeq(seq);
      const d = rec && this.decoded(rec);
      if (rec && d) st.pairer.add({ id: rec.id, dir: rec.dir, t: rec.t, decoded: d });
      st.pairedSeq = seq;
    }
  }

  private feed(connId: string, st: ConnState, throughSeq: number): void {
    const idx = this.log.connIndex(connId);
    if (!idx) return;
    const override = this.overrides.value.get(connId);
    for (let i = idx.lowerBound(st.fedSeq + 1); i < idx.length; i++) {
      const seq = idx.at(i) as number;
      if (seq > throughSeq) break;
      const rec = this.log.bySeq(seq);
      if (rec) {
        const r = st.session.decode(this.input(rec), rec.dir, override);
        this.store(rec.id, r.ok ? r.decoded : null);
      }
      st.fedSeq = seq;
    }
  }

  private decodeAlone(rec: MessageRecord): Decoded | null {
    const override = this.overrides.value.get(rec.conn);
    const r = decodeMessage(this.input(rec), override ? { override } : {});
    return r.ok ? r.decoded : null;
  }

  private input(rec: MessageRecord): DecodeInput {
    const conn = this.connection(rec.conn);
    const base: DecodeInput = rec.opcode === 1 ? { opcode: 1, text: rec.data } : { opcode: 2, bytes: safeBytes(rec.data) };
    if (conn?.protocol) base.subprotocol = conn.protocol;
    if (conn?.url) base.url = conn.url;
    return base;
  }

  private isStateful(connId: string): boolean {
    const id = this.overrides.value.get(connId) ?? this.announced(connId, this.state(connId));
    return id !== undefined && STATEFUL.has(id);
  }

  private announced(connId: string, st: ConnState): string | undefined {
    if (st.announced !== undefined) return st.announced ?? undefined;
    const conn = this.connection(connId);
    const id = detectProtocol(conn?.protocol || undefined, conn?.url);
    if (conn) st.announced = id ?? null;
    return id;
  }

  private store(id: number, d: Decoded | null): Decoded | null {
    if (this.results.size >= CACHE_LIMIT) this.results.delete(this.results.keys().next().value as number);
    this.results.set(id, d);
    return d;
  }

  private state(connId: string): ConnState {
    let st = this.conns.get(connId);
    if (!st) this.conns.set(connId, (st = { session: createDecodeSession(), fedSeq: -1, pairer: createPairer(), pairedSeq: -1 }));
    return st;
  }

  private checkGeneration(): void {
    if (this.log.generation !== this.generation) {
      this.generation = this.log.generation;
      this.reset();
    }
  }

  private reset(): void {
    this.results.clear();
    this.conns.clear();
  }
}

function hasPair(d: Decoded): boolean {
  return (d.parts ?? [d]).some((u) => u.pair !== undefined);
}

function safeBytes(b64: string): Uint8Array {
  try {
    return base64ToBytes(b64);
  } catch {
    return new Uint8Array(0);
  }
}
