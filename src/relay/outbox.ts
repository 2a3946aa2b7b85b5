/**
 * Numbered delivery from the relay to the background: every batch gets a
 * sequence number and stays here until the background acknowledges it
 * *after storing it*; after a lost port everything unacknowledged is sent
 * again. Chrome drops messages posted on a port just before the service
 * worker stops, silently (browser-recipes.md), so this is what makes
 * "nothing captured is lost" true while the background can be reached.
 *
 * Bounded, because this memory is the page's: beyond `maxBatches` or
 * `maxBytes` unacknowledged, the oldest batches' messages are dropped and
 * counted per connection (their create/open/close events move to the next
 * batch, so the connection stays whole). Once the background acknowledges
 * again, the next batch carries one `lost` event per connection, which the
 * store records on the connection. An orphaned relay (the extension was
 * reloaded or removed: it can never deliver again) keeps nothing at all.
 */
import type { LostEvent, WireEvent } from '../messaging/protocol';
import { payloadWeight } from '../messaging/wire-payload';
import { expandBatch } from '../messaging/text-run';
import type { BatchItem } from '../messaging/text-run-shape';

type Item = BatchItem<WireEvent>;
/** Messages in a batch item: a run holds many. */
const messagesIn = (e: Item): number => (e.k === 'texts' ? e.len.length : e.k === 'message' ? 1 : 0);

export interface Outgoing {
  seq: number;
  payload: Item[];
}

export interface OutboxLimits {
  maxBatches: number;
  /** Payload bytes held (binary: bytes; text: UTF-16 units). */
  maxBytes: number;
}

export const DEFAULT_OUTBOX_LIMITS: OutboxLimits = { maxBatches: 2000, maxBytes: 32 * 1024 * 1024 };

interface Queued extends Outgoing {
  bytes: number;
}

export class Outbox {
  private nextSeq = 1;
  private queue: Queued[] = [];
  private held = 0;
  private lost = new Map<string, LostEvent>();
  /** Set by an ack after something was dropped: the next batch may carry the `lost` events. */
  private reached = false;
  private isOrphaned = false;
  /** Messages dropped while orphaned (never deliverable; diagnostics only). */
  droppedWhileOrphaned = 0;

  constructor(private readonly limits: OutboxLimits = DEFAULT_OUTBOX_LIMITS) {}

  /** Numbers a batch and keeps it until acknowledged; drops the oldest beyond the caps. */
  add(payload: Item[]): Outgoing {
    if (this.isOrphaned) {
      for (const e of payload) this.droppedWhileOrphaned += messagesIn(e);
      return { seq: this.nextSeq++, payload };
    }
    let events = payload;
    if (this.reached && this.lost.size > 0) {
      events = [...this.lost.values(), ...payload];
      this.lost.clear();
    }
    let bytes = 0;
    for (const e of events) bytes += payloadWeight(e);
    const item: Queued = { seq: this.nextSeq++, payload: events, bytes };
    this.queue.push(item);
    this.held += bytes;
    while (this.queue.length > 1 && (this.queue.length > this.limits.maxBatches || this.held > this.limits.maxBytes)) this.dropOldest();
    return { seq: item.seq, payload: item.payload };
  }

  /** Cumulative acknowledgement: drops everything up to and including `seq`. The background is reachable. */
  ack(seq: number): void {
    let drop = 0;
    while (drop < this.queue.length && (this.queue[drop]?.seq ?? Infinity) <= seq) this.held -= (this.queue[drop++] as Queued).bytes;
    if (drop > 0) this.queue.splice(0, drop);
    this.reached = true;
  }

  /** The extension was reloaded or removed (runtime.connect throws): nothing can be delivered any more. */
  orphan(): void {
    for (const item of this.queue) for (const e of item.payload) this.droppedWhileOrphaned += messagesIn(e);
    this.queue = [];
    this.held = 0;
    this.lost.clear();
    this.isOrphaned = true;
  }

  /** What must be sent again after a reconnect, oldest first. */
  unacknowledged(): readonly Outgoing[] {
    return this.queue;
  }

  get size(): number {
    return this.queue.length;
  }

  /** Payload bytes held now. */
  get bytes(): number {
    return this.held;
  }

  get orphaned(): boolean {
    return this.isOrphaned;
  }

  /** Counted but not yet handed to a batch: messages and bytes (diagnostics, tests). */
  get pendingLost(): { messages: number; bytes: number } {
    let messages = 0;
    let bytes = 0;
    for (const l of this.lost.values()) {
      messages += l.messages;
      bytes += l.bytes;
    }
    return { messages, bytes };
  }

  private dropOldest(): void {
    const item = this.queue.shift() as Queued;
    this.held -= item.bytes;
    this.reached = false; // counted from now on: report once the background answers again
    const kept: Item[] = [];
    for (const e of expandBatch(item.payload).events) {
      if (e.k !== 'message') {
        kept.push(e); // connection events are tiny and the store needs them
        continue;
      }
      const size = typeof e.size === 'number' ? e.size : payloadWeight(e);
      const l = this.lost.get(e.conn);
      if (l) {
        l.messages++;
        l.bytes += size;
        l.t = e.t;
      } else this.lost.set(e.conn, { k: 'lost', conn: e.conn, t: e.t, messages: 1, bytes: size, reason: 'background unreachable' });
    }
    const next = this.queue[0];
    if (next && kept.length > 0) next.payload = [...kept, ...next.payload];
  }
}
