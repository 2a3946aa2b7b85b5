import { render } from '@testing-library/preact';
import { createActions } from '../../../src/panel/capture/actions';
import type { PanelActions } from '../../../src/panel/capture/actions';
import type { PanelToBackground } from '../../../src/messaging/protocol';
import { createPanelStore } from '../../../src/panel/capture/store';
import type { PanelStore } from '../../../src/panel/capture/store';
import { App } from '../../../src/panel/shell/App';

/** Renders the whole panel against a bare store (no adapter): events go through applyEvent. */
export function renderPanel(): { store: PanelStore; actions: PanelActions; sent: PanelToBackground[]; container: Element } {
  const store = createPanelStore({ tabId: 7 });
  const sent: PanelToBackground[] = [];
  const actions = createActions(store, (m) => sent.push(m));
  const { container } = render(<App value={{ store, actions }} />);
  return { store, actions, sent, container };
}
