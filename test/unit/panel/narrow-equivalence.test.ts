/**
 * Narrowing (rescanning only the previous matches) must give exactly the
 * rows of a fresh full scan: after every keystroke, with live rows arriving
 * and old ones evicted between keystrokes, across clear(), with case folding
 * and non-ASCII text, and for edits that do not narrow (a deleted character,
 * a changed regex).
 */
import { describe, expect, test } from 'vitest';
import type { MessageRecord } from '../../../src/model/records';
import { parseFilter, queryNarrows } from '../../../src/filter';
import type { FilterQuery } from '../../../src/filter';
import { MessageLog } from '../../../src/panel/capture/message-log';
import { FilteredViewCache } from '../../../src/panel/capture/message-view';
import { DecodeCache } from '../../../src/panel/decoded/decode-cache';
import { createLanguageFilterCompiler } from '../../../src/panel/filter/filter-language';

const WORDS = [
  'error',
  'Error',
  'ERROR',
  'errand',
  'order',
  'user',
  'K',
  'k',
  'İ',
  'i',
  'ß',
  'SS',
  'café',
  'CAFÉ',
  '😀',
  'x',
  'xk',
  'Xk',
  '1',
  'ok',
];

/** A small reproducible mix: text of random words, and binary payloads (searched through their hex preview). */
function records(fromId: number, n: number, seed: number): MessageRecord[] {
  let a = seed >>> 0;
  const rnd = (k: number): number => {
    a = (Math.imul(a, 1103515245) + 12345) >>> 0;
    return (a >>> 8) % k;
  };
  return Array.from({ length: n }, (_, i) => {
    const id = fromId + i;
    const binary = rnd(5) === 0;
    const data = binary
      ? btoa(String.fromCharCode(rnd(256), rnd(256), rnd(256)))
      : Array.from({ length: 1 + rnd(4) }, () => WORDS[rnd(WORDS.length)]).join(rnd(2) ? ' ' : '');
    return {
      id,
      conn: `c${rnd(3)}`,
      t: 1_700_000_000_000 + id,
      dir: rnd(2) ? 'in' : 'out',
      opcode: binary ? 2 : 1,
      size: data.length,
      data,
    };
  });
}

function idsOf(
  log: MessageLog,
  cache: FilteredViewCache,
  compile: ReturnType<typeof createLanguageFilterCompiler>,
  text: string,
  conn: string | null,
): number[] {
  const { filter } = compile(text, { connection: () => undefined });
  const { view } = cache.get(log, conn, filter);
  return Array.from({ length: view.length }, (_, i) => log.bySeq(view.seqAt(i) as number)?.id as number);
}

/** The rows of a full scan by a fresh compiler and cache: what narrowing must reproduce. */
function fresh(log: MessageLog, text: string, conn: string | null): number[] {
  return idsOf(log, new FilteredViewCache(), createLanguageFilterCompiler(new DecodeCache(log, () => undefined)), text, conn);
}

const parse = (text: string): FilterQuery => {
  const p = parseFilter(text);
  if (!p.ok) throw new Error(p.error.message);
  return p.query;
};

const TYPING: string[] = [
  'e',
  'er',
  'ERR',
  'erro',
  'error',
  'erro',
  'err',
  'err o',
  'err or',
  'err /o+r/',
  'err /o+rs?/',
  'err /o+rs?/ -x',
  'err',
  '',
  'K',
  'Kx',
  'xK',
  'xk',
  'k',
  'i',
  'İ',
  'ss',
  'SS',
  'ß',
  'caf',
  'café',
  'CAFÉ',
  'é',
  '😀',
  '1',
  '1 /z|1/',
  '/z|1/',
  '/z|1/ 1',
  'dir:in',
  'dir:in e',
  'dir:in er',
  'dir:in er type:binary',
  'dir:in er',
  'size:<8',
  'size:<8 ok',
  'size:<4 ok',
];

describe('narrowing gives the rows of a full scan', () => {
  for (const conn of [null, 'c1']) {
    test(`typing, editing and live rows (${conn ?? 'all connections'})`, () => {
      const log = new MessageLog();
      log.append(records(1, 3000, 7));
      const cache = new FilteredViewCache();
      const compile = createLanguageFilterCompiler(new DecodeCache(log, () => undefined));
      let next = 3001;
      TYPING.forEach((text, k) => {
        expect(idsOf(log, cache, compile, text, conn), `"${text}"`).toEqual(fresh(log, text, conn));
        // Live rows between keystrokes, and now and then the oldest evicted.
        log.append(records(next, 40, k));
        next += 40;
        if (k % 5 === 4) log.evictThrough(log.bySeq(log.firstSeq)!.id + 150);
        expect(idsOf(log, cache, compile, text, conn), `"${text}" after live rows`).toEqual(fresh(log, text, conn));
      });
    });
  }

  test('after clear (and an import into the cleared log) the next keystroke starts over', () => {
    const log = new MessageLog();
    log.append(records(1, 500, 3));
    const cache = new FilteredViewCache();
    const compile = createLanguageFilterCompiler(new DecodeCache(log, () => undefined));
    expect(idsOf(log, cache, compile, 'er', null)).toEqual(fresh(log, 'er', null));
    log.clear();
    log.append(records(1, 500, 4)); // ids restart, as in an imported session
    expect(idsOf(log, cache, compile, 'err', null)).toEqual(fresh(log, 'err', null));
    expect(fresh(log, 'err', null).length).toBeGreaterThan(0);
  });

  test('a longer word narrows only when every text holding it holds the shorter one', () => {
    const narrows = (prev: string, next: string): boolean => queryNarrows(parse(prev), parse(next));
    expect(narrows('err', 'ERROR')).toBe(true);
    expect(narrows('error', 'err')).toBe(false); // a deleted character widens
    expect(narrows('/err/', '/error/')).toBe(false); // a changed regex is a new scan
    // toLowerCase folds the Kelvin sign to k; /K/i does not: "xk" holds no K.
    expect(narrows('\u212a', 'x\u212a')).toBe(true);
    expect(narrows('\u212a', 'xk')).toBe(false);
    expect(narrows('İ', 'xi\u0307')).toBe(false); // İ lowercases to i + U+0307
  });

  test('the Kelvin sign: the narrowed rows are the full scan rows', () => {
    const log = new MessageLog();
    log.append(['\u212a', 'xk', 'x\u212a'].map((data, i) => ({ id: i + 1, conn: 'c0', t: i, dir: 'in', opcode: 1, size: 3, data })));
    const cache = new FilteredViewCache();
    const compile = createLanguageFilterCompiler(new DecodeCache(log, () => undefined));
    expect(idsOf(log, cache, compile, '\u212a', null)).toEqual([1, 3]);
    expect(idsOf(log, cache, compile, 'xk', null)).toEqual(fresh(log, 'xk', null));
    expect(fresh(log, 'xk', null)).toEqual([2]);
  });

  test('adding a hex-like term, which makes binary previews searchable, is not a narrowing', () => {
    const log = new MessageLog();
    log.append([{ id: 1, conn: 'c0', t: 0, dir: 'in', opcode: 2, size: 2, data: btoa('\x01\x02') }]); // hex "01 02"
    const cache = new FilteredViewCache();
    const compile = createLanguageFilterCompiler(new DecodeCache(log, () => undefined));
    expect(idsOf(log, cache, compile, '/z|1/', null)).toEqual([]); // no hex-like literal: binaries not searched
    expect(idsOf(log, cache, compile, '/z|1/ 1', null)).toEqual([1]);
    expect(fresh(log, '/z|1/ 1', null)).toEqual([1]);
  });
});
