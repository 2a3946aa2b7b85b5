// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createMemoryPair } from '../../../src/messaging/adapter';
import type { BackgroundToPanel, CommandRequest, PanelCommand, PanelReply, PanelToBackground } from '../../../src/messaging/protocol';
import { mountPanel } from '../../../src/panel';
import type { PanelHandle } from '../../../src/panel';
import { installPanelKeys } from '../../../src/panel/shell/keys-install';
import { escapeStep, keyCommand } from '../../../src/panel/shell/keys';
import { conn, msg, reset } from './helpers';

type Out = PanelToBackground | PanelCommand;
type In = BackgroundToPanel | PanelReply;

let handle: PanelHandle | null = null;
let uninstall: (() => void) | null = null;
/** What reached navigator.clipboard.writeText, the seam clipboard.ts copies through. */
let clipboard: string[] = [];
beforeEach(() => {
  clipboard = [];
  Object.defineProperty(navigator, 'clipboard', {
    configurable: true,
    value: { writeText: async (t: string) => void clipboard.push(t) },
  });
});
afterEach(() => {
  uninstall?.();
  handle?.();
  handle = uninstall = null;
  document.body.replaceChildren();
  cleanup();
});

/** The mounted panel with its keys, an in-memory background answering every command, and DevTools' forwarding listener. */
async function setup() {
  const root = document.createElement('div');
  document.body.appendChild(root);
  const [panel, bg] = createMemoryPair<Out, In>();
  const commands: CommandRequest[] = [];
  bg.addListener((m) => {
    if (m.type !== 'command') return;
    commands.push(m);
    bg.postMessage({ type: 'commandResult', id: m.id, ok: true, result: {} });
  });
  const h = mountPanel(root, panel, { tabId: 7, batchMs: 0 });
  handle = h;
  const copied: string[] = [];
  const off = installPanelKeys(window, h, async (t) => {
    copied.push(t);
    return true;
  });
  const forwarded: string[] = [];
  const devtools = (e: KeyboardEvent) => forwarded.push(e.key);
  document.addEventListener('keydown', devtools);
  uninstall = () => {
    off();
    document.removeEventListener('keydown', devtools);
  };
  const handshake = { url: 'wss://example.test/c1', requestId: '1', t: 0, requestHeaders: [{ name: 'Upgrade', value: 'websocket' }] };
  bg.postMessage(reset([conn('c1', { handshake }), conn('c2', { url: 'wss://example.test/<b>x</b>' })]));
  bg.postMessage({
    type: 'messages',
    records: [msg(1, { data: 'hi' }), msg(2, { conn: 'c2', opcode: 2, data: 'AAH/', size: 3 }), msg(3, { data: '{"a":1}' })],
  });
  await screen.findAllByTestId('message-row');
  return { store: h.store, commands, copied, forwarded };
}

const row = (id: number) => document.querySelector(`[data-testid="message-row"][data-msg-id="${id}"]`) as HTMLElement;
const press = (el: Element, key: string, mods: object = {}) => act(() => void fireEvent.keyDown(el, { key, ...mods }));
const labels = () => screen.getAllByRole('menuitem').map((b) => b.textContent);

describe('menu keys (pure)', () => {
  const k = (key: string, shiftKey = false) => ({ key, shiftKey, ctrlKey: false, metaKey: false, altKey: false });
  const place = { mac: false, inTable: false, editable: false, textSelected: false };
  test('the menu key and Shift+F10 open a row menu in the table or the connection list, nowhere else', () => {
    expect(keyCommand(k('ContextMenu'), { ...place, inTable: true })).toBe('contextMenu');
    expect(keyCommand(k('F10', true), { ...place, inConnections: true })).toBe('contextMenu');
    expect(keyCommand(k('F10'), { ...place, inTable: true })).toBeNull();
    expect(keyCommand(k('ContextMenu'), place)).toBeNull();
  });
  test('an open menu is the first thing Esc closes', () => {
    const all = { popover: true, keys: true, decode: true, filterText: true, compose: true, selection: true };
    expect(escapeStep({ ...all, menu: true })).toBe('menu');
    expect(escapeStep({ ...all, menu: false })).toBe('popover');
  });
});

