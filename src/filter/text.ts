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

/** A case-insensitive substring test, compiled once per query. */
export function substringMatcher(text: string): (haystack: string) => boolean {
  if (caseless(text)) return (s) => s.includes(text);
  const re = new RegExp(escapeRegex(text), 'i');
  return (s) => re.test(s);
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
      if (!negated) out.push(new RegExp(escapeRegex(node.text), 'gi'));
      break;
    case 'regex':
      if (!negated) out.push(new RegExp(node.re.source, node.re.flags.replace('d', '') + 'g'));
      break;
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
export function highlightRanges(text: string, query: FilterQuery): HighlightRange[] {
  const found: HighlightRange[] = [];
  for (const re of positiveTextTerms(query.root, false, [])) {
    for (let m = re.exec(text); m && found.length < MAX_RANGES; m = re.exec(text)) {
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
