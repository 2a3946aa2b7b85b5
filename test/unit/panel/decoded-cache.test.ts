/**
 * The decode cache: capped by estimated bytes as well as by count, keeps why
 * a message did not decode, and reads protocol facts (stateful, binary) from
 * the decoders through the registry rather than from lists of its own.
 */
import { describe, expect, it } from 'vitest';
import { DECODERS, isBinaryProtocol, isStatefulProtocol } from '../../../src/decoders/registry';
import { CACHE_BYTES, DecodeCache } from '../../../src/panel/decoded/decode-cache';
import { estimateDecodedSize } from '../../../src/panel/decoded/decoded-size';
import { searchTextOf } from '../../../src/panel/decoded/search-text';
import { MessageLog } from '../../../src/panel/capture/message-log';
import type { ConnectionRecord, MessageRecord } from '../../../src/model/records';
import { conn, msg } from './helpers';

const b64 = (bytes: number[]): string => Buffer.from(bytes).toString('base64');

function cacheOf(records: MessageRecord[], connection: ConnectionRecord = conn('c1')) {
  const log = new MessageLog();
  log.append(records);
  const cache = new DecodeCache(log, () => connection);
  const rec = (id: number) => log.bySeq(log.seqOfId(id) as number) as MessageRecord;
  return { cache, rec };
}

describe('decode cache', () => {
  it('is capped by estimated bytes: 60 decoded messages of over 1 MiB each do not all stay', () => {
    // A JSON array of 100k small numbers: ~0.5 MiB of text, several MiB decoded.
    const big = `[${Array.from({ length: 100_000 }, (_, i) => i % 10).join(',')}]`;
    const { cache, rec } = cacheOf(Array.from({ length: 60 }, (_, i) => msg(i + 1, { data: big })));
    const one = cache.decoded(rec(1));
    expect(one).toBeDefined();
    const size = estimateDecodedSize(one as NonNullable<typeof one>);
    expect(size).toBeGreaterThan(1024 * 1024);
    for (let id = 2; id <= 60; id++) cache.decoded(rec(id));
    expect(cache.cachedBytes).toBeLessThanOrEqual(CACHE_BYTES);
    const kept = (cache as unknown as { results: { size: number } }).results.size;
    expect(kept).toBeLessThan(60);
    expect(kept).toBeGreaterThanOrEqual(Math.floor(CACHE_BYTES / size) - 1);
    // The last one asked for is always there.
    expect(cache.decoded(rec(60))?.kind).toBe('array');
  });

  it('keeps the reason a message on an announced protocol did not decode, but not "no decoder recognized"', () => {
    const mqtt = conn('m', { url: 'wss://broker.test/mqtt', protocol: 'mqtt' });
    const { cache, rec } = cacheOf([msg(1, { conn: 'm', opcode: 2, data: b64([0x30, 0xff, 0xff, 0xff, 0x7f]) })], mqtt);
    expect(cache.decoded(rec(1))).toBeUndefined();
    expect(cache.failure(rec(1))).toMatch(/^not MQTT after 5 bytes/);
    const plain = cacheOf([msg(1, { data: 'hello' })]);
    expect(plain.cache.failure(plain.rec(1))).toBeUndefined();
  });
});

describe('protocol facts live on the decoders', () => {
  it('stateful and binary come from each Decoder', () => {
    for (const d of DECODERS) {
      expect(isStatefulProtocol(d.id)).toBe(d.stateful !== undefined);
      expect(isBinaryProtocol(d.id)).toBe(d.binary);
    }
    expect(
      DECODERS.filter((d) => d.stateful)
        .map((d) => d.id)
        .sort(),
    ).toEqual(['mqtt', 'socketio']);
  });

  it("the text search reads a binary protocol's summary, found through the decoder's binary fact", () => {
    const mqtt = conn('m', { url: 'wss://broker.test/mqtt', protocol: 'mqtt' });
    const ping = msg(1, { conn: 'm', opcode: 2, data: b64([0xc0, 0x00]) });
    const { cache } = cacheOf([ping], mqtt);
    expect(searchTextOf(ping, cache)).toBe('MQTT PINGREQ');
    // Bytes no decoder claims: the connection has no protocol, so the hex preview is searched.
    const junk = msg(1, { opcode: 2, data: b64([0xff, 0xfe]) });
    expect(searchTextOf(junk, cacheOf([junk]).cache)).toBe('ff fe');
  });
});
