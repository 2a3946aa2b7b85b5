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

/** Inflates the messages of one direction of one connection, in order. */
export class MessageInflater {
  private window: Uint8Array = new Uint8Array(0);

  /** @param noContextTakeover the sender resets its window after each message. */
  constructor(private readonly noContextTakeover: boolean) {}

  /** Inflate one message's compressed payload (fragments already joined). Throws on corrupt data. */
  inflate(compressed: Uint8Array): Uint8Array {
    const input = concat([compressed, SYNC_FLUSH_TAIL, FINAL_EMPTY_BLOCK]);
    const dictionary = this.noContextTakeover || this.window.length === 0 ? undefined : this.window;
    const out = inflateSync(input, dictionary ? { dictionary } : {});
    if (!this.noContextTakeover) {
      const joined = out.length >= WINDOW ? out : concat([this.window, out]);
      this.window = joined.slice(Math.max(0, joined.length - WINDOW));
    }
    return out;
  }
}

/**
 * Compresses messages for reconstruction. With context takeover one fflate
 * stream lives across messages and each message ends in a sync flush; the
 * flush's trailing 00 00 ff ff is stripped (RFC 7692 7.2.1).
 * fflate has no window-size option: output may refer back up to 32 KiB even
 * if a smaller *_max_window_bits was negotiated.
 */
export class MessageDeflater {
  private stream: Deflate | null = null;
  private out: Uint8Array[] = [];

  constructor(private readonly noContextTakeover: boolean, private readonly level: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 = 6) {}

  deflate(data: Uint8Array): Uint8Array {
    if (this.stream === null || this.noContextTakeover) {
      this.stream = new Deflate({ level: this.level }, (chunk) => this.out.push(chunk));
    }
    this.out = [];
    this.stream.push(data);
    this.stream.flush(true);
    const all = concat(this.out);
    const n = all.length;
    const tail = n >= 4 && all[n - 4] === 0 && all[n - 3] === 0 && all[n - 2] === 0xff && all[n - 1] === 0xff;
    return tail ? all.slice(0, n - 4) : all;
  }
}
