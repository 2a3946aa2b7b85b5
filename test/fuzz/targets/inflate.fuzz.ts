/**
 * The inflate side of permessage-deflate (MessageInflater, RFC 7692 7.2.2):
 * messages compressed by MessageDeflater and then damaged, random bytes, and
 * highly compressible ones (a small input that inflates big), through one
 * inflater per connection direction. `inflate` reports corrupt data by
 * throwing zlib's message (an Error); any other exception is a bug, and
 * undamaged messages must come back byte for byte.
 */
import fc from 'fast-check';
import { MessageDeflater, MessageInflater } from '../../../src/protocol/deflate';
import type { FuzzTarget } from '../target';
import { mutated } from '../seeds';

interface Input {
  noContextTakeover: boolean;
  windowBits: number;
  messages: { data: Uint8Array; damage: boolean; edited: Uint8Array }[];
}

const payload = fc.oneof(
  fc.uint8Array({ maxLength: 200 }),
  fc.string({ maxLength: 200 }).map((s) => new TextEncoder().encode(`{"msg":"${s}","n":1}`)),
  fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 1, max: 64 * 1024 })).map(([b, n]) => new Uint8Array(n).fill(b)),
);

const same = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && Buffer.compare(a, b) === 0;

export const target: FuzzTarget<Input> = {
  name: 'protocol.inflate',
  arbitrary: fc.record({
    noContextTakeover: fc.boolean(),
    windowBits: fc.integer({ min: 9, max: 15 }),
    messages: fc.array(fc.record({ data: payload, damage: fc.boolean(), edited: mutated(fc.uint8Array({ maxLength: 8 })) }), {
      minLength: 1,
      maxLength: 4,
    }),
  }),
  run({ noContextTakeover, windowBits, messages }) {
    const deflater = new MessageDeflater(noContextTakeover, { windowBits });
    const inflater = new MessageInflater(noContextTakeover, windowBits);
    let damaged = false; // after a damaged message, the shared window may differ: only no-throw is checked
    for (const m of messages) {
      const packed = deflater.compress(m.data);
      if (!packed.ok) return packed.error; // a compressor bug: protocol-deflate.fuzz.ts reports those
      const compressed = packed.value;
      const sent = m.damage ? Uint8Array.from([...compressed.subarray(0, 64), ...m.edited, ...compressed.subarray(64)]) : compressed;
      damaged ||= m.damage && m.edited.length > 0;
      let out: Uint8Array;
      try {
        out = inflater.inflate(sent);
      } catch (e) {
        if (!(e instanceof Error) || e instanceof TypeError || e instanceof RangeError || e.message === '') throw e;
        damaged = true;
        continue;
      }
      if (!damaged && !same(out, m.data)) throw new Error(`inflated ${out.length} bytes differ from the ${m.data.length} compressed`);
    }
    return damaged;
  },
  budgetMs: 500,
  budgetBytes: 64 * 1024 * 1024,
};
