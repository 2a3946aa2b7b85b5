/**
 * Lazy decoding for the panel: a message is decoded only when a view or a
 * filter term asks for it, and the result (or the reason it did not decode)
 * is cached per message id, capped by count and by estimated bytes.
 *
 * Protocols whose Decoder is `stateful` (Socket.IO binary attachments, MQTT
 * packets split across messages) need a per-connection DecodeSession fed in
 * arrival order. For those connections the
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
import { decodeMessage, detectProtocol, isStatefulProtocol, NO_DECODER } from '../../decoders/registry';
import { createDecodeSession } from '../../decoders/session';
import type { DecodeSession } from '../../decoders/session';
import type { DecodeInput, DecodeResult, Decoded } from '../../decoders/types';
import { createPairer } from '../../pairing/pairing';
import type { Exchange, Pairer } from '../../pairing/pairing';
import { base64ToBytes } from '../../model/base64';
import type { ConnectionRecord, MessageRecord } from '../../model/records';
import type { MessageLog } from '../capture/message-log';
import { ResultCache } from './result-cache';
import type { CachedResult } from './result-cache';

/** Decoded results kept; the oldest inserted go first. Usually 1–2 KB each… */
const CACHE_LIMIT = 50_000;
/** …but a decoded 1 MiB message weighs megabytes: the cache is capped by estimated bytes too. */
export const CACHE_BYTES = 64 * 1024 * 1024;
/** How many later messages of the connection exchangeOf() may decode to find a reply. */
const PAIR_LOOKAHEAD = 1000;
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
  private results = new ResultCache(CACHE_LIMIT, CACHE_BYTES);
  private conns = new Map<string, ConnState>();
  private generation = -1;

  constructor(
    private readonly log: MessageLog,
    private readonly connection: (id: string) => ConnectionRecord | undefined,
  ) {}

  /** The decoded message, or undefined when no decoder claims it. */
  decoded(rec: MessageRecord): Decoded | undefined {
    const r = this.result(rec);
    return typeof r === 'string' ? undefined : r;
  }

  /**
   * Why a message did not decode, when that says something: the announced or
   * chosen protocol's reason, or a decoder that failed. Undefined when it
   * decoded, or when no decoder claims a message of a connection that
   * announced nothing (the usual case for plain text).
   */
  failure(rec: MessageRecord): string | undefined {
    const r = this.result(rec);
    return typeof r === 'string' && !r.startsWith(NO_DECODER) ? r : undefined;
  }

  private result(rec: MessageRecord): CachedResult {
    this.checkGeneration();
    const hit = this.results.get(rec.id);
    if (hit !== undefined) return hit;
    const st = this.state(rec.conn);
    if (!this.isStateful(rec.conn)) return this.store(rec.id, this.decodeAlone(rec));
    const seq = this.log.seqOfId(rec.id);
    if (seq === undefined) return this.store(rec.id, this.decodeAlone(rec));
    if (seq <= st.fedSeq) {
      st.session = createDecodeSession();
      st.fedSeq = -1;
    }
    this.feed(rec.conn, st, seq);
    return this.results.get(rec.id) ?? `${NO_DECODER}: not fed`;
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
        this.store(
          rec.id,
          settle(() => st.session.decode(this.input(rec), rec.dir, override)),
        );
      }
      st.fedSeq = seq;
    }
  }

  private decodeAlone(rec: MessageRecord): CachedResult {
    const override = this.overrides.value.get(rec.conn);
    return settle(() => decodeMessage(this.input(rec), override ? { override } : {}));
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
    return id !== undefined && isStatefulProtocol(id);
  }

  private announced(connId: string, st: ConnState): string | undefined {
    if (st.announced !== undefined) return st.announced ?? undefined;
    const conn = this.connection(connId);
    const id = detectProtocol(conn?.protocol || undefined, conn?.url);
    if (conn) st.announced = id ?? null;
    return id;
  }

  private store(id: number, r: CachedResult): CachedResult {
    return this.results.set(id, r);
  }

  /** Estimated bytes held (for tests and the bench). */
  get cachedBytes(): number {
    return this.results.bytes;
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

/** A decode result as the cache keeps it; the decoders are total and guarded, this is the last line. */
function settle(decode: () => DecodeResult): CachedResult {
  try {
    const r = decode();
    return r.ok ? r.decoded : r.reason;
  } catch (e) {
    return `decoding failed: ${e instanceof Error ? e.message : 'unknown error'}`;
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
