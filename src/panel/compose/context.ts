import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ComposeController } from './state';

/** Null where the panel is mounted without the command path (component tests). */
export const ComposeContext = createContext<ComposeController | null>(null);

export function useCompose(): ComposeController | null {
  return useContext(ComposeContext);
}
