/**
 * Character sets for the regex-safety classifier (regex-safety.ts): ASCII as
 * a 128-bit mask, every other character as one `other` bit; the class escapes
 * `\d \w \s` and their negations. No imports: the hook bundles it.
 */

/** A set of characters: ASCII as a 128-bit mask, every other character as one `other` bit. */
export interface Chars {
  m: number[];
  other: boolean;
}

export const none = (): Chars => ({ m: [0, 0, 0, 0], other: false });
export const all = (): Chars => ({ m: [-1, -1, -1, -1], other: true });
export const union = (a: Chars, b: Chars): Chars => ({ m: a.m.map((w, k) => w | (b.m[k] ?? 0)), other: a.other || b.other });
export const overlaps = (a: Chars, b: Chars): boolean => (a.other && b.other) || a.m.some((w, k) => (w & (b.m[k] ?? 0)) !== 0);
export const invert = (a: Chars): Chars => ({ m: a.m.map((w) => ~w), other: true });

export function addRange(c: Chars, lo: number, hi: number, icase: boolean): Chars {
  if (hi > 127) c.other = true;
  for (let k = lo; k <= Math.min(hi, 127); k++) {
    c.m[k >> 5] = (c.m[k >> 5] ?? 0) | (1 << (k & 31));
    if (icase && ((k >= 65 && k <= 90) || (k >= 97 && k <= 122))) {
      const f = k ^ 0x20; // the other case of an ASCII letter
      c.m[f >> 5] = (c.m[f >> 5] ?? 0) | (1 << (f & 31));
    }
  }
  return c;
}

export const DIGIT = (): Chars => addRange(none(), 48, 57, false);
export const WORD = (): Chars =>
  addRange(addRange(addRange(addRange(none(), 48, 57, false), 65, 90, false), 97, 122, false), 95, 95, false);
export const SPACE = (): Chars => ({ ...addRange(addRange(none(), 9, 13, false), 32, 32, false), other: true });
export const CLASS_ESCAPES: Record<string, () => Chars> = {
  d: DIGIT,
  w: WORD,
  s: SPACE,
  D: () => invert(DIGIT()),
  W: () => invert(WORD()),
  S: () => invert(SPACE()),
};
export const CONTROL_ESCAPES: Record<string, number> = { n: 10, r: 13, t: 9, f: 12, v: 11, '0': 0 };
