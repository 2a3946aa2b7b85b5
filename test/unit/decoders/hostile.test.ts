/**
 * Messages a page can send to break a decoder, each one reproduced against
 * the code before it was made total. Every decoder must return a value or an
 * error value, bounded, in time. Times here are generous upper bounds only
 * (the measured before/after numbers belong to the bench): they catch a
 * return of the 4 s / 100 s behaviour, not a regression of a few ms.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encode as msgpackEncode } from '@msgpack/msgpack';
import { gzipSync } from 'fflate';
import { inflateCapped, MAX_INFLATED } from '../../../src/decoders/compressed';
import { DECODERS, decodeMessage, guard, observeGuardCatches } from '../../../src/decoders/registry';
import { createDecodeSession } from '../../../src/decoders/session';
import type { Decoded, DecodeInput, DecodeResult } from '../../../src/decoders/types';
import { MAX_DEPTH, preview, safeText, TOO_DEEP } from '../../../src/decoders/util';
import { GZIP_BOMB_B64 } from './fixtures/gzip-bomb';

const text = (t: string, extra: Partial<DecodeInput> = {}): DecodeInput => ({ opcode: 1, text: t, ...extra });
const bin = (bytes: Uint8Array, extra: Partial<DecodeInput> = {}): DecodeInput => ({ opcode: 2, bytes, ...extra });

function timed<T>(f: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = f();
  return { value, ms: performance.now() - start };
}

/** Depth of the deepest array/object chain in a JSON-like value (iterative). */
function depthOf(v: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[v, 0]];
  for (let top = stack.pop(); top; top = stack.pop()) {
    const [x, d] = top;
    max = Math.max(max, d);
    if (typeof x === 'object' && x !== null) for (const c of Object.values(x)) stack.push([c, d + 1]);
  }
  return max;
}

// The guard would hide a decoder that throws: every test here must pass without it catching anything.
let caught: string[] = [];
beforeEach(() => observeGuardCatches((id, e) => caught.push(`${id}: ${e instanceof Error ? e.message : 'non-Error'}`)));
afterEach(() => {
  observeGuardCatches(undefined);
  const seen = caught;
  caught = [];
  expect(seen).toEqual([]);
});

const DEEP = '['.repeat(5000) + ']'.repeat(5000);
const TO_STRING_RPC = '{"jsonrpc":"2.0","error":{"code":1,"message":{"toString":1}},"id":1}';

describe('hostile JSON', () => {
  it('an array nested 5,000 deep decodes, cut at MAX_DEPTH with a "nested too deep" leaf', () => {
    const r = decodeMessage(text(DEEP));
    expect(r.ok).toBe(true);
    const d = (r as { decoded: Decoded }).decoded;
    expect(depthOf(d.value)).toBe(MAX_DEPTH);
    expect(JSON.stringify(d.value)).toContain(TOO_DEEP);
    expect(d.summary.length).toBeLessThanOrEqual(80);
  });

  it('every decoder, forced onto the deep array, returns a result', () => {
    for (const d of DECODERS) expect(() => d.decode(text(DEEP))).not.toThrow();
    for (const d of DECODERS) expect(() => d.decode(text(`42["e",${DEEP}]`))).not.toThrow();
  });

  it('a JSON-RPC error whose message is {"toString":1} is rendered as data, not converted', () => {
    const r = decodeMessage(text(TO_STRING_RPC));
    expect(r).toMatchObject({ ok: true, decoded: { protocol: 'jsonrpc', kind: 'error', summary: 'rpc error id 1 1 {"toString":1}' } });
    expect(() => String({ toString: 1 })).toThrow(); // what the decoder used to do
  });

  it('safeText and preview never call a method of the value', () => {
    const evil = {
      toString: 1,
      valueOf: 1,
      toJSON: 1,
      nested: {
        toString: () => {
          throw new Error('called');
        },
      },
    };
    expect(safeText(evil)).toBe('{"toString":1,"valueOf":1,"toJSON":1,"nested":{"toString":null}}');
    expect(preview(JSON.parse(DEEP), 20)).toBe('[[[[[[[[[[[[[[[[[[[…');
  });
});

