/**
 * Which JavaScript regular expressions can run on the native (backtracking)
 * engine without catastrophic backtracking. Used by the filter (table scan and
 * highlighter) and by intercept rules, which run on the page's own thread in
 * the hook: both refuse what this module calls unsafe. No imports beyond its
 * character sets (regex-charsets.ts), on purpose: the hook bundles it into
 * every frame, and the panel's command validation can call it too.
 *
 * Refused (each can take exponential or cubic-and-worse time on some text):
 *   - a repeated piece whose width varies: `(a+)+`, `(a?){30}`, `(\w+\s?)*`
 *     (unless one fixed character that the rest cannot match delimits each
 *     repetition, as in `(\w+\.)+` or `(,\d+)*`);
 *   - a repeated alternation whose branches can start alike or be empty:
 *     `(a|ab)+`, `(\w|\d)*`, `(x|)+` (`(get|put)+` is fine);
 *   - two unbounded quantifiers that can match the same characters with
 *     nothing in between that separates them: `\d+\d*`, `.*x.*`, `a*b*a*`;
 *   - backreferences (`\1`, `\k<n>`) and lookarounds holding `*`, `+` or `{n,}`.
 * What is accepted can still be quadratic in the text's length (the search
 * retries at each position: `/a+b/` on a long run of `a`), never worse.
 */

import { CLASS_ESCAPES, CONTROL_ESCAPES, addRange, all, invert, none, overlaps, union, type Chars } from './regex-charsets';

export type RegexSafety = { safe: true } | { safe: false; reason: string; start: number; end: number };

/**
 * What a piece of pattern can match: its characters, its first characters, its width range;
 * `vary`: a quantifier inside lets its width vary; `ways`: branches of an ambiguous alternation
 * inside; `delimited`: it starts or ends with one fixed character that nothing else in it matches.
 */
interface Info {
  set: Chars;
  first: Chars;
  min: number;
  max: number;
  vary: boolean;
  ways: number;
  delimited: boolean;
}

const ZERO: Info = { set: none(), first: none(), min: 0, max: 0, vary: false, ways: 1, delimited: false };
const char = (c: Chars): Info => ({ set: c, first: c, min: 1, max: 1, vary: false, ways: 1, delimited: false });
/** Wider than this range of widths, a quantifier counts as unbounded for the adjacency rule. */
const WIDE = 16;
/** Most alternative ways to match a bounded repetition (`(\d{1,3}\.){3}` has 27): above it, refused. */
const MAX_WAYS = 10_000;
const MAX_DEPTH = 32;

class Unsafe {
  constructor(
    readonly reason: string,
    readonly start: number,
    readonly end: number,
  ) {}
}

class Checker {
  private i = 0;
  constructor(
    private readonly src: string,
    private readonly icase: boolean,
    private readonly vmode: boolean,
  ) {}

  check(): void {
    // An unmatched `)` is skipped: the engine reports it, not us.
    for (this.alternation(0); this.i < this.src.length; this.alternation(0)) this.i++;
  }

  private alternation(depth: number): Info {
    const branches = [this.sequence(depth)];
    while (this.src[this.i] === '|') {
      this.i++;
      branches.push(this.sequence(depth));
    }
    if (branches.length === 1) return branches[0] as Info;
    let ambiguous = false;
    branches.forEach((b, k) => {
      if (b.min === 0 || branches.slice(0, k).some((a) => overlaps(a.first, b.first))) ambiguous = true;
    });
    return branches.reduce((acc, b) => ({
      set: union(acc.set, b.set),
      first: union(acc.first, b.first),
      min: Math.min(acc.min, b.min),
      max: Math.max(acc.max, b.max),
      vary: acc.vary || b.vary,
      ways: Math.max(acc.ways, b.ways, ambiguous ? branches.length : 1),
      delimited: false,
    }));
  }

