/** Public surface of the panel UI. */
import './panel.css';
export { mountPanel } from './mount';
export type { MountOptions, PanelAdapter, PanelHandle } from './mount';
export { applyEvent } from './reducer';
export { createPanelStore } from './store';
export type { PanelStore, LinkState, DetailTab, Theme } from './store';
export type { FilterCompileContext, FilterCompiler, FilterResult, MessageFilter } from './filter-seam';
export { createLanguageFilterCompiler } from './filter-language';
export { compileQuickFilter } from './filter-seam';
