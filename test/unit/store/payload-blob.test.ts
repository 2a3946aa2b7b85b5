/**
 * Binary payloads that came as Blobs are persisted as those Blobs (src/store/payload-blob.ts): the record
 * keeps its base64 text for memory, panels and files; the chunk gets the Blob once; reading it back gives
 * the same text, and a Blob that cannot be read says so instead of throwing.
 */
import { describe, expect, it } from 'vitest';
import { toMessageRecord } from '../../../src/store/message-record';
import { fromStoredRecords, toStoredRecords } from '../../../src/store/payload-blob';
import type { StoreEvent } from '../../../src/store/materialize';
import { bytesToBase64 } from '../../../src/model/base64';

const bytesOf = (n: number): Uint8Array<ArrayBuffer> => Uint8Array.from({ length: n }, (_, i) => (i * 7 + 3) & 255);
const event = (bytes: Uint8Array, blob?: Blob): Extract<StoreEvent, { k: 'message' }> => ({
  k: 'message',
  conn: 'a:1',
  t: 5,
  dir: 'in',
  opcode: 2,
  size: bytes.length,
  bytes: bytes.slice().buffer,
  ...(blob ? { blob } : {}),
});

describe('payload blobs', () => {
  it('a record read from a Blob is stored with that Blob once, and reads back as the same base64', async () => {
    const bytes = bytesOf(20_000);
    const blob = new Blob([bytes]);
    const r = toMessageRecord(event(bytes, blob), 1, 1 << 20);
    expect(r.data).toBe(bytesToBase64(bytes));
    expect(Object.keys(structuredClone(r))).not.toContain('blob'); // never reaches a panel or a file
    const [stored] = toStoredRecords([r]);
    expect(stored).toMatchObject({ id: 1, data: '', blob });
    expect(r.data).toBe(bytesToBase64(bytes)); // the record in memory is untouched
    expect(toStoredRecords([r])[0]).toBe(r); // taken once: a later rewrite stores the text
    expect(await fromStoredRecords([stored!])).toEqual([{ ...r }]);
  });

  it('without keepBlobs (Firefox) the Blob is only taken off and the text is written', () => {
    const bytes = bytesOf(20_000);
    const r = toMessageRecord(event(bytes, new Blob([bytes])), 1, 1 << 20);
    expect(toStoredRecords([r], false)).toEqual([{ ...r }]);
    expect(toStoredRecords([r])[0]).toBe(r); // taken: the record holds no Blob any more
  });

  it('a payload cut at the cap, or with no Blob, is stored as its text', () => {
    const bytes = bytesOf(3_000);
    const cut = toMessageRecord(event(bytes, new Blob([bytes])), 1, 1_000);
    const plain = toMessageRecord(event(bytes), 2, 1 << 20);
    expect(cut).toMatchObject({ truncated: true, data: bytesToBase64(bytes.subarray(0, 1_000)) });
    expect(toStoredRecords([cut, plain])).toEqual([cut, plain]);
  });

  it('a stored Blob that cannot be read gives an empty payload that says why, not a throw', async () => {
    const r = toMessageRecord(event(bytesOf(4)), 1, 1 << 20);
    const unreadable = { size: 4, arrayBuffer: () => Promise.reject(new Error('file gone')) } as unknown as Blob;
    const [back] = await fromStoredRecords([{ ...r, data: '', blob: unreadable }]);
    expect(back).toMatchObject({ id: 1, data: '', captureError: 'stored payload could not be read: file gone' });
    expect(back).not.toHaveProperty('blob');
  });
});
