/**
 * Free words, phrases and regexes: matching and highlighting. No lowercase
 * copies of payloads are kept or made (measured: 132 extra bytes per record
 * and slower); a case-insensitive RegExp over the original text is faster.
 */
import type { FilterNode, FilterQuery } from './ast';
import { escapeRegex } from './regex';

/** True when case folding cannot change the text, so a plain indexOf is exact. */
function caseless(text: string): boolean {
  return text.toLowerCase() === text.toUpperCase();
}

/**
 * A RegExp that has run once on each string width, or undefined when the
 * engine refuses it: V8 compiles on first use and may only then find a long
 * pattern "too large" (a SyntaxError thrown by `test`).
 */
function usableRegExp(source: string, flags: string): RegExp | undefined {
  try {
    const re = new RegExp(source, flags);
    re.test('a');
    re.test('\u0100');
    return re;
  } catch {
    return undefined;
  }
}

/** A case-insensitive substring test, compiled once per query. */
export function substringMatcher(text: string): (haystack: string) => boolean {
  if (caseless(text)) return (s) => s.includes(text);
  const re = usableRegExp(escapeRegex(text), 'i');
  if (re) return (s) => re.test(s);
  const lower = text.toLowerCase(); // slower (a lowercase copy per call), but it cannot fail
  return (s) => s.toLowerCase().includes(lower);
}

/**
 * A test for a parsed `/regex/` (already checked by regex-safety.ts). The
 * catch is a last guard against the engine refusing the pattern late (say,
 * when it tiers up to native code): a filter must never throw into the scan.
 */
export function regexMatcher(re: RegExp): (haystack: string) => boolean {
  return (s) => {
    try {
      return re.test(s);
    } catch {
      return false;
    }
  };
}

export interface HighlightRange {
  start: number;
  end: number;
}

/** Stops a pathological query (`/./`) from producing a range per character of a big payload. */
const MAX_RANGES = 1000;

/** The text and regex terms that must be present for a match: not those under a `-`. */
function positiveTextTerms(node: FilterNode | null, negated: boolean, out: RegExp[]): RegExp[] {
  if (!node) return out;
  switch (node.kind) {
    case 'and':
    case 'or':
      for (const c of node.children) positiveTextTerms(c, negated, out);
      break;
    case 'not':
      positiveTextTerms(node.child, !negated, out);
      break;
    case 'text':
    case 'regex': {
      const re = negated
        ? undefined
        : node.kind === 'text'
          ? usableRegExp(escapeRegex(node.text), 'gi')
          : usableRegExp(node.re.source, node.re.flags.replace('d', '') + 'g');
      if (re) out.push(re); // one the engine refuses is simply not highlighted: ranges are cosmetic
      break;
    }
    case 'field':
      break;
  }
  return out;
}

/**
 * The ranges of `text` to highlight for a query: every occurrence of its
 * free words, phrases and regexes (negated ones excluded), sorted and merged.
 * Empty regex matches are skipped.
 */
function execSafely(re: RegExp, text: string): RegExpExecArray | null {
  try {
    return re.exec(text);
  } catch {
    return null;
  }
}

export function highlightRanges(text: string, query: FilterQuery): HighlightRange[] {
  const found: HighlightRange[] = [];
  for (const re of positiveTextTerms(query.root, false, [])) {
    for (let m = execSafely(re, text); m && found.length < MAX_RANGES; m = execSafely(re, text)) {
      if (m[0] === '') {
        re.lastIndex++;
        continue;
      }
      found.push({ start: m.index, end: m.index + m[0].length });
    }
  }
  found.sort((a, b) => a.start - b.start || a.end - b.end);
  const merged: HighlightRange[] = [];
  for (const r of found) {
    const last = merged[merged.length - 1];
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else merged.push({ ...r });
  }
  return merged;
}
