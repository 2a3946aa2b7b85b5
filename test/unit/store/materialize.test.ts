import { describe, expect, it } from 'vitest';
import { materializeEvents } from '../../../src/store/materialize';
import type { WireEvent } from '../../../src/messaging/protocol';

const msg = (bytes: ArrayBuffer | Blob): WireEvent => ({ k: 'message', conn: 'c', t: 1, dir: 'in', opcode: 2, bytes, size: 2 });

describe('materializeEvents', () => {
  it('reads Blobs into ArrayBuffers and keeps the order', async () => {
    const out = await materializeEvents([msg(new Blob([new Uint8Array([1, 2])])), msg(new Uint8Array([3, 4]).buffer)]);
    expect(out.map((e) => (e.k === 'message' ? [...new Uint8Array(e.bytes as ArrayBuffer)] : []))).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });
  it('returns the same array when there is no Blob', async () => {
    const events = [msg(new Uint8Array([1]).buffer)];
    expect(await materializeEvents(events)).toBe(events);
  });
  it('turns an unreadable Blob into a capture error', async () => {
    const bad = new Blob([new Uint8Array([1])]);
    Object.defineProperty(bad, 'arrayBuffer', { value: () => Promise.reject(new Error('revoked')) });
    const [e] = await materializeEvents([msg(bad)]);
    expect(e).toMatchObject({ captureError: 'Blob payload could not be read: revoked' });
  });
});
