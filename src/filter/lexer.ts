/**
 * Splits a query into tokens, each with its source range. Whitespace
 * separates terms; `(`/`)` group; a leading `-` negates; `OR`/`AND` are
 * keywords only in upper case (so the word "or" stays searchable).
 */
import { FILTER_LIMITS, filterError } from './ast';
import type { FilterError } from './ast';
import { isDelimiter, scanRegex } from './regex';
import type { RegexScan } from './regex';

export type Token = { start: number; end: number } & (
  | { t: 'word'; text: string }
  | { t: 'phrase'; text: string }
  | { t: 'regex'; scan: Extract<RegexScan, { ok: true }> }
  /** `name:value`; `raw` is the value's source text (quotes included), from `valueStart`. */
  | { t: 'field'; name: string; valueStart: number; raw: string }
  | { t: 'or' }
  | { t: 'and' }
  | { t: 'lparen' }
  | { t: 'rparen' }
  | { t: 'neg' }
);

export type LexResult = { ok: true; tokens: Token[] } | { ok: false; error: FilterError };

type Scan = { ok: true; text: string; end: number } | { ok: false; error: FilterError };

/** A `"…"` string at `start`; `\"` and `\\` are the only escapes. */
export function scanQuoted(src: string, start: number): Scan {
  let text = '';
  for (let i = start + 1; i < src.length; i++) {
    const ch = src.charAt(i);
    if (ch === '"') return { ok: true, text, end: i + 1 };
    if (ch === '\\' && (src[i + 1] === '"' || src[i + 1] === '\\')) {
      text += src.charAt(i + 1);
      i++;
    } else text += ch;
  }
  return { ok: false, error: filterError('unclosed-quote', 'unclosed quote: add the closing `"`', start, src.length) };
}

/**
 * A bare run up to whitespace. Parentheses balanced inside the run belong to
 * it (`fn(x)` is one word), so only an unbalanced `)` ends it: that one
 * closes a group. In field values, `"…"` sections may hold spaces.
 */
function scanBare(src: string, start: number, quotes: boolean): Scan {
  let depth = 0;
  let i = start;
  while (i < src.length) {
    const ch = src.charAt(i);
    if (ch === ')' && depth === 0) break;
    if (isDelimiter(ch) && ch !== '(' && ch !== ')') break;
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === '"' && quotes) {
      const q = scanQuoted(src, i);
      if (!q.ok) return q;
      i = q.end;
      continue;
    }
    i++;
  }
  return { ok: true, text: src.slice(start, i), end: i };
}

const FIELD_NAME = /[A-Za-z][A-Za-z0-9_-]*:/y;

export function lex(src: string): LexResult {
  if (src.length > FILTER_LIMITS.queryChars) {
    const message = `query longer than ${FILTER_LIMITS.queryChars} characters: the rest is marked`;
    return { ok: false, error: filterError('too-long', message, FILTER_LIMITS.queryChars, src.length) };
  }
  const tokens: Token[] = [];
  let i = 0;
  for (;;) {
    // Every token is checked once it is scanned: a huge term would cost every record a huge scan.
    const last = tokens[tokens.length - 1];
    if (last && last.end - last.start > FILTER_LIMITS.termChars) {
      const message = `term longer than ${FILTER_LIMITS.termChars} characters: search for a shorter part of it`;
      return { ok: false, error: filterError('too-long', message, last.start, last.end) };
    }
    if (i >= src.length) break;
    const ch = src.charAt(i);
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      i++;
      continue;
    }
    const start = i;
    if (ch === '(' || ch === ')') {
      tokens.push({ t: ch === '(' ? 'lparen' : 'rparen', start, end: i + 1 });
      i++;
      continue;
    }
    if (ch === '-') {
      const next = src.charAt(i + 1);
      if (next === '' || (isDelimiter(next) && next !== '(')) {
        return {
          ok: false,
          error: filterError('lone-minus', '`-` must be followed directly by the term to exclude, e.g. `-ping`', i, i + 1),
        };
      }
      tokens.push({ t: 'neg', start, end: i + 1 });
      i++;
      continue;
    }
    if (ch === '"') {
      const q = scanQuoted(src, i);
      if (!q.ok) return q;
      tokens.push({ t: 'phrase', text: q.text, start, end: q.end });
      i = q.end;
      continue;
    }
    if (ch === '/') {
      const r = scanRegex(src, i);
      if (!r.ok) return r;
      tokens.push({ t: 'regex', scan: r, start, end: r.end });
      i = r.end;
      continue;
    }
    FIELD_NAME.lastIndex = i;
    const field = FIELD_NAME.exec(src);
    if (field) {
      const valueStart = i + field[0].length;
      // A regex value may hold spaces. If it does not scan as one, take the bare run and let the
      // field report it: `http://x` must say "unknown field `http:`", not "empty regex".
      const r = src[valueStart] === '/' ? scanRegex(src, valueStart) : undefined;
      const value: Scan = r?.ok ? { ok: true, text: src.slice(valueStart, r.end), end: r.end } : scanBare(src, valueStart, true);
      if (!value.ok) return value;
      tokens.push({ t: 'field', name: field[0].slice(0, -1), valueStart, raw: value.text, start, end: value.end });
      i = value.end;
      continue;
    }
    const word = scanBare(src, i, false);
    if (!word.ok) return word;
    const kw = word.text === 'OR' ? 'or' : word.text === 'AND' ? 'and' : undefined;
    tokens.push(kw ? { t: kw, start, end: word.end } : { t: 'word', text: word.text, start, end: word.end });
    i = word.end;
  }
  return { ok: true, tokens };
}
