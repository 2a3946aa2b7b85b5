/**
 * Saved filters, persisted through the storage seam the shell
 * passes to mountPanel (extension: browser.storage.local). Storage is
 * untrusted: readSavedFilters validates it, and corrupt data is reported, not
 * silently dropped; the next save replaces it.
 */
import { signal } from '@preact/signals';
import type { Signal } from '@preact/signals';
import { readSavedFilters, removeSavedFilter, serializeSavedFilters, upsertSavedFilter } from '../../filter';
import type { SavedFilter } from '../../filter';

export interface PanelStorage {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
}

export const SAVED_FILTERS_KEY = 'sockscope.savedFilters';

export interface SavedFilters {
  list: Signal<readonly SavedFilter[]>;
  /** A load or save problem, shown beside the menu. */
  error: Signal<string | null>;
  /** False without a storage seam: the menu is hidden. */
  readonly available: boolean;
  load(): Promise<void>;
  save(name: string, query: string): Promise<void>;
  remove(name: string): Promise<void>;
}

export function createSavedFilters(storage?: PanelStorage): SavedFilters {
  const list = signal<readonly SavedFilter[]>([]);
  const error = signal<string | null>(null);
  const write = async (next: SavedFilter[]): Promise<void> => {
    const out = serializeSavedFilters(next);
    if (!out.ok) {
      error.value = out.error;
      return;
    }
    list.value = next;
    try {
      await storage?.set(SAVED_FILTERS_KEY, out.value);
      error.value = null;
    } catch (e) {
      error.value = `could not save filters: ${(e as Error).message}`;
    }
  };
  return {
    list,
    error,
    available: storage !== undefined,
    async load() {
      if (!storage) return;
      try {
        const stored = await storage.get(SAVED_FILTERS_KEY);
        if (stored === undefined || stored === null) return;
        const read = readSavedFilters(stored);
        if (read.ok) list.value = read.filters;
        else error.value = `${read.error} — saving a filter will replace them`;
      } catch (e) {
        error.value = `could not read saved filters: ${(e as Error).message}`;
      }
    },
    save: (name, query) => write(upsertSavedFilter(list.value, { name: name.trim(), query })),
    remove: (name) => write(removeSavedFilter(list.value, name)),
  };
}
