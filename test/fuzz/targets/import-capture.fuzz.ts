/**
 * The pcap/pcapng importer on damaged captures: the link-type fixtures
 * (test/fixtures/pcap) mutated (bit flips, bytes set, cuts, appended
 * junk), random bytes behind a valid header, and any chunking. It must
 * return a session or an error naming the packet and byte, never throw.
 */
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { importCaptureSync } from '../../../src/import';
import type { FuzzTarget } from '../target';
import { chunked, mutated } from '../seeds';

const dir = new URL('../../fixtures/pcap/', import.meta.url);
const FIXTURES = readdirSync(dir)
  .filter((f) => /\.pcap(ng)?$/.test(f))
  .map((f) => new Uint8Array(readFileSync(new URL(f, dir))));
const HEADER = FIXTURES[0]!.subarray(0, 64);

export const target: FuzzTarget<{ bytes: Uint8Array; cuts: number[] }> = {
  name: 'import.capture',
  arbitrary: fc.record({
    bytes: fc.oneof(
      { weight: 6, arbitrary: mutated(fc.constantFrom(...FIXTURES)) },
      { weight: 2, arbitrary: fc.uint8Array({ maxLength: 600 }).map((junk) => Uint8Array.from([...HEADER, ...junk])) },
      { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }) },
    ),
    cuts: fc.array(fc.nat(), { maxLength: 6 }),
  }),
  run({ bytes, cuts }) {
    const r = importCaptureSync(chunked(bytes, cuts));
    if (!r.ok && !/packet \d+|byte \d+/.test(r.error.place)) throw new Error(`error without a place: ${JSON.stringify(r.error)}`);
    return r;
  },
  budgetMs: 200,
};
