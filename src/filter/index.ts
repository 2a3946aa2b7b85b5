/**
 * The filter language of the message table: a pure parser and
 * matcher, no browser imports. Full description: ./README.md.
 *
 *   publish -ping dir:out type:text size:>1k proto:socketio event:publish
 *   conn:chat json:user.id=42 /err(or)?s?/i (join OR leave) after:-5m
 *
 * Use:
 *   const parsed = parseFilter(src);            // never throws
 *   if (!parsed.ok) showInline(parsed.error);   // { code, message, start, end }
 *   const match = compileFilter(parsed.query, { connection, decoded, isUnanswered });
 *   for await (const p of filterChunked(store, match, { signal })) append(p.matches);
 *   highlightRanges(previewText, parsed.query); // [{ start, end }]
 */
export { FILTER_LIMITS } from './ast';
export { checkRegexSafety } from './regex-safety';
export type { RegexSafety } from './regex-safety';
export type { FilterError, FilterErrorCode, FilterNode, FilterQuery, FieldTerm, ParseResult, Span } from './ast';
export { parseFilter } from './parser';
export { compileFilter } from './compile';
export type { FilterContext, RecordPredicate } from './access';
export { highlightRanges } from './text';
export type { HighlightRange } from './text';
export { filterAll, filterChunked } from './chunked';
export type { ChunkOptions, FilterProgress } from './chunked';
export { queryNeeds } from './needs';
export { queryNarrows } from './narrow';
export type { FilterNeeds } from './needs';
export { FILTER_HELP } from './help';
export type { FilterHelpEntry } from './help';
export { FIELD_NAMES } from './fields';
export { readSavedFilters, serializeSavedFilters, upsertSavedFilter, removeSavedFilter, SAVED_FILTERS_VERSION } from './saved';
export type { SavedFilter, SavedFiltersResult } from './saved';