  private sequence(depth: number): Info {
    const items: Info[] = [];
    let chain: Chars | undefined; // what the unbounded quantifiers since the last separator can match
    let chainStart = 0;
    while (this.i < this.src.length && this.src[this.i] !== '|' && this.src[this.i] !== ')') {
      const start = this.i;
      const item = this.quantified(this.atom(depth), start);
      if (item.max - item.min > WIDE) {
        if (chain && overlaps(chain, item.set)) {
          throw new Unsafe(
            'two unbounded quantifiers can match the same characters (as in `.*x.*` or `\\d+\\d*`): the time can grow with a power of the text length',
            chainStart,
            this.i,
          );
        }
        // A wide piece that must match something the chain cannot is a separator too: `\d+\s+\d+`.
        if (!chain || item.min > 0) chainStart = start;
        chain = chain && item.min === 0 ? union(chain, item.set) : item.set;
      } else if (chain && item.min > 0 && !overlaps(chain, item.set)) chain = undefined; // a separator
      items.push(item);
    }
    if (items.length === 0) return ZERO;
    let first = none();
    for (const it of items) {
      first = union(first, it.first);
      if (it.min > 0) break;
    }
    const [head] = items;
    const tail = items[items.length - 1] as Info;
    const rest = (skip: Info): Chars => items.reduce((acc, it) => (it === skip ? acc : union(acc, it.set)), none());
    const sep = (it: Info | undefined): boolean =>
      it !== undefined && it.min === 1 && it.max === 1 && items.length > 1 && !overlaps(it.set, rest(it));
    return {
      set: items.reduce((acc, it) => union(acc, it.set), none()),
      first,
      min: items.reduce((n, it) => n + it.min, 0),
      max: items.reduce((n, it) => n + it.max, 0),
      vary: items.some((it) => it.vary),
      ways: items.reduce((n, it) => Math.max(n, it.ways), 1),
      delimited: sep(head) || sep(tail),
    };
  }

  private quantified(body: Info, start: number): Info {
    const q = /(?:([*+?])|\{(\d+)(?:(,)(\d*))?\})\??/y;
    q.lastIndex = this.i;
    const m = q.exec(this.src);
    if (!m) return body;
    this.i = q.lastIndex;
    const qmin = m[1] === '+' ? 1 : m[1] ? 0 : Number(m[2]);
    const qmax = m[1] === '?' ? 1 : m[1] ? Infinity : m[3] ? (m[4] ? Number(m[4]) : Infinity) : qmin;
    if (qmax >= 2) {
      const span = body.max - body.min + 1;
      if (body.vary && !body.delimited && (qmax === Infinity || span === Infinity || span ** qmax > MAX_WAYS)) {
        throw new Unsafe(
          'a repeated group whose width varies (as in `(a+)+` or `(a?){20}`) can take exponential time: repeat a single piece instead, e.g. `a+`',
          start,
          this.i,
        );
      }
      if (body.ways > 1 && (qmax === Infinity || body.ways ** qmax > MAX_WAYS)) {
        throw new Unsafe(
          'a repeated alternation whose branches can start alike or be empty (as in `(a|ab)+`) can take exponential time: use a class like `[ab]+` or make the branches start differently',
          start,
          this.i,
        );
      }
    }
    const max = body.max === 0 ? 0 : body.max * qmax;
    return { ...body, min: body.min * qmin, max, vary: body.vary || (qmax > qmin && max > 0), delimited: false };
  }

  private atom(depth: number): Info {
    const start = this.i;
    const ch = this.src[this.i++] ?? '';
    if (ch === '^' || ch === '$') return ZERO;
    if (ch === '.') return char(all());
    if (ch === '[') return char(this.charClass());
    if (ch === '\\') return this.escape(start);
    if (ch !== '(') {
      const cp = this.src.codePointAt(start) ?? 0;
      if (cp > 0xffff) this.i++;
      return char(addRange(none(), cp, cp, this.icase));
    }
    if (depth >= MAX_DEPTH) throw new Unsafe(`groups nested deeper than ${MAX_DEPTH}`, start, this.i);
    const look = /\?<?[=!]/y;
    look.lastIndex = this.i;
    const isLook = look.test(this.src);
    if (isLook) this.i = look.lastIndex;
    else if (this.src[this.i] === '?') this.i = Math.max(this.src.indexOf(this.src[this.i + 1] === '<' ? '>' : ':', this.i), this.i) + 1;
    const inner = this.alternation(depth + 1);
    if (this.src[this.i] === ')') this.i++;
    if (!isLook) return inner;
    if (inner.max - inner.min > WIDE)
      throw new Unsafe(
        'a lookahead or lookbehind holding `*`, `+` or `{n,}` rescans the text at every position: keep it to fixed text',
        start,
        this.i,
      );
    return ZERO;
  }

