// @vitest-environment jsdom
/**
 * One hostile message among good ones must not break the panel: its row shows
 * a decode result or an error in its own cell, the rows after it render, and
 * a message appended afterwards still appears (before, a decoder throwing
 * during render stopped the table at one row, for good).
 */
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { applyEvent, createPanelStore } from '../../../src/panel';
import { createActions } from '../../../src/panel/capture/actions';
import { App } from '../../../src/panel/shell/App';
import type { MessageRecord } from '../../../src/model/records';
import { conn, msg, reset } from './helpers';

// A row-level failure needs something in the row itself to throw: the size
// formatter does, for one size only.
vi.mock(import('../../../src/panel/capture/format'), async (importOriginal) => {
  const real = await importOriginal();
  return {
    ...real,
    formatBytes: (n: number) =>
      n === 666
        ? ((): never => {
            throw new Error('bad size');
          })()
        : real.formatBytes(n),
  };
});

afterEach(cleanup);

const DEEP = '['.repeat(5000) + ']'.repeat(5000);
const TO_STRING_RPC = '{"jsonrpc":"2.0","error":{"code":1,"message":{"toString":1}},"id":1}';

function mount() {
  const store = createPanelStore({ tabId: 7 });
  const actions = createActions(store, () => undefined);
  render(<App value={{ store, actions }} />);
  return { store, actions };
}

async function load(store: ReturnType<typeof createPanelStore>, records: MessageRecord[]) {
  await act(() => {
    applyEvent(store, reset([conn('c1')]));
    applyEvent(store, { type: 'messages', records });
  });
}

const rowOf = (id: number): HTMLElement => {
  const row = screen.getAllByTestId('message-row').find((r) => r.dataset.msgId === String(id));
  if (!row) throw new Error(`no row for message ${id}`);
  return row;
};
const ids = (): string[] => screen.getAllByTestId('message-row').map((r) => r.dataset.msgId ?? '');

async function openTab(id: number, name: string): Promise<HTMLElement> {
  await act(() => void fireEvent.mouseDown(rowOf(id)));
  await act(() => void fireEvent.click(screen.getByRole('tab', { name })));
  return screen.getByRole('tabpanel');
}

describe('hostile messages among good ones', () => {
  test('the deep array and the {"toString":1} JSON-RPC error decode as data; later and appended rows render', async () => {
    const { store } = mount();
    await load(store, [
      msg(1, { data: '{"type":"hello"}' }),
      msg(2, { data: DEEP }),
      msg(3, { data: TO_STRING_RPC }),
      msg(4, { data: '{"type":"after"}' }),
    ]);
    expect(ids()).toEqual(['1', '2', '3', '4']);
    expect(screen.queryAllByTestId('render-error')).toHaveLength(0);
    expect(within(rowOf(3)).getByTestId('decoded-summary').textContent).toBe('rpc error id 1 1 {"toString":1}');
    expect(within(rowOf(2)).getByTestId('decoded-summary').textContent).toMatch(/^\[\[\[\[/);
    expect(within(await openTab(3, 'Decoded')).getByRole('tree').textContent).toContain('toString');
    expect(within(await openTab(2, 'Decoded')).getByRole('tree').textContent).toContain('…');
    expect(screen.queryAllByTestId('render-error')).toHaveLength(0);

    await act(() => void applyEvent(store, { type: 'messages', records: [msg(5, { data: '{"type":"appended"}' })] }));
    expect(ids()).toEqual(['1', '2', '3', '4', '5']);
    expect(within(rowOf(5)).getByTestId('decoded-summary').textContent).toMatch(/^appended/);
  });
});

describe('error boundaries', () => {
  test('a Decoded cell that throws shows "could not render" in that cell only; the table goes on', async () => {
    const { store } = mount();
    const decoded = store.decode.decoded.bind(store.decode);
    store.decode.decoded = (rec) => {
      if (rec.id === 2) throw new Error('boom');
      return decoded(rec);
    };
    await load(store, [msg(1, { data: '{"type":"a"}' }), msg(2, { data: '{"type":"b"}' }), msg(3, { data: '{"type":"c"}' })]);
    expect(ids()).toEqual(['1', '2', '3']);
    expect(within(rowOf(2)).getByTestId('decoded-summary').textContent).toBe('could not render: boom');
    expect(within(rowOf(2)).getByText(/"type":"b"/)).toBeTruthy(); // the rest of the row renders
    expect(within(rowOf(3)).getByTestId('decoded-summary').textContent).toMatch(/^c /);

    // Its Decoded tab fails alone; its Text tab still works.
    expect(within(await openTab(2, 'Decoded')).getByTestId('render-error').textContent).toBe('could not render: boom');
    expect((await openTab(2, 'Text')).textContent).toContain('{"type":"b"}');

    await act(() => void applyEvent(store, { type: 'messages', records: [msg(4, { data: '{"type":"d"}' })] }));
    expect(ids()).toEqual(['1', '2', '3', '4']);
  });

  test('a row that throws becomes one "could not render" row; rows after it and appended ones render', async () => {
    const { store } = mount();
    await load(store, [msg(1), msg(2, { size: 666 }), msg(3)]);
    expect(ids()).toEqual(['1', '2', '3']);
    expect(within(rowOf(2)).getByTestId('render-error').textContent).toBe('could not render: bad size');
    expect(within(rowOf(3)).getAllByRole('gridcell').length).toBeGreaterThan(3);
    // Selecting it still works; the message's meta line fails alone and its Text tab renders.
    expect((await openTab(2, 'Text')).textContent).toContain('message 2');
    expect(screen.getByTestId('detail-pane').textContent).toContain('could not render: bad size');

    await act(() => void applyEvent(store, { type: 'messages', records: [msg(4)] }));
    expect(ids()).toEqual(['1', '2', '3', '4']);
  });
});
