/**
 * Shared inputs for the fuzz targets: the RFC 6455 vectors of
 * test/fixtures/websocket-frames.json, mutated (bit flips, cuts, splices),
 * and ways to split a byte stream into chunks.
 */
import fc from 'fast-check';
import vectors from '../fixtures/websocket-frames.json';

const fromHex = (hex: string): Uint8Array => Uint8Array.from(Buffer.from(hex, 'hex'));

/** Every captured frame sequence of the vectors file, valid and invalid. */
export const FRAME_VECTORS: readonly Uint8Array[] = [...vectors.valid, ...vectors.invalid].map((v) => fromHex(v.hex));
/** The pasted-hex forms of the vectors file (tshark, Wireshark, xxd…). */
export const HEX_FORMS: readonly string[] = vectors.hexInputForms;

/** A byte string changed a little: bits flipped, bytes set, cut short or extended. */
export function mutated(base: fc.Arbitrary<Uint8Array>): fc.Arbitrary<Uint8Array> {
  const edit = fc.oneof(
    fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.nat(7) }),
    fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
    fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('append' as const), bytes: fc.uint8Array({ maxLength: 16 }) }),
  );
  return fc.tuple(base, fc.array(edit, { maxLength: 4 })).map(([bytes, edits]) => {
    let out = bytes.slice();
    for (const e of edits) {
      if (e.kind === 'append') out = Uint8Array.from([...out, ...e.bytes]);
      else if (out.length === 0) continue;
      else if (e.kind === 'cut') out = out.slice(0, e.at % out.length);
      else if (e.kind === 'flip') out[e.at % out.length] = (out[e.at % out.length] ?? 0) ^ (1 << e.bit);
      else out[e.at % out.length] = e.value;
    }
    return out;
  });
}

const SMALL_VECTORS = FRAME_VECTORS.filter((v) => v.length <= 1024);
const BIG_VECTORS = FRAME_VECTORS.filter((v) => v.length > 1024);

/**
 * A stream of frames: small vectors joined and mutated, random bytes, and now
 * and then a big vector (the 64 KiB frame) mutated. A mutated big frame can
 * turn into ~32,000 two-byte frames, each with its error: slow to decode, so rare.
 */
export const frameStream: fc.Arbitrary<Uint8Array> = fc.oneof(
  {
    weight: 12,
    arbitrary: mutated(
      fc.array(fc.constantFrom(...SMALL_VECTORS), { minLength: 1, maxLength: 4 }).map((vs) => Uint8Array.from(vs.flatMap((v) => [...v]))),
    ),
  },
  { weight: 4, arbitrary: fc.uint8Array({ maxLength: 300 }) },
  { weight: 1, arbitrary: mutated(fc.constantFrom(...BIG_VECTORS)) },
);

/** Cut points (sorted, deduplicated) splitting `bytes` into chunks, some empty. */
export function chunked(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const p of points) {
    chunks.push(bytes.subarray(from, p));
    from = p;
  }
  chunks.push(bytes.subarray(from));
  return chunks;
}