  private escape(start: number): Info {
    const c = this.src[this.i++] ?? '';
    if (c === 'b' || c === 'B') return ZERO;
    if ((c >= '1' && c <= '9') || (c === 'k' && this.src[this.i] === '<')) {
      throw new Unsafe('backreferences can take exponential time', start, Math.min(this.i + 1, this.src.length));
    }
    return char(this.escapedChars(c));
  }

  /** The characters an escape after `\` stands for (the index is past its first character). */
  private escapedChars(c: string): Chars {
    const cls = CLASS_ESCAPES[c];
    if (cls) return cls();
    if (c === 'p' || c === 'P') {
      const close = this.src.indexOf('}', this.i);
      if (this.src[this.i] === '{' && close > 0) this.i = close + 1;
      return all();
    }
    const code = CONTROL_ESCAPES[c];
    if (code !== undefined) return addRange(none(), code, code, false);
    if (c === 'x' || c === 'u' || c === 'c') {
      const hex = c === 'c' ? /[A-Za-z]/y : c === 'x' ? /[0-9a-fA-F]{2}/y : /\{[0-9a-fA-F]+\}|[0-9a-fA-F]{4}/y;
      hex.lastIndex = this.i;
      const m = hex.exec(this.src);
      if (!m) return addRange(none(), c.charCodeAt(0), c.charCodeAt(0), this.icase);
      this.i = hex.lastIndex;
      const cp = c === 'c' ? m[0].charCodeAt(0) % 32 : parseInt(m[0].replace(/[{}]/g, ''), 16);
      return addRange(none(), cp, cp, this.icase);
    }
    const cp = this.src.codePointAt(this.i - 1) ?? 0;
    return addRange(none(), cp, cp, this.icase);
  }

  /** A `[...]` class, the index past its `[`. With the `v` flag (nested classes, `--`, `&&`): any character. */
  private charClass(): Chars {
    const negated = this.src[this.i] === '^';
    if (negated) this.i++;
    let set = none();
    let nested = 0;
    let prev = -1; // the last single character, for ranges `a-z`
    while (this.i < this.src.length) {
      const ch = this.src[this.i++] ?? '';
      if (ch === ']' && nested === 0) break;
      if (this.vmode) {
        if (ch === '\\') this.i++;
        else if (ch === '[') nested++;
        else if (ch === ']') nested--;
        set = all();
        continue;
      }
      let cp = ch.codePointAt(0) ?? 0;
      let chars: Chars | undefined;
      if (ch === '\\') {
        const c = this.src[this.i++] ?? '';
        chars = c === 'b' ? addRange(none(), 8, 8, false) : this.escapedChars(c);
        cp = CLASS_ESCAPES[c] || c === 'p' || c === 'P' ? -1 : firstCode(chars);
      }
      if (ch === '-' && prev >= 0 && this.src[this.i] !== ']') {
        const hi = this.src[this.i] === '\\' ? -1 : (this.src.codePointAt(this.i) ?? -1);
        this.i += hi > 0xffff ? 2 : 1;
        set = hi < 0 ? all() : union(set, addRange(none(), prev, hi, this.icase));
        prev = -1;
        continue;
      }
      if (cp > 0xffff) this.i++;
      set = union(set, chars ?? addRange(none(), cp, cp, this.icase));
      prev = cp;
    }
    return negated ? invert(set) : set;
  }
}

function firstCode(c: Chars): number {
  for (let k = 0; k < 128; k++) if (((c.m[k >> 5] ?? 0) >>> (k & 31)) & 1) return k;
  return -1;
}

/** Decides whether `source` (a RegExp body) with `flags` is safe to run on the native engine. Never throws. */
export function checkRegexSafety(source: string, flags = ''): RegexSafety {
  try {
    new Checker(source, flags.includes('i'), flags.includes('v')).check();
    return { safe: true };
  } catch (e) {
    if (e instanceof Unsafe) return { safe: false, reason: e.reason, start: e.start, end: Math.max(e.end, e.start + 1) };
    return { safe: false, reason: 'pattern not understood', start: 0, end: Math.max(source.length, 1) };
  }
}
