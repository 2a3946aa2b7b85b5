// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen } from '@testing-library/preact';
import { afterEach, expect, test } from 'vitest';
import { applyEvent } from '../../../src/panel/capture/reducer';
import { conn, OPTIONS, reset } from './helpers';
import { renderPanel } from './render';

afterEach(cleanup);

test('the capture settings open from one button, take focus, close on Esc (focus back) and on a click outside; the button counts what is on', async () => {
  const panel = renderPanel();
  await act(() => applyEvent(panel.store, reset([conn('c1')])));
  const button = screen.getByTestId('settings-button');
  expect(screen.queryByTestId('preserve-log')).toBeNull(); // not in the toolbar row itself
  expect(screen.queryByTestId('settings-on')).toBeNull();
  await act(() => void fireEvent.click(button));
  expect(button.getAttribute('aria-expanded')).toBe('true');
  expect(document.activeElement).toBe(screen.getByTestId('preserve-log'));
  await act(() => void fireEvent.click(screen.getByTestId('preserve-log')));
  expect(panel.sent).toContainEqual({ type: 'setOptions', options: { preserveLog: true } });
  await act(() => void fireEvent.keyDown(screen.getByTestId('preserve-log'), { key: 'Escape' }));
  expect(screen.queryByTestId('settings-popover')).toBeNull();
  expect(document.activeElement).toBe(button);
  expect(screen.getByTestId('settings-on').textContent).toBe('1');
  await act(() => applyEvent(panel.store, { type: 'options', options: { ...OPTIONS, preserveLog: true, recordStacks: true } }));
  expect(screen.getByTestId('settings-on').textContent).toBe('2');
  await act(() => void fireEvent.click(button));
  await act(() => void fireEvent.pointerDown(screen.getByTestId('status-bar')));
  expect(screen.queryByTestId('settings-popover')).toBeNull();
});
