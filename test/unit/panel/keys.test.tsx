// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen } from '@testing-library/preact';
import { afterEach, describe, expect, test } from 'vitest';
import { applyEvent } from '../../../src/panel/capture/reducer';
import { escapeStep, keyCommand } from '../../../src/panel/shell/keys';
import type { EscapeState, KeyLike, KeyPlace } from '../../../src/panel/shell/keys';
import { installPanelKeys } from '../../../src/panel/shell/keys-install';
import { conn, msg, reset } from './helpers';
import { renderPanel } from './render';

const key = (k: string, mods: Partial<KeyLike> = {}): KeyLike => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});
const at = (place: Partial<KeyPlace> = {}): KeyPlace => ({ mac: false, inTable: false, editable: false, textSelected: false, ...place });

describe('keyCommand (pure)', () => {
  test('Ctrl+F (Cmd+F on a Mac) focuses the filter, from anywhere; other combinations are not ours', () => {
    expect(keyCommand(key('f', { ctrlKey: true }), at())).toBe('focusFilter');
    expect(keyCommand(key('F', { ctrlKey: true }), at({ editable: true }))).toBe('focusFilter');
    expect(keyCommand(key('а', { ctrlKey: true, code: 'KeyF' }), at())).toBe('focusFilter'); // Cyrillic layout
    expect(keyCommand(key('f', { metaKey: true }), at({ mac: true }))).toBe('focusFilter');
    expect(keyCommand(key('f', { metaKey: true }), at())).toBeNull();
    expect(keyCommand(key('f', { ctrlKey: true, shiftKey: true }), at())).toBeNull();
    expect(keyCommand(key('f'), at())).toBeNull();
  });
  test('Esc anywhere; Enter and Ctrl+C only in the table; Ctrl+C leaves selected text to the browser', () => {
    expect(keyCommand(key('Escape'), at({ editable: true }))).toBe('escape');
    expect(keyCommand(key('Escape', { ctrlKey: true }), at())).toBeNull();
    expect(keyCommand(key('Enter'), at({ inTable: true }))).toBe('openDetail');
    expect(keyCommand(key('Enter'), at())).toBeNull();
    expect(keyCommand(key('c', { ctrlKey: true }), at({ inTable: true }))).toBe('copyMessage');
    expect(keyCommand(key('c', { ctrlKey: true }), at({ inTable: true, textSelected: true }))).toBeNull();
    expect(keyCommand(key('c', { ctrlKey: true }), at())).toBeNull();
  });
  test('? shows the keys, except while typing', () => {
    expect(keyCommand(key('?', { shiftKey: true }), at())).toBe('toggleKeys');
    expect(keyCommand(key('?', { shiftKey: true }), at({ editable: true }))).toBeNull();
  });
  test('Esc closes the innermost thing first, and nothing when nothing is open', () => {
    const none: EscapeState = { popover: false, keys: false, decode: false, filterText: false, compose: false, selection: false };
    expect(escapeStep(none)).toBeNull();
    expect(escapeStep({ ...none, selection: true, compose: true })).toBe('compose');
    expect(escapeStep({ ...none, selection: true, filterText: true })).toBe('filterText');
    expect(escapeStep({ ...none, selection: true, popover: true, keys: true })).toBe('popover');
    expect(escapeStep({ ...none, selection: true })).toBe('selection');
  });
});

