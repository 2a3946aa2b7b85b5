/**
 * Imported sessions (src/import): the files opened in this panel, which
 * data source is shown ("Live tab" = null, or an imported file), and the
 * import under way (progress, Cancel) or its error with its place. Opening
 * never merges a file into the live tab's store: mount.tsx serves the chosen
 * session through an in-memory port (serve.ts) and keeps the live port.
 */
import { computed, signal } from '@preact/signals';
import type { ReadonlySignal, Signal } from '@preact/signals';
import { importFile } from '../../import';
import type { ImportedSession } from '../../import';

export interface ImportedFile {
  id: number;
  name: string;
  session: ImportedSession;
}

export interface ImportProgress {
  name: string;
  bytesRead: number;
  total: number;
}

export interface ImportController {
  files: Signal<readonly ImportedFile[]>;
  /** The shown session: null = the live tab. */
  active: Signal<number | null>;
  activeFile: ReadonlySignal<ImportedFile | null>;
  progress: Signal<ImportProgress | null>;
  /** The last import's failure, with its place ("packet 12, byte 4096: …"). */
  error: Signal<string | null>;
  /** Opens the bytes as a new session and shows it; resolves false on error or Cancel. */
  open(name: string, bytes: Uint8Array): Promise<boolean>;
  cancel(): void;
  select(id: number | null): void;
}

export function createImports(): ImportController {
  const files = signal<readonly ImportedFile[]>([]);
  const active = signal<number | null>(null);
  const progress = signal<ImportProgress | null>(null);
  const error = signal<string | null>(null);
  let abort: AbortController | null = null;
  let nextId = 1;
  return {
    files,
    active,
    activeFile: computed(() => files.value.find((f) => f.id === active.value) ?? null),
    progress,
    error,
    async open(name, bytes) {
      abort?.abort();
      const mine = (abort = new AbortController());
      error.value = null;
      progress.value = { name, bytesRead: 0, total: bytes.length };
      const result = await importFile(bytes, {
        signal: mine.signal,
        onProgress: (bytesRead) => mine === abort && (progress.value = { name, bytesRead, total: bytes.length }),
      });
      if (mine !== abort) return false; // a newer import replaced this one
      abort = null;
      progress.value = null;
      if (!result.ok) {
        const { code, place, message } = result.error;
        error.value = code === 'CANCELLED' ? null : `${name}: ${place ? `${place}: ` : ''}${message}`;
        return false;
      }
      const file: ImportedFile = { id: nextId++, name, session: result.value };
      files.value = [...files.value, file];
      active.value = file.id;
      return true;
    },
    cancel() {
      // HAR and NDJSON parse in one go: dropping `abort` discards their result too.
      abort?.abort();
      abort = null;
      progress.value = null;
    },
    select(id) {
      active.value = id;
    },
  };
}
