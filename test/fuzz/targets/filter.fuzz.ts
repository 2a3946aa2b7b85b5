/**
 * The filter language end to end: parse, compile, match and highlight, on
 * random and hostile queries (deep parentheses and minus signs, terms past the
 * length limit, regexes known to backtrack catastrophically, random regex
 * syntax) over random and hostile records (`aaaa…b`, long runs of spaces and
 * digits). Nothing may throw, errors must lie inside the query, and every
 * step must stay fast.
 */
import fc from 'fast-check';
import { compileFilter, highlightRanges, parseFilter, queryNarrows, queryNeeds } from '../../../src/filter';
import type { FilterContext } from '../../../src/filter';
import type { MessageRecord } from '../../../src/model/records';
import type { FuzzTarget } from '../target';

interface Input {
  query: string;
  texts: string[];
}

const EVIL = [
  '(a+)+$',
  '(a*)*b',
  '(a|aa)+$',
  '(\\w+\\s?)+$',
  '(.*a){12}',
  '^(a?){25}a{25}$',
  '(x+x+)+y',
  '\\d+\\d+\\d+x',
  '.*.*.*=',
  '(a|a)*$',
  '(\\s*,?)*$',
  '(?=(a+)+)b',
  '(a)\\1+$',
];
const TOKENS = [
  'a',
  'b',
  'err',
  'OR',
  'AND',
  '-',
  '(',
  ')',
  '"',
  ' ',
  'dir:in',
  'size:>1k',
  'json:a.b=1',
  'event:',
  'conn:',
  'proto:',
  'is:decoded',
  'time:-5m',
  '/',
  '\\',
  '*',
  '+',
  '?',
  '{2,}',
  '[a-z]',
  '|',
  '.',
  '$',
  '^',
];

const query = fc.oneof(
  fc.array(fc.constantFrom(...TOKENS), { maxLength: 30 }).map((ts) => ts.join('')),
  fc.string({ maxLength: 60 }),
  fc
    .tuple(fc.constantFrom(...EVIL), fc.constantFrom('', 'i', 'u', 'is'), fc.constantFrom('/%/', 'event:/%/', 'x /%/ OR dir:in'))
    .map(([re, flags, at]) => at.replace('%', re) + flags),
  fc
    .array(fc.constantFrom('(', ')', '*', '+', '?', '|', 'a', '\\w', '\\1', '{1,3}', '(?=', '(?:', '[', ']', '.'), {
      minLength: 1,
      maxLength: 20,
    })
    .map((ps) => `/${ps.join('')}/`),
  fc
    .tuple(fc.integer({ min: 1, max: 3000 }), fc.constantFrom('(', '-', '(-', '-('))
    .map(([n, open]) => `${open.repeat(n)}a${open.includes('(') ? ')'.repeat(n) : ''}`),
  fc
    .tuple(fc.integer({ min: 4000, max: 40_000 }), fc.constantFrom('x', 'é', '.', 'ſ'), fc.constantFrom('%', '"%"', '/%/i', 'event:%'))
    .map(([n, ch, at]) => at.replace('%', ch.repeat(n))),
);

const text = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc
    .tuple(fc.constantFrom('a', ' ', '1', 'x', 'ab', '=', ','), fc.integer({ min: 1, max: 3000 }), fc.constantFrom('', 'b', '!', 'y'))
    .map(([c, n, end]) => c.repeat(n) + end),
);

const record = (data: string, i: number): MessageRecord => ({
  id: i + 1,
  conn: 'h1:1',
  t: 1_700_000_000_000 + i,
  dir: i % 2 ? 'in' : 'out',
  opcode: i % 3 === 2 ? 2 : 1,
  size: data.length,
  data,
});
const ctx: FilterContext = {
  now: 1_700_000_000_000,
  connection: () => undefined,
  decoded: (r) => ({
    protocol: 'json',
    kind: 'message',
    fields: [],
    summary: r.data.slice(0, 50),
    event: r.data.slice(0, 8),
    value: { a: { b: r.data.length } },
  }),
  searchText: (r) => r.data,
};

export const target: FuzzTarget<Input> = {
  name: 'filter.query',
  arbitrary: fc.record({ query, texts: fc.array(text, { minLength: 1, maxLength: 4 }) }),
  run({ query: src, texts }) {
    const parsed = parseFilter(src);
    if (!parsed.ok) {
      const { start, end } = parsed.error;
      if (!(start >= 0 && start < end && end <= src.length + 1))
        throw new Error(`error range ${start}..${end} outside a ${src.length}-character query`);
      return parsed.error.code;
    }
    queryNeeds(parsed.query);
    queryNarrows(parsed.query, parsed.query);
    const match = compileFilter(parsed.query, ctx);
    const records = texts.map(record);
    let hits = 0;
    for (const r of records) {
      if (match(r)) hits++;
      highlightRanges(r.data, parsed.query);
    }
    return hits;
  },
  budgetMs: 250,
};
