/** Masking (RFC 6455 5.3): payload byte i is XORed with key[i mod 4]. The same operation unmasks. */

/**
 * Return a new array holding `data` XORed with the 4-byte `key`; `data` is
 * left untouched (it may be a view into the caller's capture buffer).
 *
 * The copy is word-aligned, so the bulk is XORed 4 bytes at a time through a
 * Uint32Array. The key is read through a Uint32Array too, which makes the
 * word value correct whatever the platform's endianness.
 */
export function applyMask(data: Uint8Array, key: Uint8Array): Uint8Array {
  const out = new Uint8Array(data.length);
  out.set(data);
  const k0 = key[0] ?? 0;
  const k1 = key[1] ?? 0;
  const k2 = key[2] ?? 0;
  const k3 = key[3] ?? 0;
  const words = out.length >>> 2;
  if (words > 4) {
    const keyWord = new Uint32Array(new Uint8Array([k0, k1, k2, k3]).buffer)[0] ?? 0;
    const view = new Uint32Array(out.buffer, 0, words);
    for (let i = 0; i < words; i++) view[i] = (view[i] ?? 0) ^ keyWord;
  }
  const start = words > 4 ? words << 2 : 0;
  for (let i = start; i < out.length; i++) {
    const k = (i & 3) === 0 ? k0 : (i & 3) === 1 ? k1 : (i & 3) === 2 ? k2 : k3;
    out[i] = (out[i] ?? 0) ^ k;
  }
  return out;
}
