import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ImportController } from './state';

/** Imported sessions; null when the panel is mounted without them (views tests). */
export const ImportContext = createContext<ImportController | null>(null);

export function useImports(): ImportController | null {
  return useContext(ImportContext);
}

/** The shown session is a file: page commands, Pause, Clear and Preserve log do not apply. */
export function useReadOnly(): string | null {
  return useImports()?.activeFile.value?.name ?? null;
}
