// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, test } from 'vitest';
import { applyEvent } from '../../../src/panel';
import { checkAccept, expectedAccept } from '../../../src/panel/connections/conn-info';
import type { MessageRecord } from '../../../src/model/records';
import { conn, msg, reset } from './helpers';
import { renderPanel } from './render';

afterEach(cleanup);

async function showMessage(rec: MessageRecord) {
  const panel = renderPanel();
  await act(() => {
    applyEvent(panel.store, reset([conn('c1')]));
    applyEvent(panel.store, { type: 'messages', records: [rec] });
    panel.actions.selectMessage(rec.id);
  });
  return { ...panel, pane: screen.getByTestId('detail-pane') };
}

const tab = (name: string) => act(() => void fireEvent.click(screen.getByRole('tab', { name })));

describe('handshake accept check', () => {
  test('RFC 6455 sample key gives the sample accept; a wrong one is reported', async () => {
    expect(await expectedAccept('dGhlIHNhbXBsZSBub25jZQ==')).toBe('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
    const hs = (accept: string) =>
      conn('c', {
        handshake: {
          url: '',
          requestId: '1',
          t: 0,
          requestHeaders: [{ name: 'sec-websocket-key', value: 'dGhlIHNhbXBsZSBub25jZQ==' }],
          responseHeaders: [{ name: 'Sec-WebSocket-Accept', value: accept }],
        },
      });
    expect(await checkAccept(hs('s3pPLMBiTxaQ9kYGzzhZRbK+xOo='))).toEqual({ state: 'match' });
    expect(await checkAccept(hs('AAAA'))).toEqual({ state: 'mismatch', expected: 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=' });
    expect(await checkAccept(conn('none'))).toEqual({ state: 'unknown' });
  });
});

describe('detail pane', () => {
  test('text: shown as text, never as HTML', async () => {
    const { pane } = await showMessage(msg(1, { data: '<img src=x onerror=alert(1)>\nline 2' }));
    expect(pane.querySelector('img')).toBeNull();
    expect(within(pane).getByRole('tabpanel').textContent).toContain('<img src=x onerror=alert(1)>\nline 2');
    expect(pane.textContent).toContain('↑ sent');
  });

  test('JSON: collapsible tree; non-JSON says why', async () => {
    const { pane } = await showMessage(msg(1, { data: '{"user":{"name":"<b>ana</b>","tags":[1,2]},"ok":true}' }));
    await tab('JSON');
    const tree = within(pane).getByRole('tree');
    expect(tree.textContent).toContain('name: "<b>ana</b>"');
    expect(pane.querySelector('b')).toBeNull();
    const tags = within(tree)
      .getAllByRole('treeitem')
      .find((li) => li.textContent?.startsWith('▸tags') || li.textContent?.startsWith('▾tags'));
    expect(tags?.getAttribute('aria-expanded')).toBe('false');
    await act(() => void fireEvent.click(within(tags as HTMLElement).getByRole('button', { name: 'expand' })));
    expect(tags?.getAttribute('aria-expanded')).toBe('true');
    expect(tags?.textContent).toContain('0: 1');
    cleanup();

    const bad = await showMessage(msg(2, { data: '{"a": 1,, }' }));
    await tab('JSON');
    expect(within(bad.pane).getByTestId('json-error').textContent).toMatch(/^not JSON: .*(position|column) /);
  });

  test('hex: offsets and ASCII for text as UTF-8', async () => {
    const { pane } = await showMessage(msg(1, { data: 'héllo, world! 0123456789' }));
    await tab('Hex');
    const dump = within(pane).getByTestId('hex-dump').textContent ?? '';
    const lines = dump.split('\n');
    expect(lines[0]).toMatch(/^00000000 {2}68 c3 a9 6c 6c 6f 2c 20 {2}77 6f 72 6c 64 21 20 30 {2}\|h\.\.llo, world! 0\|$/);
    expect(lines[1]).toMatch(/^00000010 {2}31 32/);
  });

  test('binary: hex, base64 tab, carrier, lazy cap with show more', async () => {
    const bytes = new Uint8Array(70 * 1024).map((_, i) => i & 0xff);
    let bin = '';
    bytes.forEach((b) => (bin += String.fromCharCode(b)));
    const { pane } = await showMessage(msg(1, { opcode: 2, data: btoa(bin), size: bytes.length, carrier: 'Blob' }));
    expect(pane.textContent).toContain('binary (Blob)');
    await tab('Hex');
    const lines = () => (within(pane).getByTestId('hex-dump').textContent ?? '').split('\n').length;
    expect(lines()).toBe(4096);
    expect(pane.textContent).toContain('Showing 64 KiB of 70 KiB');
    await act(() => void fireEvent.click(within(pane).getByRole('button', { name: 'Show more' })));
    expect(lines()).toBe(4480);
    await tab('Base64');
    expect(within(pane).getByRole('tabpanel').textContent?.startsWith('AAECAwQF')).toBe(true);
  });

  test('invalid base64 shows an error line instead of crashing', async () => {
    const { pane } = await showMessage(msg(1, { opcode: 2, data: 'not*base64!', size: 8 }));
    await tab('Hex');
    expect(within(pane).getByRole('alert').textContent).toMatch(/invalid base64/);
    await tab('Text');
    expect(within(pane).getByRole('alert').textContent).toMatch(/invalid base64/);
    expect(screen.getByTestId('message-row').textContent).toContain('(invalid base64)');
  });

  test('tabs follow the ARIA pattern: arrows move between them', async () => {
    const { store } = await showMessage(msg(1, { opcode: 2, data: btoa('abc') }));
    const list = screen.getByRole('tablist');
    const names = screen.getAllByRole('tab').map((t) => t.textContent);
    expect(names.slice(0, 3)).toEqual(['Text', 'Decoded', 'JSON']);
    expect(names).toContain('Base64');
    expect(names.at(-1)).toBe('Connection');
    await act(() => void fireEvent.keyDown(list, { key: 'ArrowRight' }));
    expect(store.detailTab.value).toBe('decoded');
    await act(() => void fireEvent.keyDown(list, { key: 'ArrowLeft' }));
    await act(() => void fireEvent.keyDown(list, { key: 'ArrowLeft' }));
    expect(store.detailTab.value).toBe('connection');
    expect(screen.getByRole('tab', { name: 'Connection' }).getAttribute('tabindex')).toBe('0');
  });

  test('truncated notice and bufferedAmount', async () => {
    const { pane } = await showMessage(
      msg(1, { data: 'x'.repeat(1024 * 1024), size: Math.round(3.2 * 1024 * 1024), truncated: true, buffered: 2048 }),
    );
    expect(within(pane).getByTestId('truncated-notice').textContent).toBe('stored truncated to 1.0 MiB of 3.2 MiB');
    expect(pane.textContent).toContain('bufferedAmount 2.0 KiB');
  });

  test('connection tab shows URL parts, negotiation and handshake headers', async () => {
    const c = conn('c1', {
      url: 'wss://h.test/ws?token=abc&room=1',
      protocols: ['chat', 'superchat'],
      protocol: 'chat',
      extensions: 'permessage-deflate',
      frameUrl: 'https://h.test/app',
      handshake: {
        url: 'wss://h.test/ws',
        requestId: '1',
        t: 0,
        status: 101,
        requestHeaders: [{ name: 'Sec-WebSocket-Key', value: 'dGhlIHNhbXBsZSBub25jZQ==' }],
        responseHeaders: [{ name: 'Sec-WebSocket-Accept', value: 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=' }],
      },
    });
    const { store, actions } = renderPanel();
    await act(() => {
      applyEvent(store, reset([c]));
      actions.selectConnection('c1');
      actions.setDetailOpen(true); // selecting a connection alone leaves the table its width
    });
    const pane = screen.getByTestId('detail-pane');
    const text = pane.textContent ?? '';
    expect((await screen.findByTestId('accept-check')).textContent).toContain('✓ Sec-WebSocket-Accept matches');
    for (const s of [
      'wss://h.test/ws?token=abc&room=1',
      'tokenabc',
      'chat, superchat',
      'permessage-deflate',
      '101 Switching Protocols',
      'Sec-WebSocket-Keyd',
      's3pPLMBiTxaQ9kYGzzhZRbK+xOo=',
      'https://h.test/app',
    ])
      expect(text).toContain(s);
  });
});
