/**
 * permessage-deflate message codec (RFC 7692 7.2).
 *
 * Why fflate and not DecompressionStream('deflate-raw'): the decoder is
 * synchronous (a frame goes in, its message comes out in the same call, in
 * the panel and in Node alike), and the streams API is async-only; it also
 * cannot preload an LZ77 window. fflate is small, dependency-free,
 * maintained, synchronous, and supports preset dictionaries.
 *
 * Context takeover is done with a preset dictionary: the receiver keeps the
 * last 32 KiB of inflated output, which is exactly the sliding window the
 * sender may refer back to. That keeps every call stateless for fflate and
 * also copes with senders that end a message with a BFINAL=1 block
 * (RFC 7692 7.2.3.4).
 */
import { deflateSync, inflateSync } from 'fflate';

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
 * Compresses messages for reconstruction (RFC 7692 7.2.1). Each message is
 * one fflate deflateSync call; context takeover is again a preset dictionary
 * (the last 32 KiB of earlier messages), which is what a continuing LZ77
 * window is. The message therefore ends with a BFINAL=1 block, which
 * receivers must accept (RFC 7692 7.2.3.4).
 *
 * Not fflate's streaming Deflate#flush(true): in fflate 0.8.3 its sync flush
 * is malformed when the empty stored block's 3 header bits straddle a byte
 * (e.g. "zzzz" gives aa 02 02 00 00 00 ff ff, whose LEN/NLEN are misaligned),
 * which zlib and fflate both reject once more data follows.
 * fflate also has no window-size option: output may refer back up to 32 KiB
 * even if a smaller *_max_window_bits was negotiated.
 */
export class MessageDeflater {
  private window: Uint8Array = new Uint8Array(0);

  constructor(private readonly noContextTakeover: boolean, private readonly level: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 = 6) {}

  deflate(data: Uint8Array): Uint8Array {
    const useWindow = !this.noContextTakeover && this.window.length > 0;
    const all = deflateSync(data, useWindow ? { level: this.level, dictionary: this.window } : { level: this.level });
    if (!this.noContextTakeover) this.window = slideWindow(this.window, data);
    const n = all.length;
    // Strip a trailing empty stored block if present (RFC 7692 7.2.1); the receiver appends it back.
    const tail = n >= 4 && all[n - 4] === 0 && all[n - 3] === 0 && all[n - 2] === 0xff && all[n - 1] === 0xff;
    return tail ? all.slice(0, n - 4) : all;
  }
}
