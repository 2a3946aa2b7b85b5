// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { applyEvent } from '../../../src/panel';
import { BitGrid } from '../../../src/panel/frame/BitGrid';
import { FIRST_BYTES, HexPair, MORE_BYTES } from '../../../src/panel/frame/HexPair';
import { buildFrame } from '../../../src/panel/frame/reconstruct';
import { MessageDeflater } from '../../../src/protocol/deflate';
import type { ConnectionRecord, MessageRecord } from '../../../src/model/records';
import { conn, msg, reset } from './helpers';
import { renderPanel } from './render';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const KEY = new Uint8Array([0xe1, 0xa4, 0xc6, 0x1d]);
const text = (s: string) => new TextEncoder().encode(s);

function grid(payload: Uint8Array, key: Uint8Array | null, errorBits: [number, number][] = []) {
  const f = buildFrame({ opcode: 1, fin: true, rsv1: false, key, payload });
  const { container } = render(<BitGrid frame={f.frame} header={f.header} deflate={false} errorBits={errorBits} />);
  const fields = Object.fromEntries(
    Array.from(container.querySelectorAll<HTMLElement>('[data-field]')).map((e) => [e.dataset.field, e.dataset.value]),
  );
  const segments = (cls: string) => container.querySelectorAll(`.ss-bf.ss-f-${cls}`).length;
  const bits = (cls: string) => Array.from(container.querySelectorAll(`.ss-bf.ss-f-${cls} .ss-bit`), (b) => b.textContent).join('');
  return { container, fields, segments, bits };
}

describe('bit grid', () => {
  test('7-bit length, masked: every field with its value, bits from the header bytes', () => {
    const g = grid(text('ma2saka'), KEY);
    expect(g.fields).toEqual({ fin: '1', rsv1: '0', rsv2: '0', rsv3: '0', opcode: '0x1 text', mask: '1', len7: '7', key: 'e1 a4 c6 1d' });
    expect(g.bits('opcode')).toBe('0001');
    expect(g.bits('len7')).toBe('0000111');
    expect(g.bits('key')).toBe([0xe1, 0xa4, 0xc6, 0x1d].map((b) => b.toString(2).padStart(8, '0')).join(''));
    // Tooltips carry the meaning and the RFC section.
    expect(g.container.querySelector('[data-field="mask"]')?.getAttribute('title')).toMatch(/^MASK = 1: masked: .*RFC 6455 §5\.3/);
  });

  test('16-bit length: 126 in the 7-bit field, the length in the next 16 bits; unmasked has no key', () => {
    const g = grid(new Uint8Array(300), null);
    expect(g.fields).toMatchObject({ mask: '0', len7: '126', extlen: '300' });
    expect(g.fields.key).toBeUndefined();
    expect(g.bits('extlen')).toBe((300).toString(2).padStart(16, '0'));
    expect(g.container.querySelector('[data-field="len7"]')?.getAttribute('title')).toContain('next 16 bits');
  });

  test('64-bit length spans three rows like the RFC diagram; the key follows it', () => {
    const g = grid(new Uint8Array(70_000), KEY);
    expect(g.fields).toMatchObject({ len7: '127', extlen: '70,000', key: 'e1 a4 c6 1d' });
    expect(g.segments('extlen')).toBe(3); // bits 16-31, 32-63, 64-79
    expect(g.segments('key')).toBe(2); // bits 80-95, 96-111
    expect(g.bits('extlen')).toBe((70_000).toString(2).padStart(64, '0'));
  });

  test('error bits are marked on the offending field', () => {
    const g = grid(text('x'), null, [[4, 8]]);
    const bad = Array.from(g.container.querySelectorAll<HTMLElement>('.ss-bit-err'), (b) => Number(b.dataset.bit));
    expect(bad).toEqual([4, 5, 6, 7]);
    expect(g.container.querySelector('[data-field="opcode"]')?.classList.contains('ss-bf-err')).toBe(true);
    expect(g.container.querySelector('[data-field="fin"]')?.classList.contains('ss-bf-err')).toBe(false);
  });
});

