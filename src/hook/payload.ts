/**
 * What a payload is, and a private copy of at most the per-message cap, on
 * the page's thread. Page data is hostile, and so are the page's globals:
 *
 * - Kinds are decided by brand checks the page cannot redirect: captured
 *   getters (`ArrayBuffer.prototype.byteLength`, `%TypedArray%.prototype.
 *   buffer`, `DataView.prototype.buffer`, `Blob.prototype.size`) throw on
 *   anything without the internal slot. `instanceof` consults the page-
 *   writable `Symbol.hasInstance` and the prototype chain, so it is not used.
 *   This is also how WebIDL picks send()'s overload: a Proxy of an ArrayBuffer,
 *   or `Object.create(Blob.prototype)`, is sent as a string.
 * - Only the first `max` bytes are copied (a 100 MiB message costs a 1 MiB
 *   copy); `size` stays the full size. No species lookups
 *   (`ArrayBuffer.prototype.slice` reads `constructor[Symbol.species]`, page
 *   code): a fresh Uint8Array and the captured `%TypedArray%.prototype.set`.
 * - A copy of at least BLOB_MIN_BYTES is made as a Blob, not an ArrayBuffer:
 *   Chromium's extension messaging costs the page's thread ~50 ms per MiB of
 *   ArrayBuffer (measured at load 7), a Blob ~25 ms to make and almost
 *   nothing to post (README, Performance: binary); the background reads it
 *   (src/store/materialize.ts). Its parts are given as our own iterable, so
 *   the WebIDL sequence conversion calls no page-patchable iterator.
 */
import type { BinaryCarrier } from '../model/records';
import type { HookBytes } from '../messaging/protocol';
import { truncateUtf8, utf8Length } from '../model/base64';

export interface CopiedBytes {
  bytes: HookBytes;
  /** The full size, also when truncated. */
  size: number;
  carrier: BinaryCarrier;
  truncated: boolean;
}

export interface PayloadTools {
  isBinary(x: unknown): boolean;
  /**
   * A private copy of at most `max` bytes, or undefined when `x` is not binary. With `blobOk`, a
   * copy of BLOB_MIN_BYTES or more is a Blob (capture); without, always an ArrayBuffer (commands, holds).
   */
  copyBytes(x: unknown, max: number, blobOk?: boolean): CopiedBytes | undefined;
}

type Getter<T> = (this: unknown) => T;

/** Smaller payloads are cheaper as ArrayBuffers (a Blob has a fixed cost: its registration with the browser). */
export const BLOB_MIN_BYTES = 16 * 1024;

function getterOf<T>(proto: object, key: PropertyKey): Getter<T> {
  const get = Object.getOwnPropertyDescriptor(proto, key)?.get;
  if (!get) throw new Error(`Sockscope hook: no getter ${String(key)}`);
  return get as Getter<T>;
}

