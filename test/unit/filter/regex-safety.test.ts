/** The regex classifier shared by the filter and the intercept rules: what runs on the native engine. */
import { describe, expect, it } from 'vitest';
import { checkRegexSafety } from '../../../src/filter';

// [pattern, flags]: patterns people write in a message filter or an intercept rule.
const SAFE: [string, string][] = [
  ['err(or)?s?"', 'i'],
  ['"id":\\d+', ''],
  ['user.*error', ''],
  ['^\\{"type":"(chat|ack)"', ''],
  ['\\bfoo\\b', 'i'],
  ['[0-9a-f]{8}-[0-9a-f]{4}', 'i'],
  ['(\\d{1,3}\\.){3}\\d{1,3}', ''],
  ['(\\w+\\.)+com', ''],
  ['"[^"]*"', ''],
  ['\\d+\\s+\\d+', ''],
  ['(get|put)+', ''],
  ['(chat|ack)+', 'i'],
  ['\\d+\\.\\d+', ''],
  ['a+b', ''],
  ['(?<=id":)\\d+', ''],
  ['\\p{L}+', 'u'],
  ['[\\]\\\\]+x', ''],
  ['(?<name>ab)c', ''],
  ['(,\\d+)*', ''],
  ['x{2,}y', ''],
  ['\\s*\\w+\\s*', ''],
  ['\\u{1F600}+', 'u'],
  ['[[a-z]--[aeiou]]+', 'v'],
  ['^ping$', ''],
];

// [pattern, flags, the part the error points at]
const UNSAFE: [string, string, string][] = [
  ['(a+)+$', '', '(a+)+'],
  ['(a*)*', '', '(a*)*'],
  ['(a?){30}a{30}', '', '(a?){30}'],
  ['(a|ab)+', '', '(a|ab)+'],
  ['(\\w|\\d)*', '', '(\\w|\\d)*'],
  ['(x|)+', '', '(x|)+'],
  ['\\d+\\d*', '', '\\d+\\d*'],
  ['.*x.*', '', '.*x.*'],
  ['a*b*a*', '', 'a*b*a*'],
  ['(a)\\1', '', '\\1'],
  ['(?=.*\\d)x', '', '(?=.*\\d)'],
  ['^(\\w+\\s?)+$', '', '(\\w+\\s?)+'],
  ['(x\\w*)+', '', '(x\\w*)+'],
  ['\\d+,?\\d+', '', '\\d+,?\\d+'],
  ['(A|a)+', 'i', '(A|a)+'],
  ['(\\.?\\w+)+', '', '(\\.?\\w+)+'],
  ['('.repeat(40) + 'a' + ')'.repeat(40), '', '('],
];

describe('checkRegexSafety', () => {
  it.each(SAFE)('accepts %s (flags %s)', (src, flags) => {
    expect(checkRegexSafety(src, flags)).toEqual({ safe: true });
  });

  it.each(UNSAFE)('refuses %s (flags %s) at %s', (src, flags, covered) => {
    const r = checkRegexSafety(src, flags);
    expect(r.safe).toBe(false);
    if (r.safe) return;
    expect(src.slice(r.start, r.end)).toBe(covered);
    expect(r.reason.length).toBeGreaterThan(20);
  });

  it('never throws, even on invalid patterns', () => {
    for (const src of [')))', '(((', '[', '\\', 'a{', '(?<', '\\u{', '[a-', '*', '(?', ')'.repeat(10_000), '('.repeat(10_000)]) {
      expect(() => checkRegexSafety(src, 'iu')).not.toThrow();
    }
  });

  it('whatever it accepts runs fast on hostile text (one pass over a 20k-character record)', () => {
    const hostile = ['a'.repeat(20_000), ' '.repeat(20_000) + 'x', '1'.repeat(20_000) + '!'];
    for (const [src, flags] of SAFE.filter(([s]) => !s.includes('a+b'))) {
      const re = new RegExp(src, flags);
      const t0 = performance.now();
      for (const h of hostile.map((s) => s.slice(0, 2000))) re.test(h);
      expect(performance.now() - t0).toBeLessThan(200);
    }
  });
});
