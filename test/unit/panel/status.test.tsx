// @vitest-environment jsdom
import { act, cleanup, screen } from '@testing-library/preact';
import { afterEach, describe, expect, test } from 'vitest';
import { shownSummary } from '../../../src/panel/capture/format';
import { applyEvent } from '../../../src/panel/capture/reducer';
import { conn, msg, reset, STATS } from './helpers';
import { renderPanel } from './render';

afterEach(cleanup);

describe('status bar: shown against stored', () => {
  const base = { shown: 37, inScope: 37, all: 37, oneConnection: false, filter: false, heartbeats: false };
  test('every message shown: nothing to add', () => {
    expect(shownSummary(base)).toBeNull();
  });
  test('filtered: "3 of 37 messages shown" and what hides the rest', () => {
    expect(shownSummary({ ...base, shown: 3, filter: true })).toEqual({
      shown: '3 of 37 messages shown',
      hidden: '34 hidden by the filter',
    });
    expect(shownSummary({ ...base, shown: 30, heartbeats: true })).toEqual({
      shown: '30 of 37 messages shown',
      hidden: '7 hidden by Hide heartbeats',
    });
    expect(shownSummary({ ...base, shown: 2, filter: true, heartbeats: true })?.hidden).toBe('35 hidden by the filter and Hide heartbeats');
  });
  test('one connection: the others are named as the reason', () => {
    expect(shownSummary({ ...base, shown: 12, inScope: 12, oneConnection: true })).toEqual({
      shown: '12 of 37 messages shown',
      hidden: '25 on other connections',
    });
    expect(shownSummary({ ...base, shown: 3, inScope: 12, oneConnection: true, filter: true })?.hidden).toBe(
      '25 on other connections, 9 hidden by the filter',
    );
    expect(shownSummary({ ...base, shown: 1_200, inScope: 1_200, all: 1_200, oneConnection: true })).toBeNull(); // the only connection hides nothing
  });

  test('the rendered status bar follows the filter', async () => {
    const { store, actions } = renderPanel();
    const records = Array.from({ length: 37 }, (_, i) => msg(i + 1, { data: i < 3 ? `needle ${i}` : `hay ${i}` }));
    await act(() => {
      applyEvent(store, reset([conn('c1')], { stats: { ...STATS, connections: 1, messages: 37, bytes: 300 } }));
      applyEvent(store, { type: 'messages', records });
    });
    expect(screen.getByTestId('status-messages').textContent).toBe('37 messages · 300 B');
    await act(() => actions.setFilterText('needle'));
    expect(screen.getByTestId('status-messages').textContent).toBe('3 of 37 messages shown · 300 B');
    expect(screen.getByTestId('status-hidden').textContent).toBe('34 hidden by the filter');
  });
});
