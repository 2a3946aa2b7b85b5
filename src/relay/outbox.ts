/**
 * Numbered delivery from the relay to the background: every batch gets a
 * sequence number and stays here until the background acknowledges it
 * *after storing it*; after a lost port everything unacknowledged is sent
 * again. Chrome drops messages posted on a port just before the service
 * worker stops, silently (browser-recipes.md), so this is what makes
 * "nothing captured is lost" true.
 */
export interface Outgoing<T> {
  seq: number;
  payload: T;
}

export class Outbox<T> {
  private nextSeq = 1;
  private queue: Array<Outgoing<T>> = [];

  /** Numbers a batch and keeps it until acknowledged. */
  add(payload: T): Outgoing<T> {
    const item = { seq: this.nextSeq++, payload };
    this.queue.push(item);
    return item;
  }

  /** Cumulative acknowledgement: drops everything up to and including `seq`. */
  ack(seq: number): void {
    let drop = 0;
    while (drop < this.queue.length && (this.queue[drop]?.seq ?? Infinity) <= seq) drop++;
    if (drop > 0) this.queue.splice(0, drop);
  }

  /** What must be sent again after a reconnect, oldest first. */
  unacknowledged(): ReadonlyArray<Outgoing<T>> {
    return this.queue;
  }

  get size(): number {
    return this.queue.length;
  }
}
