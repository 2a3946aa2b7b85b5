/**
 * The filter against its own user: inputs that used to throw (a RangeError
 * from deep nesting, "Regular expression too large" from a huge term) or to
 * stall the panel (catastrophic backtracking) give an error at the place or a
 * fast result. Speed proper is the bench's job: the bounds here are generous.
 */
import { describe, expect, it } from 'vitest';
import { FILTER_LIMITS, compileFilter, highlightRanges, parseFilter } from '../../../src/filter';
import type { MessageRecord } from '../../../src/model/records';

const record = (data: string): MessageRecord => ({ id: 1, conn: 'h1:1', t: 0, dir: 'in', opcode: 1, size: data.length, data });

/** Runs `f`, failing the test if it throws; returns its value and how long it took. */
function timed<T>(f: () => T): { value: T; ms: number } {
  const t0 = performance.now();
  const value = f();
  return { value, ms: performance.now() - t0 };
}

describe('filter limits', () => {
  it('2,000 nested parentheses: a too-deep error at the first parenthesis past the limit', () => {
    const src = '('.repeat(2000) + 'a' + ')'.repeat(2000);
    expect(src.length).toBeLessThanOrEqual(4096); // fits in a saved filter
    const { value: r, ms } = timed(() => parseFilter(src));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('too-deep');
    expect(r.error.start).toBe(FILTER_LIMITS.depth);
    expect(src.slice(r.error.start, r.error.end)).toBe('(');
    expect(ms).toBeLessThan(200);
  });

  it('`-` counts as nesting; 64 levels still parse, compile, match and highlight', () => {
    const deep = parseFilter('-'.repeat(5000) + 'a');
    expect(deep.ok || deep.error.code).toBe('too-deep');
    const src = '('.repeat(32) + '-'.repeat(32) + 'ping' + ')'.repeat(32);
    const r = parseFilter(src);
    if (!r.ok) throw new Error(r.error.message);
    expect(compileFilter(r.query)(record('ping'))).toBe(true); // 32 negations cancel out
    expect(highlightRanges('ping', r.query)).toEqual([{ start: 0, end: 4 }]);
    const over = parseFilter('('.repeat(32) + '-'.repeat(33) + 'ping' + ')'.repeat(32));
    expect(over.ok || over.error.code).toBe('too-deep');
  });

  it('a 33k-character term: a too-long error, never a thrown engine error', () => {
    for (const src of ['x'.repeat(33_000), `"${'é'.repeat(33_000)}"`, `/${'x'.repeat(33_000)}/i`]) {
      const r = parseFilter(src);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('too-long');
    }
  });

  it('a term over 4,096 characters in a shorter query: the error covers that term', () => {
    const long = 'y'.repeat(FILTER_LIMITS.termChars + 1);
    const src = `dir:in ${long} ping`;
    const r = parseFilter(src);
    expect(r.ok).toBe(false);
    if (!r.ok) expect([r.error.code, src.slice(r.error.start, r.error.end)]).toEqual(['too-long', long]);
    const ok = parseFilter(`dir:in ${'y'.repeat(FILTER_LIMITS.termChars)}`);
    expect(ok.ok).toBe(true);
  });

  it('a query over 16 KiB: the error marks what is past the limit', () => {
    const src = 'ab '.repeat(6000);
    const r = parseFilter(src);
    expect(r.ok).toBe(false);
    if (!r.ok) expect([r.error.code, r.error.start, r.error.end]).toEqual(['too-long', FILTER_LIMITS.queryChars, src.length]);
  });

  it('a maximal term of case-folding letters compiles, matches and highlights without throwing', () => {
    const word = 'ſK'.repeat(FILTER_LIMITS.termChars / 2);
    const r = parseFilter(word);
    if (!r.ok) throw new Error(r.error.message);
    expect(compileFilter(r.query)(record(`x${word}x`))).toBe(true);
    expect(highlightRanges(`x${word}x`, r.query)).toEqual([{ start: 1, end: 1 + word.length }]);
  });
});

describe('evil regexes', () => {
  const evil = record(`${'a'.repeat(29)}b`);

  it('/(a+)+$/ on a 30-character `aaaa…b` record: an error value or a fast scan and highlight', () => {
    const { value: r, ms: parseMs } = timed(() => parseFilter('/(a+)+$/'));
    expect(parseMs).toBeLessThan(200);
    if (r.ok) {
      // Reached only if the pattern were accepted: then it must be fast.
      expect(timed(() => compileFilter(r.query)(evil)).ms).toBeLessThan(200);
      expect(timed(() => highlightRanges(evil.data, r.query)).ms).toBeLessThan(200);
      return;
    }
    expect(r.error.code).toBe('slow-regex');
    expect('/(a+)+$/'.slice(r.error.start, r.error.end)).toBe('(a+)+');
    expect(r.error.message).toContain('exponential');
  });

  it('field regexes are checked too, with the range in the whole query', () => {
    const src = 'dir:in event:/(\\w|\\d)+x/';
    const r = parseFilter(src);
    expect(r.ok).toBe(false);
    if (!r.ok) expect([r.error.code, src.slice(r.error.start, r.error.end)]).toEqual(['slow-regex', '(\\w|\\d)+']);
  });

  it('everyday regexes are still accepted and match', () => {
    for (const [src, data] of [
      ['/err(or)?s?"/i', '{"type":"Errors"}'],
      ['/"id":\\d+/', '{"id":42}'],
      ['/(chat|ack)+/', 'chatack'],
      ['/user.*error/', 'user 1 error'],
    ]) {
      const r = parseFilter(src as string);
      if (!r.ok) throw new Error(`${src}: ${r.error.message}`);
      expect(compileFilter(r.query)(record(data as string))).toBe(true);
    }
  });
});
