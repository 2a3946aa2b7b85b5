// @vitest-environment jsdom
/**
 * The Frame tab of an imported capture shows the frames as captured
 * (test/fixtures/pcap/live-deflate.pcap: tcpdump of a `ws` server and
 * client with permessage-deflate): the real masking key, RSV1, both
 * fragments with their packet numbers, and the ping, pong and close frames
 * after the message they followed; labelled captured, never reconstructed.
 * A HAR import and the live tab keep the reconstruction.
 */
import { act, cleanup, screen, waitFor } from '@testing-library/preact';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { importCapture } from '../../../src/import';
import { mountPanel } from '../../../src/panel';
import type { PanelHandle } from '../../../src/panel';
import { capturedMessage, controlAround, describeControl, parseWireFrame } from '../../../src/panel/frame/captured';
import { conn, fakeBackground, msg, reset } from './helpers';

const fixture = (dir: string, name: string): Uint8Array => new Uint8Array(readFileSync(join(process.cwd(), 'test/fixtures', dir, name)));

let handle: PanelHandle | null = null;
afterEach(() => {
  handle?.();
  handle = null;
  document.body.replaceChildren();
  cleanup();
});

async function mountWithCapture(): Promise<PanelHandle> {
  const root = document.createElement('div');
  document.body.appendChild(root);
  const link = fakeBackground();
  link.bg.addListener((m) => {
    if (m.type !== 'subscribe') return;
    link.bg.postMessage(reset([conn('c1')]));
    link.bg.postMessage({ type: 'messages', records: [msg(1, { data: 'live one' })] });
  });
  const h = mountPanel(root, link.panel, { tabId: 7, batchMs: 0 });
  handle = h;
  expect(await h.imports.open('live-deflate.pcap', fixture('pcap', 'live-deflate.pcap'))).toBe(true);
  await waitFor(() => expect(screen.getAllByTestId('message-row')).toHaveLength(5));
  return h;
}

async function frameTabOf(h: PanelHandle, id: number): Promise<HTMLElement> {
  act(() => {
    h.actions.selectMessage(id);
    h.actions.setDetailOpen(true);
    h.actions.setDetailTab('frame');
  });
  return waitFor(() => screen.getByTestId('frame-view'));
}

const kinds = (el: HTMLElement): string[] =>
  [...el.querySelectorAll('[data-testid="control-frame"]')].map((c) => c.getAttribute('data-kind')!);

describe('captured frames (pure)', () => {
  test('the header, key, RSV1 and fragments are the captured ones', async () => {
    const r = await importCapture(fixture('pcap', 'live-deflate.pcap'));
    if (!r.ok) throw new Error(r.error.message);
    const s = r.value;
    const [sent, frag] = s.messages;
    const m = capturedMessage(sent!, s.captured.get(sent!.id)!, true);
    expect(m.frames).toHaveLength(1);
    const f = m.frames[0]!;
    if (!f.ok) throw new Error(f.error);
    expect(f.value.frame).toMatchObject({ fin: true, rsv1: true, opcode: 1, masked: true, payloadLength: 35 });
    expect([...f.value.frame.maskingKey!]).toEqual([0xf1, 0x22, 0x0e, 0x64]);
    expect(m.packets).toEqual([12]);
    const fr = capturedMessage(frag!, s.captured.get(frag!.id)!, true);
    expect(fr.frames.map((x) => x.ok && [x.value.frame.fin, x.value.frame.rsv1, x.value.frame.opcode])).toEqual([
      [false, true, 1],
      [true, false, 0],
    ]);
    expect(fr.packets).toEqual([11, 13]);
    // Control frames: the ping/pong before the first message, then where they came.
    expect(controlAround(s, sent!.id).before.map((c) => `${c.kind} ${c.dir} ${describeControl(c)}`)).toEqual([
      'ping in “srv-ping”',
      'pong out “srv-ping”',
    ]);
    expect(controlAround(s, 3).after.map((c) => c.kind)).toEqual(['ping']);
    expect(controlAround(s, 5).after.map((c) => `${c.kind} ${describeControl(c)}`)).toEqual([
      'pong “cli-ping”',
      'close 1000 “done”',
      'close 1000 “done”',
    ]);
    expect(parseWireFrame(new Uint8Array([0x81, 0x05, 0x48]), 'server-to-client', false, 1)).toMatchObject({ ok: false });
  });
});

describe('the Frame tab of an imported capture', () => {
  test('shows the captured frames and control frames, labelled captured', async () => {
    const h = await mountWithCapture();
    const first = await frameTabOf(h, 1);
    expect(screen.getByTestId('frame-captured').textContent).toMatch(/Captured frame\. .*live-deflate\.pcap recorded them \(packet 12\)/);
    expect(screen.queryByTestId('frame-reconstructed')).toBeNull();
    expect(screen.queryByTestId('mask-random')).toBeNull(); // nothing to choose: the key is the captured one
    expect(first.querySelector(':scope > [data-testid="captured-frame"]')!.textContent).toContain('f1 22 0e 64');
    expect(screen.getByTestId('frame-compression').textContent).toMatch(/RSV1 = 1/);
    expect(kinds(first)).toEqual(['ping', 'pong']);

    const frag = await frameTabOf(h, 2);
    await waitFor(() => expect(screen.getByTestId('frame-captured').textContent).toContain('packets 11, 13'));
    expect(frag.querySelectorAll(':scope > [data-testid="captured-frame"]')).toHaveLength(2);
    expect(screen.getByTestId('frame-summary').textContent).toMatch(/^2 frames .*, 23 bytes on the wire/);

    const last = await frameTabOf(h, 5);
    await waitFor(() => expect(kinds(last)).toEqual(['pong', 'close', 'close']));
    expect(last.querySelector('[data-kind="close"] h3')!.textContent).toMatch(/^close 1000 “done” · ↑ client → server · .* · packet 21$/);
  });

  test('a HAR import and the live tab keep the reconstruction', async () => {
    const h = await mountWithCapture();
    expect(await h.imports.open('chrome.har', fixture('har', 'chrome-websocket.har'))).toBe(true);
    await waitFor(() => expect(screen.getAllByTestId('message-row')).toHaveLength(3));
    const id = h.store.log.bySeq(h.store.log.firstSeq)!.id;
    await frameTabOf(h, id);
    expect(screen.getByTestId('frame-reconstructed')).toBeTruthy();
    expect(screen.queryByTestId('frame-captured')).toBeNull();
  });
});