export function capturePayloadTools(win: typeof globalThis): PayloadTools {
  const apply = Reflect.apply;
  const U8 = win.Uint8Array;
  const TypedArrayProto = Object.getPrototypeOf(U8.prototype) as object;
  const abLength = getterOf<number>(win.ArrayBuffer.prototype, 'byteLength');
  const taTag = getterOf<string | undefined>(TypedArrayProto, Symbol.toStringTag);
  const taBuffer = getterOf<ArrayBuffer>(TypedArrayProto, 'buffer');
  const taOffset = getterOf<number>(TypedArrayProto, 'byteOffset');
  const taLength = getterOf<number>(TypedArrayProto, 'byteLength');
  const DV = win.DataView ?? DataView;
  const dvBuffer = getterOf<ArrayBuffer>(DV.prototype, 'buffer');
  const dvOffset = getterOf<number>(DV.prototype, 'byteOffset');
  const dvLength = getterOf<number>(DV.prototype, 'byteLength');
  const blobSize = getterOf<number>(win.Blob.prototype, 'size');
  const blobSlice = win.Blob.prototype.slice as (this: Blob, start?: number, end?: number) => Blob;
  const setBytes = (TypedArrayProto as { set: (this: Uint8Array, src: Uint8Array) => void }).set;
  const BlobCtor = win.Blob;
  const construct = Reflect.construct;

  /** Calls a brand-checking getter; undefined when `x` lacks the slot (the getter threw). */
  const read = <T>(get: Getter<T>, x: unknown): T | undefined => {
    if ((typeof x !== 'object' && typeof x !== 'function') || x === null) return undefined;
    try {
      return apply(get, x, []);
    } catch {
      return undefined; // not this kind: the native send would not take it as such either
    }
  };

  /** One part, as an iterable whose iterator and results are our own objects (no page-patchable `next`). */
  const onePart = (part: Uint8Array): Iterable<Uint8Array> => {
    let done = false;
    const iterator = {
      next: () => (done ? { done: true, value: undefined } : ((done = true), { done: false, value: part })),
    };
    return { [Symbol.iterator]: () => iterator } as unknown as Iterable<Uint8Array>;
  };

  /** `new Uint8Array(buffer, offset, n)` reads no page-writable property; neither does set() or the Blob constructor. */
  const copy = (buffer: ArrayBuffer, offset: number, n: number, blobOk: boolean): HookBytes => {
    if (blobOk && n >= BLOB_MIN_BYTES) return construct(BlobCtor, [onePart(new U8(buffer, offset, n))]) as Blob;
    const out = new U8(n);
    // n = 0 also covers a detached buffer, on which `new Uint8Array(buffer, …)` throws.
    if (n > 0) apply(setBytes, out, [new U8(buffer, offset, n)]);
    return apply(taBuffer, out, []) as ArrayBuffer; // not `out.buffer`: the page may redefine that getter
  };

  const copyBytes = (x: unknown, max: number, blobOk = false): CopiedBytes | undefined => {
    const abSize = read(abLength, x);
    if (abSize !== undefined) {
      const n = abSize > max ? max : abSize;
      return { bytes: copy(x as ArrayBuffer, 0, n, blobOk), size: abSize, carrier: 'ArrayBuffer', truncated: n < abSize };
    }
    const tag = read(taTag, x);
    const dvSize = tag === undefined ? read(dvLength, x) : undefined;
    if (tag !== undefined || dvSize !== undefined) {
      const isTa = tag !== undefined;
      const size = isTa ? (apply(taLength, x, []) as number) : (dvSize as number);
      const n = size > max ? max : size;
      const buffer = apply(isTa ? taBuffer : dvBuffer, x, []) as ArrayBuffer;
      const offset = apply(isTa ? taOffset : dvOffset, x, []) as number;
      return { bytes: copy(buffer, offset, n, blobOk), size, carrier: (isTa ? tag : 'DataView') as BinaryCarrier, truncated: n < size };
    }
    const blob = read(blobSize, x);
    if (blob !== undefined) {
      // Blobs are immutable: passed by reference, cut lazily (slice copies nothing).
      const cut = blob > max;
      return { bytes: cut ? apply(blobSlice, x, [0, max]) : (x as Blob), size: blob, carrier: 'Blob', truncated: cut };
    }
    return undefined;
  };

  return {
    isBinary: (x) =>
      read(abLength, x) !== undefined || read(taTag, x) !== undefined || read(dvLength, x) !== undefined || read(blobSize, x) !== undefined,
    copyBytes,
  };
}

export interface CutText {
  text: string;
  /** UTF-8 bytes of the full text; undefined when not measured (short texts: the background measures). */
  size: number | undefined;
  truncated: boolean;
}

/**
 * Cuts a text over `max` UTF-8 bytes. Short texts (≤ max/3 UTF-16 units,
 * at most 3 bytes each) cost one comparison; only longer ones are measured.
 */
export function cutText(text: string, max: number): CutText {
  if (text.length <= max / 3) return { text, size: undefined, truncated: false };
  const size = utf8Length(text);
  if (size <= max) return { text, size, truncated: false };
  return { text: truncateUtf8(text, max), size, truncated: true };
}
