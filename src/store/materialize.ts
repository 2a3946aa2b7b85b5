/**
 * Wire events may carry Blobs (binaryType 'blob', Blob sends): the background
 * reads them into ArrayBuffers before the store, which is synchronous, sees
 * them. Runs in the background, never on the page's thread.
 */
import type { CaptureEvent, WireEvent } from '../messaging/protocol';

/**
 * What the store consumes: binary payloads as ArrayBuffers. A payload read from a Blob keeps that Blob
 * (`blob`), which the persistence stores instead of the base64 text (payload-blob.ts).
 */
export type StoreEvent = CaptureEvent<ArrayBuffer> & { blob?: Blob };

export const isBlob = (x: unknown): x is Blob => typeof Blob !== 'undefined' && x instanceof Blob;

export async function materializeEvents(events: WireEvent[]): Promise<StoreEvent[]> {
  if (!events.some((e) => e.k === 'message' && isBlob(e.bytes))) return events as StoreEvent[];
  return Promise.all(
    events.map(async (e): Promise<StoreEvent> => {
      if (e.k !== 'message' || !isBlob(e.bytes)) return e as StoreEvent;
      try {
        return { ...e, bytes: await e.bytes.arrayBuffer(), blob: e.bytes };
      } catch (err) {
        const { bytes: _unreadable, ...rest } = e;
        return { ...rest, captureError: `Blob payload could not be read: ${err instanceof Error ? err.message : String(err)}` };
      }
    }),
  );
}
