/**
 * History of what was sent and saved snippets, per origin of the socket URL
 * (ws://host:port), persisted through the panel's storage seam (MountOptions
 * `storage`, shared with saved filters). Without storage: kept in memory.
 * Storage is JSON, so binary payloads are stored as base64 (this is the
 * storage edge: in memory and on ports they are bytes).
 */
import { signal } from '@preact/signals';
import type { Signal } from '@preact/signals';
import type { Payload } from '../../messaging/protocol';
import { base64ToBytes, bytesToBase64 } from '../../model/base64';
import { binaryPayload } from './payload-input';

/** The panel's storage seam (MountOptions.storage; structurally the same as saved filters' PanelStorage). */
export interface ComposeStorage {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
}

export interface MemoryEntry {
  kind: 'send' | 'inject' | 'snippet';
  payload: Payload;
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
  remember(url: string, kind: 'send' | 'inject', payload: Payload): void;
  saveSnippet(url: string, name: string, payload: Payload): void;
  deleteSnippet(url: string, index: number): void;
}

/** As persisted: binary as base64 (the format of earlier versions too). */
type StoredPayload = { opcode: 1; text: string } | { opcode: 2; base64: string };
type StoredEntry = Omit<MemoryEntry, 'payload'> & { payload: StoredPayload };

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;
const toStored = (e: MemoryEntry): StoredEntry => ({
  ...e,
  payload: e.payload.opcode === 1 ? e.payload : { opcode: 2, base64: bytesToBase64(new Uint8Array(e.payload.bytes)) },
});
/** A stored entry back in memory; anything malformed (hand-edited storage, an old shape) is skipped. */
function fromStored(x: unknown): MemoryEntry | undefined {
  if (!isObject(x) || !isObject(x.payload) || (x.kind !== 'send' && x.kind !== 'inject' && x.kind !== 'snippet')) return undefined;
  const p = x.payload;
  const base = {
    kind: x.kind as MemoryEntry['kind'],
    t: typeof x.t === 'number' ? x.t : 0,
    ...(typeof x.name === 'string' ? { name: x.name } : {}),
  };
  if (p.opcode === 1 && typeof p.text === 'string') return { ...base, payload: { opcode: 1, text: p.text } };
  if (p.opcode !== 2 || typeof p.base64 !== 'string') return undefined;
  try {
    return { ...base, payload: binaryPayload(base64ToBytes(p.base64)) };
  } catch {
    return undefined;
  }
}
/** Same bytes (ArrayBuffers have no useful equality); compared in place, not encoded first. */
function sameBytes(a: ArrayBuffer, b: ArrayBuffer): boolean {
  if (a.byteLength !== b.byteLength) return false;
  const x = new Uint8Array(a);
  const y = new Uint8Array(b);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}
const samePayload = (a: Payload, b: Payload): boolean =>
  a.opcode === 1 ? b.opcode === 1 && a.text === b.text : b.opcode === 2 && sameBytes(a.bytes, b.bytes);

export function createComposeMemory(storage?: ComposeStorage): ComposeMemory {
  const mem = new Map<string, MemoryEntry[]>();
  const history = signal<MemoryEntry[]>([]);
  const snippets = signal<MemoryEntry[]>([]);
  const origin = signal('');
  const read = async (key: string): Promise<MemoryEntry[]> => {
    if (mem.has(key)) return mem.get(key) as MemoryEntry[];
    const v = storage ? await storage.get(key).catch(() => undefined) : undefined;
    const list: MemoryEntry[] = [];
    if (Array.isArray(v))
      for (const x of v) {
        const e = fromStored(x);
        if (e) list.push(e);
      }
    mem.set(key, list);
    return list;
  };
  const write = (key: string, list: MemoryEntry[]): void => {
    mem.set(key, list);
    void storage?.set(key, list.map(toStored)).catch(() => undefined);
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
      const same = (e: MemoryEntry) => e.kind === kind && samePayload(e.payload, payload);
      update(o, `${KEY}history:${o}`, (list) => [{ kind, payload, t: Date.now() }, ...list.filter((e) => !same(e))].slice(0, HISTORY_MAX));
    },
    saveSnippet(url, name, payload) {
      const o = originOf(url);
      update(o, `${KEY}snippets:${o}`, (list) => [
        ...list.filter((e) => e.name !== name),
        { kind: 'snippet', name, payload, t: Date.now() },
      ]);
    },
    deleteSnippet(url, index) {
      const o = originOf(url);
      update(o, `${KEY}snippets:${o}`, (list) => list.filter((_, i) => i !== index));
    },
  };
}
