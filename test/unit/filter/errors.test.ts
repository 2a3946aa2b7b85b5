import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFilter } from '../../../src/filter';
import type { FilterErrorCode } from '../../../src/filter';

// [query, code, the source text the error range covers]
const ERRORS: [string, FilterErrorCode, string][] = [
  ['foo /err(or', 'unclosed-regex', '/err(or'],
  ['/a(/i', 'bad-regex', '/a(/i'],
  ['//', 'bad-regex', '//'],
  ['/a/x', 'bad-regex-flags', 'x'],
  ['/a/ig', 'bad-regex-flags', 'g'],
  ['/a/ii', 'bad-regex-flags', 'i'],
  ['/a/uv', 'bad-regex-flags', 'uv'],
  ['/api/v1', 'bad-regex-flags', '1'],
  ['x foo:bar', 'unknown-field', 'foo:'],
  ['http://example.com', 'unknown-field', 'http:'],
  ['dir:', 'missing-value', 'dir:'],
  ['dir:up', 'bad-value', 'up'],
  ['type:text,txt', 'bad-value', 'txt'],
  ['is:hearbeat', 'bad-value', 'hearbeat'],
  ['is:heartbeat,control', 'bad-value', 'heartbeat,control'],
  ['origin:pagee', 'bad-value', 'pagee'],
  ['size:>1q', 'bad-value', '1q'],
  ['size:big', 'bad-value', 'big'],
  ['size:>', 'bad-value', ''],
  ['size:2k..1k', 'bad-value', '2k..1k'],
  ['size:..', 'bad-value', '..'],
  ['time:25:00', 'bad-value', '25:00'],
  ['after:yesterday', 'bad-value', 'yesterday'],
  ['json:a.b[x]', 'bad-value', '[x]'],
  ['json:a=', 'bad-value', '='],
  ['json:a>big', 'bad-value', 'big'],
  ['event:/a(/', 'bad-regex', '/a(/'],
  ['a OR', 'dangling-or', 'OR'],
  ['OR a', 'dangling-or', 'OR'],
  ['a OR OR b', 'dangling-or', 'OR'],
  ['(a OR) b', 'dangling-or', 'OR'],
  ['a AND', 'dangling-or', 'AND'],
  ['a - b', 'lone-minus', '-'],
  ['a -', 'lone-minus', '-'],
  ['-OR a', 'lone-minus', '-'],
  ['"two words', 'unclosed-quote', '"two words'],
  ['event:"a b', 'unclosed-quote', '"a b'],
  ['(a b', 'unclosed-paren', '('],
  ['((a) b', 'unclosed-paren', '('],
  ['a b)', 'unmatched-paren', ')'],
  ['()', 'empty-group', '()'],
  ['""', 'bad-value', '""'],
];

describe('parseFilter errors', () => {
  it.each(ERRORS)('%s → %s', (src, code, covered) => {
    const r = parseFilter(src);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe(code);
    // An empty cover means "the point where something is missing": a one-character caret there.
    if (covered === '') expect(r.error.end - r.error.start).toBe(1);
    else expect(src.slice(r.error.start, r.error.end)).toBe(covered);
    expect(r.error.message.length).toBeGreaterThan(10);
  });

  it('suggests the closest field name', () => {
    const r = parseFilter('dirr:in');
    expect(r.ok || r.error.message).toContain('did you mean `dir:`?');
    const alias = parseFilter('protocl:json');
    expect(alias.ok || alias.error.message).toContain('did you mean `proto:`?');
  });

  it('says how to search for text that looks like syntax', () => {
    const r = parseFilter('/api/v1');
    expect(r.ok || r.error.message).toContain('quotes');
    expect(parseFilter('"/api/v1"').ok).toBe(true);
    expect(parseFilter('"http://example.com"').ok).toBe(true);
  });

  it('never throws, and every error range lies inside the query', () => {
    const alphabet = fc.constantFrom(
      ...'ab -"/()\\:.,=<>!*[]0123456789ORANDkmsx'.split(''),
      'OR',
      'dir:',
      'size:',
      'json:',
      'time:',
      'is:',
      'event:/',
    );
    fc.assert(
      fc.property(
        fc.array(alphabet, { maxLength: 30 }).map((parts) => parts.join('')),
        (src) => {
          const r = parseFilter(src);
          if (!r.ok) {
            expect(r.error.start).toBeGreaterThanOrEqual(0);
            expect(r.error.end).toBeGreaterThan(r.error.start);
            expect(r.error.end).toBeLessThanOrEqual(src.length + 1);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('accepts any quoted text as a phrase', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (text) => {
        const src = `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
        const r = parseFilter(src);
        expect(r.ok && r.query.root).toMatchObject({ kind: 'text', text });
      }),
    );
  });
});