describe('masked / unmasked hex', () => {
  test('hovering byte i highlights it in both columns and key byte i mod 4, and explains the XOR', async () => {
    const f = buildFrame({ opcode: 1, fin: true, rsv1: false, key: KEY, payload: text('ma2saka') }).frame;
    const { container } = render(<HexPair payload={f.payload} masked={f.maskedPayload} maskingKey={f.maskingKey} />);
    await act(() => void fireEvent.mouseOver(container.querySelector('[data-col="p"][data-i="2"]') as Element));
    const hl = Array.from(container.querySelectorAll<HTMLElement>('.ss-hb-hl'), (e) => `${e.dataset.col ?? 'key'}:${e.textContent}`);
    expect(hl).toEqual(['key:c6', 'm:f4', 'p:32']);
    expect(screen.getByTestId('hex-note').textContent).toBe("byte 2: 0xf4 XOR key[2] 0xc6 = 0x32 '2'");
  });

  test('a 1 MiB payload renders its first bytes only, more on request', { timeout: 30_000 }, async () => {
    const payload = new Uint8Array(1 << 20);
    const { container } = render(<HexPair payload={payload} masked={null} maskingKey={null} />);
    expect(FIRST_BYTES).toBeLessThanOrEqual(1024);
    expect(container.querySelectorAll('[data-col="p"]').length).toBe(FIRST_BYTES);
    expect(container.querySelectorAll('[data-col="m"]').length).toBe(0);
    expect(container.textContent).toContain(`Showing ${FIRST_BYTES} B of 1.0 MiB`);
    await act(() => void fireEvent.click(screen.getByRole('button', { name: 'Show more' })));
    expect(container.querySelectorAll('[data-col="p"]').length).toBe(FIRST_BYTES + MORE_BYTES);
  });
});

async function frameTab(rec: MessageRecord, c: ConnectionRecord = conn('c1'), more: MessageRecord[] = []) {
  const panel = renderPanel();
  await act(() => {
    applyEvent(panel.store, reset([c]));
    applyEvent(panel.store, { type: 'messages', records: [...more, rec] });
    panel.actions.selectMessage(rec.id);
  });
  await act(() => void fireEvent.click(screen.getByRole('tab', { name: 'Frame' })));
  return { ...panel, view: screen.getByTestId('frame-view') };
}

const values = (el: HTMLElement, field: string) =>
  Array.from(el.querySelectorAll<HTMLElement>(`[data-testid="bit-grid"] [data-field="${field}"]`), (e) => e.dataset.value);

