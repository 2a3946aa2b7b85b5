/**
 * Stable ordering of up to ~1,000,000 numeric keys, pure. A comparator sort
 * of 1M indexes costs about a second in V8; an LSD radix sort over the keys'
 * IEEE-754 bits (an order-preserving map to unsigned integers) is linear and
 * stable by construction, and skips the 16-bit digits every key shares (the
 * high bits of timestamps, sizes under 64 KiB), so a sort of 1M sizes is two
 * passes. NaN sorts after +Infinity; callers map "no value" to ±Infinity.
 */

const DIGITS = 1 << 16;
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
/** Little-endian hosts (every browser we run in) keep the high word second. */
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
const LO = 1 - HI;

/** Fills hi/lo with words whose unsigned order is the keys' numeric order (-0 = +0). */
function orderBits(keys: ArrayLike<number>, n: number, hi: Uint32Array, lo: Uint32Array): void {
  for (let i = 0; i < n; i++) {
    const k = keys[i] as number;
    f64[0] = k === 0 ? 0 : k;
    let h = u32[HI] as number;
    let l = u32[LO] as number;
    if (h & 0x80000000) {
      // Negative: flip everything, so larger magnitudes sort first.
      h = ~h >>> 0;
      l = ~l >>> 0;
    } else h = (h | 0x80000000) >>> 0;
    hi[i] = h;
    lo[i] = l;
  }
}

/**
 * The permutation that sorts `keys[0..n)` ascending, stable: equal keys keep
 * their input order. `perm[j]` is the input index of the j-th smallest.
 */
export function stableOrder(keys: ArrayLike<number>, n = keys.length): Uint32Array {
  let idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  if (n < 2) return idx;
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  orderBits(keys, n, hi, lo);
  let tmp = new Uint32Array(n);
  const count = new Uint32Array(DIGITS);
  for (let pass = 0; pass < 4; pass++) {
    const word = pass < 2 ? lo : hi;
    const shift = (pass & 1) * 16;
    count.fill(0);
    for (let i = 0; i < n; i++) {
      const d = ((word[i] as number) >>> shift) & 0xffff;
      count[d] = (count[d] as number) + 1;
    }
    if (count[((word[0] as number) >>> shift) & 0xffff] === n) continue; // every key has this digit
    let sum = 0;
    for (let d = 0; d < DIGITS; d++) {
      const c = count[d] as number;
      count[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const j = idx[i] as number;
      const d = ((word[j] as number) >>> shift) & 0xffff;
      const at = count[d] as number;
      count[d] = at + 1;
      tmp[at] = j;
    }
    const swap = idx;
    idx = tmp;
    tmp = swap;
  }
  return idx;
}

/**
 * (key, seq) pairs in physical order: keys ascending, equal keys by seq
 * (ascending or descending: the run's tie order). The arrays have spare
 * capacity past `length`, so merging a batch only moves the rows after the
 * first insertion point (appends at the end, the common case, move none).
 */
export interface SortedRun {
  keys: Float64Array;
  seqs: Float64Array;
  length: number;
}

/** Whether (ak, as) goes after (bk, bs). */
const after = (ak: number, as: number, bk: number, bs: number, seqAscending: boolean): boolean =>
  ak > bk || (ak === bk && (seqAscending ? as > bs : as < bs));

/**
 * Merges `add` (in the same order) into `run`, in place from the back.
 * O(add + rows after the first insertion point).
 */
export function mergeRuns(run: SortedRun, add: SortedRun, seqAscending: boolean): void {
  const n = run.length + add.length;
  if (n > run.keys.length) {
    const cap = Math.max(n, Math.ceil(run.keys.length * 1.5), 1024);
    const keys = new Float64Array(cap);
    const seqs = new Float64Array(cap);
    keys.set(run.keys.subarray(0, run.length));
    seqs.set(run.seqs.subarray(0, run.length));
    run.keys = keys;
    run.seqs = seqs;
  }
  const { keys, seqs } = run;
  let i = run.length - 1;
  let j = add.length - 1;
  for (let o = n - 1; j >= 0; o--) {
    const ak = add.keys[j] as number;
    const as = add.seqs[j] as number;
    if (i >= 0 && after(keys[i] as number, seqs[i] as number, ak, as, seqAscending)) {
      keys[o] = keys[i] as number;
      seqs[o] = seqs[i--] as number;
    } else {
      keys[o] = ak;
      seqs[o] = as;
      j--;
    }
  }
  run.length = n;
}

/** Drops, in place, the pairs whose seq fails `keep` (evicted, or about to be re-keyed). */
export function filterRun(run: SortedRun, keep: (seq: number) => boolean): void {
  const { keys, seqs } = run;
  let o = 0;
  for (let i = 0; i < run.length; i++) {
    const s = seqs[i] as number;
    if (!keep(s)) continue;
    keys[o] = keys[i] as number;
    seqs[o++] = s;
  }
  run.length = o;
}

/** Sorts (key, seq) pairs given in tie order into a run, with room for `capacity` pairs (live batches merge without copying). */
export function sortRun(keys: ArrayLike<number>, seqs: ArrayLike<number>, n: number, capacity = n): SortedRun {
  const perm = stableOrder(keys, n);
  const k = new Float64Array(Math.max(n, capacity));
  const s = new Float64Array(Math.max(n, capacity));
  for (let i = 0; i < n; i++) {
    const p = perm[i] as number;
    k[i] = keys[p] as number;
    s[i] = seqs[p] as number;
  }
  return { keys: k, seqs: s, length: n };
}
