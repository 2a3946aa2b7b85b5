import { describe, expect, it } from 'vitest';
import { isArrayBuffer, payloadWeight } from '../../../src/messaging/wire-payload';
import type { WireEvent } from '../../../src/messaging/protocol';

const msg = (extra: Record<string, unknown>): WireEvent => ({ k: 'message', conn: 'c', t: 0, dir: 'in', opcode: 2, ...extra }) as WireEvent;

describe('wire payload', () => {
  it('weighs text in UTF-16 units, binary in bytes, Blobs by size, other events as nothing', () => {
    expect(payloadWeight(msg({ opcode: 1, text: 'héllo' }))).toBe(5);
    expect(payloadWeight(msg({ bytes: new ArrayBuffer(7) }))).toBe(7);
    expect(payloadWeight(msg({ bytes: new Blob(['abc']) }))).toBe(3);
    expect(payloadWeight({ k: 'create', conn: 'c', t: 0, url: 'ws://h/', protocols: [], frameUrl: 'http://p/' })).toBe(0);
  });

  it('never throws on odd page data', () => {
    const hostile = Object.defineProperty({}, 'byteLength', {
      get: () => {
        throw new Error('no');
      },
    });
    expect(payloadWeight(msg({ bytes: hostile }))).toBe(0);
    expect(payloadWeight(msg({ text: 42 }))).toBe(0);
    expect(payloadWeight(msg({}))).toBe(0);
  });

  it('recognises ArrayBuffers by brand, not by constructor', () => {
    expect(isArrayBuffer(new ArrayBuffer(1))).toBe(true);
    expect(isArrayBuffer(new Uint8Array(1))).toBe(false);
    expect(isArrayBuffer({ byteLength: 1 })).toBe(false);
  });
});