describe('Frame tab', () => {
  test('a big message is painted from its first bytes, then the whole frame follows (Show more reaches past them)', async () => {
    const data = 'é'.repeat(50_000); // 100,000 UTF-8 bytes
    const { view } = await frameTab(msg(1, { dir: 'out', data, size: 100_000 }));
    expect(values(view, 'extlen')).toEqual(['100,000']);
    expect(view.textContent).toContain(`Showing ${FIRST_BYTES} B of 98 KiB`);
    await act(() => void fireEvent.click(screen.getByRole('button', { name: 'Show more' })));
    expect(view.querySelectorAll('[data-col="p"]').length).toBe(FIRST_BYTES + MORE_BYTES);
    expect(view.querySelector('[data-col="p"][data-i="4001"]')?.textContent).toBe('a9'); // é is c3 a9
  });

  test('says it is reconstructed; sent text is masked, with a zero key when asked', async () => {
    const { view } = await frameTab(msg(1, { dir: 'out', data: 'ma2saka' }));
    expect(screen.getByTestId('frame-reconstructed').textContent).toMatch(/Reconstructed frame\..*not the bytes on the wire/);
    expect(values(view, 'mask')).toEqual(['1']);
    expect(values(view, 'key')[0]).toMatch(/^[0-9a-f]{2}( [0-9a-f]{2}){3}$/);
    await act(() => void fireEvent.click(screen.getByTestId('mask-zero')));
    expect(values(view, 'key')).toEqual(['00 00 00 00']);
    await act(() => void fireEvent.click(screen.getByTestId('mask-custom')));
    await act(() => void fireEvent.input(screen.getByTestId('mask-key-input'), { target: { value: 'e1 a4 c6 1d' } }));
    expect(values(view, 'key')).toEqual(['e1 a4 c6 1d']);
    expect(within(view).getAllByTestId('hex-pair')[0]?.textContent).toContain('8c c5 f4 6e 80 cf a7');
  });

  test('received: not masked; legend links the RFC sections', async () => {
    const { view } = await frameTab(msg(2, { dir: 'in', data: 'x'.repeat(200) }));
    expect(values(view, 'mask')).toEqual(['0']);
    expect(values(view, 'extlen')).toEqual(['200']);
    const links = Array.from(within(view).getByTestId('frame-legend').querySelectorAll('a'), (a) => a.getAttribute('href'));
    expect(links).toContain('https://www.rfc-editor.org/rfc/rfc6455#section-5.2');
    expect(links).toContain('https://www.rfc-editor.org/rfc/rfc6455#section-5.4');
  });

  test('permessage-deflate: RSV1 1 and a compressed payload, with the context it was compressed in', async () => {
    const c = conn('c1', { extensions: 'permessage-deflate; client_max_window_bits', sent: { messages: 2, bytes: 0 } });
    const { view } = await frameTab(msg(3, { dir: 'out', data: 'hello hello hello hello' }), c, [msg(1, { dir: 'out', data: 'hello' })]);
    expect(values(view, 'rsv1')).toEqual(['1']);
    expect(screen.getByTestId('frame-compression').textContent).toContain(
      'after the 1 earlier sent message(s) of this connection, replayed',
    );
    expect(within(view).getByTestId('frame-legend').textContent).toContain('compressed: the payload is permessage-deflate data');
  });

  test('fragments: N frames, opcode then continuation, FIN only on the last', async () => {
    const { view } = await frameTab(msg(1, { dir: 'out', data: 'fragment me please' }));
    await act(() => void fireEvent.input(screen.getByTestId('fragments-input'), { target: { value: '3' } }));
    expect(within(view).getAllByTestId('wire-frame')).toHaveLength(3);
    expect(values(view, 'fin')).toEqual(['0', '0', '1']);
    expect(values(view, 'opcode')).toEqual(['0x1 text', '0x0 continuation', '0x0 continuation']);
    expect(screen.getByTestId('frame-summary').textContent).toMatch(/^3 frames/);
  });

  test('the window the payload was compressed within is named; an agreed 8 says zlib uses 9', async () => {
    const c = conn('c1', { extensions: 'permessage-deflate; server_max_window_bits=8', received: { messages: 1, bytes: 0 } });
    await frameTab(msg(2, { dir: 'in', data: 'hello hello hello' }), c);
    expect(screen.getByTestId('frame-compression').textContent).toMatch(/window 29 bytes: 8 was agreed, zlib compresses with 9/);
  });

  test('a compressor failure is shown in the tab, never a blank tab', async () => {
    const c = conn('c1', { extensions: 'permessage-deflate; client_no_context_takeover' });
    const failing = vi
      .spyOn(MessageDeflater.prototype, 'compress')
      .mockReturnValue({ ok: false, error: { code: 'DEFLATE_FAILED', message: 'compressor failed: boom', rfc: 'RFC 7692 7.2.1' } });
    const { view } = await frameTab(msg(1, { dir: 'out', data: 'ma2saka' }), c);
    expect(screen.getByTestId('frame-compression').textContent).toContain('compressing this message failed (compressor failed: boom)');
    expect(screen.getByTestId('frame-compression').getAttribute('role')).toBe('alert');
    expect(values(view, 'rsv1')).toEqual(['0']);
    cleanup();
    // A compressor that throws (a bug) is caught too: the tab shows the error instead of going blank.
    failing.mockImplementation(() => {
      throw new Error('kaboom');
    });
    const panel = renderPanel();
    await act(() => {
      applyEvent(panel.store, reset([c]));
      applyEvent(panel.store, { type: 'messages', records: [msg(1, { dir: 'out', data: 'ma2saka' })] });
      panel.actions.selectMessage(1);
    });
    await act(() => void fireEvent.click(screen.getByRole('tab', { name: 'Frame' })));
    expect(screen.getByRole('alert').textContent).toBe('could not reconstruct the frame: kaboom');
  });
});
