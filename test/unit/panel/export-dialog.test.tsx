// @vitest-environment jsdom
/**
 * The export popover: format, scope (everything / selected connection /
 * filtered rows), the redaction preview count, and that secrets are only
 * written after the explicit "Include secrets" checkbox. Saving is observed
 * at the Blob URL (jsdom has no downloads).
 */
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { installPanelKeys } from '../../../src/panel/shell/keys-install';
import { applyEvent } from '../../../src/panel/capture/reducer';
import { conn, msg, reset } from './helpers';
import { renderPanel } from './render';

const JWT_A = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLWEtc2lnbmF0dXJl';
const JWT_B = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJib2IifQ.c2lnbmF0dXJlLWItc2lnbmF0dXJl';
const BASIC = 'Basic dXNlcjpodW50ZXIy';

let blobs: Blob[] = [];
beforeEach(() => {
  blobs = [];
  URL.createObjectURL = vi.fn((b: Blob) => {
    blobs.push(b);
    return `blob:test/${blobs.length}`;
  });
  URL.revokeObjectURL = vi.fn();
  HTMLAnchorElement.prototype.click = vi.fn();
});
afterEach(() => {
  cleanup();
  document.body.replaceChildren();
});

function setup() {
  const p = renderPanel();
  const c1 = conn('c1', {
    url: 'wss://chat.example.test/socket',
    handshake: { url: 'wss://chat.example.test/socket', requestId: '1', t: 1, requestHeaders: [{ name: 'Authorization', value: BASIC }] },
  });
  applyEvent(p.store, reset([c1, conn('c2')]));
  applyEvent(p.store, {
    type: 'messages',
    records: [
      msg(1, { data: `{"note":"${JWT_A}"}` }),
      msg(2, { data: `hello ${JWT_B}` }),
      msg(3, { conn: 'c2', data: 'ping' }),
      msg(4, { conn: 'c2', data: 'pong' }),
    ],
  });
  fireEvent.click(screen.getByTestId('export-button'));
  return p;
}

const readBlob = (b: Blob): Promise<string> =>
  new Promise((resolve) => {
    const r = new FileReader();
    r.onload = () => resolve(r.result as string);
    r.readAsText(b);
  });

describe('export popover', () => {
  test('previews the redaction with counts, on by default', () => {
    setup();
    expect(screen.getByTestId('export-redaction').textContent).toBe('3 secrets will be replaced: 1 Authorization header, 2 JWTs');
    expect((screen.getByTestId('export-unredacted') as HTMLInputElement).checked).toBe(false);
    expect(screen.getByTestId('export-count').textContent).toBe('4 messages, 2 connections');
  });

  test('saves HAR redacted, named after the host and date; secrets only after the explicit checkbox', async () => {
    setup();
    fireEvent.click(screen.getByTestId('export-save'));
    await waitFor(() => expect(blobs).toHaveLength(1));
    const link = document.querySelector<HTMLAnchorElement>('a[download]');
    expect(link?.download).toMatch(/^sockscope-chat\.example\.test-\d{8}-\d{6}\.har$/);
    const redacted = await readBlob(blobs[0]!);
    expect(JSON.parse(redacted).log.entries).toHaveLength(2);
    expect(redacted).not.toContain(JWT_A);
    expect(redacted).not.toContain(BASIC);
    fireEvent.click(screen.getByTestId('export-unredacted'));
    expect(screen.getByTestId('export-redaction').textContent).toContain('Redaction is off');
    fireEvent.click(screen.getByTestId('export-save'));
    await waitFor(() => expect(blobs).toHaveLength(2));
    const clear = await readBlob(blobs[1]!);
    expect(clear).toContain(JWT_A);
    expect(clear).toContain(BASIC);
  });

  test('format and scope: NDJSON of the selected connection, then of the filtered rows', async () => {
    const { actions } = setup();
    expect((screen.getByTestId('export-scope-connection') as HTMLInputElement).disabled).toBe(true);
    actions.selectConnection('c2');
    await waitFor(() => expect((screen.getByTestId('export-scope-connection') as HTMLInputElement).disabled).toBe(false));
    fireEvent.click(screen.getByTestId('export-format-ndjson'));
    fireEvent.click(screen.getByTestId('export-scope-connection'));
    expect(screen.getByTestId('export-count').textContent).toBe('2 messages, 1 connection');
    expect(screen.getByTestId('export-redaction').textContent).toBe('No secrets found.');
    fireEvent.click(screen.getByTestId('export-save'));
    await waitFor(() => expect(blobs).toHaveLength(1));
    expect(document.querySelector<HTMLAnchorElement>('a[download]')?.download).toMatch(/\.ndjson$/);
    const lines = (await readBlob(blobs[0]!))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: number });
    expect(lines.map((l) => l.id)).toEqual([3, 4]);
    actions.setFilterText('pong');
    fireEvent.click(screen.getByTestId('export-scope-shown'));
    await waitFor(() => expect(screen.getByTestId('export-count').textContent).toBe('1 message, 1 connection'));
  });

  test('user-defined names and /regexes/: previewed, counted and applied; an unsafe regex is refused with its reason', async () => {
    setup();
    const extra = screen.getByTestId('export-extra') as HTMLInputElement;
    fireEvent.input(extra, { target: { value: 'note, /p(o)ng/' } });
    // The JWT in "note" is now one field redaction (the JWT pass finds only its placeholder); "pong" → group 1 "o".
    await waitFor(() =>
      expect(screen.getByTestId('export-redaction').textContent).toBe(
        '4 secrets will be replaced: 1 Authorization header, 1 note field, 1 JWT, 1 pattern match',
      ),
    );
    fireEvent.click(screen.getByTestId('export-save'));
    await waitFor(() => expect(blobs).toHaveLength(1));
    const har = await readBlob(blobs[0]!);
    expect(har).not.toContain(JWT_A);
    expect(har).toContain('"data":"p«redacted:');
    expect(har).not.toContain('"data":"pong"');
    fireEvent.input(extra, { target: { value: 'note /(a+)+$/' } });
    await waitFor(() => expect(screen.getByTestId('export-extra-error').textContent).toMatch(/^\/\(a\+\)\+\$\/: .+\(not applied\)$/));
  });

  test('Esc closes the popover (the toolbar popover step of the key map)', async () => {
    const p = setup();
    const uninstall = installPanelKeys(window, p);
    fireEvent.keyDown(window, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByTestId('export-popover')).toBeNull());
    uninstall();
  });
});
