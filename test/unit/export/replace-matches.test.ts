/**
 * replaceMatches must call back and replace exactly as String.prototype.replace
 * does with a function (same arguments, same order, same result), and give
 * back the very same string when nothing changes.
 */
import { describe, expect, it } from 'vitest';
import { replaceMatches } from '../../../src/export/replace-matches';

const PATTERNS: RegExp[] = [
  /"((?:[^"\\]|\\.){0,200}?(?:sid|key|tok)(?:[^"\\]|\\.){0,200}?)"(\s*:\s*)("(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?)/gi,
  /(^|[\s&?;,"'{(])([A-Za-z_][\w.-]{0,100})=([^&\s"';,<>)}]+)/g,
  /x*/g,
  /(?<word>[a-z]+)|(\d)/g,
  /(?:)/gu,
  /\p{L}?/gu,
  /a|(b)/gy,
  /.$/gm,
  new RegExp('[😀-🙏]', 'gv'), // the v flag, written so the es2022 target compiles
  /t/y,
  /k/,
];

/** Deterministic pseudo-random text from an alphabet with JSON, escapes, surrogates and emoji. */
function texts(n: number): string[] {
  const alphabet = [
    '"',
    '\\',
    ':',
    ' ',
    '=',
    '&',
    'a',
    'b',
    'x',
    't',
    'k',
    'sid',
    'key',
    'tok',
    '1',
    '.',
    '-',
    '😀',
    '\ud800',
    'é',
    '\n',
    '{',
    '}',
  ];
  let seed = 12345;
  const out: string[] = ['', 'x', '😀😀', '{"sid":"a","n":1}'];
  for (let i = 0; i < n; i++) {
    let s = '';
    const len = (seed = (seed * 1103515245 + 12345) >>> 0) % 40;
    for (let j = 0; j < len; j++) s += alphabet[((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) % alphabet.length];
    out.push(s);
  }
  return out;
}

describe('replaceMatches', () => {
  it('gives what String.prototype.replace gives, with the same callback arguments', () => {
    for (const re of PATTERNS)
      for (const text of texts(400)) {
        for (const change of ['none', 'longer', 'same-length'] as const) {
          const fn = (...args: unknown[]): string => {
            const m = args[0] as string;
            const at = args[(args as unknown[]).findIndex((a) => typeof a === 'number')] as number;
            if (change === 'none' || at % 2 === 1) return m;
            return change === 'longer' ? `<${m}>` : m.replace(/[^]/g, '#');
          };
          const want: unknown[][] = [];
          const got: unknown[][] = [];
          const start = re.lastIndex; // a sticky regex without /g starts where the last call left it
          const expected = text.replace(re, (...a: unknown[]) => (want.push(a), fn(...a)));
          const after = re.lastIndex;
          re.lastIndex = start;
          const actual = replaceMatches(text, re, (m: string, ...a: never[]) => (got.push([m, ...a]), fn(m, ...a)));
          expect(actual).toBe(expected);
          expect(got).toEqual(want);
          expect(re.lastIndex).toBe(after);
        }
      }
  });

  it('returns the same string object when no replacement changes anything', () => {
    const text = `{"token":"","x":1}${'y'.repeat(100)}`;
    expect(replaceMatches(text, /"(tok)en"/g, (m) => m)).toBe(text);
  });
});
