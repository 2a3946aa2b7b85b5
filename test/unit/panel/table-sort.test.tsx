// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen } from '@testing-library/preact';
import { afterEach, describe, expect, test } from 'vitest';
import { applyEvent } from '../../../src/panel/capture/reducer';
import { COLUMN_PREFS_KEY, COLUMNS } from '../../../src/panel/table/column-prefs';
import { installPanelKeys } from '../../../src/panel/shell/keys-install';
import { conn, msg, reset } from './helpers';
import { renderPanel } from './render';

afterEach(() => {
  cleanup();
  localStorage.clear();
});

/** Sizes by id: 1→30, 2→10, 3→20, 4→10. */
const SIZES = [30, 10, 20, 10];

async function setup() {
  const panel = renderPanel();
  await act(() => {
    applyEvent(panel.store, reset([conn('c1')]));
    applyEvent(panel.store, { type: 'messages', records: SIZES.map((size, i) => msg(i + 1, { size })) });
  });
  return panel;
}
const rowIds = () => screen.getAllByTestId('message-row').map((r) => Number(r.getAttribute('data-msg-id')));
const head = (col: string) => screen.getByTestId(`col-head-${col}`);
const stored = () => JSON.parse(localStorage.getItem(COLUMN_PREFS_KEY) ?? '{}') as { sort?: unknown; widths?: unknown };

describe('sorting the table', () => {
  test('a click on Size cycles ascending (stable), descending, arrival order; the choice is stored and read back', async () => {
    await setup();
    expect(rowIds()).toEqual([1, 2, 3, 4]);
    expect(head('size').getAttribute('aria-sort')).toBe('none');
    await act(() => void fireEvent.click(head('size')));
    expect(rowIds()).toEqual([2, 4, 3, 1]); // 10, 10 (arrival order kept), 20, 30
    expect(head('size').getAttribute('aria-sort')).toBe('ascending');
    expect(stored().sort).toEqual({ col: 'size', dir: 'asc' });
    await act(() => void fireEvent.click(head('size')));
    expect(rowIds()).toEqual([1, 3, 2, 4]); // ties still in arrival order
    expect(head('size').getAttribute('aria-sort')).toBe('descending');
    cleanup();
    await setup();
    expect(rowIds()).toEqual([1, 3, 2, 4]); // the next panel reads it back
    await act(() => void fireEvent.click(head('size')));
    expect(rowIds()).toEqual([1, 2, 3, 4]);
    expect(stored().sort).toBeUndefined();
  });

  test('a new message while sorted goes to its sorted place; arrows move in the shown order', async () => {
    const panel = await setup();
    await act(() => void fireEvent.click(head('size')));
    await act(() => applyEvent(panel.store, { type: 'messages', records: [msg(5, { size: 15 })] }));
    expect(rowIds()).toEqual([2, 4, 5, 3, 1]);
    await act(() => panel.actions.selectMessage(4));
    await act(() => void fireEvent.keyDown(screen.getByRole('grid'), { key: 'ArrowDown' }));
    expect(panel.store.selectedMsg.value).toBe(5);
    await act(() => void fireEvent.keyDown(screen.getByRole('grid'), { key: 'End' }));
    expect(panel.store.selectedMsg.value).toBe(1);
  });

  test('keyboard: Enter on a focused header sorts (and does not open a message); the header menu sorts and shows which', async () => {
    const panel = await setup();
    const off = installPanelKeys(window, { store: panel.store, actions: panel.actions });
    try {
      await act(() => panel.actions.selectMessage(2));
      await act(() => panel.actions.setDetailOpen(false));
      head('time').focus();
      await act(() => void fireEvent.keyDown(head('time'), { key: 'Enter' }));
      expect(head('time').getAttribute('aria-sort')).toBe('ascending');
      expect(panel.store.detailOpen.value).toBe(false);
      await act(() => void fireEvent.keyDown(head('time'), { key: 'F10', shiftKey: true }));
      const bySize = screen.getByTestId('menu-sort-size');
      expect(screen.getByTestId('menu-sort-time').getAttribute('aria-checked')).toBe('true');
      expect(bySize.getAttribute('aria-checked')).toBe('false');
      await act(() => void fireEvent.click(bySize));
      expect(rowIds()).toEqual([2, 4, 3, 1]);
      await act(() => void fireEvent.contextMenu(screen.getByTestId('table-head'), { clientX: 20, clientY: 10 }));
      expect(screen.getByTestId('menu-sort-size').textContent).toContain('ascending');
      await act(() => void fireEvent.click(screen.getByTestId('menu-sort-off')));
      expect(rowIds()).toEqual([1, 2, 3, 4]);
    } finally {
      off();
    }
  });
});

describe('header keys and menu', () => {
  test('a focused resize grip takes ← → (Shift: bigger steps) and stores the width; the rows do not move', async () => {
    const panel = await setup();
    await act(() => panel.actions.selectMessage(2));
    const grip = screen.getByTestId('col-grip-size');
    await act(() => void fireEvent.pointerDown(grip, { button: 0, clientX: 300 }));
    await act(() => void fireEvent.pointerUp(window, { clientX: 360 })); // 60 px (jsdom measures 0)
    grip.focus();
    await act(() => void fireEvent.keyDown(grip, { key: 'ArrowRight' }));
    expect(stored().widths).toEqual({ size: 68 });
    await act(() => void fireEvent.keyDown(grip, { key: 'ArrowLeft', shiftKey: true }));
    expect(stored().widths).toEqual({ size: 36 });
    expect(panel.store.selectedMsg.value).toBe(2); // not the table's arrow keys
    expect(grip.getAttribute('role')).toBe('separator');
  });

  test('every hideable column shows its check state in the header menu, Decoded and Latency included', async () => {
    await setup();
    await act(() => void fireEvent.contextMenu(screen.getByTestId('table-head'), { clientX: 20, clientY: 10 }));
    for (const col of COLUMNS) {
      const item = screen.getByTestId(`menu-col-${col}`);
      expect(item.getAttribute('role')).toBe('menuitemcheckbox');
      expect(item.getAttribute('aria-checked')).toBe('true');
    }
    await act(() => void fireEvent.click(screen.getByTestId('menu-col-latency')));
    await act(() => void fireEvent.contextMenu(screen.getByTestId('table-head'), { clientX: 20, clientY: 10 }));
    expect(screen.getByTestId('menu-col-latency').getAttribute('aria-checked')).toBe('false');
    expect(screen.getByTestId('menu-col-decoded').getAttribute('aria-checked')).toBe('true');
  });
});
