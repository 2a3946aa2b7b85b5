/**
 * Adapter from the filter language (src/filter) to the panel's
 * FilterCompiler seam; the panel's default filter. With a DecodeCache the
 * decoded terms (`proto:`, `event:`, `json:`, `is:heartbeat`) and
 * `is:unanswered` (pairing) work; decoding stays lazy: the matcher asks only
 * for the records a decoded term reaches.
 */
import { compileFilter, highlightRanges, parseFilter, queryNarrows } from '../../filter';
import type { FilterContext, FilterQuery } from '../../filter';
import type { MessageRecord } from '../../model/records';
import type { DecodeCache } from '../decoded/decode-cache';
import { queryHasHexTerm, searchTextOf } from '../decoded/search-text';
import type { FilterCompiler } from './filter-seam';

export function createLanguageFilterCompiler(decode?: DecodeCache): FilterCompiler {
  // Recent queries by key, so a new filter can tell whether it narrows the previous one.
  const recent = new Map<string, { query: FilterQuery; hexTerms: boolean }>();
  let compiles = 0;
  return (text, ctx) => {
    if (text.trim() === '') return { filter: null };
    const parsed = parseFilter(text);
    if (!parsed.ok) {
      const { message, start, end } = parsed.error;
      return { filter: null, error: `${message} (at ${start + 1})`, errorRange: { start, end } };
    }
    if (!parsed.query.root) return { filter: null };
    const now = Date.now();
    const hexTerms = queryHasHexTerm(parsed.query.root);
    const textOptions = { hexTerms, protocols: new Map<string, string | undefined>() };
    const fctx: FilterContext = { connection: ctx.connection, now, searchText: (m: MessageRecord) => searchTextOf(m, decode, textOptions) };
    if (decode) {
      fctx.decoded = (m) => decode.decoded(m);
      fctx.isUnanswered = (m) => decode.isUnanswered(m);
    }
    const test = compileFilter(parsed.query, fctx);
    // Relative times (`after:-5m`) and pairing depend on when it was compiled: a new compile is a new key.
    const key = `lang:${now}:${++compiles}:${text}`;
    const query = parsed.query;
    recent.set(key, { query, hexTerms });
    if (recent.size > 8) recent.delete(recent.keys().next().value as string);
    const narrows = (previousKey: string): boolean => {
      const prev = recent.get(previousKey);
      // A query with a hex-like term searches binary previews for all its terms: the same term then matches more.
      return prev !== undefined && (prev.hexTerms || !hexTerms) && queryNarrows(prev.query, query);
    };
    return { filter: { key, test, narrows }, highlight: (shown) => highlightRanges(shown, query) };
  };
}
