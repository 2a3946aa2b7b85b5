/**
 * The protocol.deflate fuzz target's property in the unit run, with Node's
 * zlib as a second receiver (RFC 7692 7.2.2): a fixed-seed sample of its
 * inputs round-trips through our inflater and through zlib.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deflateInput, roundTrip, target } from '../../fuzz/targets/protocol-deflate.fuzz';
import { zlibReceiver } from './deflate-peers';

describe('fuzz target protocol.deflate', () => {
  it('honours the contract (name, budgets) and returns a value', () => {
    expect(target.name).toBe('protocol.deflate');
    expect(target.run({ noContextTakeover: false, windowBits: 15, messages: [new TextEncoder().encode('Hello'), new Uint8Array(0)] })).toBe(
      8,
    );
  });

  it('every payload inflates back with our inflater and with Node zlib', { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(deflateInput, async (input) => {
        const payloads = roundTrip(input);
        // zlib inflates raw streams with an 8-bit window, unlike deflating: use the agreed bits as they are.
        const zlib = zlibReceiver(input.windowBits, input.noContextTakeover);
        try {
          for (const [i, p] of payloads.entries()) expect((await zlib.inflate(p)).equals(input.messages[i]!)).toBe(true);
        } finally {
          zlib.close();
        }
      }),
      { seed: 0x5eed, numRuns: 150 },
    );
  });
});
