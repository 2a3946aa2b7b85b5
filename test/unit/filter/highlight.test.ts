import { describe, expect, it } from 'vitest';
import { highlightRanges, parseFilter } from '../../../src/filter';

function spans(query: string, text: string): string[] {
  const r = parseFilter(query);
  if (!r.ok) throw new Error(r.error.message);
  return highlightRanges(text, r.query).map(({ start, end }) => text.slice(start, end));
}

describe('highlightRanges', () => {
  it('marks every case-insensitive occurrence of a word', () => {
    expect(spans('error', 'Error, ERROR and error')).toEqual(['Error', 'ERROR', 'error']);
  });

  it('returns offsets into the original text', () => {
    const r = parseFilter('b');
    expect(r.ok && highlightRanges('abcb', r.query)).toEqual([
      { start: 1, end: 2 },
      { start: 3, end: 4 },
    ]);
  });

  it('marks phrases and regex matches, with the regex flags', () => {
    expect(spans('"not found" /\\d+/', 'Error 404: not found')).toEqual(['404', 'not found']);
    expect(spans('/ab/', 'AB ab')).toEqual(['ab']);
    expect(spans('/ab/i', 'AB ab')).toEqual(['AB', 'ab']);
  });

  it('merges overlapping ranges', () => {
    expect(spans('abc bcd', 'xabcdx')).toEqual(['abcd']);
  });

  it('ignores negated terms and fields, includes both sides of OR', () => {
    expect(spans('-ping pong OR dir:in foo', 'ping pong foo')).toEqual(['pong', 'foo']);
    expect(spans('-(ping) --pong', 'ping pong')).toEqual(['pong']);
  });

  it('skips empty regex matches without looping', () => {
    expect(spans('/x*/', 'abxxc')).toEqual(['xx']);
  });

  it('treats regex metacharacters in words literally', () => {
    expect(spans('a.b', 'axb a.b')).toEqual(['a.b']);
  });

  it('caps the number of ranges', () => {
    expect(spans('/./', 'x'.repeat(5000)).length).toBe(1); // merged
    expect(spans('a', 'ab'.repeat(5000)).length).toBe(1000);
  });

  it('is empty for an empty or structural query', () => {
    expect(spans('', 'abc')).toEqual([]);
    expect(spans('dir:in size:>1k', 'abc')).toEqual([]);
  });
});
