// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, test } from 'vitest';
import { renderPanel } from './render';

afterEach(cleanup);

async function openDecode() {
  const panel = renderPanel();
  await act(() => void fireEvent.click(screen.getByTestId('decode-bytes-button')));
  return { ...panel, dialog: screen.getByRole('dialog', { name: 'Decode bytes' }) };
}
const paste = (text: string) => act(() => void fireEvent.input(screen.getByTestId('decode-input'), { target: { value: text } }));
const messages = () => screen.queryAllByTestId('decoded-message').map((e) => e.textContent);

describe('Decode bytes', () => {
  test('the tshark example decodes on paste: fields, unmasking, message', async () => {
    const { dialog } = await openDecode();
    expect(document.activeElement).toBe(screen.getByTestId('decode-input'));
    await paste('81 87 e1 a4 c6 1d 8c c5 f4 6e 80 cf a7');
    expect(messages()).toEqual(['ma2saka']);
    const frame = within(dialog).getByTestId('decoded-frame');
    const field = (f: string) => frame.querySelector<HTMLElement>(`[data-testid="bit-grid"] [data-field="${f}"]`)?.dataset.value;
    expect([field('fin'), field('opcode'), field('mask'), field('len7'), field('key')]).toEqual(['1', '0x1 text', '1', '7', 'e1 a4 c6 1d']);
    expect(within(frame).getByTestId('hex-pair').textContent).toContain('6d 61 32 73 61 6b 61');
    expect(dialog.textContent).toContain('guessed: the first frame is masked');
  });

  test('one-click examples, including fragmented and compressed ones', async () => {
    const { dialog } = await openDecode();
    const example = (label: string) => act(() => void fireEvent.click(within(dialog).getByRole('button', { name: label })));
    await example('Hello (masked)');
    expect(messages()).toEqual(['Hello']);
    await example('Hello (fragmented)');
    expect(within(dialog).getAllByTestId('decoded-frame')).toHaveLength(2);
    expect(messages()).toEqual(['Hello']);
    expect(dialog.textContent).toContain('reassembled from 2 frames');
    await example('Hello (compressed)');
    expect((screen.getByTestId('decode-deflate') as HTMLInputElement).checked).toBe(true);
    expect(messages()).toEqual(['Hello']);
    expect(dialog.textContent).toContain('inflated (permessage-deflate)');
  });

  test('bad input says what and where', async () => {
    await openDecode();
    await paste('81 87 e1 a4 c6 1d 8c\n81 zz');
    expect(screen.getByTestId('decode-input-error').textContent).toBe("not hex: 'z' at line 2, column 4");
    expect(messages()).toEqual([]);
  });

  test('protocol errors point at the offending bits', async () => {
    const { dialog } = await openDecode();
    await act(() => void fireEvent.click(within(dialog).getByRole('button', { name: 'bad: reserved opcode' })));
    expect(screen.getByTestId('decode-error').textContent).toMatch(
      /reserved opcode — byte 0, bits 4–7 \(RFC 6455 5\.2; a receiver would close with 1002\)/,
    );
    const bad = Array.from(dialog.querySelectorAll<HTMLElement>('.ss-bit-err'), (b) => Number(b.dataset.bit));
    expect(bad).toEqual([4, 5, 6, 7]);
    // RSV1 without the extension: tick permessage-deflate and the error goes away.
    await paste('c1 07 f2 48 cd c9 c9 07 00');
    expect(screen.getByTestId('decode-error').textContent).toContain('RSV bit set but no extension negotiated');
    await act(() => void fireEvent.click(screen.getByTestId('decode-deflate')));
    expect(screen.queryAllByTestId('decode-error')).toEqual([]);
    expect(messages()).toEqual(['Hello']);
  });

  test('direction can be forced; a masked frame from the server is an error on the MASK bit', async () => {
    const { dialog } = await openDecode();
    await paste('81 85 37 fa 21 3d 7f 9f 4d 51 58');
    await act(() => void fireEvent.input(screen.getByTestId('decode-direction'), { target: { value: 'server-to-client' } }));
    expect(screen.getByTestId('decode-error').textContent).toContain('server-to-client frames must not be masked');
    expect(Array.from(dialog.querySelectorAll<HTMLElement>('.ss-bit-err'), (b) => b.dataset.bit)).toEqual(['8']);
  });

  test('accept tool: RFC example key gives the RFC accept; Escape closes and the input is kept', async () => {
    const { store } = await openDecode();
    await paste('81 85 37 fa 21 3d 7f 9f 4d 51 58');
    await act(() => void fireEvent.click(screen.getByRole('button', { name: 'RFC example key' })));
    expect((await screen.findByTestId('accept-value')).textContent).toBe('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
    await act(
      () => void fireEvent.input(screen.getByTestId('accept-received-input'), { target: { value: 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=' } }),
    );
    expect(await screen.findByText('✓ matches the received value')).toBeTruthy();
    await act(() => void fireEvent.keyDown(screen.getByTestId('decode-input'), { key: 'Escape' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(store.frame.decode.value.text).toBe('81 85 37 fa 21 3d 7f 9f 4d 51 58');
  });
});
