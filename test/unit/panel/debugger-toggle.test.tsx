// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, expect, test } from 'vitest';
import { applyEvent } from '../../../src/panel';
import { createActions } from '../../../src/panel/capture/actions';
import { createPanelStore } from '../../../src/panel/capture/store';
import type { PanelToBackground } from '../../../src/messaging/protocol';
import { App } from '../../../src/panel/shell/App';
import { DebuggerPermission } from '../../../src/panel/debugger/DebuggerToggle';
import { ConnectionDetails } from '../../../src/panel/connections/ConnectionDetails';
import { conn, OPTIONS, reset } from './helpers';

afterEach(cleanup);

function mount(request: (() => Promise<boolean>) | null) {
  const store = createPanelStore({ tabId: 7 });
  const sent: PanelToBackground[] = [];
  const actions = createActions(store, (m) => sent.push(m));
  render(
    <DebuggerPermission.Provider value={request}>
      <App value={{ store, actions }} />
    </DebuggerPermission.Provider>,
  );
  return { store, sent };
}

const options = (sent: PanelToBackground[]) => sent.flatMap((m) => (m.type === 'setOptions' ? [m.options] : []));

test('no toggle where the shell cannot request the permission (Firefox)', () => {
  mount(null);
  fireEvent.click(screen.getByTestId('settings-button'));
  expect(screen.getByTestId('record-stacks')).toBeTruthy();
  expect(screen.queryByTestId('debugger-mode')).toBeNull();
});

test('explains first; turns on only after Turn on and a granted permission; off at once', async () => {
  let asked = 0;
  let grant = false;
  const { store, sent } = mount(async () => (asked++, grant));
  await act(() => applyEvent(store, reset([])));
  fireEvent.click(screen.getByTestId('settings-button'));
  fireEvent.click(screen.getByTestId('debugger-mode'));
  expect(screen.getByTestId('debugger-explain').textContent).toContain('started debugging this browser');
  expect((screen.getByTestId('debugger-mode') as HTMLInputElement).checked).toBe(false);
  expect(options(sent)).toEqual([]);
  await act(async () => void fireEvent.click(screen.getByTestId('debugger-confirm')));
  expect(asked).toBe(1);
  expect(screen.getByTestId('debugger-status').textContent).toContain('did not grant');
  expect(options(sent)).toEqual([]);
  grant = true;
  await act(async () => void fireEvent.click(screen.getByTestId('debugger-confirm')));
  expect(options(sent)).toEqual([{ debugger: true }]);
  expect(screen.queryByTestId('debugger-explain')).toBeNull();
  await act(() => applyEvent(store, { type: 'options', options: { ...OPTIONS, debugger: true } }));
  fireEvent.click(screen.getByTestId('debugger-mode'));
  expect(options(sent)).toEqual([{ debugger: true }, { debugger: false }]);
});

test('says why Chrome ended it (the yellow bar’s Cancel)', async () => {
  const { store } = mount(async () => true);
  await act(() => applyEvent(store, reset([], { options: { ...OPTIONS, debugger: false, debuggerOff: 'canceled_by_user' } })));
  expect(screen.getByTestId('debugger-note').textContent).toContain('Cancel was clicked on Chrome’s “started debugging” bar');
});

test('a connection captured by debugger mode says so, with what opened it', () => {
  render(
    <ConnectionDetails
      conn={conn('cdp:1', {
        via: 'debugger',
        realm: 'worker',
        initiator: { type: 'script', url: 'http://h/w.js', line: 3, col: 7, frames: [{ fn: 'open', url: 'http://h/w.js' }] },
      })}
    />,
  );
  expect(screen.getByTestId('via-debugger').textContent).toContain('Captured by debugger mode');
  expect(screen.getByTestId('conn-initiator').textContent).toBe('Opened by: script open() http://h/w.js:3:7');
});
