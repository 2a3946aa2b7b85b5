/**
 * The decoder fuzz targets in the unit run: a fixed-seed sample of each
 * target's inputs must run without a throw (a decoder throw the registry
 * guard caught counts as one). `npm run fuzz` runs them for longer, with the
 * time and heap budgets.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FuzzTarget } from '../../fuzz/target';
import { target as binary } from '../../fuzz/targets/decoders-binary.fuzz';
import { target as mqtt } from '../../fuzz/targets/decoders-mqtt.fuzz';
import { target as session } from '../../fuzz/targets/decoders-session.fuzz';
import { target as text } from '../../fuzz/targets/decoders-text.fuzz';

const targets: FuzzTarget<never>[] = [text, binary, mqtt, session] as unknown as FuzzTarget<never>[];

/** The hand-found inputs, run first: a random sample reaches them only now and then. */
const EXAMPLES: Record<string, unknown[]> = {
  'decoders.text': [
    { text: '{"jsonrpc":"2.0","error":{"code":1,"message":{"toString":1}},"id":1}', ctx: { input: {} } },
    { text: '['.repeat(5000) + ']'.repeat(5000), ctx: { input: {} } },
  ],
  'decoders.binary': [
    { bytes: new Uint8Array([...Array<number>(28).fill(0x81), 0xa0, 0xc0, ...Array<number>(27).fill(0xc0)]), ctx: { input: {} } },
    { bytes: new Uint8Array([0x30, 0xff, 0xff, 0xff, 0x7f]), ctx: { input: { url: 'wss://x/mqtt' } } },
  ],
};

describe('decoder fuzz targets', () => {
  it('honour the contract: names, budgets of 50 ms and 32 MiB', () => {
    expect(targets.map((t) => t.name)).toEqual(['decoders.text', 'decoders.binary', 'decoders.mqtt', 'decoders.session']);
    for (const t of targets) expect([t.budgetMs, t.budgetBytes]).toEqual([50, 32 * 1024 * 1024]);
  });

  it.each(targets.map((t) => [t.name, t] as const))(
    '%s: 200 seeded inputs run without a throw',
    (_name, t) => {
      const examples = (EXAMPLES[t.name] ?? []).map((e) => [e] as [never]);
      fc.assert(
        fc.property(t.arbitrary, (input) => void t.run(input)),
        { seed: 0x5eed, numRuns: 200, examples },
      );
    },
    120_000,
  );
});