describe('hostile binary values', () => {
  it('MessagePack with map keys nested 28 deep (57 bytes) decodes in bounded time and size', () => {
    const n = 28;
    const bytes = new Uint8Array([...Array<number>(n).fill(0x81), 0xa0, 0xc0, ...Array<number>(n - 1).fill(0xc0)]);
    const { value: r, ms } = timed(() => decodeMessage(bin(bytes), { override: 'msgpack' }));
    expect(r.ok).toBe(true);
    expect(JSON.stringify(r).length).toBeLessThan(20_000);
    expect(ms).toBeLessThan(1000); // 4.4 s and 1.7 GB before keys were rendered once
  });

  it('CBOR with map keys nested 28 deep decodes in bounded time and size', () => {
    const n = 28;
    const bytes = new Uint8Array([...Array<number>(n).fill(0xa1), 0x60, 0xf6, ...Array<number>(n - 1).fill(0xf6)]);
    const { value: r, ms } = timed(() => decodeMessage(bin(bytes), { override: 'cbor' }));
    expect(r.ok).toBe(true);
    expect(JSON.stringify(r).length).toBeLessThan(20_000);
    expect(ms).toBeLessThan(1000);
  });

  it('a CBOR array header announcing 2^32 items is refused before allocating', () => {
    expect(decodeMessage(bin(new Uint8Array([0x9a, 0xff, 0xff, 0xff, 0xff, 0x00])), { override: 'cbor' })).toMatchObject({ ok: false });
  });

  it('a MessagePack array nested 100,000 deep is cut, not a stack overflow', () => {
    const bytes = new Uint8Array(100_001).fill(0x91);
    bytes[100_000] = 0x90;
    const r = decodeMessage(bin(bytes), { override: 'msgpack' });
    expect(r.ok).toBe(true);
    expect(depthOf((r as { decoded: Decoded }).decoded.value)).toBeLessThanOrEqual(MAX_DEPTH);
  });

  it('protobuf with 200,000 repeats of one field is linear (was quadratic)', () => {
    const bytes = new Uint8Array(400_000);
    for (let i = 0; i < bytes.length; i += 2) bytes[i] = 0x08;
    const { value: r, ms } = timed(() => decodeMessage(bin(bytes), { override: 'protobuf' }));
    expect(r.ok).toBe(true);
    expect(ms).toBeLessThan(5000);
  });

  it('a GraphQL query of a million spaces does not backtrack quadratically', () => {
    const msg = JSON.stringify({ type: 'subscribe', id: '1', payload: { query: ' '.repeat(1_000_000) } });
    const { value: r, ms } = timed(() => decodeMessage(text(msg)));
    expect(r).toMatchObject({ ok: true, decoded: { protocol: 'graphql-ws' } });
    expect(ms).toBeLessThan(1000);
  });
});

describe('compression bombs', () => {
  const bomb = new Uint8Array(Buffer.from(GZIP_BOMB_B64, 'base64'));

  it('gzip inside gzip (2,983 bytes → 1 GiB) stops at one inflation, within the cap', () => {
    const { value: r, ms } = timed(() => decodeMessage(bin(bomb)));
    expect(r).toMatchObject({ ok: true, decoded: { protocol: 'compressed', summary: expect.stringMatching(/^gzip 2983→1048043 B/) } });
    expect(ms).toBeLessThan(5000);
  });

  it('the cap is checked while inflating: the inner gzip stops just past MAX_INFLATED', () => {
    const inner = inflateCapped(bomb, 'gzip');
    expect(inner.ok).toBe(true);
    const { value: r, ms } = timed(() => inflateCapped((inner as { bytes: Uint8Array }).bytes, 'gzip'));
    expect(r).toEqual({ ok: false, reason: `gzip inflates to over ${MAX_INFLATED} bytes (stopped there)` });
    expect(ms).toBeLessThan(5000);
  });

  it('compressed JSON still decodes, once', () => {
    const json = new TextEncoder().encode('{"type":"chat"}');
    expect(decodeMessage(bin(gzipSync(json)))).toMatchObject({ ok: true, decoded: { protocol: 'json', event: 'chat' } });
    expect(decodeMessage(bin(gzipSync(gzipSync(json)))).ok).toBe(true); // the outer layer only
  });
});

