/** WebIDL conversions the hook must do exactly as the browser does (once, in the native order). */

/** WebIDL [Clamp] unsigned short (close's code): NaN → 0, clamped to 0–65535, rounded half to even. */
export function clampUnsignedShort(n: number): number {
  if (n !== n) return 0;
  const x = n < 0 ? 0 : n > 65535 ? 65535 : n;
  const floor = x - (x % 1);
  const frac = x - floor;
  return frac < 0.5 ? floor : frac > 0.5 ? floor + 1 : floor % 2 === 0 ? floor : floor + 1;
}
