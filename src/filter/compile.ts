/**
 * Turns a parsed query into a predicate over MessageRecords. Terms in an
 * AND/OR run cheapest first, so a structural term short-circuits before any
 * text scan and a text scan before any decoding. Decoding happens only
 * through `ctx.decoded`, and only for terms that need it.
 */
import type { FilterNode, FilterQuery } from './ast';
import type { MessageRecord } from '../model/records';
import { makeAccess } from './access';
import type { Access, Compiled, FilterContext, RecordPredicate } from './access';
import { fieldMatcher } from './field-match';
import { fuseStructural, fusableTerm } from './structural';
import { regexMatcher, substringMatcher } from './text';

export type { FilterContext, RecordPredicate } from './access';

function all(parts: Compiled[]): RecordPredicate {
  const [a, b, c] = parts.map((p) => p.test);
  // Unrolled for the common short conjunctions: the loop costs more than the terms at 1M records.
  if (parts.length === 2 && a && b) return (r) => a(r) && b(r);
  if (parts.length === 3 && a && b && c) return (r) => a(r) && b(r) && c(r);
  const tests = parts.map((p) => p.test);
  return (r) => {
    for (const t of tests) if (!t(r)) return false;
    return true;
  };
}

function any(parts: Compiled[]): RecordPredicate {
  const tests = parts.map((p) => p.test);
  const [a, b] = tests;
  if (tests.length === 2 && a && b) return (r) => a(r) || b(r);
  return (r) => {
    for (const t of tests) if (t(r)) return true;
    return false;
  };
}

function textTerm(match: (s: string) => boolean, acc: Access): Compiled {
  const searchText = acc.ctx.searchText;
  if (searchText) {
    return {
      test: (r) => {
        if (r.opcode === 1) return match(r.data); // one call per text record: the hot path of a 1M scan
        const s = searchText(r);
        return s !== undefined && match(s);
      },
      cost: 3,
    };
  }
  // The common case, kept to one call per record: text payloads directly, binary via its summary.
  return { test: (r) => (r.opcode === 1 ? match(r.data) : binaryText(r, acc, match)), cost: 3 };
}

function binaryText(r: MessageRecord, acc: Access, match: (s: string) => boolean): boolean {
  const s = acc.decoded(r)?.summary;
  return s !== undefined && match(s);
}

function compileNode(node: FilterNode, acc: Access): Compiled {
  switch (node.kind) {
    case 'and':
    case 'or': {
      const fusable = node.kind === 'and' ? node.children.flatMap((c) => fusableTerm(c) ?? []) : [];
      const rest = fusable.length > 1 ? node.children.filter((c) => !fusableTerm(c)) : node.children;
      const parts = rest.map((c) => compileNode(c, acc));
      if (fusable.length > 1) parts.push(fuseStructural(fusable, acc.now));
      // Stable sort: equal-cost terms keep the order the user wrote.
      parts.sort((x, y) => x.cost - y.cost);
      if (parts.length === 1 && parts[0]) return parts[0];
      return { test: node.kind === 'and' ? all(parts) : any(parts), cost: Math.max(...parts.map((p) => p.cost)) };
    }
    case 'not': {
      const inner = compileNode(node.child, acc);
      return { test: (r) => !inner.test(r), cost: inner.cost };
    }
    case 'text':
      return textTerm(substringMatcher(node.text), acc);
    case 'regex':
      return textTerm(regexMatcher(node.re), acc);
    case 'field':
      return fieldMatcher(node.term, acc);
  }
}

/** Compiles a parsed query. An empty query matches every record. */
export function compileFilter(query: FilterQuery, ctx: FilterContext = {}): RecordPredicate {
  if (!query.root) return () => true;
  return compileNode(query.root, makeAccess(ctx)).test;
}
