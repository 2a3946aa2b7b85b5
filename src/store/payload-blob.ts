/**
 * A binary payload that reached the background as a Blob (the hook sends
 * those of 16 KiB or more as Blobs: src/hook/payload.ts) is persisted as that
 * Blob, not as the record's base64 text. IndexedDB keeps a Blob by reference:
 * in Chromium 156 a put cost the background's thread ~0.5 ms per MiB of Blobs
 * against ~25 ms per MiB of the same bytes as base64 strings (README,
 * Performance). Memory, panels and exports keep the base64 text as before.
 *
 * The Blob rides on its record under a symbol: structured clone and JSON copy
 * only string keys, so it never reaches a panel, a file or a test's memory
 * store; the persistence takes it off when it writes the record. Pure: no
 * browser imports (Blob is a global in Node too).
 */
import type { MessageRecord } from '../model/records';
import { bytesToBase64 } from '../model/base64';

const PAYLOAD_BLOB = Symbol('payloadBlob');
type WithBlob = MessageRecord & { [PAYLOAD_BLOB]?: Blob };

/** A message as a chunk stores it: the record, or with its payload as a Blob (its `data` is then ''). */
export type StoredRecord = MessageRecord & { blob?: Blob };

/** Notes that `r`'s payload is exactly `blob`'s bytes (the caller checked the sizes). */
export function attachPayloadBlob(r: MessageRecord, blob: Blob): void {
  (r as WithBlob)[PAYLOAD_BLOB] = blob;
}

/**
 * For the persistence: each binary record that has its Blob is written with the Blob, taken off the record
 * (written once; a later rewrite stores the text the record keeps). With `keepBlobs` false the Blobs are only
 * taken off and the text is written: in Firefox 153 storing them was slower (recvBinary64k stored 25-34 s after
 * the page's last message, against 20-21 s as text), since every Blob becomes a file of its own.
 */
export function toStoredRecords(records: readonly MessageRecord[], keepBlobs = true): StoredRecord[] {
  return records.map((r) => {
    const blob = (r as WithBlob)[PAYLOAD_BLOB];
    if (blob === undefined) return r;
    delete (r as WithBlob)[PAYLOAD_BLOB];
    return keepBlobs ? { ...r, data: '', blob } : r;
  });
}

/** Back to records: each Blob is read into base64; one that cannot be read leaves an empty payload that says why. */
export async function fromStoredRecords(stored: readonly StoredRecord[]): Promise<MessageRecord[]> {
  if (!stored.some((s) => s.blob !== undefined)) return stored as MessageRecord[];
  return Promise.all(
    stored.map(async ({ blob, ...r }): Promise<MessageRecord> => {
      if (blob === undefined) return r;
      try {
        return { ...r, data: bytesToBase64(new Uint8Array(await blob.arrayBuffer())) };
      } catch (e) {
        return { ...r, data: '', captureError: `stored payload could not be read: ${e instanceof Error ? e.message : String(e)}` };
      }
    }),
  );
}
