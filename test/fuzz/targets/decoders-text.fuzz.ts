/**
 * Every text decoder through the registry: text protocols' messages made by
 * their libraries, mutated; random JSON; JSON nested thousands deep inside
 * each protocol's shape; on connections that announce nothing, a protocol
 * (URL, subprotocol), or a decoder forced by hand. A decode must return a
 * result of the right shape (never throw) within its budget.
 */
import fc from 'fast-check';
import { decodeMessage, observeGuardCatches } from '../../../src/decoders/registry';
import type { DecodeResult } from '../../../src/decoders/types';
import { context, textMessage } from '../../unit/decoders/fuzz-seeds';
import type { Context } from '../../unit/decoders/fuzz-seeds';
import type { FuzzTarget } from '../target';

let caught: string | undefined;
observeGuardCatches((id, e) => {
  caught ??= `decoder ${id} threw: ${e instanceof Error ? (e.stack ?? e.message) : 'a non-Error'}`;
});

/**
 * Throws when a decoder threw (the registry guard turned it into an error
 * value, which would hide it here) or `r` is not a result a view can render.
 */
export function checkResult(r: DecodeResult): DecodeResult {
  const threw = caught;
  caught = undefined;
  if (threw !== undefined) throw new Error(threw);
  if (r.ok ? typeof r.decoded.summary !== 'string' || !Array.isArray(r.decoded.fields) : typeof r.reason !== 'string') {
    throw new Error(`malformed decode result ${JSON.stringify(r).slice(0, 200)}`);
  }
  return r;
}

export const target: FuzzTarget<{ text: string; ctx: Context }> = {
  name: 'decoders.text',
  arbitrary: fc.record({ text: textMessage, ctx: context }),
  run: ({ text, ctx }) =>
    checkResult(decodeMessage({ ...ctx.input, opcode: 1, text }, ctx.override === undefined ? {} : { override: ctx.override })),
  budgetMs: 50,
  budgetBytes: 32 * 1024 * 1024,
};
