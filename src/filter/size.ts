/**
 * `size:` values: `>1k`, `>=1k`, `<512`, `<=512`, `=100`, `100`, `100..2k`,
 * `1k..`, `..2k`. Units b, k/kb/kib, m/mb/mib, case-insensitive; binary
 * multiples (1k = 1024), since the panel shows sizes that way.
 */
import { filterError } from './ast';
import type { FilterError } from './ast';

const AMOUNT = /^(\d+(?:\.\d+)?|\.\d+)(b|k|kb|kib|m|mb|mib)?$/i;
const UNIT: Record<string, number> = { b: 1, k: 1024, kb: 1024, kib: 1024, m: 1048576, mb: 1048576, mib: 1048576 };

export type SizeResult = { ok: true; min: number; max: number } | { ok: false; error: FilterError };

function amount(text: string, at: number): { ok: true; n: number } | { ok: false; error: FilterError } {
  const m = AMOUNT.exec(text);
  if (!m || m[1] === undefined) {
    const message =
      text === ''
        ? 'missing size, e.g. `size:>1k`'
        : `bad size \`${text}\`: expected a number with an optional unit b, k, kb, m or mb (e.g. 512, 1.5k, 2mb)`;
    return { ok: false, error: filterError('bad-value', message, at, at + Math.max(text.length, 1)) };
  }
  return { ok: true, n: Number(m[1]) * (UNIT[(m[2] ?? 'b').toLowerCase()] ?? 1) };
}

/** `raw` is the value text, `at` its offset in the query. Bounds are inclusive byte counts. */
export function parseSize(raw: string, at: number): SizeResult {
  const range = raw.indexOf('..');
  if (range >= 0) {
    const lo = raw.slice(0, range);
    const hi = raw.slice(range + 2);
    if (lo === '' && hi === '')
      return {
        ok: false,
        error: filterError('bad-value', 'a size range needs at least one end, e.g. `size:100..2k`', at, at + raw.length),
      };
    const a = lo === '' ? { ok: true as const, n: 0 } : amount(lo, at);
    if (!a.ok) return a;
    const b = hi === '' ? { ok: true as const, n: Infinity } : amount(hi, at + range + 2);
    if (!b.ok) return b;
    if (a.n > b.n) return { ok: false, error: filterError('bad-value', `empty size range: ${lo} is more than ${hi}`, at, at + raw.length) };
    return { ok: true, min: Math.ceil(a.n), max: Math.floor(b.n) };
  }
  const op = /^(>=|<=|>|<|=)?/.exec(raw)?.[0] ?? '';
  const a = amount(raw.slice(op.length), at + op.length);
  if (!a.ok) return a;
  const n = a.n;
  switch (op) {
    case '>':
      return { ok: true, min: Math.floor(n) + 1, max: Infinity };
    case '>=':
      return { ok: true, min: Math.ceil(n), max: Infinity };
    case '<':
      return { ok: true, min: 0, max: Math.ceil(n) - 1 };
    case '<=':
      return { ok: true, min: 0, max: Math.floor(n) };
    default:
      return { ok: true, min: Math.ceil(n), max: Math.floor(n) };
  }
}
