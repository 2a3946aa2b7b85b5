// @vitest-environment jsdom
/**
 * An imported message is never resent or injected "on its connection" (a
 * file): the detail pane offers "Send on a live socket…", which opens
 * Compose prefilled on the Live tab aimed at the page's socket with the same
 * URL, and Send goes to the live background with that socket.
 */
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { mountPanel } from '../../../src/panel';
import type { PanelHandle } from '../../../src/panel';
import type { PanelToBackground } from '../../../src/messaging/protocol';
import { conn, fakeBackground, msg, reset } from './helpers';

const har = new Uint8Array(readFileSync(join(process.cwd(), 'test/fixtures/har/chrome-websocket.har')));

let handle: PanelHandle | null = null;
afterEach(() => {
  handle?.();
  handle = null;
  document.body.replaceChildren();
  cleanup();
});

describe('an imported message sent on a live socket', () => {
  test('no Resend/Inject; Send on a live socket… → Live tab, Compose prefilled, the same-URL socket targeted, sent there', async () => {
    const root = document.createElement('div');
    document.body.appendChild(root);
    const link = fakeBackground();
    const commands: unknown[] = [];
    link.bg.addListener((m: PanelToBackground | { type: 'command' }) => {
      if (m.type === 'command') commands.push(m);
      if (m.type !== 'subscribe') return;
      // c2 has the imported connection's URL; c3 is newer and open but another URL.
      link.bg.postMessage(
        reset([
          conn('c1', { state: 'closed' }),
          conn('c2', { url: 'wss://echo.example/socket?x=1' }),
          conn('c3', { created: 1_800_000_000_000 }),
        ]),
      );
      link.bg.postMessage({ type: 'messages', records: [msg(1, { conn: 'c3', data: 'live one' })] });
    });
    const h = mountPanel(root, link.panel, { tabId: 7, batchMs: 0 });
    handle = h;
    await waitFor(() => expect(screen.getAllByTestId('message-row')).toHaveLength(1));
    expect(await h.imports.open('chrome.har', har)).toBe(true);
    await waitFor(() => expect(screen.getAllByTestId('message-row')).toHaveLength(3));
    const first = h.store.log.bySeq(h.store.log.firstSeq)!;
    expect(first.data).toBe('hello');
    await act(() => h.actions.selectMessage(first.id));
    await waitFor(() => screen.getByTestId('msg-send-live'));
    expect(screen.queryByTestId('msg-resend')).toBeNull();
    expect(screen.queryByTestId('msg-inject')).toBeNull();
    expect(screen.getByTestId('msg-imported-note').textContent).toMatch(/live socket/);

    await act(() => void fireEvent.click(screen.getByTestId('msg-send-live')));
    expect(h.imports.active.value).toBeNull();
    await waitFor(() => expect(screen.getAllByTestId('message-row')[0]!.textContent).toContain('live one'));
    await waitFor(() => expect((screen.getByTestId('compose-target') as HTMLSelectElement).value).toBe('c2'));
    expect((screen.getByTestId('compose-input') as HTMLTextAreaElement).value).toBe('hello');
    expect(screen.getByTestId('compose-status').textContent).toContain('chrome.har');

    await act(() => void fireEvent.click(screen.getByTestId('compose-send')));
    await waitFor(() => expect(commands).toHaveLength(1));
    expect(commands[0]).toMatchObject({ type: 'command', command: { op: 'send', conn: 'c2', payload: { opcode: 1, text: 'hello' } } });
  });

  test('the row menu of an imported message offers Send on a live socket…, not Resend, Edit & resend or Inject', async () => {
    const root = document.createElement('div');
    document.body.appendChild(root);
    const link = fakeBackground();
    link.bg.addListener((m: PanelToBackground) => {
      if (m.type === 'subscribe') link.bg.postMessage(reset([conn('c2', { url: 'wss://echo.example/socket?x=1' })]));
    });
    const h = mountPanel(root, link.panel, { tabId: 7, batchMs: 0 });
    handle = h;
    expect(await h.imports.open('chrome.har', har)).toBe(true);
    await waitFor(() => expect(screen.getAllByTestId('message-row')).toHaveLength(3));
    await act(() => void fireEvent.contextMenu(screen.getAllByTestId('message-row')[0]!));
    await waitFor(() => screen.getByTestId('menu-send-live'));
    for (const id of ['menu-resend', 'menu-edit', 'menu-inject']) expect(screen.queryByTestId(id)).toBeNull();
    await act(() => void fireEvent.click(screen.getByTestId('menu-send-live')));
    expect(h.imports.active.value).toBeNull(); // back on the Live tab, Compose open with the payload
    await waitFor(() => expect((screen.getByTestId('compose-input') as HTMLTextAreaElement).value).toBe('hello'));
  });
});
