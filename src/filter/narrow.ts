/**
 * Whether a new query can only match a subset of what the previous one
 * matched (typing `hel` → `hello`, or adding a term). The panel then rescans
 * only the previous matches instead of the whole store. Conservative: a
 * `false` costs a full scan, a wrong `true` would hide messages.
 */
import type { FilterNode, FilterQuery } from './ast';

/** The terms of a top-level AND (a single term is an AND of one). */
function conjuncts(root: FilterNode | null): FilterNode[] {
  if (!root) return [];
  return root.kind === 'and' ? root.children : [root];
}

/** Time terms move with the clock (`before:-5m` grows): never assume they narrow. */
function hasTime(node: FilterNode): boolean {
  switch (node.kind) {
    case 'and':
    case 'or':
      return node.children.some(hasTime);
    case 'not':
      return hasTime(node.child);
    case 'field':
      return node.term.field === 'time';
    default:
      return false;
  }
}

const ASCII = /^\p{ASCII}*$/u;

/**
 * Whether every text holding the word `next` also holds `prev` (text.ts: a
 * case-insensitive RegExp without the `u` flag, or an exact includes). ASCII
 * words fold with toLowerCase, exactly as that RegExp folds them; other
 * words must contain each other as written, since toLowerCase and the
 * RegExp fold differently there (the Kelvin sign K lowercases to k, which
 * /K/i does not match).
 */
function wordImplies(next: string, prev: string): boolean {
  if (ASCII.test(next) && ASCII.test(prev)) return next.toLowerCase().includes(prev.toLowerCase());
  return next.includes(prev);
}

/** `next` implies `prev` for a single term: the same source, or a longer positive word. */
function implies(next: FilterNode, nextSrc: string, prev: FilterNode, prevSrc: string): boolean {
  if (hasTime(prev)) return false;
  if (nextSrc.slice(next.start, next.end) === prevSrc.slice(prev.start, prev.end)) return true;
  return next.kind === 'text' && prev.kind === 'text' && wordImplies(next.text, prev.text);
}

export function queryNarrows(prev: FilterQuery, next: FilterQuery): boolean {
  const nextTerms = conjuncts(next.root);
  return conjuncts(prev.root).every((p) => nextTerms.some((n) => implies(n, next.source, p, prev.source)));
}
