// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, test } from 'vitest';
import { PROTOCOL_VERSION } from '../../../src/messaging/protocol';
import { mountPanel } from '../../../src/panel';
import type { PanelHandle } from '../../../src/panel';
import { mountInlineShell } from '../../../src/panel/shell/inline-shell';
import { conn, fakeBackground, msg, reset } from './helpers';

let handle: PanelHandle | null = null;
afterEach(() => {
  handle?.();
  handle = null;
  document.body.replaceChildren();
  cleanup();
});

function mount() {
  const root = document.createElement('div');
  document.body.appendChild(root);
  const link = fakeBackground();
  handle = mountPanel(root, link.panel, { tabId: 7, theme: 'dark', batchMs: 0 });
  return { root, ...link };
}

describe('mountPanel', () => {
  test('subscribes on mount and renders what the background sends', async () => {
    const { bg, sent, root } = mount();
    await waitFor(() => expect(sent).toEqual([{ type: 'subscribe', v: PROTOCOL_VERSION, tabId: 7 }]));
    expect(root.dataset.theme).toBe('dark');
    expect(root.querySelector('.ss-panel[data-theme="dark"]')).not.toBeNull();
    handle?.setTheme('light');
    await waitFor(() => expect(root.querySelector('.ss-panel')?.getAttribute('data-theme')).toBe('light'));
    expect(root.dataset.theme).toBe('light');
    expect(screen.getByTestId('empty-state').textContent).toContain('Connecting');
    bg.postMessage(reset([conn('c1')]));
    bg.postMessage({ type: 'messages', records: [msg(1), msg(2)] });
    await waitFor(() => expect(screen.getAllByTestId('message-row')).toHaveLength(2));
    expect(screen.getAllByTestId('connection-row')).toHaveLength(1);
  });

  test('toolbar sends pause, clear and preserve-log over the adapter', async () => {
    const { bg, sent } = mount();
    bg.postMessage(reset([conn('c1')]));
    await waitFor(() => expect(screen.queryByText(/Connecting/)).toBeNull());
    fireEvent.click(screen.getByTestId('pause-button'));
    fireEvent.click(screen.getByTestId('settings-button'));
    fireEvent.click(screen.getByTestId('preserve-log'));
    fireEvent.click(screen.getByTestId('clear-button'));
    await waitFor(() => expect(sent).toHaveLength(4));
    expect(sent.slice(1)).toEqual([
      { type: 'setOptions', options: { paused: true } },
      { type: 'setOptions', options: { preserveLog: true } },
      { type: 'clear' },
    ]);
    expect(screen.getByTestId('pause-button').getAttribute('aria-pressed')).toBe('true');
    expect(within(screen.getByTestId('status-bar')).getByText('Paused')).toBeTruthy();
  });

  test('reconnect: shows the disconnect, re-subscribes on the new adapter, replaces data on reset', async () => {
    const first = mount();
    first.bg.postMessage(reset([conn('c1')]));
    first.bg.postMessage({ type: 'messages', records: [msg(1), msg(2), msg(3)] });
    await waitFor(() => expect(screen.getAllByTestId('message-row')).toHaveLength(3));
    first.panel.disconnect();
    await screen.findByTestId('disconnected-banner');
    const second = fakeBackground();
    handle?.reconnect(second.panel);
    await waitFor(() => expect(second.sent).toEqual([{ type: 'subscribe', v: PROTOCOL_VERSION, tabId: 7 }]));
    second.bg.postMessage(reset([conn('c1'), conn('c2')]));
    second.bg.postMessage({ type: 'messages', records: [msg(1)] });
    await waitFor(() => expect(screen.getAllByTestId('message-row')).toHaveLength(1));
    expect(screen.queryByTestId('disconnected-banner')).toBeNull();
    expect(screen.getAllByTestId('connection-row')).toHaveLength(2);
    // Commands now go to the new port only.
    fireEvent.click(screen.getByTestId('clear-button'));
    await waitFor(() => expect(second.sent.at(-1)).toEqual({ type: 'clear' }));
    expect(first.sent.filter((m) => m.type === 'clear')).toHaveLength(0);
  });

  test('unmount empties the root and stops listening', async () => {
    const { root, bg } = mount();
    bg.postMessage(reset());
    await screen.findByText(/No WebSocket yet/);
    handle?.unmount();
    expect(root.childNodes).toHaveLength(0);
    expect(root.dataset.theme).toBeUndefined();
    bg.postMessage(reset([conn('c1')]));
    await new Promise((r) => setTimeout(r, 5));
    expect(root.childNodes).toHaveLength(0);
  });
});

describe('inline shell', () => {
  test('mounts the panel against the fake background with synthetic data', async () => {
    const root = document.createElement('div');
    document.body.appendChild(root);
    handle = mountInlineShell(root, { messages: 500, chunk: 100, theme: 'light' });
    await waitFor(() => expect(handle?.store.log.length).toBe(500));
    await waitFor(() => expect(screen.getAllByTestId('connection-row')).toHaveLength(5));
    expect(screen.getAllByTestId('handshake-status').map((e) => e.textContent)).toContain('connection refused — no HTTP response');
    expect(screen.getByTestId('status-bar').textContent).toContain('500 messages');
    fireEvent.click(screen.getByTestId('pause-button'));
    await waitFor(() => expect(handle?.store.options.value.paused).toBe(true));
  });
});
