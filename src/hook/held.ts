/**
 * A message held by an intercept rule in the page, and the private copy the
 * hook keeps of it (the page may reuse or detach its own buffer meanwhile).
 */
import type { HookToRelay } from '../messaging/protocol';
import type { Direction } from '../model/records';
import type { BinaryBrands } from './channel';
import type { PayloadTools } from './payload';

export interface Held {
  holdId: string;
  conn: string;
  dir: Direction;
  ws: WebSocket;
  /** Our own copy (binary) or the Blob/string itself. */
  data: string | ArrayBuffer | Blob;
  timer: number;
  /** The panel has been told (a Blob is read first); a release before that waits for it. */
  announced: boolean;
  pendingRelease?: HookToRelay;
}

/**
 * Binary as the hook keeps it: a private ArrayBuffer copy (of a buffer or a view's bytes), or the
 * immutable Blob. Brand checks, not `instanceof` (page realm), and payload.ts's copy: not
 * `ArrayBuffer.prototype.slice`, which looks up the page-writable `constructor[Symbol.species]`.
 */
export function privateCopy(data: unknown, b: BinaryBrands, p: PayloadTools): string | ArrayBuffer | Blob | undefined {
  if (typeof data === 'string' || b.isBlob(data)) return data;
  return p.copyBytes(data, Infinity)?.bytes;
}
