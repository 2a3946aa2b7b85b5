/**
 * Every binary decoder through the registry (MessagePack, CBOR, protobuf,
 * SignalR MessagePack, gzip/zlib/deflate, MQTT, and binary-as-text): bytes
 * made by the real encoders, mutated (flipped, cut, repeated), the nested-key
 * and compression bombs found by hand, and random bytes, with every
 * connection context including a decoder forced by hand.
 */
import fc from 'fast-check';
import { decodeMessage } from '../../../src/decoders/registry';
import { binaryMessage, context } from '../../unit/decoders/fuzz-seeds';
import type { Context } from '../../unit/decoders/fuzz-seeds';
import type { FuzzTarget } from '../target';
import { checkResult } from './decoders-text.fuzz';

export const target: FuzzTarget<{ bytes: Uint8Array; ctx: Context }> = {
  name: 'decoders.binary',
  arbitrary: fc.record({ bytes: binaryMessage, ctx: context }),
  run: ({ bytes, ctx }) =>
    checkResult(decodeMessage({ ...ctx.input, opcode: 2, bytes }, ctx.override === undefined ? {} : { override: ctx.override })),
  budgetMs: 50,
  budgetBytes: 32 * 1024 * 1024,
};
