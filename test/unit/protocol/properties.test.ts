/** fast-check properties: encode -> (random chunking) -> decode gives back what was encoded. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MessageDeflater, MessageInflater, WebSocketDecoder, decodeAll, encodeFrame, fragmentMessage } from '../../../src/protocol/index';
import type { DecodeEvent, Direction, LengthEncoding } from '../../../src/protocol/index';
import { concatBytes, sameBytes, seededBytes, splitAt } from './helpers';

const boundaryLength = fc.oneof(
  fc.constantFrom(0, 1, 124, 125, 126, 127, 65535, 65536, 65537),
  fc.integer({ min: 0, max: 300 }),
  fc.integer({ min: 65530, max: 65541 }),
);
const key = fc.uint8Array({ minLength: 4, maxLength: 4 });
const direction = fc.constantFrom<Direction>('client-to-server', 'server-to-client');

function decodeChunks(chunks: readonly Uint8Array[], dir: Direction): DecodeEvent[] {
  const decoder = new WebSocketDecoder({ direction: dir });
  const events: DecodeEvent[] = [];
  for (const c of chunks) events.push(...decoder.push(c));
  events.push(...decoder.end());
  return events;
}

describe('encode -> decode round trip', () => {
  it('one frame: every length encoding that fits, masked or not', () => {
    fc.assert(
      fc.property(
        boundaryLength,
        fc.integer(),
        key,
        direction,
        fc.constantFrom<LengthEncoding>('7', '16', '64'),
        (len, seed, k, dir, enc) => {
          const payload = seededBytes(len, seed);
          const masked = dir === 'client-to-server';
          const minimal = len <= 125 ? '7' : len <= 65535 ? '16' : '64';
          const encoded = encodeFrame({ opcode: 2, payload, maskingKey: masked ? k : null, lengthEncoding: enc });
          const fits = Number(enc === '64') * 2 + Number(enc === '16') >= Number(minimal === '64') * 2 + Number(minimal === '16');
          expect(encoded.ok).toBe(fits);
          if (!encoded.ok) return;
          expect(encoded.value.bytes.length).toBe(len + 2 + (enc === '7' ? 0 : enc === '16' ? 2 : 8) + (masked ? 4 : 0));
          const r = decodeAll(encoded.value.bytes, { direction: dir });
          expect(r.frames[0]?.lengthEncoding).toBe(enc);
          expect(r.frames[0]?.payloadLength).toBe(len);
          expect(r.errors.map((e) => e.code)).toEqual(enc === minimal ? [] : ['NON_MINIMAL_LENGTH']);
          if (enc === minimal) expect(sameBytes(r.messages[0]?.data, payload)).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('a stream of fragmented text/binary messages with pings, split into random chunks', () => {
    const message = fc.record({
      text: fc.boolean(),
      body: fc.string({ unit: 'binary', maxLength: 200 }),
      bytes: fc.uint8Array({ maxLength: 400 }),
      fragments: fc.integer({ min: 1, max: 6 }),
      pingAfterFirst: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.array(message, { minLength: 1, maxLength: 8 }),
        direction,
        key,
        fc.array(fc.nat(6000), { maxLength: 12 }),
        (messages, dir, k, cuts) => {
          const frames: Uint8Array[] = [];
          const want: string[] = [];
          for (const m of messages) {
            const payload = m.text ? new TextEncoder().encode(m.body) : m.bytes;
            const parts = fragmentMessage(payload, {
              opcode: m.text ? 1 : 2,
              fragments: m.fragments,
              maskingKey: dir === 'client-to-server' ? () => k : null,
            });
            if (!parts.ok) throw new Error(parts.error.message);
            const [first, ...rest] = parts.value;
            if (first) frames.push(first);
            if (m.pingAfterFirst) {
              const ping = encodeFrame({ opcode: 9, payload: 'p', maskingKey: dir === 'client-to-server' ? k : null });
              if (ping.ok) frames.push(ping.value.bytes);
              want.push('ping');
            }
            frames.push(...rest);
            want.push(m.text ? `text:${m.body}` : `binary:${m.bytes.join(',')}`);
          }
          const stream = concatBytes(frames);
          const events = decodeChunks(splitAt(stream, cuts), dir);
          expect(events.filter((e) => e.type === 'error')).toEqual([]);
          const got = events.flatMap((e) =>
            e.type !== 'message'
              ? []
              : [
                  e.message.kind === 'ping'
                    ? 'ping'
                    : e.message.kind === 'text'
                      ? `text:${e.message.text}`
                      : `binary:${e.message.data.join(',')}`,
                ],
          );
          // Pings are delivered as soon as they arrive, i.e. before the message they interrupt.
          const order = (list: string[]): string[] => [...list].sort();
          expect(order(got)).toEqual(order(want));
          expect(events.filter((e) => e.type === 'frame')).toHaveLength(frames.length);
        },
      ),
      { numRuns: 120 },
    );
  }, 30_000);
});

describe('permessage-deflate round trip', () => {
  const corpus = fc
    .array(fc.constantFrom('alpha ', 'beta ', 'gamma ', '{"id":1}', 'zzzz', '€', '\u{1F600}'), { maxLength: 60 })
    .map((a) => a.join(''));

  it.each([false, true])(
    'deflate -> inflate over many messages (noContextTakeover=%s)',
    (noContext) => {
      fc.assert(
        fc.property(fc.array(corpus, { minLength: 1, maxLength: 30 }), (texts) => {
          const deflater = new MessageDeflater(noContext);
          const inflater = new MessageInflater(noContext);
          for (const t of texts) {
            const compressed = deflater.deflate(new TextEncoder().encode(t));
            expect(new TextDecoder().decode(inflater.inflate(compressed))).toBe(t);
          }
        }),
        { numRuns: 100 },
      );
    },
    30_000,
  );

  it('decodes compressed, fragmented frames in random chunks with context takeover', () => {
    fc.assert(
      fc.property(
        fc.array(corpus, { minLength: 1, maxLength: 15 }),
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.nat(3000), { maxLength: 8 }),
        (texts, n, cuts) => {
          const deflater = new MessageDeflater(false);
          const frames = texts.flatMap((t) => {
            const parts = fragmentMessage(deflater.deflate(new TextEncoder().encode(t)), { opcode: 1, fragments: n, compressed: true });
            return parts.ok ? parts.value : [];
          });
          const decoder = new WebSocketDecoder({
            direction: 'server-to-client',
            permessageDeflate: {
              serverNoContextTakeover: false,
              clientNoContextTakeover: false,
              serverMaxWindowBits: null,
              clientMaxWindowBits: null,
            },
          });
          const events = splitAt(concatBytes(frames), cuts).flatMap((c) => decoder.push(c));
          expect(events.filter((e) => e.type === 'error')).toEqual([]);
          expect(events.flatMap((e) => (e.type === 'message' ? [e.message.text] : []))).toEqual(texts);
        },
      ),
      { numRuns: 100 },
    );
  }, 30_000);

  it('context takeover makes a repeated message smaller, no-context-takeover does not', () => {
    const msg = new TextEncoder().encode('the quick brown fox jumps over the lazy dog '.repeat(3));
    const shared = new MessageDeflater(false);
    const a = shared.deflate(msg).length;
    const b = shared.deflate(msg).length;
    expect(b).toBeLessThan(a / 3);
    const fresh = new MessageDeflater(true);
    expect(fresh.deflate(msg).length).toBe(fresh.deflate(msg).length);
  });
});
