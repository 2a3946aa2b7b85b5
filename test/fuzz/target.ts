/**
 * The contract of a fuzz target (`npm run fuzz`): one file per target under
 * test/fuzz/targets/, named `<name>.fuzz.ts`, exporting `target`. The runner
 * feeds `arbitrary` inputs from a fixed seed and fails a case when `run`
 * throws or leaves its time or memory budget; failing inputs are shrunk and
 * printed so they can become unit tests.
 */
import type { Arbitrary } from 'fast-check';

export interface FuzzTarget<T> {
  /** Stable name, e.g. `decoders.mqtt`, `filter.parse`, `protocol.frame-decoder`. */
  name: string;
  /** Inputs, seeded from real-library fixtures where there are any (test/fixtures). */
  arbitrary: Arbitrary<T>;
  /** Must return (a value or an error value) and never throw for any input. */
  run(input: T): unknown;
  /** Wall-clock budget for one call, ms. */
  budgetMs: number;
  /** Heap growth budget for one call, bytes (checked by the runner when it can measure it). */
  budgetBytes?: number;
}
