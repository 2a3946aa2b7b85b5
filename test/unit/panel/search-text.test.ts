import { describe, expect, it } from 'vitest';
import { parseFilter } from '../../../src/filter';
import { queryHasHexTerm, searchTextOf } from '../../../src/panel/decoded/search-text';
import { createLanguageFilterCompiler } from '../../../src/panel/filter/filter-language';
import type { MessageRecord } from '../../../src/model/records';

const root = (q: string) => {
  const r = parseFilter(q);
  if (!r.ok) throw new Error(r.error.message);
  return r.query.root;
};
const bin: MessageRecord = { id: 1, conn: 'c', t: 0, dir: 'in', opcode: 2, size: 3, data: 'CgD/' }; // 0a 00 ff
const txt: MessageRecord = { id: 2, conn: 'c', t: 0, dir: 'in', opcode: 1, size: 12, data: 'error: 0a ff' };

describe('hex previews are searched only by terms that look like hex', () => {
  it.each([
    ['error', false],
    ['/err(or)?s?"/i', false],
    ['"0a 00"', true],
    ['ff', true],
    ['/^0a\\s?00/', true],
    ['/\\x0a[0-9]/', true],
    ['dir:in size:>1', false],
    ['error OR cafe', true],
    ['-(bad)', true],
  ])('%s → %s', (q, expected) => {
    expect(queryHasHexTerm(root(q))).toBe(expected);
  });

  it('gives a binary record no search text when no term could match hex', () => {
    expect(searchTextOf(bin, undefined, { hexTerms: false })).toBeUndefined();
    expect(searchTextOf(bin, undefined, { hexTerms: true })).toBe('0a 00 ff');
    expect(searchTextOf(txt, undefined, { hexTerms: false })).toBe('error: 0a ff');
  });

  it('answers the same as a full hex search, negated terms included', () => {
    const compile = createLanguageFilterCompiler();
    const run = (q: string) =>
      [bin, txt].filter((r) => compile(q, { connection: () => undefined }).filter?.test(r) ?? true).map((r) => r.id);
    expect(run('error')).toEqual([2]);
    expect(run('-error')).toEqual([1]);
    expect(run('"0a 00"')).toEqual([1]);
    expect(run('ff')).toEqual([1, 2]);
    expect(run('/ff$/')).toEqual([1, 2]);
  });
});
