import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { PanelActions } from './actions';
import type { PanelStore } from './store';

export interface PanelContextValue {
  store: PanelStore;
  actions: PanelActions;
}

export const PanelContext = createContext<PanelContextValue | null>(null);

export function usePanel(): PanelContextValue {
  const value = useContext(PanelContext);
  if (!value) throw new Error('Sockscope panel views must be rendered inside <PanelContext.Provider>');
  return value;
}
