// @vitest-environment jsdom
/**
 * Import → a read-only session: the switcher shows the file, its rows replace
 * the live tab's, capture controls are disabled and page commands are
 * refused; "Live tab" re-subscribes on the kept live port (no reconnect by
 * the shell). Errors carry the importer's place.
 */
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { mountPanel } from '../../../src/panel';
import type { PanelHandle } from '../../../src/panel';
import { READ_ONLY_REASON } from '../../../src/panel/import/serve';
import { conn, fakeBackground, msg, reset } from './helpers';

const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(join(process.cwd(), 'test/fixtures/har', name)));

let handle: PanelHandle | null = null;
afterEach(() => {
  handle?.();
  handle = null;
  document.body.replaceChildren();
  cleanup();
});

async function mountLive() {
  const root = document.createElement('div');
  document.body.appendChild(root);
  const link = fakeBackground();
  link.bg.addListener((m) => {
    if (m.type !== 'subscribe') return;
    link.bg.postMessage(reset([conn('c1')]));
    link.bg.postMessage({ type: 'messages', records: [msg(1, { data: 'live one' }), msg(2, { data: 'live two' })] });
  });
  const h = mountPanel(root, link.panel, { tabId: 7, batchMs: 0 });
  handle = h;
  await waitFor(() => expect(screen.getAllByTestId('message-row')).toHaveLength(2));
  return { h, ...link };
}

/** A plain DOM change event, as the browser fires it (testing-library's fireEvent.change did not reach Preact's listener after a mount here). */
const change = (el: Element): boolean => el.dispatchEvent(new Event('change', { bubbles: true }));
const rowsText = (): string[] => screen.getAllByTestId('message-row').map((r) => r.textContent ?? '');

describe('imported sessions', () => {
  test('import → switch → imported rows, read-only → back to live', async () => {
    const { h, sent } = await mountLive();
    expect(screen.queryByTestId('session-select')).toBeNull();
    expect(await h.imports.open('chrome.har', fixture('chrome-websocket.har'))).toBe(true);
    await waitFor(() => expect(screen.getAllByTestId('message-row')).toHaveLength(3));
    expect(rowsText().join(' ')).toContain('hello');
    expect(rowsText().join(' ')).not.toContain('live one');
    const select = screen.getByTestId('session-select') as HTMLSelectElement;
    expect([...select.options].map((o) => o.text)).toEqual(['Live tab', 'chrome.har']);
    expect((screen.getByTestId('pause-button') as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByTestId('clear-button') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByTestId('settings-button'));
    expect((screen.getByTestId('preserve-log') as HTMLInputElement).disabled).toBe(true);
    // The filter works on the file as on a live tab.
    h.actions.setFilterText('hello');
    await waitFor(() => expect(screen.getAllByTestId('message-row')).toHaveLength(2));
    h.actions.setFilterText('');
    // Page commands never reach the live page from an imported session.
    const conn0 = [...h.store.connections.value.keys()][0]!;
    const outcome = await h.compose.send(conn0, { opcode: 1, text: 'x' }, 'composed');
    expect(outcome).toEqual({ ok: false, error: { code: 'BAD_COMMAND', message: READ_ONLY_REASON } });
    const subscribes = sent.filter((m) => m.type === 'subscribe').length;
    select.value = 'live';
    change(select);
    await waitFor(() => expect(rowsText().join(' ')).toContain('live two'));
    expect(sent.filter((m) => m.type === 'subscribe')).toHaveLength(subscribes + 1);
    expect((screen.getByTestId('pause-button') as HTMLButtonElement).disabled).toBe(false);
  });

  test('a HAR without WebSocket messages says so, with its place; the live tab stays', async () => {
    const { h } = await mountLive();
    expect(await h.imports.open('firefox.har', fixture('firefox-no-messages.har'))).toBe(false);
    const error = screen.getByTestId('import-error').textContent ?? '';
    expect(error).toMatch(/^firefox\.har: log\.entries.*: .*WebSocket/i);
    expect(rowsText().join(' ')).toContain('live one');
    expect(screen.queryByTestId('session-select')).toBeNull();
  });

  test('the file input opens the file; a shell reconnect while a file is shown is kept for "Live tab"', async () => {
    const { h } = await mountLive();
    const input = screen.getByTestId('import-file') as HTMLInputElement;
    // Text, not bytes: jsdom's Blob does not take a Node-realm Uint8Array as bytes.
    const file = new File([new TextDecoder().decode(fixture('chrome-websocket.har'))], 'picked.har');
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    change(input);
    await waitFor(() => expect(screen.getAllByTestId('message-row')).toHaveLength(3));
    const next = fakeBackground();
    next.bg.addListener((m) => {
      if (m.type !== 'subscribe') return;
      next.bg.postMessage(reset([conn('c9')]));
      next.bg.postMessage({ type: 'messages', records: [msg(5, { conn: 'c9', data: 'after restart' })] });
    });
    h.reconnect(next.panel);
    // One macrotask: the memory port delivers in microtasks and batchMs 0 applies on the next timer.
    await new Promise((r) => setTimeout(r, 0));
    expect(next.sent).toEqual([]);
    expect(rowsText().join(' ')).toContain('hello');
    h.imports.select(null);
    await waitFor(() => expect(rowsText().join(' ')).toContain('after restart'));
  });
});
