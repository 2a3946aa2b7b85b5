/**
 * The RFC 6455 stream decoder (frame decoder + message assembler, with and
 * without permessage-deflate) on mutated vectors and random bytes, pushed in
 * random chunks. Besides never throwing, any chunking must give the events
 * the whole stream gives in one push.
 */
import fc from 'fast-check';
import { DEFAULT_DEFLATE_PARAMS } from '../../../src/protocol/deflate-params';
import { decodeAll } from '../../../src/protocol/decoder';
import type { DecodeEvent, Direction } from '../../../src/protocol/types';
import type { FuzzTarget } from '../target';
import { chunked, frameStream } from '../seeds';

interface Input {
  bytes: Uint8Array;
  cuts: number[];
  direction: Direction;
  deflate: boolean;
}

/** What must not depend on the chunking: each event's kind, its key fields and payload bytes. */
function summary(events: readonly DecodeEvent[]): string {
  return events
    .map((e) => {
      if (e.type === 'frame') return `F${e.frame.offset}:${e.frame.opcode}:${e.frame.fin}:${Buffer.from(e.frame.payload).toString('hex')}`;
      if (e.type === 'message') return `M${e.message.offset}:${e.message.kind}:${Buffer.from(e.message.data).toString('hex')}`;
      return `E${e.error.code}`;
    })
    .join(' ');
}

export const target: FuzzTarget<Input> = {
  name: 'protocol.codec',
  arbitrary: fc.record({
    bytes: frameStream,
    cuts: fc.array(fc.nat(), { maxLength: 8 }),
    direction: fc.constantFrom<Direction>('client-to-server', 'server-to-client'),
    deflate: fc.boolean(),
  }),
  run({ bytes, cuts, direction, deflate }) {
    const options = { direction, permessageDeflate: deflate ? DEFAULT_DEFLATE_PARAMS : null };
    const whole = decodeAll(bytes, options);
    const parts = decodeAll(chunked(bytes, cuts), options);
    const [a, b] = [summary(whole.events), summary(parts.events)];
    if (a !== b) throw new Error(`chunking changed the result:\n  whole:   ${a}\n  chunked: ${b}`);
    return whole;
  },
  // A mutated 64 KiB frame decodes as ~32,000 frames with errors: ~0.5 s on a busy 2-core machine.
  budgetMs: 2000,
  budgetBytes: 32 * 1024 * 1024,
};
