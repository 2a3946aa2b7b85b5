/**
 * Adapter from the issue-4 filter language (src/filter) to the panel's
 * FilterCompiler seam. Opt in with mountPanel(root, adapter, { compileFilter:
 * createLanguageFilterCompiler() }); the default stays the quick substring
 * filter until the decoders (`proto:`, `event:`, `json:`) are wired too.
 */
import { compileFilter, parseFilter } from '../filter';
import { binaryPreviewHex } from './format';
import type { FilterCompiler } from './filter-seam';

export function createLanguageFilterCompiler(): FilterCompiler {
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
    return { filter: { key: `lang:${now}:${text}`, test } };
  };
}
