/**
 * UTF-8 validation with positions. Decoding itself uses TextDecoder with
 * fatal: true (native and fast); this scanner only runs after TextDecoder
 * has rejected something, to say *where* (RFC 6455 8.1, RFC 3629 section 4).
 */

export interface Utf8Fault {
  /** Index of the first byte of the ill-formed sequence. */
  index: number;
  /** Bytes in the ill-formed sequence (its maximal subpart, at least 1). */
  length: number;
  /** True when the bytes end inside a sequence that more bytes could complete. */
  truncated: boolean;
}

/**
 * Find the first ill-formed sequence in `bytes`. With `final` false, a
 * sequence cut off by the end of the data is not a fault: the next fragment
 * may complete it (a code point may be split across frames, RFC 6455 5.4).
 */
export function findUtf8Fault(bytes: Uint8Array, final: boolean): Utf8Fault | null {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    // Bounds for the second byte exclude overlongs (E0, F0), surrogates (ED) and > U+10FFFF (F4).
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return { index: i, length: 1, truncated: false };
    for (let j = 1; j <= need; j++) {
      if (i + j >= bytes.length) {
        return final ? { index: i, length: j, truncated: true } : null;
      }
      const c = bytes[i + j] ?? 0;
      const min = j === 1 ? lo : 0x80;
      const max = j === 1 ? hi : 0xbf;
      if (c < min || c > max) return { index: i, length: j, truncated: false };
    }
    i += need + 1;
  }
  return null;
}
