/**
 * History of what was sent and saved snippets, per origin of the socket URL
 * (ws://host:port), persisted through the panel's storage seam (MountOptions
 * `storage`, shared with saved filters). Without storage: kept in memory.
 */
import { signal } from '@preact/signals';
import type { Signal } from '@preact/signals';
import type { WirePayload } from '../../messaging/protocol';

/** The panel's storage seam (MountOptions.storage; structurally the same as saved filters' PanelStorage). */
export interface ComposeStorage {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
}

export interface MemoryEntry {
  kind: 'send' | 'inject' | 'snippet';
  payload: WirePayload;
  t: number;
  name?: string;
}

export const HISTORY_MAX = 50;
const KEY = 'sockscope.compose.';

export function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

export interface ComposeMemory {
  /** Entries of the origin last loaded (newest first). */
  history: Signal<MemoryEntry[]>;
  snippets: Signal<MemoryEntry[]>;
  origin: Signal<string>;
  load(url: string): Promise<void>;
  remember(url: string, kind: 'send' | 'inject', payload: WirePayload): void;
  saveSnippet(url: string, name: string, payload: WirePayload): void;
  deleteSnippet(url: string, index: number): void;
}

const isEntry = (x: unknown): x is MemoryEntry => typeof x === 'object' && x !== null && 'payload' in x && 'kind' in x;

export function createComposeMemory(storage?: ComposeStorage): ComposeMemory {
  const mem = new Map<string, MemoryEntry[]>();
  const history = signal<MemoryEntry[]>([]);
  const snippets = signal<MemoryEntry[]>([]);
  const origin = signal('');
  const read = async (key: string): Promise<MemoryEntry[]> => {
    if (mem.has(key)) return mem.get(key) as MemoryEntry[];
    const v = storage ? await storage.get(key).catch(() => undefined) : undefined;
    const list = Array.isArray(v) ? v.filter(isEntry) : [];
    mem.set(key, list);
    return list;
  };
  const write = (key: string, list: MemoryEntry[]): void => {
    mem.set(key, list);
    void storage?.set(key, list).catch(() => undefined);
  };
  // Read-modify-write of one list at a time: two quick sends must both land in the history.
  let chain: Promise<void> = Promise.resolve();
  const update = (o: string, key: string, change: (list: MemoryEntry[]) => MemoryEntry[]): void => {
    chain = chain.then(async () => {
      write(key, change(await read(key)));
      refresh(o);
    });
  };
  const refresh = (o: string) => {
    if (o !== origin.value) return;
    history.value = mem.get(`${KEY}history:${o}`) ?? [];
    snippets.value = mem.get(`${KEY}snippets:${o}`) ?? [];
  };
  return {
    history,
    snippets,
    origin,
    async load(url) {
      const o = originOf(url);
      origin.value = o;
      await Promise.all([read(`${KEY}history:${o}`), read(`${KEY}snippets:${o}`)]);
      refresh(o);
    },
    remember(url, kind, payload) {
      const o = originOf(url);
      const same = (e: MemoryEntry) => JSON.stringify(e.payload) === JSON.stringify(payload) && e.kind === kind;
      update(o, `${KEY}history:${o}`, (list) => [{ kind, payload, t: Date.now() }, ...list.filter((e) => !same(e))].slice(0, HISTORY_MAX));
    },
    saveSnippet(url, name, payload) {
      const o = originOf(url);
      update(o, `${KEY}snippets:${o}`, (list) => [...list.filter((e) => e.name !== name), { kind: 'snippet', name, payload, t: Date.now() }]);
    },
    deleteSnippet(url, index) {
      const o = originOf(url);
      update(o, `${KEY}snippets:${o}`, (list) => list.filter((_, i) => i !== index));
    },
  };
}
