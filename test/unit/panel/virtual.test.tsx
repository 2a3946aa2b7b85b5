// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen } from '@testing-library/preact';
import { afterEach, describe, expect, test } from 'vitest';
import { applyEvent } from '../../../src/panel';
import { MAX_SCROLL_PX, maxScrollTop, rowWindow, scrollTopForOffset, scrollTopToReveal } from '../../../src/panel/table/virtual-scroll';
import { conn, manyMessages, reset } from './helpers';
import { renderPanel } from './render';

afterEach(cleanup);

const rowIds = (): number[] => screen.queryAllByTestId('message-row').map((r) => Number(r.dataset.msgId));
const scroller = (): HTMLElement => document.querySelector('.ss-scroller') as HTMLElement;

function scrollTo(top: number): void {
  const el = scroller();
  el.scrollTop = top;
  fireEvent.scroll(el);
}

describe('row window math', () => {
  const g = { total: 1_000_000, rowHeight: 20, viewport: 400 };
  test('below the cap the mapping is the identity', () => {
    const small = { total: 1000, rowHeight: 20, viewport: 400 };
    expect(rowWindow(200, small)).toEqual({ first: 10, count: 21, layerTop: 200 });
    expect(rowWindow(210, small)).toEqual({ first: 10, count: 22, layerTop: 200 });
  });
  test('above the cap: spacer capped, ends map to ends, middle to middle', () => {
    expect(maxScrollTop(g)).toBe(MAX_SCROLL_PX - 400);
    expect(rowWindow(0, g).first).toBe(0);
    const end = rowWindow(maxScrollTop(g), g);
    expect(end.first + end.count).toBe(1_000_000);
    expect(rowWindow(maxScrollTop(g) / 2, g).first).toBe(Math.floor((20_000_000 - 400) / 2 / 20));
  });
  test('reveal brings a row into view with minimal movement', () => {
    const top = scrollTopForOffset(500_000 * 20, g);
    expect(scrollTopToReveal(500_005, top, g)).toBeNull();
    const down = scrollTopToReveal(500_050, top, g) as number;
    const w = rowWindow(down, g);
    expect(w.first + w.count - 1).toBeGreaterThanOrEqual(500_050);
    const up = scrollTopToReveal(499_000, top, g) as number;
    // Integer scrollTops in the scaled space land within a pixel: the row is at the top, fully visible.
    const uw = rowWindow(up, g);
    expect(uw.first).toBeGreaterThanOrEqual(498_999);
    expect(uw.first).toBeLessThanOrEqual(499_000);
    expect(up).toBeLessThan(top);
  });
});

describe('messages table with 1,000,000 rows', () => {
  test('renders only a window and scrolling maps to the right rows', async () => {
    const { store } = renderPanel();
    await act(() => {
      applyEvent(store, reset([conn('c1')]));
      applyEvent(store, { type: 'messages', records: manyMessages(1_000_000) });
      store.follow.value = false;
    });
    const spacer = document.querySelector('.ss-spacer') as HTMLElement;
    expect(parseFloat(spacer.style.height)).toBeLessThanOrEqual(MAX_SCROLL_PX);
    expect(rowIds().length).toBeLessThan(40);
    expect(rowIds()[0]).toBe(1);

    await act(() => scrollTo((MAX_SCROLL_PX - 400) / 2));
    const mid = rowIds();
    expect(mid.length).toBeLessThan(40);
    expect(mid[0]).toBe(Math.floor((20_000_000 - 400) / 2 / 20) + 1);
    expect(mid).toEqual(Array.from({ length: mid.length }, (_, i) => (mid[0] as number) + i));

    await act(() => scrollTo(MAX_SCROLL_PX));
    expect(rowIds().at(-1)).toBe(1_000_000);
    expect(store.follow.value).toBe(true);
  });

  test('follows new messages at the bottom, stays put when scrolled up', async () => {
    const { store } = renderPanel();
    await act(() => {
      applyEvent(store, reset([conn('c1')]));
      applyEvent(store, { type: 'messages', records: manyMessages(1000) });
    });
    expect(rowIds().at(-1)).toBe(1000);
    await act(() => applyEvent(store, { type: 'messages', records: manyMessages(1010).slice(1000) }));
    expect(rowIds().at(-1)).toBe(1010);

    await act(() => scrollTo(100 * 20));
    expect(store.follow.value).toBe(false);
    expect(rowIds()[0]).toBe(101);
    await act(() => applyEvent(store, { type: 'messages', records: manyMessages(1100).slice(1010) }));
    expect(rowIds()[0]).toBe(101);
    // Eviction shifts indexes, not the rows under the reader.
    await act(() => applyEvent(store, { type: 'evicted', throughId: 50 }));
    expect(rowIds()[0]).toBe(101);
  });

  test('keyboard moves the selection and keeps it visible', async () => {
    const { store } = renderPanel();
    await act(() => {
      applyEvent(store, reset([conn('c1')]));
      applyEvent(store, { type: 'messages', records: manyMessages(1_000_000) });
    });
    const grid = screen.getByRole('grid', { name: 'Messages' });
    await act(() => void fireEvent.keyDown(grid, { key: 'Home' }));
    expect(store.selectedMsg.value).toBe(1);
    expect(store.follow.value).toBe(false);
    await act(() => void fireEvent.keyDown(grid, { key: 'ArrowDown' }));
    await act(() => void fireEvent.keyDown(grid, { key: 'ArrowDown' }));
    expect(store.selectedMsg.value).toBe(3);
    expect(screen.getAllByTestId('message-row').find((r) => r.getAttribute('aria-selected') === 'true')?.dataset.msgId).toBe('3');
    for (let i = 0; i < 40; i++) await act(() => void fireEvent.keyDown(grid, { key: 'ArrowDown' }));
    expect(store.selectedMsg.value).toBe(43);
    expect(rowIds()).toContain(43);
    await act(() => void fireEvent.keyDown(grid, { key: 'ArrowUp' }));
    expect(store.selectedMsg.value).toBe(42);
    await act(() => void fireEvent.keyDown(grid, { key: 'End' }));
    expect(store.selectedMsg.value).toBe(1_000_000);
    expect(store.follow.value).toBe(true);
    expect(rowIds()).toContain(1_000_000);
  });

  test('direction is visible and labelled; non-page origins get a badge', async () => {
    const { store } = renderPanel();
    await act(() => {
      applyEvent(store, reset([conn('c1')]));
      applyEvent(store, {
        type: 'messages',
        records: [
          { id: 1, conn: 'c1', t: 0, dir: 'out', opcode: 1, size: 2, data: 'hi' },
          { id: 2, conn: 'c1', t: 0, dir: 'in', opcode: 2, size: 3, data: btoa('\x01\x02\xff'), carrier: 'Uint8Array', origin: 'injected' },
        ],
      });
    });
    const [out, inb] = screen.getAllByTestId('message-row');
    expect(out?.querySelector('[aria-label="sent"]')?.textContent).toBe('↑');
    expect(inb?.querySelector('[aria-label="received"]')?.textContent).toBe('↓');
    expect(out?.className).toContain('ss-row-out');
    expect(inb?.textContent).toContain('injected');
    expect(inb?.textContent).toContain('Uint8Array');
    expect(inb?.textContent).toContain('01 02 ff');
  });
});
