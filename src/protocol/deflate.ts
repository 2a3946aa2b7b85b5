/**
 * permessage-deflate message codec (RFC 7692 7.2), on pako, a line-by-line
 * port of zlib: the library browsers and `ws` compress and inflate with.
 *
 * Why pako and not fflate: fflate 0.8.3's sync flush writes stored blocks
 * that zlib rejects ("invalid stored block lengths") for about half of
 * ordinary JSON messages and for every context-takeover stream within two
 * messages, and its inflater accepts some corrupt streams that zlib rejects
 * (51 of 2,000 bit-flipped ones); pako agreed with Node's zlib on all of
 * them. Why not CompressionStream('deflate-raw'): it is async and cannot
 * flush mid-stream, so it cannot end a message and keep the window
 * (context takeover), and it has no window size.
 */
import { Deflate, Inflate, Z_SYNC_FLUSH } from 'pako';
import type { Result } from './types';

/** Empty non-final stored block the sender removes (RFC 7692 7.2.1) and the receiver appends (7.2.2). */
const SYNC_FLUSH_TAIL = new Uint8Array([0x00, 0x00, 0xff, 0xff]);
/** Largest LZ77 window, 2^15 bytes (RFC 1951, RFC 7692 7.1.2). */
const MAX_WINDOW_BITS = 15;

/** A compressor failure, as a value (the Frame tab shows it instead of throwing). */
export interface DeflateError {
  code: 'DEFLATE_FAILED';
  message: string;
  rfc: 'RFC 7692 7.2.1';
}

export type Level = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;

export interface DeflaterOptions {
  /** Negotiated *_max_window_bits (8-15, RFC 7692 7.1.2); null = 15. */
  windowBits?: number | null;
  level?: Level;
}

/**
 * The LZ77 window size zlib really uses for `bits`: zlib (and pako) refuse a
 * raw deflate stream with an 8-bit window and Node promotes 8 to 9, which is
 * safe: a 9-bit zlib compressor never refers back more than 512 - 262 = 250
 * bytes, inside a 256-byte window.
 */
export function effectiveWindowBits(bits: number | null | undefined): number {
  if (bits === null || bits === undefined || !Number.isInteger(bits)) return MAX_WINDOW_BITS;
  return Math.min(MAX_WINDOW_BITS, Math.max(9, bits));
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1 && parts[0]) return parts[0];
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

function endsWithTail(bytes: Uint8Array): boolean {
  const n = bytes.length;
  return n >= 4 && bytes[n - 4] === 0 && bytes[n - 3] === 0 && bytes[n - 2] === 0xff && bytes[n - 1] === 0xff;
}

const failed = (message: string): { ok: false; error: DeflateError } => ({
  ok: false,
  error: { code: 'DEFLATE_FAILED', message, rfc: 'RFC 7692 7.2.1' },
});

/**
 * Compresses the messages of one direction of one connection, in order
 * (RFC 7692 7.2.1): one zlib stream (a fresh one per message without context
 * takeover), each message ended by a Z_SYNC_FLUSH whose 00 00 ff ff is
 * stripped, exactly as zlib-based peers (browsers, ws) do.
 */
export class MessageDeflater {
  private stream: Deflate | null = null;
  private chunks: Uint8Array[] = [];
  private broken: DeflateError | null = null;
  private readonly windowBits: number;
  private readonly level: Level;

  constructor(
    private readonly noContextTakeover: boolean,
    options: DeflaterOptions = {},
  ) {
    this.windowBits = effectiveWindowBits(options.windowBits);
    this.level = options.level ?? 6;
  }

  /** Compressed payload of the next message, or why the compressor failed (then this deflater stays failed). */
  compress(data: Uint8Array): Result<Uint8Array, DeflateError> {
    if (this.broken) return { ok: false, error: this.broken };
    try {
      if (this.stream === null || this.noContextTakeover) {
        this.stream = new Deflate({ raw: true, level: this.level, windowBits: this.windowBits });
        this.stream.onData = (chunk) => void this.chunks.push(chunk);
      }
      this.chunks = [];
      const pushed = this.stream.push(data, Z_SYNC_FLUSH);
      // A copy, so the payload does not keep pako's 16 KiB output chunk alive.
      const out = concat(this.chunks).slice();
      this.chunks = [];
      if (!pushed) return this.fail(`zlib error ${this.stream.err}: ${this.stream.msg || 'unknown'}`);
      // zlib emits nothing for an empty message right after a flush (Z_BUF_ERROR: nothing to do).
      // An empty payload would leave the receiver inside a stored block (00 00 ff ff read as a
      // header byte and LEN = 0xff00): send the empty stored block's first byte, 0x00 (RFC 7692 7.2.3.6).
      if (out.length === 0) return { ok: true, value: new Uint8Array([0x00]) };
      if (!endsWithTail(out)) return this.fail('the sync flush did not end with 00 00 ff ff');
      return { ok: true, value: out.subarray(0, out.length - SYNC_FLUSH_TAIL.length) };
    } catch (e) {
      return this.fail(e instanceof Error ? e.message : String(e));
    }
  }

  /** Like compress, for callers that treat a compressor failure as a bug: throws it. */
  deflate(data: Uint8Array): Uint8Array {
    const r = this.compress(data);
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  }

  private fail(message: string): { ok: false; error: DeflateError } {
    const r = failed(`compressor failed: ${message}`);
    this.broken = r.error;
    return r;
  }
}

/**
 * Inflates the messages of one direction of one connection, in order, the
 * way zlib does after appending 00 00 ff ff (RFC 7692 7.2.2). Context
 * takeover keeps the last 2^windowBits bytes of output as a preset
 * dictionary for the next message, which is the sliding window the sender
 * may refer back to; starting each message afresh also copes with a sender
 * that ends a message with a BFINAL=1 block (RFC 7692 7.2.3.4).
 */
export class MessageInflater {
  private window: Uint8Array = new Uint8Array(0);
  private readonly windowBits: number;

  /** @param noContextTakeover the sender resets its window after each message. */
  constructor(
    private readonly noContextTakeover: boolean,
    windowBits: number | null = null,
  ) {
    // Inflating accepts 8 (zlib inflates raw streams with an 8-bit window).
    this.windowBits =
      windowBits !== null && Number.isInteger(windowBits) && windowBits >= 8 && windowBits <= 15 ? windowBits : MAX_WINDOW_BITS;
  }

  /** Inflate one message's compressed payload (fragments already joined). Throws zlib's message on corrupt data. */
  inflate(compressed: Uint8Array): Uint8Array {
    const useWindow = !this.noContextTakeover && this.window.length > 0;
    const inflater = new Inflate({ raw: true, windowBits: this.windowBits, ...(useWindow ? { dictionary: this.window } : {}) });
    const chunks: Uint8Array[] = [];
    inflater.onData = (chunk) => void chunks.push(chunk.slice());
    inflater.onEnd = () => undefined;
    inflater.push(concat([compressed, SYNC_FLUSH_TAIL]), Z_SYNC_FLUSH);
    if (inflater.err !== 0) throw new Error(inflater.msg || `zlib error ${inflater.err}`);
    const out = concat(chunks);
    if (!this.noContextTakeover) this.window = slide(this.window, out, 1 << this.windowBits);
    return out;
  }
}

/** The last `size` bytes of `window` followed by `data`: the LZ77 window after `data`. */
function slide(window: Uint8Array, data: Uint8Array, size: number): Uint8Array {
  const joined = data.length >= size ? data : concat([window, data]);
  return joined.slice(Math.max(0, joined.length - size));
}
