// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen } from '@testing-library/preact';
import { afterEach, describe, expect, test } from 'vitest';
import { applyEvent } from '../../../src/panel/capture/reducer';
import {
  COLUMN_PREFS_KEY,
  columnTemplate,
  readColumnPrefs,
  setHidden,
  setWidth,
  writeColumnPrefs,
} from '../../../src/panel/table/column-prefs';
import { conn, msg, reset } from './helpers';
import { renderPanel } from './render';

afterEach(() => {
  cleanup();
  localStorage.clear();
});

describe('column prefs (pure)', () => {
  test('read back what was written; anything else stored gives defaults or is dropped, never a throw', () => {
    const p = setWidth(setHidden(readColumnPrefs(null), 'time', true), 'size', 90.4);
    expect(readColumnPrefs(writeColumnPrefs(p))).toEqual({ hidden: ['time'], widths: { size: 90 } });
    for (const bad of ['', '{', 'null', '42', '"x"', '[]', '{"hidden":"time","widths":[1]}'])
      expect(readColumnPrefs(bad)).toEqual({ hidden: [], widths: {} });
    expect(readColumnPrefs('{"hidden":["time","data","__proto__","time"],"widths":{"time":1e9,"dir":-5,"type":"9","size":null}}')).toEqual({
      hidden: ['time'],
      widths: { time: 1200, dir: 16 },
    });
  });
  test('the template lists the present, shown columns with their widths, then Data', () => {
    const p = setWidth(setHidden(readColumnPrefs(null), 'type', true), 'time', 120);
    expect(columnTemplate(p, ['time', 'dir', 'type', 'size'], { dir: '12px' })).toBe('120px 12px 62px minmax(0, 1fr)');
    expect(columnTemplate(p, ['conn', 'time', 'dir', 'type', 'size', 'decoded', 'latency'])).toBe(
      '96px 120px 16px 62px minmax(0, 20%) 56px minmax(0, 1fr)',
    );
    expect(columnTemplate(p, ['time'], { time: '88px' })).not.toContain('var('); // resolved: a var() in --ss-cols would not resolve on the table
  });
});

describe('hideable, resizable columns', () => {
  async function setup() {
    const panel = renderPanel();
    await act(() => {
      applyEvent(panel.store, reset([conn('c1')]));
      applyEvent(panel.store, { type: 'messages', records: [msg(1), msg(2)] });
    });
    return panel;
  }
  const table = () => screen.getByRole('grid') as HTMLElement;

  test('the header menu hides a column (a checkbox item) and the choice is stored and read by the next panel', async () => {
    await setup();
    expect(table().classList.contains('ss-custom-cols')).toBe(false); // the CSS defaults until the user changes something
    await act(() => void fireEvent.contextMenu(screen.getByTestId('table-head'), { clientX: 20, clientY: 10 }));
    const time = screen.getByTestId('menu-col-time');
    expect(time.getAttribute('role')).toBe('menuitemcheckbox');
    expect(time.getAttribute('aria-checked')).toBe('true');
    await act(() => void fireEvent.click(time));
    expect(table().classList.contains('ss-hide-time')).toBe(true);
    expect(table().style.getPropertyValue('--ss-cols')).toBe('16px 112px 62px minmax(0, 1fr)');
    expect(JSON.parse(localStorage.getItem(COLUMN_PREFS_KEY) ?? '{}')).toEqual({ hidden: ['time'], widths: {} });
    cleanup();
    await setup();
    expect(table().classList.contains('ss-hide-time')).toBe(true);
    await act(() => void fireEvent.contextMenu(screen.getByTestId('table-head')));
    expect(screen.getByTestId('menu-col-time').getAttribute('aria-checked')).toBe('false');
    await act(() => void fireEvent.click(screen.getByTestId('menu-col-reset')));
    expect(table().classList.contains('ss-custom-cols')).toBe(false);
  });

  test('dragging a header edge sets the width, stored when the drag ends', async () => {
    await setup();
    const grip = screen.getByTestId('col-grip-size');
    await act(() => void fireEvent.pointerDown(grip, { button: 0, clientX: 300 }));
    await act(() => void fireEvent.pointerMove(window, { clientX: 380 }));
    expect(table().style.getPropertyValue('--ss-cols')).toContain('80px');
    expect(localStorage.getItem(COLUMN_PREFS_KEY)).toBeNull(); // not on every move
    await act(() => void fireEvent.pointerUp(window, { clientX: 400 }));
    expect(JSON.parse(localStorage.getItem(COLUMN_PREFS_KEY) ?? '{}').widths).toEqual({ size: 100 });
  });
});