describe('context menus', () => {
  test('right-click on a message row: its menu, without opening the message; Copy as hex copies its bytes', async () => {
    const { store } = await setup();
    await act(() => void fireEvent.mouseDown(row(2), { button: 2 }));
    await act(() => void fireEvent.contextMenu(row(2), { clientX: 50, clientY: 60 }));
    expect(labels()).toEqual([
      'Copy as text (UTF-8)',
      'Copy as hex',
      'Copy as base64',
      'Copy as code (ws.send)',
      'Copy as JavaScript (new WebSocket)',
      'Copy as websocat command',
      'Copy as wscat command',
      'Save payload as file',
      'Resend',
      'Edit & resend',
      'Inject into the page',
      'Mark for replay',
      'Filter by this connection',
      'Filter by direction: received',
      'Filter by type: binary',
    ]);
    expect(screen.getByTestId('menu-copy-wscat').getAttribute('aria-disabled')).toBe('true'); // binary
    expect(screen.getByTestId('menu-copy-wscat').title).toBe('wscat sends text messages only');
    expect(store.selectedMsg.value).toBeNull();
    expect(row(2).classList.contains('ss-menu-target')).toBe(true);
    await act(() => void fireEvent.click(screen.getByTestId('menu-copy-hex')));
    await waitFor(() => expect(clipboard).toEqual(['00 01 ff']));
    expect(screen.queryByTestId('context-menu')).toBeNull();
    expect(screen.getByTestId('notice').textContent).toBe('✓ Copied as hex');
    expect(screen.getByTestId('notice').parentElement?.getAttribute('role')).toBe('status');
  });

  test('Copy as JSON only when the payload parses; Resend sends the same command as the Resend button', async () => {
    const { commands } = await setup();
    await act(() => void fireEvent.contextMenu(row(1)));
    expect(screen.queryByTestId('menu-copy-json')).toBeNull();
    await act(() => void fireEvent.click(screen.getByTestId('menu-resend')));
    await waitFor(() => expect(commands).toHaveLength(1));
    expect(commands[0]?.command).toEqual({ op: 'send', conn: 'c1', payload: { opcode: 1, text: 'hi' }, origin: 'resent' });
    await act(() => void fireEvent.contextMenu(row(3)));
    await act(() => void fireEvent.click(screen.getByTestId('menu-copy-json')));
    await waitFor(() => expect(clipboard).toEqual(['{\n  "a": 1\n}']));
  });

  test('keyboard: Shift+F10 on the table opens the selected row menu, arrows and Enter filter by its connection, focus returns', async () => {
    const { store, forwarded } = await setup();
    const grid = screen.getByRole('grid');
    grid.focus();
    await press(grid, 'ArrowDown');
    await press(grid, 'ArrowDown');
    expect(store.selectedMsg.value).toBe(2);
    await press(grid, 'F10', { shiftKey: true });
    const menu = screen.getByTestId('context-menu');
    expect(document.activeElement?.textContent).toBe('Copy as text (UTF-8)');
    await press(menu, 'End');
    await press(menu, 'ArrowUp');
    await press(menu, 'ArrowUp');
    expect(document.activeElement?.textContent).toBe('Filter by this connection');
    await press(document.activeElement as Element, 'Enter');
    expect(screen.queryByTestId('context-menu')).toBeNull();
    expect(store.filterText.value).toBe('conn:="c2"');
    expect((screen.getByTestId('filter-input') as HTMLInputElement).value).toBe('conn:="c2"');
    expect(store.view.value.view.length).toBe(1);
    expect(document.activeElement).toBe(grid);
    expect(forwarded).toEqual(['ArrowDown', 'ArrowDown']); // the table's own arrows bubble; F10 and the menu's keys stop in the panel
  });

  test('Esc closes the menu first, then the message; DevTools sees neither', async () => {
    const { store, forwarded } = await setup();
    await act(() => handle?.actions.selectMessage(1));
    await press(screen.getByRole('grid'), 'ContextMenu');
    expect(screen.getByTestId('context-menu')).toBeTruthy();
    await press(document.activeElement as Element, 'Escape');
    expect(screen.queryByTestId('context-menu')).toBeNull();
    expect(store.selectedMsg.value).toBe(1);
    await press(screen.getByRole('grid'), 'Escape');
    expect(store.selectedMsg.value).toBeNull();
    expect(forwarded).toEqual([]);
  });

  test('connection row: copy URL (as text, whatever it holds), copy handshake headers, show only this connection', async () => {
    const { store } = await setup();
    const [c1, c2] = screen.getAllByTestId('connection-row') as [HTMLElement, HTMLElement];
    await act(() => void fireEvent.contextMenu(c2));
    expect(screen.getByTestId('menu-copy-handshake').getAttribute('aria-disabled')).toBe('true');
    await act(() => void fireEvent.click(screen.getByTestId('menu-copy-url')));
    await waitFor(() => expect(clipboard).toEqual(['wss://example.test/<b>x</b>']));
    await act(() => void fireEvent.contextMenu(c1));
    await act(() => void fireEvent.click(screen.getByTestId('menu-copy-handshake')));
    await waitFor(() => expect(clipboard.at(-1)).toBe('GET /c1 HTTP/1.1\nUpgrade: websocket'));
    await act(() => void fireEvent.contextMenu(c1));
    await act(() => void fireEvent.click(screen.getByTestId('menu-only-conn')));
    expect(store.selectedConn.value).toBe('c1');
    expect(document.querySelector('.ss-menu b')).toBeNull();
  });
});
