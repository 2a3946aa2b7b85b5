/**
 * `/regex/flags` literals: finding where one ends, validating its flags, and
 * compiling it. Errors point at the offending characters.
 */
import { filterError } from './ast';
import type { FilterError } from './ast';
import { checkRegexSafety } from './regex-safety';

/**
 * Flags that make sense for testing one message. `g` and `y` are refused:
 * they make `RegExp.test` stateful (lastIndex), so the same message would
 * match on one call and not on the next. `d` only adds indices: harmless.
 */
const ALLOWED_FLAGS = 'imsuvd';

export type RegexScan =
  { ok: true; body: string; flags: string; bodyStart: number; flagsStart: number; end: number } | { ok: false; error: FilterError };

/** True for characters that end a bare token (whitespace or a parenthesis). */
export function isDelimiter(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '(' || ch === ')';
}

/**
 * Scans a regex literal whose opening `/` is at `start`. The closing `/` is
 * the first one that is neither escaped nor inside a `[...]` class, as in
 * JavaScript. Flags run to the next delimiter.
 */
export function scanRegex(src: string, start: number): RegexScan {
  let i = start + 1;
  let inClass = false;
  for (; i < src.length; i++) {
    const ch = src[i];
    if (ch === '\\') i++;
    else if (ch === '[') inClass = true;
    else if (ch === ']') inClass = false;
    else if (ch === '/' && !inClass) break;
    else if (ch === '\n') break;
  }
  if (i >= src.length || src[i] !== '/') {
    return {
      ok: false,
      error: filterError(
        'unclosed-regex',
        'unclosed regex: add the closing `/` (or quote the text to search for a slash)',
        start,
        src.length,
      ),
    };
  }
  const bodyStart = start + 1;
  const body = src.slice(bodyStart, i);
  const flagsStart = i + 1;
  let end = flagsStart;
  while (end < src.length && !isDelimiter(src.charAt(end))) end++;
  if (body === '') return { ok: false, error: filterError('bad-regex', 'empty regex `//`', start, end) };
  return { ok: true, body, flags: src.slice(flagsStart, end), bodyStart, flagsStart, end };
}

/** Validates the flags and compiles; a syntax error points at the whole literal. */
export function compileRegex(
  src: string,
  scan: Extract<RegexScan, { ok: true }>,
): { ok: true; re: RegExp } | { ok: false; error: FilterError } {
  const seen = new Set<string>();
  for (let k = 0; k < scan.flags.length; k++) {
    const flag = scan.flags.charAt(k);
    const at = scan.flagsStart + k;
    if (flag === 'g' || flag === 'y') {
      return {
        ok: false,
        error: filterError(
          'bad-regex-flags',
          `regex flag \`${flag}\` is not allowed here (a filter tests each message once); use i, m, s, u or v`,
          at,
          at + 1,
        ),
      };
    }
    if (!ALLOWED_FLAGS.includes(flag)) {
      // Often not a regex at all but a path like /api/v1: say how to search for it.
      return {
        ok: false,
        error: filterError(
          'bad-regex-flags',
          `unknown regex flag \`${flag}\` (allowed: i, m, s, u, v) — to search for text with a \`/\`, put it in quotes`,
          at,
          at + 1,
        ),
      };
    }
    if (seen.has(flag)) return { ok: false, error: filterError('bad-regex-flags', `regex flag \`${flag}\` given twice`, at, at + 1) };
    seen.add(flag);
  }
  if (seen.has('u') && seen.has('v')) {
    return { ok: false, error: filterError('bad-regex-flags', 'regex flags `u` and `v` cannot be combined', scan.flagsStart, scan.end) };
  }
  const safety = checkRegexSafety(scan.body, scan.flags);
  if (!safety.safe) {
    const at = scan.bodyStart + safety.start;
    return { ok: false, error: filterError('slow-regex', `regex refused: ${safety.reason}`, at, scan.bodyStart + safety.end) };
  }
  try {
    const re = new RegExp(scan.body, scan.flags);
    // V8 compiles a pattern on its first use, once per string width, and may only then find it
    // "too large": use it now on both widths, so that shows here rather than in the scan.
    re.test('a');
    re.test('\u0100');
    return { ok: true, re };
  } catch (e) {
    // The engine's message names the problem ("Unterminated group", ...); keep it.
    // V8 says "Invalid regular expression: /a(/i: Unterminated group": keep the part after the literal.
    const msg = e instanceof Error ? e.message : String(e);
    const detail = msg.startsWith('Invalid regular expression') ? msg.slice(msg.lastIndexOf(': ') + 2) : msg;
    return { ok: false, error: filterError('bad-regex', `invalid regex: ${detail}`, scan.bodyStart - 1, scan.end) };
  }
}

/** Escapes text so it can be embedded in a RegExp source literally (valid with or without `u`). */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