describe('installPanelKeys (DOM)', () => {
  let uninstall: (() => void) | null = null;
  afterEach(() => {
    uninstall?.();
    uninstall = null;
    cleanup();
  });

  /** The panel with the keys installed, and a bubbling document listener standing in for DevTools' forwardKeyboardEvent. */
  function setup() {
    const panel = renderPanel();
    const copied: string[] = [];
    uninstall = installPanelKeys(window, panel, async (t) => {
      copied.push(t);
      return true;
    });
    const forwarded: string[] = [];
    const devtools = (e: KeyboardEvent) => forwarded.push(e.key);
    document.addEventListener('keydown', devtools);
    const off = uninstall;
    uninstall = () => {
      off();
      document.removeEventListener('keydown', devtools);
    };
    return { ...panel, copied, forwarded };
  }
  const press = (el: Element, k: string, mods: Partial<KeyLike> = {}) => act(() => void fireEvent.keyDown(el, { key: k, ...mods }));

  test('Ctrl+F focuses the panel filter and DevTools never sees it', async () => {
    const { forwarded } = setup();
    const grid = screen.getByRole('grid');
    await press(grid, 'f', { ctrlKey: true });
    expect(document.activeElement).toBe(screen.getByTestId('filter-input'));
    expect(forwarded).toEqual([]);
  });

  test('Esc: the help popover first, then the opened message; with nothing open it goes on to DevTools', async () => {
    const { store, actions, forwarded } = setup();
    await act(() => {
      applyEvent(store, reset([conn('c1')]));
      applyEvent(store, { type: 'messages', records: [msg(1), msg(2)] });
    });
    await act(() => actions.selectMessage(2));
    expect(screen.getByTestId('detail-pane')).toBeTruthy();
    fireEvent.click(screen.getByTestId('filter-help-button'));
    expect(screen.getByTestId('filter-help')).toBeTruthy();
    await press(screen.getByRole('grid'), 'Escape');
    expect(screen.queryByTestId('filter-help')).toBeNull();
    expect(store.selectedMsg.value).toBe(2);
    await press(screen.getByRole('grid'), 'Escape');
    expect(store.selectedMsg.value).toBeNull();
    expect(screen.queryByTestId('detail-pane')).toBeNull();
    expect(forwarded).toEqual([]);
    await press(screen.getByRole('grid'), 'Escape');
    expect(forwarded).toEqual(['Escape']);
  });

  test('Esc in the filter box clears it before closing anything else', async () => {
    const { store, actions } = setup();
    await act(() => {
      applyEvent(store, reset([conn('c1')]));
      applyEvent(store, { type: 'messages', records: [msg(1)] });
      actions.selectMessage(1);
    });
    const input = screen.getByTestId('filter-input') as HTMLInputElement;
    input.focus();
    await act(() => void fireEvent.input(input, { target: { value: 'message' } }));
    expect(store.filterText.value).toBe('message');
    await press(input, 'Escape');
    expect(store.filterText.value).toBe('');
    expect(input.value).toBe('');
    expect(store.selectedMsg.value).toBe(1);
  });

  test('Enter on the table opens the selected message; Ctrl+C copies it unless text is selected', async () => {
    const { store, copied } = setup();
    await act(() => {
      applyEvent(store, reset([conn('c1')]));
      applyEvent(store, { type: 'messages', records: [msg(1, { data: 'hello there' }), msg(2)] });
    });
    const grid = screen.getByRole('grid');
    await press(grid, 'ArrowDown');
    expect(store.selectedMsg.value).toBe(1);
    expect(screen.queryByTestId('detail-pane')).toBeNull(); // moving does not open
    await press(grid, 'Enter');
    expect(screen.getByTestId('detail-pane')).toBeTruthy();
    await press(grid, 'c', { ctrlKey: true });
    expect(copied).toEqual(['hello there']);
    const text = screen.getAllByTestId('message-row')[1] as HTMLElement;
    window.getSelection()?.selectAllChildren(text);
    await press(grid, 'c', { ctrlKey: true });
    expect(copied).toEqual(['hello there']);
    window.getSelection()?.removeAllRanges();
  });

  test('? opens the key list, Esc closes it; ? typed in the filter box stays text', async () => {
    const { forwarded } = setup();
    await press(screen.getByRole('grid'), '?', { shiftKey: true });
    expect(screen.getByTestId('keys-overlay').textContent).toContain('Focus the filter box');
    await press(screen.getByRole('grid'), 'Escape');
    expect(screen.queryByTestId('keys-overlay')).toBeNull();
    await press(screen.getByTestId('filter-input'), '?', { shiftKey: true });
    expect(screen.queryByTestId('keys-overlay')).toBeNull();
    expect(forwarded).toEqual(['?']);
  });
});
