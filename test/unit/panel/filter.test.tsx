// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, test } from 'vitest';
import { applyEvent, createLanguageFilterCompiler, createPanelStore } from '../../../src/panel';
import { createActions } from '../../../src/panel/capture/actions';
import { App } from '../../../src/panel/shell/App';
import { conn, msg, reset } from './helpers';

afterEach(cleanup);

function renderWithLanguage() {
  const store = createPanelStore({ compileFilter: createLanguageFilterCompiler() });
  const actions = createActions(store, () => undefined);
  render(<App value={{ store, actions }} />);
  return { store, actions };
}

const shownIds = (): string[] => screen.queryAllByTestId('message-row').map((r) => r.dataset.msgId ?? '');

describe('filter seam with the filter language', () => {
  test('structural terms and free words', async () => {
    const { store } = renderWithLanguage();
    await act(() => {
      applyEvent(store, reset([conn('c1', { url: 'wss://chat.test/ws' }), conn('c2', { url: 'wss://feed.test/ws' })]));
      applyEvent(store, {
        type: 'messages',
        records: [
          msg(1, { dir: 'out', data: 'publish a' }),
          msg(2, { dir: 'in', data: 'publish b' }),
          msg(3, { dir: 'out', data: 'ping', conn: 'c2' }),
        ],
      });
    });
    const input = screen.getByTestId('filter-input');
    await act(() => void fireEvent.input(input, { target: { value: 'dir:out' } }));
    expect(shownIds()).toEqual(['1', '3']);
    await act(() => void fireEvent.input(input, { target: { value: 'publish -dir:in' } }));
    expect(shownIds()).toEqual(['1']);
    await act(() => void fireEvent.input(input, { target: { value: 'conn:feed' } }));
    expect(shownIds()).toEqual(['3']);
  });

  test('narrowing queries give the same rows as a fresh scan', async () => {
    const { store } = renderWithLanguage();
    await act(() => {
      applyEvent(store, reset([conn('c1')]));
      applyEvent(store, { type: 'messages', records: Array.from({ length: 300 }, (_, i) => msg(i + 1, { dir: i % 3 ? 'in' : 'out' })) });
    });
    const input = screen.getByTestId('filter-input');
    for (const q of ['message', 'message 1', 'message 1 dir:out', 'message 12 dir:out'])
      await act(() => void fireEvent.input(input, { target: { value: q } }));
    const narrowed = shownIds();
    cleanup();
    const fresh = renderWithLanguage();
    await act(() => {
      applyEvent(fresh.store, reset([conn('c1')]));
      applyEvent(fresh.store, {
        type: 'messages',
        records: Array.from({ length: 300 }, (_, i) => msg(i + 1, { dir: i % 3 ? 'in' : 'out' })),
      });
    });
    await act(() => void fireEvent.input(screen.getByTestId('filter-input'), { target: { value: 'message 12 dir:out' } }));
    expect(narrowed).toEqual(shownIds());
    expect(narrowed).toEqual(['112', '121', '124', '127']); // words AND: "message" and "12"
  });

  test('a parse error is shown, and the table is not filtered', async () => {
    const { store } = renderWithLanguage();
    await act(() => {
      applyEvent(store, reset([conn('c1')]));
      applyEvent(store, { type: 'messages', records: [msg(1), msg(2)] });
    });
    await act(() => void fireEvent.input(screen.getByTestId('filter-input'), { target: { value: '(publish' } }));
    expect(screen.getByRole('alert').textContent).toMatch(/\(at \d+\)/);
    expect(screen.getByTestId('filter-input').getAttribute('aria-invalid')).toBe('true');
    expect(shownIds()).toEqual(['1', '2']);
  });

  test('Escape clears the filter', async () => {
    const { store } = renderWithLanguage();
    await act(() => applyEvent(store, reset()));
    const input = screen.getByTestId('filter-input') as HTMLInputElement;
    await act(() => void fireEvent.input(input, { target: { value: 'x' } }));
    await act(() => void fireEvent.keyDown(input, { key: 'Escape' }));
    expect(store.filterText.value).toBe('');
  });
});
