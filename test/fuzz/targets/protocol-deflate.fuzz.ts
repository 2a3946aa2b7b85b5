/**
 * The compress side of permessage-deflate (MessageDeflater, RFC 7692
 * 7.2.1), as the Frame tab uses it: random JSON-ish, text and binary
 * messages (empty and repetitive ones too), in random sequences through one
 * deflater per connection direction, with or without context takeover, at
 * any agreed window size (8-15). Every payload must inflate back, byte for
 * byte, through one inflater that keeps the same window; a compressor error
 * value is a failure too (the unit test adds Node's zlib as the receiver).
 */
import fc from 'fast-check';
import { MessageDeflater, MessageInflater } from '../../../src/protocol/deflate';
import type { FuzzTarget } from '../target';

export interface DeflateInput {
  noContextTakeover: boolean;
  /** The agreed *_max_window_bits: the deflater is given it, the inflater inflates within it. */
  windowBits: number;
  messages: Uint8Array[];
}

const encoder = new TextEncoder();

/** One message: JSON like page traffic, text with repeats (long matches), random binary, or empty. */
export const deflateMessage: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 4, arbitrary: fc.json({ maxDepth: 3 }).map((s) => encoder.encode(s)) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.string({ unit: 'grapheme', maxLength: 8 }), fc.integer({ min: 1, max: 400 }))
      .map(([s, n]) => encoder.encode(s.repeat(n))),
  },
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 2000 }) },
  { weight: 1, arbitrary: fc.constant(new Uint8Array(0)) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.uint8Array({ minLength: 1, maxLength: 64 }), fc.integer({ min: 1, max: 256 }))
      .map(([unit, n]) => Uint8Array.from({ length: unit.length * n }, (_, i) => unit[i % unit.length] ?? 0)),
  },
);

export const deflateInput: fc.Arbitrary<DeflateInput> = fc.record({
  noContextTakeover: fc.boolean(),
  windowBits: fc.integer({ min: 8, max: 15 }),
  messages: fc.array(deflateMessage, { minLength: 1, maxLength: 10 }),
});

const same = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && Buffer.compare(a, b) === 0;

/** Compresses the sequence and inflates it back; returns the payloads, throws when one does not come back. */
export function roundTrip({ noContextTakeover, windowBits, messages }: DeflateInput): Uint8Array[] {
  const deflater = new MessageDeflater(noContextTakeover, { windowBits });
  const inflater = new MessageInflater(noContextTakeover, windowBits);
  return messages.map((m, i) => {
    const r = deflater.compress(m);
    if (!r.ok) throw new Error(`message ${i}: the compressor returned an error: ${r.error.message}`);
    const back = inflater.inflate(r.value);
    if (!same(back, m)) throw new Error(`message ${i}: ${m.length} bytes came back as ${back.length} other bytes`);
    return r.value;
  });
}

export const target: FuzzTarget<DeflateInput> = {
  name: 'protocol.deflate',
  arbitrary: deflateInput,
  run: (input) => roundTrip(input).reduce((n, p) => n + p.length, 0),
  budgetMs: 100,
  budgetBytes: 32 * 1024 * 1024,
};
