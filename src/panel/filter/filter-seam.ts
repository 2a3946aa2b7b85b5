/**
 * The seam between the panel and the filter language (src/filter, another
 * engineer). The panel only needs "text in, predicate out": pass a richer
 * compiler to mountPanel({ compileFilter }) and nothing else changes.
 */
import type { ConnectionRecord, MessageRecord } from '../../model/records';
import { binaryPreviewHex } from '../capture/format';

export interface MessageFilter {
  /** Identity of the compiled filter: equal keys must mean equal predicates (used to cache results). */
  key: string;
  test(message: MessageRecord): boolean;
  /**
   * Optional: true when every message this filter accepts is also accepted
   * by the filter whose key is `previousKey` (typing "hel" → "hello"). The
   * panel then rescans only the previous matches instead of the whole log.
   */
  narrows?(previousKey: string): boolean;
}

/** `filter` null means "show everything"; `error` is shown under the filter box. */
export interface FilterResult {
  filter: MessageFilter | null;
  error?: string;
  /** Where in the query text the error is (half-open UTF-16 range), for an inline mark. */
  errorRange?: { start: number; end: number };
  /** The ranges of a shown text that the query's words and regexes match (rendered as text spans). */
  highlight?: (text: string) => { start: number; end: number }[];
}

/** What a compiler may ask the panel about (read lazily, at match time). */
export interface FilterCompileContext {
  connection(id: string): ConnectionRecord | undefined;
}

export type FilterCompiler = (text: string, ctx: FilterCompileContext) => FilterResult;

/** Case-insensitive substring on the text (opcode 1) or on the hex preview (opcode 2). */
export const compileQuickFilter: FilterCompiler = (text) => {
  const needle = text.trim().toLowerCase();
  if (needle === '') return { filter: null };
  return {
    filter: {
      key: `quick:${needle}`,
      narrows: (prev) => prev.startsWith('quick:') && needle.includes(prev.slice('quick:'.length)),
      test: (m) => {
        const hay = m.opcode === 1 ? m.data : binaryPreviewHex(m.data);
        return hay.toLowerCase().includes(needle);
      },
    },
  };
};
