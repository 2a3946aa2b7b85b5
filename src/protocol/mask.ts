/** Masking (RFC 6455 5.3): payload byte i is XORed with key[i mod 4]. The same operation unmasks. */

/** Small payloads are carved out of shared slabs: one ArrayBuffer per frame costs far more than the XOR. */
const SLAB_SIZE = 64 * 1024;
const SMALL = 4 * 1024;
let slab = new Uint8Array(SLAB_SIZE);
let slabUsed = 0;

/** The platform's byte order decides how 4 key bytes read as one 32-bit word. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * A zeroed array for `length` bytes, 4-byte aligned. Small ones share a slab
 * (like Node's Buffer pool): a retained payload keeps its 64 KiB slab alive.
 */
function allocate(length: number): Uint8Array {
  if (length > SMALL) return new Uint8Array(length);
  if (slabUsed + length > SLAB_SIZE) {
    slab = new Uint8Array(SLAB_SIZE);
    slabUsed = 0;
  }
  const out = slab.subarray(slabUsed, slabUsed + length);
  slabUsed += (length + 3) & ~3;
  return out;
}

/**
 * Return a new array holding `data` XORed with the 4-byte `key`; `data` is
 * left untouched (it may be a view into the caller's capture buffer).
 * Long payloads are XORed a 32-bit word at a time over the aligned copy.
 */
export function applyMask(data: Uint8Array, key: Uint8Array): Uint8Array {
  const n = data.length;
  const out = allocate(n);
  const k0 = key[0] ?? 0;
  const k1 = key[1] ?? 0;
  const k2 = key[2] ?? 0;
  const k3 = key[3] ?? 0;
  let i = 0;
  if (n >= 64) {
    out.set(data);
    const words = n >>> 2;
    const keyWord = LITTLE_ENDIAN ? k0 | (k1 << 8) | (k2 << 16) | (k3 << 24) : (k0 << 24) | (k1 << 16) | (k2 << 8) | k3;
    const view = new Uint32Array(out.buffer, out.byteOffset, words);
    for (let w = 0; w < words; w++) view[w] = (view[w] ?? 0) ^ keyWord;
    i = words << 2;
    for (; i < n; i++) out[i] = (out[i] ?? 0) ^ (key[i & 3] ?? 0);
    return out;
  }
  for (; i + 3 < n; i += 4) {
    out[i] = (data[i] ?? 0) ^ k0;
    out[i + 1] = (data[i + 1] ?? 0) ^ k1;
    out[i + 2] = (data[i + 2] ?? 0) ^ k2;
    out[i + 3] = (data[i + 3] ?? 0) ^ k3;
  }
  for (; i < n; i++) out[i] = (data[i] ?? 0) ^ (key[i & 3] ?? 0);
  return out;
}
