import { describe, expect, it } from 'vitest';
import { toWireEvent } from '../../../src/relay/convert';

const base = { k: 'message' as const, conn: 'c', t: 1, dir: 'in' as const };

describe('toWireEvent', () => {
  it('passes ArrayBuffer and Blob payloads on untouched: no copy, no base64 on the page thread', () => {
    const buffer = new Uint8Array([1, 2, 3]).buffer;
    const blob = new Blob([new Uint8Array([255])]);
    expect(toWireEvent({ ...base, opcode: 2, bytes: buffer, size: 3 }, 100)).toMatchObject({ bytes: buffer, size: 3 });
    expect((toWireEvent({ ...base, opcode: 2, bytes: blob, size: 1 }, 100) as { bytes?: Blob }).bytes).toBe(blob);
  });
  it('cuts payloads over the cap, keeping the full size', async () => {
    const w = toWireEvent({ ...base, opcode: 2, bytes: new Uint8Array([1, 2, 3, 4, 5]).buffer, size: 5 }, 3);
    expect(w).toMatchObject({ size: 5, truncated: true });
    expect([...new Uint8Array((w as { bytes: ArrayBuffer }).bytes)]).toEqual([1, 2, 3]);
    const cutBlob = toWireEvent({ ...base, opcode: 2, bytes: new Blob([new Uint8Array([7, 8, 9])]), size: 3 }, 2) as { bytes: Blob };
    expect([...new Uint8Array(await cutBlob.bytes.arrayBuffer())]).toEqual([7, 8]);
    const t = toWireEvent({ ...base, opcode: 1, text: '€€€€' }, 7);
    expect(t).toMatchObject({ text: '€€', size: 12, truncated: true });
  });
  it('leaves small texts for the background to measure', () => {
    expect(toWireEvent({ ...base, opcode: 1, text: 'hi' }, 100)).toEqual({ ...base, opcode: 1, text: 'hi' });
  });
  it('reports an unreadable payload as an error value, not a throw', () => {
    const broken = {
      get size(): number {
        throw new Error('gone');
      },
    } as unknown as Blob;
    const w = toWireEvent({ ...base, opcode: 2, bytes: broken, size: 4 }, 100);
    expect(w).toMatchObject({ captureError: 'payload could not be read: gone' });
    expect('bytes' in w).toBe(false);
  });
});
