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

/** `next` implies `prev` for a single term: the same source, or a longer positive word. */
function implies(next: FilterNode, nextSrc: string, prev: FilterNode, prevSrc: string): boolean {
  if (hasTime(prev)) return false;
  if (nextSrc.slice(next.start, next.end) === prevSrc.slice(prev.start, prev.end)) return true;
  return next.kind === 'text' && prev.kind === 'text' && next.text.toLowerCase().includes(prev.text.toLowerCase());
}

export function queryNarrows(prev: FilterQuery, next: FilterQuery): boolean {
  const nextTerms = conjuncts(next.root);
  return conjuncts(prev.root).every((p) => nextTerms.some((n) => implies(n, next.source, p, prev.source)));
}
