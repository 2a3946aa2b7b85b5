/**
 * Time values for `time:`, `after:` and `before:`. Forms, all resolved
 * against the caller's `now` when the filter is compiled:
 *   `12:30`, `12:30:05`, `12:30:05.250`  the most recent such local time of day
 *   `-30s`, `-5m`, `-1h30m`, `-500ms`     that long before now
 *   `2024-05-01`, `2024-05-01T12:30:05`    a local date (or date-time; a `Z`/offset is honoured)
 * A point covers its precision: `time:12:30` is that whole minute.
 */
import { filterError } from './ast';
import type { FilterError, TimeBound, TimePoint, TimeRange } from './ast';

const CLOCK = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/;
const AGO = /^-(?:\d+(?:\.\d+)?(?:ms|s|m|h|d))+$/;
const AGO_PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/g;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})?$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const DAY = 86_400_000;

type PointResult = { ok: true; point: TimePoint } | { ok: false; error: FilterError };

export function parseTimePoint(text: string, at: number): PointResult {
  const bad = (why: string): PointResult => ({ ok: false, error: filterError('bad-value', why, at, at + Math.max(text.length, 1)) });
  const clock = CLOCK.exec(text);
  if (clock) {
    const [h, m, s, frac] = [Number(clock[1]), Number(clock[2]), Number(clock[3] ?? 0), clock[4]];
    if (h > 23 || m > 59 || s > 59) return bad(`bad time of day \`${text}\``);
    const span = frac !== undefined ? 10 ** (3 - frac.length) : clock[3] !== undefined ? 1000 : 60_000;
    return { ok: true, point: { kind: 'clock', h, m, s, ms: frac === undefined ? 0 : Number(frac.padEnd(3, '0')), span } };
  }
  if (AGO.test(text)) {
    let ms = 0;
    for (const part of text.matchAll(AGO_PART)) ms += Number(part[1]) * (UNIT_MS[part[2] ?? 'ms'] ?? 1);
    return { ok: true, point: { kind: 'ago', ms, span: 0 } };
  }
  const date = DATE.exec(text);
  if (date) {
    const t = new Date(Number(date[1]), Number(date[2]) - 1, Number(date[3])).getTime();
    return { ok: true, point: { kind: 'absolute', t, span: DAY } };
  }
  if (DATE_TIME.test(text)) {
    const t = Date.parse(text);
    if (Number.isNaN(t)) return bad(`bad date-time \`${text}\``);
    const seconds = /T\d{2}:\d{2}:\d{2}/.test(text);
    const frac = /\.(\d+)/.exec(text)?.[1];
    return { ok: true, point: { kind: 'absolute', t, span: frac ? 10 ** (3 - frac.length) : seconds ? 1000 : 60_000 } };
  }
  return bad(
    text === ''
      ? 'missing time, e.g. `after:12:30`, `after:-5m` or `after:2024-05-01T12:30`'
      : `bad time \`${text}\`: use 12:30[:05[.250]], -5m (ago: ms, s, m, h, d) or 2024-05-01[T12:30:05]`,
  );
}

/** `time:` values: `>X`, `>=X`, `<X`, `<=X`, `X` (its whole precision), `X..Y`. */
export function parseTimeRange(raw: string, at: number): { ok: true; range: TimeRange } | { ok: false; error: FilterError } {
  const dots = raw.indexOf('..');
  if (dots >= 0) {
    const lo = raw.slice(0, dots);
    const hi = raw.slice(dots + 2);
    const range: TimeRange = {};
    if (lo !== '') {
      const p = parseTimePoint(lo, at);
      if (!p.ok) return p;
      range.lo = { point: p.point, edge: 'start' };
    }
    if (hi !== '') {
      const p = parseTimePoint(hi, at + dots + 2);
      if (!p.ok) return p;
      range.hi = { point: p.point, edge: 'end' };
    }
    if (!range.lo && !range.hi)
      return { ok: false, error: filterError('bad-value', 'a time range needs at least one end', at, at + raw.length) };
    return { ok: true, range };
  }
  const op = /^(>=|<=|>|<|=)?/.exec(raw)?.[0] ?? '';
  const p = parseTimePoint(raw.slice(op.length), at + op.length);
  if (!p.ok) return p;
  const point = p.point;
  switch (op) {
    case '>':
      return { ok: true, range: { lo: { point, edge: 'end' } } };
    case '>=':
      return { ok: true, range: { lo: { point, edge: 'start' } } };
    case '<':
      return { ok: true, range: { hi: { point, edge: 'start' } } };
    case '<=':
      return { ok: true, range: { hi: { point, edge: 'end' } } };
    default:
      return { ok: true, range: { lo: { point, edge: 'start' }, hi: { point, edge: 'end' } } };
  }
}

function resolvePoint(point: TimePoint, now: number): number {
  if (point.kind === 'absolute') return point.t;
  if (point.kind === 'ago') return now - point.ms;
  const d = new Date(now);
  d.setHours(point.h, point.m, point.s, point.ms);
  // A time of day later than now means yesterday: at 00:05, `after:23:50` is 15 minutes ago.
  if (d.getTime() > now) d.setDate(d.getDate() - 1);
  return d.getTime();
}

function resolveBound(b: TimeBound, now: number): number {
  return resolvePoint(b.point, now) + (b.edge === 'end' ? b.point.span : 0);
}

/** Resolved bounds: a record matches when `lo <= t < hi`. */
export function resolveTimeRange(range: TimeRange, now: number): { lo: number; hi: number } {
  const lo = range.lo ? resolveBound(range.lo, now) : -Infinity;
  let hi = range.hi ? resolveBound(range.hi, now) : Infinity;
  // `23:50..00:10` crosses midnight: its end is the day after its start.
  if (range.hi?.point.kind === 'clock' && hi <= lo) hi += DAY;
  return { lo, hi };
}
