/**
 * Filter terms written for the user ("Filter by this connection / direction /
 * opcode" in the row menu), in the filter language of src/filter, pure.
 * Adding a term narrows the current query (terms are ANDed), so a term the
 * query already holds is not added twice.
 */
import type { DataOpcode, Direction } from '../../model/records';

/** `"…"` with the lexer's only escapes (`\"`, `\\`), so any id or URL is one value. */
export function quoteValue(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** Exactly this connection: `conn:="<id>"` (a bare `conn:a:1` would also match `a:10` and URLs containing it). */
export const connectionTerm = (connId: string): string => `conn:=${quoteValue(connId)}`;

/** Exactly this event name: `event:="<name>"`. */
export const eventTerm = (name: string): string => `event:=${quoteValue(name)}`;

export const directionTerm = (dir: Direction): string => `dir:${dir}`;

export const opcodeTerm = (opcode: DataOpcode): string => `type:${opcode === 1 ? 'text' : 'binary'}`;

/** The query with `term` ANDed to it; unchanged when the term is already one of its words. */
export function withTerm(query: string, term: string): string {
  const trimmed = query.trim();
  if (trimmed === '') return term;
  if (trimmed.split(/\s+/).includes(term)) return query;
  return `${trimmed} ${term}`;
}
