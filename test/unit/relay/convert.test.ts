import { describe, expect, it } from 'vitest';
import { toWireEvent } from '../../../src/relay/convert';

const base = { k: 'message' as const, conn: 'c', t: 1, dir: 'in' as const };

describe('toWireEvent', () => {
  it('encodes ArrayBuffer and Blob payloads as base64', async () => {
    expect(await toWireEvent({ ...base, opcode: 2, bytes: new Uint8Array([1, 2, 3]).buffer, size: 3 }, 100)).toMatchObject({ bytes: 'AQID', size: 3 });
    expect(await toWireEvent({ ...base, opcode: 2, bytes: new Blob([new Uint8Array([255])]), size: 1 }, 100)).toMatchObject({ bytes: '/w==', size: 1 });
  });
  it('cuts payloads over the cap before encoding, keeping the full size', async () => {
    const w = await toWireEvent({ ...base, opcode: 2, bytes: new Uint8Array(10).buffer, size: 10 }, 3);
    expect(w).toMatchObject({ bytes: 'AAAA', size: 10, truncated: true });
    const t = await toWireEvent({ ...base, opcode: 1, text: '€€€€' }, 7);
    expect(t).toMatchObject({ text: '€€', size: 12, truncated: true });
  });
  it('leaves small texts for the background to measure', async () => {
    expect(await toWireEvent({ ...base, opcode: 1, text: 'hi' }, 100)).toEqual({ ...base, opcode: 1, text: 'hi' });
  });
  it('reports an unreadable payload as an error value, not a throw', async () => {
    const broken = { size: 4, slice: () => ({ arrayBuffer: () => Promise.reject(new Error('gone')) }) } as unknown as Blob;
    expect(await toWireEvent({ ...base, opcode: 2, bytes: broken, size: 4 }, 100)).toMatchObject({ bytes: '', captureError: 'payload could not be read: gone' });
  });
});