describe('bounded decode sessions', () => {
  const mqtt = { url: 'wss://broker.test/mqtt' };

  it('MQTT: 30 ff ff ff 7f announces 256 MiB: the session gives up at once, later messages decode alone', () => {
    const session = createDecodeSession();
    const first = session.decode(bin(new Uint8Array([0x30, 0xff, 0xff, 0xff, 0x7f]), mqtt), 'in');
    expect(first).toEqual({ ok: false, reason: expect.stringMatching(/^not MQTT after 5 bytes: a packet of 268435460 bytes announced/) });
    const chunk = new Uint8Array(64 * 1024).fill(0x41);
    const { value: results, ms } = timed(() => Array.from({ length: 64 }, () => session.decode(bin(chunk, mqtt), 'in')));
    for (const r of results) expect(r.ok && r.decoded.kind === 'fragment').toBe(false);
    expect(ms).toBeLessThan(10_000); // 1,024 such messages took 112 s when they joined one buffer
  });

  it('MQTT: a packet announced over the cap is refused; one under it is buffered as chunks and completes', () => {
    const session = createDecodeSession();
    // 30 80 80 80 04: a PUBLISH of 8 MiB + 5 bytes, just over MAX_PENDING.
    expect(session.decode(bin(new Uint8Array([0x30, 0x80, 0x80, 0x80, 0x04]), mqtt), 'out')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^not MQTT after 5 bytes/),
    });
    // 30 ff ff ff 02: 6 MiB - 1 of remaining length, completed by 96 messages of 64 KiB.
    const header = session.decode(bin(new Uint8Array([0x30, 0xff, 0xff, 0xff, 0x02]), mqtt), 'out');
    expect(header).toMatchObject({ ok: true, decoded: { kind: 'fragment' } });
    const chunk = new Uint8Array(64 * 1024);
    let last: DecodeResult = header;
    const { ms } = timed(() => {
      for (let i = 0; i < 128 && last.ok && last.decoded.kind === 'fragment'; i++) last = session.decode(bin(chunk, mqtt), 'out');
    });
    expect(last).toMatchObject({ ok: true, decoded: { kind: 'PUBLISH', summary: expect.stringMatching(/^MQTT PUBLISH /) } });
    expect(ms).toBeLessThan(5000);
  });

  it('Socket.IO: a packet announcing a billion attachments is not awaited', () => {
    const session = createDecodeSession();
    const url = 'wss://chat.test/socket.io/?EIO=4&transport=websocket';
    expect(session.decode(text('451000000000-["upload",{"_placeholder":true,"num":0}]', { url }), 'in').ok).toBe(true);
    const r = session.decode(bin(new Uint8Array(1024), { url }), 'in');
    expect(r).toMatchObject({ ok: true, decoded: { kind: 'binary' } });
  });
});

describe('the registry guard', () => {
  it('turns a decoder that throws into an error value naming it', () => {
    const broken = guard({
      id: 'broken',
      name: 'Broken',
      binary: false,
      decode: () => {
        throw new RangeError('boom');
      },
    });
    expect(broken.decode(text('x'))).toEqual({ ok: false, reason: 'decoder broken failed: boom' });
    expect(caught).toEqual(['broken: boom']);
    caught = [];
  });

  it('every registered decoder is guarded and total on junk of every shape', () => {
    const junk: DecodeInput[] = [
      text(''),
      text('\u0000'),
      text('{"'),
      text('42'),
      bin(new Uint8Array(0)),
      bin(new Uint8Array([0xff, 0xff, 0xff])),
    ];
    for (const d of DECODERS) for (const input of junk) expect(() => d.decode(input)).not.toThrow();
  });

  it('forcing a decoder on the wrong opcode is an error value, not a throw', () => {
    const bytes = msgpackEncode({ a: 1 });
    for (const d of DECODERS) expect(() => d.decode(bin(bytes))).not.toThrow();
  });
});
