/** Public surface of the panel UI. */
import './shell/panel.css';
export { mountPanel } from './shell/mount';
export type { MountOptions, PanelAdapter, PanelHandle } from './shell/mount';
export { applyEvent } from './capture/reducer';
export { createPanelStore } from './capture/store';
export type { PanelStore, LinkState, DetailTab, Theme } from './capture/store';
export type { FilterCompileContext, FilterCompiler, FilterResult, MessageFilter } from './filter/filter-seam';
export { createLanguageFilterCompiler } from './filter/filter-language';
export { compileQuickFilter } from './filter/filter-seam';
