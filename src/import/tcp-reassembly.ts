/**
 * One direction of a TCP connection put back in order (RFC 9293 3.4):
 * in-order segments pass straight through, early ones wait (up to a cap),
 * retransmitted and overlapping bytes are delivered once, and a hole that
 * never fills is reported as a gap. Offsets are relative to the first
 * sequence number (the SYN's + 1 when the SYN was captured), modulo 2^32.
 */
export interface Delivery {
  /** Stream offset of data[0]. */
  offset: number;
  data: Uint8Array;
}

export interface Gap {
  streamOffset: number;
  bytes: number;
}

/** Out-of-order bytes held per direction before a hole is declared. */
export const MAX_PENDING_BYTES = 32 * 1024 * 1024;

export class HalfStream {
  private isn: number | null = null;
  /** Next expected relative offset. */
  next = 0;
  private pending = new Map<number, Uint8Array>();
  private pendingBytes = 0;
  retransmissions = 0;
  outOfOrder = 0;
  finished = false;

  /** The SYN's sequence number: data starts one after it. */
  syn(seq: number): void {
    if (this.isn === null) this.isn = (seq + 1) >>> 0;
  }

  /** Feed one segment; returns what is now deliverable in order, and any hole given up on to stay within the cap. */
  push(seq: number, data: Uint8Array, out: Delivery[]): Gap | null {
    if (data.length === 0) return null;
    if (this.isn === null) this.isn = seq >>> 0;
    const rel = (seq - this.isn) >>> 0;
    // A relative offset far "ahead" of next by more than 2^31 is really behind it (wrapped).
    const ahead = (rel - this.next) | 0;
    if (ahead < 0) {
      this.retransmissions++;
      if (-ahead >= data.length) return null;
      return this.deliver(this.next, data.subarray(-ahead), out);
    }
    if (ahead > 0) {
      this.outOfOrder++;
      const key = (this.next + ahead) >>> 0;
      const old = this.pending.get(key);
      if (!old || old.length < data.length) {
        this.pendingBytes += data.length - (old?.length ?? 0);
        this.pending.set(key, data);
      }
      if (this.pendingBytes > MAX_PENDING_BYTES) return this.skipHole(out);
      return null;
    }
    return this.deliver(rel, data, out);
  }

  /** End of capture: anything still waiting sits behind a hole. Reports the holes and delivers what follows each. */
  flush(out: Delivery[]): Gap[] {
    const gaps: Gap[] = [];
    while (this.pending.size > 0) {
      const gap = this.skipHole(out);
      if (gap) gaps.push(gap);
    }
    return gaps;
  }

  private deliver(offset: number, data: Uint8Array, out: Delivery[]): null {
    out.push({ offset, data });
    this.next = (offset + data.length) >>> 0;
    this.drain(out);
    return null;
  }

  private drain(out: Delivery[]): void {
    while (this.pending.size > 0) {
      let progressed = false;
      for (const [key, data] of this.pending) {
        const behind = (this.next - key) | 0;
        if (behind < 0) continue;
        this.pending.delete(key);
        this.pendingBytes -= data.length;
        if (behind < data.length) {
          out.push({ offset: this.next, data: data.subarray(behind) });
          this.next = (this.next + data.length - behind) >>> 0;
        }
        progressed = true;
      }
      if (!progressed) return;
    }
  }

  private skipHole(out: Delivery[]): Gap | null {
    let first: number | null = null;
    for (const key of this.pending.keys()) if (first === null || ((key - first) | 0) < 0) first = key;
    if (first === null) return null;
    const gap = { streamOffset: this.next, bytes: (first - this.next) >>> 0 };
    this.next = first;
    this.drain(out);
    return gap;
  }
}
