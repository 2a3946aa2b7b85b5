/**
 * Saved filters as the panel keeps them in extension storage:
 * `{ v: 1, filters: [{ name, query }] }`. Storage is a trust boundary (older
 * versions, manual edits, sync conflicts), so reading validates everything
 * and reports the first problem instead of half-loading.
 */

export interface SavedFilter {
  name: string;
  query: string;
}

export const SAVED_FILTERS_VERSION = 1;
export const MAX_SAVED_FILTERS = 200;
export const MAX_NAME_LENGTH = 100;
/** Generous for a hand-written query; keeps a corrupt entry from bloating storage. */
export const MAX_QUERY_LENGTH = 4096;

export type SavedFiltersResult = { ok: true; filters: SavedFilter[] } | { ok: false; error: string };

/** What to write to storage. Validates first, so a bad list is never persisted. */
export function serializeSavedFilters(filters: readonly SavedFilter[]): { ok: true; value: string } | { ok: false; error: string } {
  const checked = readSavedFilters({ v: SAVED_FILTERS_VERSION, filters });
  if (!checked.ok) return checked;
  return { ok: true, value: JSON.stringify({ v: SAVED_FILTERS_VERSION, filters: checked.filters }) };
}

/** Reads what storage returned: the JSON string, or the object if the caller already parsed it. */
export function readSavedFilters(stored: unknown): SavedFiltersResult {
  let data = stored;
  if (typeof stored === 'string') {
    try {
      data = JSON.parse(stored) as unknown;
    } catch {
      return { ok: false, error: 'saved filters are not valid JSON' };
    }
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data))
    return { ok: false, error: 'saved filters: expected an object `{ v, filters }`' };
  const { v, filters } = data as { v?: unknown; filters?: unknown };
  if (v !== SAVED_FILTERS_VERSION)
    return { ok: false, error: `saved filters: unsupported version ${JSON.stringify(v)} (expected ${SAVED_FILTERS_VERSION})` };
  if (!Array.isArray(filters)) return { ok: false, error: 'saved filters: `filters` must be an array' };
  if (filters.length > MAX_SAVED_FILTERS) return { ok: false, error: `saved filters: more than ${MAX_SAVED_FILTERS} entries` };
  const out: SavedFilter[] = [];
  const names = new Set<string>();
  for (const [i, entry] of filters.entries()) {
    const where = `saved filter #${i + 1}`;
    if (entry === null || typeof entry !== 'object') return { ok: false, error: `${where}: expected { name, query }` };
    const { name, query } = entry as { name?: unknown; query?: unknown };
    if (typeof name !== 'string' || name.trim() === '') return { ok: false, error: `${where}: \`name\` must be a non-empty string` };
    if (name.length > MAX_NAME_LENGTH) return { ok: false, error: `${where}: name longer than ${MAX_NAME_LENGTH} characters` };
    if (typeof query !== 'string') return { ok: false, error: `${where} (${name}): \`query\` must be a string` };
    if (query.length > MAX_QUERY_LENGTH)
      return { ok: false, error: `${where} (${name}): query longer than ${MAX_QUERY_LENGTH} characters` };
    if (names.has(name)) return { ok: false, error: `${where}: duplicate name \`${name}\`` };
    names.add(name);
    // Queries are kept even if they no longer parse: the panel shows the parse error where they are used.
    out.push({ name, query });
  }
  return { ok: true, filters: out };
}

/** Adds or replaces (by name) a filter; pure, returns a new list. */
export function upsertSavedFilter(filters: readonly SavedFilter[], entry: SavedFilter): SavedFilter[] {
  const i = filters.findIndex((f) => f.name === entry.name);
  return i < 0 ? [...filters, entry] : filters.map((f, k) => (k === i ? entry : f));
}

export function removeSavedFilter(filters: readonly SavedFilter[], name: string): SavedFilter[] {
  return filters.filter((f) => f.name !== name);
}
