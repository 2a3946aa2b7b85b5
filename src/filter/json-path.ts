/**
 * `json:` values: a path, then optionally an operator and a value.
 *   `user.id`          the path exists
 *   `user.id=42`       equals (scalars compare as text, numbers numerically: 42 matches 42 and "42")
 *   `user.id!=42`      exists and differs (use `-json:user.id=42` to include records without it)
 *   `n>5` `n>=5` `n<5` `n<=5`  numeric comparison (numbers only)
 *   `a.b[0].c`, `["key.with.dots"].x`, an optional leading `$`/`$.`
 */
import { filterError } from './ast';
import type { FieldTerm, FilterError, JsonOp, JsonPathSegment } from './ast';
import { scanQuoted } from './lexer';

type JsonTerm = Extract<FieldTerm, { field: 'json' }>;
const NAME = /[^.[\]=!<>]+/y;
const OP = /!=|>=|<=|=|<|>/y;

export function parseJsonFilter(raw: string, at: number): { ok: true; term: JsonTerm } | { ok: false; error: FilterError } {
  const bad = (why: string, from: number, to: number) => ({ ok: false as const, error: filterError('bad-value', why, at + from, at + to) });
  const path: JsonPathSegment[] = [];
  let i = raw.startsWith('$.') ? 2 : raw.startsWith('$') ? 1 : 0;
  while (i < raw.length) {
    const ch = raw.charAt(i);
    if (ch === '[') {
      const close = raw[i + 1] === '"' ? scanQuoted(raw, i + 1) : undefined;
      if (close && !close.ok) return bad('unclosed quote in JSON path', i + 1, raw.length);
      const end = close?.ok ? close.end : raw.indexOf(']', i);
      if (end < 0 || raw[end] !== ']') return bad('expected `]` in JSON path', i, raw.length);
      if (close?.ok) path.push(close.text);
      else {
        const n = raw.slice(i + 1, end);
        if (!/^\d+$/.test(n)) return bad(`array index must be a number, e.g. [0]; got \`[${n}]\``, i, end + 1);
        path.push(Number(n));
      }
      i = end + 1;
      continue;
    }
    if (ch === '.' && path.length > 0) i++;
    NAME.lastIndex = i;
    const name = NAME.exec(raw);
    if (!name) break;
    path.push(name[0]);
    i += name[0].length;
  }
  if (i >= raw.length) {
    if (path.length === 0) return bad('missing JSON path, e.g. `json:user.id=42`', 0, 1);
    return { ok: true, term: { field: 'json', path, op: 'exists' } };
  }
  OP.lastIndex = i;
  const op = OP.exec(raw)?.[0] as JsonOp | undefined;
  if (!op) return bad(`unexpected \`${raw.charAt(i)}\` in JSON path`, i, i + 1);
  let value = raw.slice(i + op.length);
  if (value.startsWith('"')) {
    const q = scanQuoted(value, 0);
    if (!q.ok || q.end !== value.length) return bad('bad quoted JSON value', i + op.length, raw.length);
    value = q.text;
  } else if (value === '') return bad(`missing value after \`${op}\``, i, i + op.length);
  if (op.length > 0 && op !== '=' && op !== '!=' && !Number.isFinite(Number(value))) {
    return bad(`\`${op}\` compares numbers; \`${value}\` is not one`, i + op.length, raw.length);
  }
  return { ok: true, term: { field: 'json', path, op, value } };
}

/** The value at `path`, or undefined. Own properties only: `constructor` is not a key of `{}`. */
export function resolveJsonPath(root: unknown, path: readonly JsonPathSegment[]): unknown {
  let cur = root;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    const key = String(seg);
    if (!Object.hasOwn(cur, key)) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/** Compiles the comparison once per query, not per record. */
export function jsonMatcher(term: JsonTerm): (root: unknown) => boolean {
  const { path, op, value = '' } = term;
  const num = value.trim() === '' ? NaN : Number(value);
  const equals = (v: unknown): boolean => {
    if (typeof v === 'number') return v === num;
    if (typeof v === 'string') return v === value;
    if (v === null || typeof v === 'boolean') return String(v) === value;
    return JSON.stringify(v) === value;
  };
  return (root) => {
    const v = resolveJsonPath(root, path);
    if (v === undefined) return false;
    switch (op) {
      case 'exists':
        return true;
      case '=':
        return equals(v);
      case '!=':
        return !equals(v);
      case '<':
        return typeof v === 'number' && v < num;
      case '<=':
        return typeof v === 'number' && v <= num;
      case '>':
        return typeof v === 'number' && v > num;
      case '>=':
        return typeof v === 'number' && v >= num;
    }
  };
}
