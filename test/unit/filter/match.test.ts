import { describe, expect, it } from 'vitest';
import { compileFilter, filterAll, parseFilter, queryNarrows, queryNeeds } from '../../../src/filter';
import type { FilterContext, FilterQuery } from '../../../src/filter';
import { RECORDS, makeContext } from './fixtures';

function parse(src: string): FilterQuery {
  const r = parseFilter(src);
  if (!r.ok) throw new Error(`${src}: ${r.error.message}`);
  return r.query;
}

function ids(src: string, ctx: FilterContext = makeContext()): number[] {
  return filterAll(RECORDS, compileFilter(parse(src), ctx)).map((r) => r.id);
}

const ALL = RECORDS.map((r) => r.id);

// [query, ids of the matching fixture records]
const TABLE: [string, number[]][] = [
  ['', ALL],
  ['   ', ALL],
  ['error', [2, 5, 9]], // 5 is binary: its decoded summary says "errors"
  ['ERROR -dir:in', [5]],
  ['"not found"', [2]],
  ['"NOT  found"', []], // phrases are exact apart from case
  ['/err(or)?s?/i', [2, 5, 9]],
  ['/^Error/', [2, 9]],
  ['or', [2, 5, 7, 9, 12]], // lower-case "or" is a word, not the operator (7: "world")
  ['dir:out', [1, 5, 6, 7, 8, 10]],
  ['dir:sent', [1, 5, 6, 7, 8, 10]],
  ['dir:↓', [2, 3, 4, 9, 11, 12]],
  ['dir:in,out', ALL],
  ['type:binary', [5, 6]],
  ['type:text|binary', ALL],
  ['type:ping', []],
  ['type:control', []],
  ['size:>1k', [5, 6, 9]],
  ['size:>=2k', [5, 6, 9]],
  ['size:>2k', [6, 9]],
  ['size:<=4', [3]],
  ['size:2k..4k', [5, 9]],
  ['size:4kb..', [6, 9]],
  ['dir:out size:>1k type:binary', [5, 6]],
  ['conn:chat', [1, 2, 3, 7, 8, 12]],
  ['conn:EXAMPLE.ORG', [4, 5, 6, 10, 11]],
  ['conn:h1:2', [4, 5, 6, 10, 11]],
  ['conn:h1:3', [9]], // no ConnectionRecord: the id still matches
  ['conn:=h1:1', [1, 2, 3, 7, 8, 12]],
  ['conn:/^wss:\\/\\/feed/', [4, 5, 6, 10, 11]],
  ['proto:socketio', [3, 4]],
  ['proto:SOCKETIO', [3, 4]],
  ['proto:socket', []], // whole ids only
  ['event:publish', [4]],
  ['event:PUB', [4]],
  ['event:=Publish', []],
  ['event:RECEIPT', [12]], // from the second of several units
  ['event:/^g/', [10]],
  ['json:user.id=42', [1]], // the text parsed as JSON
  ['json:user.id="42"', [1]],
  ['json:user.id!=42', []],
  ['json:user.id!=7', [1]],
  ['json:user.id>40', [1]],
  ['json:user.id<40', []],
  ['json:user.name=Ann', [1]],
  ['json:id=7', [10, 11]], // decoded values
  ['json:[1].n>=5', [4]],
  ['json:errors', [5]],
  ['json:receipt=r-9', [12]],
  ['json:constructor', []], // own properties only
  ['is:heartbeat', [3]],
  ['-is:heartbeat', [1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12]],
  ['is:control', [3]],
  ['is:unanswered', [10]],
  ['is:request', [10]],
  ['is:response', [11]],
  ['is:truncated', [9]],
  ['is:injected', [7, 8]],
  ['is:intercepted', [12]],
  ['is:discarded', [8]],
  ['is:decoded', [3, 4, 5, 10, 11, 12]],
  ['origin:page', [1, 2, 3, 4, 5, 6, 9, 10, 11]],
  ['origin:resent,injected', [7, 8]],
  ['-origin:page', [7, 8, 12]],
  ['time:12:30:05', [5]],
  ['time:>12:30:10', [11, 12]],
  ['time:>=12:30:10', [10, 11, 12]],
  ['time:<12:30:03', [1, 2]],
  ['time:<=12:30:03', [1, 2, 3]],
  ['time:12:30:02..12:30:04', [2, 3, 4]],
  ['time:12:30', ALL],
  ['time:12:29', []],
  ['after:12:30:11', [11, 12]],
  ['before:12:30:02', [1]],
  ['after:-50s', [10, 11, 12]],
  ['after:2024-05-01T12:30:11', [11, 12]],
  ['time:2024-05-01', ALL],
  ['dir:in dir:out', []], // fused structural terms intersect
  ['size:>1k size:<3k', [5]],
  ['time:>=12:30:02 time:<12:30:04 dir:in', [2, 3]],
  ['type:text,binary type:binary size:<3k', [5]],
  ['dir:out -size:<1k type:binary', [5, 6]],
  ['ping OR pong', [3, 12]],
  ['ping OR pong dir:out', [3]], // AND binds tighter
  ['(ping OR pong) dir:in', [3, 12]],
  ['hello OR resend is:discarded', [7, 8]],
  ['publish AND dir:in', [4]],
  ['-(dir:in OR type:binary)', [1, 7, 8, 10]],
  ['--ping', [3]],
  ['(maybe)', [12]],
  ['"(maybe)"', [12]],
  ['publish -ping dir:out type:text', [1]],
  ['-error', [1, 3, 4, 6, 7, 8, 10, 11, 12]], // 6: binary, undecoded, never contains text
];

