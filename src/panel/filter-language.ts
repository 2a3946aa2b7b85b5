/**
 * Adapter from the issue-4 filter language (src/filter) to the panel's
 * FilterCompiler seam. Opt in with mountPanel(root, adapter, { compileFilter:
 * createLanguageFilterCompiler() }); the default stays the quick substring
 * filter until the decoders (`proto:`, `event:`, `json:`) are wired too.
 */
import { compileFilter, parseFilter, queryNarrows } from '../filter';
import type { FilterQuery } from '../filter';
import { binaryPreviewHex } from './format';
import type { FilterCompiler } from './filter-seam';

export function createLanguageFilterCompiler(): FilterCompiler {
  // Recent queries by key, so a new filter can tell whether it narrows the previous one.
  const recent = new Map<string, FilterQuery>();
  return (text, ctx) => {
    if (text.trim() === '') return { filter: null };
    const parsed = parseFilter(text);
    if (!parsed.ok) return { filter: null, error: `${parsed.error.message} (at ${parsed.error.start + 1})` };
    if (!parsed.query.root) return { filter: null };
    const now = Date.now();
    const test = compileFilter(parsed.query, {
      connection: ctx.connection,
      // Without decoders, binary payloads are searched as their hex preview, like the quick filter.
      searchText: (m) => (m.opcode === 1 ? m.data : binaryPreviewHex(m.data)),
      now,
    });
    // Relative times (`after:-5m`) depend on `now`: a new compile is a new key.
    const key = `lang:${now}:${text}`;
    const query = parsed.query;
    recent.set(key, query);
    if (recent.size > 8) recent.delete(recent.keys().next().value as string);
    const narrows = (previousKey: string): boolean => {
      const prev = recent.get(previousKey);
      return prev !== undefined && queryNarrows(prev, query);
    };
    return { filter: { key, test, narrows } };
  };
}
