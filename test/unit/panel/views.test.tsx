// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, test } from 'vitest';
import { applyEvent } from '../../../src/panel';
import { conn, msg, reset, STATS } from './helpers';
import { renderPanel } from './render';

afterEach(cleanup);

describe('empty states', () => {
  test('before the first reset, then no WebSocket yet', async () => {
    const { store } = renderPanel();
    expect(screen.getByTestId('empty-state').textContent).toContain('Connecting to the Sockscope background');
    await act(() => applyEvent(store, reset()));
    expect(screen.getByTestId('empty-state').textContent).toContain(
      'No WebSocket yet on this page. Sockets opened before Sockscope was installed or enabled need a page reload.',
    );
  });

  test('no messages on the selected connection', async () => {
    const { store, actions } = renderPanel();
    await act(() => {
      applyEvent(store, reset([conn('a'), conn('b')]));
      applyEvent(store, { type: 'messages', records: [msg(1, { conn: 'a' })] });
    });
    expect(screen.queryByTestId('empty-state')).toBeNull();
    await act(() => actions.selectConnection('b'));
    expect(screen.getByTestId('empty-state').textContent).toContain('No messages on this connection yet.');
  });

  test('filter matched nothing says how many are hidden', async () => {
    const { store } = renderPanel();
    await act(() => {
      applyEvent(store, reset([conn('c1')]));
      applyEvent(store, { type: 'messages', records: Array.from({ length: 1234 }, (_, i) => msg(i + 1)) });
    });
    await act(() => void fireEvent.input(screen.getByTestId('filter-input'), { target: { value: 'foo' } }));
    expect(screen.getByTestId('empty-state').textContent).toContain('No message matches `foo` — 1,234 hidden');
    await act(() => void fireEvent.input(screen.getByTestId('filter-input'), { target: { value: '"MESSAGE 12"' } }));
    // the phrase (filter language): 12, 120–129, 1200–1234
    expect(store.view.value.view.length).toBe(46);
    expect(store.view.value.hidden).toBe(1234 - 46);
    expect(screen.getAllByTestId('message-row').at(-1)?.dataset.msgId).toBe('1234');
    expect(screen.queryByTestId('empty-state')).toBeNull();
  });

  test('disconnected banner', async () => {
    const { store } = renderPanel();
    await act(() => {
      store.link.value = 'disconnected';
    });
    expect(screen.getByRole('alert').textContent).toContain('reconnecting');
    expect(screen.getByTestId('status-bar').textContent).toContain('reconnecting');
  });
});

describe('connections list', () => {
  test('URL split with query params, state, counts, negotiated protocol', async () => {
    const { store } = renderPanel();
    await act(() =>
      applyEvent(
        store,
        reset([
          conn('a', {
            url: 'wss://h.test/ws/?CGISESSID=s3cr3t&x=1',
            protocol: 'chat',
            extensions: 'permessage-deflate',
            sent: { messages: 3, bytes: 1300 },
            received: { messages: 1200, bytes: 5 },
          }),
        ]),
      ),
    );
    const row = screen.getByTestId('connection-row');
    expect(row.dataset.connId).toBe('a');
    expect(within(row).getByLabelText('Query parameters').textContent).toBe('CGISESSID=s3cr3tx=1');
    expect(row.textContent).toContain('/ws/');
    expect(row.textContent).toContain('open');
    expect(row.textContent).toContain('chat · permessage-deflate');
    expect(row.textContent).toContain('↑ 3 · 1.3 KiB');
    expect(row.textContent).toContain('↓ 1,200 · 5 B');
    expect(screen.getByTestId('connection-all').textContent).toContain('All connections');
  });

  test('handshake status: real status, or refused with the status hidden by Chrome', async () => {
    const { store } = renderPanel();
    await act(() =>
      applyEvent(
        store,
        reset([
          conn('ok', { handshake: { url: '', requestId: '1', t: 0, status: 101, statusLine: 'HTTP/1.1 101 Switching Protocols' } }),
          conn('forbidden', { state: 'closed', handshake: { url: '', requestId: '2', t: 0, status: 403 } }),
          conn('refused', { state: 'error', handshake: { url: '', requestId: '3', t: 0, error: 'net::ERR_FAILED' } }),
        ]),
      ),
    );
    expect(screen.getAllByTestId('handshake-status').map((e) => e.textContent)).toEqual([
      '101 Switching Protocols',
      '403 Forbidden',
      'failed — reason hidden by Chrome',
    ]);
  });

  test('close info: code meaning, reason, wasClean, page close() call', async () => {
    const { store } = renderPanel();
    await act(() =>
      applyEvent(
        store,
        reset([
          conn('a', { state: 'closed', close: { code: 1006, reason: '', wasClean: false, t: 0 } }),
          conn('b', { state: 'closed', close: { code: 4001, reason: 'session expired', wasClean: true, t: 0 } }),
          conn('c', {
            state: 'closed',
            closeCall: { t: 0, code: 1000, reason: 'bye' },
            close: { code: 1000, reason: 'bye', wasClean: true, t: 0 },
          }),
        ]),
      ),
    );
    const infos = screen.getAllByTestId('close-info');
    expect(infos[0]?.textContent).toBe('1006 Abnormal Closure · not clean');
    expect(infos[0]?.getAttribute('title')).toContain('cannot see why');
    expect(infos[1]?.textContent).toBe('4001 Application “session expired” · clean');
    expect(infos[2]?.textContent).toBe('1000 Normal Closure “bye” · clean · page called close(1000, "bye")');
  });

  test('clicking a row selects the connection and narrows the table', async () => {
    const { store } = renderPanel();
    await act(() => {
      applyEvent(store, reset([conn('a'), conn('b')]));
      applyEvent(store, { type: 'messages', records: [msg(1, { conn: 'a' }), msg(2, { conn: 'b' })] });
    });
    expect(screen.getAllByTestId('message-row')).toHaveLength(2);
    expect(screen.getAllByTestId('message-row')[1]?.querySelector('.ss-c-conn')?.textContent).toBe('#2 /b');
    const rowB = screen.getAllByTestId('connection-row').find((r) => r.dataset.connId === 'b') as HTMLElement;
    await act(() => void fireEvent.click(rowB));
    expect(rowB.getAttribute('aria-selected')).toBe('true');
    expect(screen.getAllByTestId('message-row').map((r) => r.dataset.msgId)).toEqual(['2']);
    expect(screen.getByTestId('message-row').querySelector('.ss-c-conn')).toBeNull();
  });
});

describe('status bar', () => {
  test('totals, dropped, truncated, paused and skipped', async () => {
    const { store } = renderPanel();
    await act(() =>
      applyEvent(
        store,
        reset([], {
          options: { paused: true, preserveLog: false },
          stats: { ...STATS, connections: 2, messages: 1500, bytes: 2048, dropped: 7, droppedBytes: 100, truncated: 3, skipped: 42 },
        }),
      ),
    );
    const bar = screen.getByTestId('status-bar').textContent ?? '';
    await act(() => applyEvent(store, { type: 'stats', stats: { ...STATS, connections: 1, messages: 1 } }));
    expect(screen.getByTestId('status-bar').textContent).toContain('1 connection1 message · 0 B');
    for (const s of ['2 connections', '1,500 messages · 2.0 KiB', '7 dropped', '3 truncated', 'Paused', '42 skipped while paused'])
      expect(bar).toContain(s);
  });
});
