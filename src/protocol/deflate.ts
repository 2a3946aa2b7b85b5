/**
 * permessage-deflate message codec (RFC 7692 7.2).
 *
 * Why fflate and not DecompressionStream('deflate-raw'): the decoder is
 * synchronous (a frame goes in, its message comes out in the same call, in
 * the panel and in Node alike), and the streams API is async-only; it also
 * cannot preload an LZ77 window. fflate is small, dependency-free,
 * maintained, synchronous, and supports preset dictionaries and sync flush.
 *
 * Context takeover is done with a preset dictionary: the receiver keeps the
 * last 32 KiB of inflated output, which is exactly the sliding window the
 * sender may refer back to. That keeps every call stateless for fflate and
 * also copes with senders that end a message with a BFINAL=1 block
 * (RFC 7692 7.2.3.4).
 */
import { Deflate, inflateSync } from 'fflate';

/** Empty non-final stored block the sender removed (RFC 7692 7.2.1) and the receiver appends (7.2.2). */
const SYNC_FLUSH_TAIL = new Uint8Array([0x00, 0x00, 0xff, 0xff]);
/** Empty *final* stored block, so a one-shot inflater sees a complete DEFLATE stream. */
const FINAL_EMPTY_BLOCK = new Uint8Array([0x01, 0x00, 0x00, 0xff, 0xff]);
/** Largest LZ77 window, 2^15 bytes (RFC 1951, RFC 7692 7.1.2). */
const WINDOW = 32768;

function concat(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The last 32 KiB of `window` followed by `data`: the LZ77 window after `data`. */
function slideWindow(window: Uint8Array, data: Uint8Array): Uint8Array {
  const joined = data.length >= WINDOW ? data : concat([window, data]);
  return joined.slice(Math.max(0, joined.length - WINDOW));
}

/** Inflates the messages of one direction of one connection, in order. */
export class MessageInflater {
  private window: Uint8Array = new Uint8Array(0);

  /** @param noContextTakeover the sender resets its window after each message. */
  constructor(private readonly noContextTakeover: boolean) {}

  /** The LZ77 window state, to undo a speculative inflate. */
  snapshot(): Uint8Array {
    return this.window;
  }

  restore(window: Uint8Array): void {
    this.window = window;
  }

  /** Inflate one message's compressed payload (fragments already joined). Throws on corrupt data. */
  inflate(compressed: Uint8Array): Uint8Array {
    const input = concat([compressed, SYNC_FLUSH_TAIL, FINAL_EMPTY_BLOCK]);
    const dictionary = this.noContextTakeover || this.window.length === 0 ? undefined : this.window;
    const out = inflateSync(input, dictionary ? { dictionary } : {});
    if (!this.noContextTakeover) this.window = slideWindow(this.window, out);
    return out;
  }
}

/**
 * Compresses messages for reconstruction (RFC 7692 7.2.1): one fflate
 * Deflate stream per connection direction (a fresh one per message without
 * context takeover), each message ended by a sync flush whose trailing
 * 00 00 ff ff is stripped, as zlib-based peers (browsers, ws) expect.
 *
 * fflate 0.8.3's Deflate#flush(true) mis-places the empty stored block when
 * the previous block ends at bit 6 of a byte: its 3 header bits straddle a
 * byte but LEN/NLEN are written one byte early (e.g. "zzzz" gives
 * aa 02 02 00 00 00 ff ff instead of aa 02 02 00 00 00 00 ff ff). So every
 * message is checked with a shadow inflater; a failure is repaired by
 * inserting the missing 0x00 before the trailer, then checked again.
 * (A deflateSync + BFINAL=1 message would avoid this, but ws's zlib receiver
 * rejects the next message after a BFINAL=1 one under context takeover.)
 * fflate has no window-size option: output may refer back up to 32 KiB even
 * if a smaller *_max_window_bits was negotiated.
 */
export class MessageDeflater {
  private stream: Deflate | null = null;
  private out: Uint8Array[] = [];
  private readonly shadow: MessageInflater;

  constructor(private readonly noContextTakeover: boolean, private readonly level: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 = 6) {
    this.shadow = new MessageInflater(noContextTakeover);
  }

  /** Compressed payload for one message. Throws only if fflate's output cannot be repaired (a bug). */
  deflate(data: Uint8Array): Uint8Array {
    if (this.stream === null || this.noContextTakeover) {
      this.stream = new Deflate({ level: this.level }, (chunk) => this.out.push(chunk));
    }
    this.out = [];
    this.stream.push(data);
    this.stream.flush(true);
    const flushed = concat(this.out);
    // Strip the sync flush's 00 00 ff ff (RFC 7692 7.2.1); the receiver appends it back.
    const body = flushed.subarray(0, Math.max(0, flushed.length - SYNC_FLUSH_TAIL.length));
    const repaired = concat([body, new Uint8Array([0])]);
    for (const candidate of [body, repaired]) {
      if (this.shadowAccepts(candidate, data)) return candidate.slice();
    }
    throw new Error('fflate produced a sync flush that does not inflate');
  }

  private shadowAccepts(candidate: Uint8Array, data: Uint8Array): boolean {
    const saved = this.shadow.snapshot();
    try {
      const back = this.shadow.inflate(candidate);
      if (back.length === data.length && back.every((b, i) => b === data[i])) return true;
    } catch {
      // Not a valid continuation of the stream: try the next candidate.
    }
    this.shadow.restore(saved);
    return false;
  }
}