describe('compileFilter over the fixtures', () => {
  it.each(TABLE)('%s', (src, expected) => {
    expect(ids(src)).toEqual(expected);
  });

  it('parses the example query from the README', () => {
    const src = 'publish -ping dir:out type:text size:>1k proto:socketio event:publish conn:chat json:user.id=42 /err(or)?s?/i';
    expect(parseFilter(src).ok).toBe(true);
    expect(ids(src)).toEqual([]);
  });

  it('is:unanswered matches nothing without pairing information', () => {
    const { isUnanswered: _, ...ctx } = makeContext();
    expect(ids('is:unanswered', ctx)).toEqual([]);
  });

  it('searches binary messages through searchText when the panel provides it', () => {
    const ctx = { ...makeContext(), searchText: (r: { opcode: number; data: string }) => (r.opcode === 2 ? 'HEX 00 01 02 03' : r.data) };
    expect(ids('"00 01"', ctx)).toEqual([5, 6]);
  });
});

describe('decoding is lazy', () => {
  const structural = [
    'dir:out size:>1k type:binary',
    'conn:chat origin:page time:12:30 is:truncated',
    'is:injected OR is:discarded OR -is:intercepted',
    'dir:in OR -type:text',
    'after:-5m before:12:31',
  ];
  it.each(structural)('structural-only `%s` never calls decoded()', (src) => {
    const ctx = makeContext();
    ids(src, ctx);
    expect(ctx.decodeCalls).toBe(0);
    expect(queryNeeds(parse(src)).decoded).toBe(false);
  });

  it('text terms decode binary messages only', () => {
    const ctx = makeContext();
    ids('hello', ctx);
    expect(ctx.decodeCalls).toBe(2);
  });

  it('structural terms run first, whatever the written order', () => {
    const ctx = makeContext();
    expect(ids('proto:socketio dir:in', ctx)).toEqual([3, 4]);
    expect(ctx.decodeCalls).toBe(6); // only the six incoming records
  });

  it('decodes each record at most once per evaluation', () => {
    const ctx = makeContext();
    ids('proto:socketio event:publish json:[1].n=5', ctx);
    expect(ctx.decodeCalls).toBe(RECORDS.length);
  });

  it('reports what a query needs', () => {
    expect(queryNeeds(parse('conn:x is:unanswered after:-1m foo'))).toEqual({
      text: true,
      decoded: false,
      connection: true,
      pairing: true,
      clock: true,
    });
    expect(queryNeeds(parse('-event:x'))).toMatchObject({ decoded: true, text: false });
  });
});

describe('queryNarrows', () => {
  it.each([
    ['', 'anything', true],
    ['hel', 'hello', true],
    ['hel', 'HELLO dir:in', true],
    ['dir:in', 'dir:in size:>1k', true],
    ['dir:in size:>1k', 'size:>1k dir:in', true],
    ['hello', 'hel', false],
    ['a OR b', 'a OR b c', false], // top-level OR: terms are not compared
    ['-hel', '-hello', false], // a longer excluded word excludes less
    ['dir:in', 'dir:out', false],
    ['before:-5m', 'before:-5m', false], // the bound moves with the clock
    ['x', '', false],
  ])('%s → %s: %s', (prev, next, expected) => {
    expect(queryNarrows(parse(prev), parse(next))).toBe(expected);
  });

  it('holds on the fixtures whenever it says so', () => {
    const pairs = [
      ['e', 'error'],
      ['dir:out', 'dir:out type:binary'],
      ['is:decoded', 'is:decoded json:id=7'],
    ] as const;
    for (const [prev, next] of pairs) {
      expect(queryNarrows(parse(prev), parse(next))).toBe(true);
      const before = new Set(ids(prev));
      expect(ids(next).every((id) => before.has(id))).toBe(true);
    }
  });
});
