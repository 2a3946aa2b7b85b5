// @vitest-environment jsdom
/**
 * The row and connection menus' newer commands in the mounted panel: copy as
 * code, save payload, "Copied" and clipboard-failure notices, filter by
 * event, mark for replay, Edit & resend of a Socket.IO event into the emit
 * form with a fresh ack id, and the detail tab opened per protocol
 * (remembered and persisted).
 */
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createMemoryPair } from '../../../src/messaging/adapter';
import type { BackgroundToPanel, PanelCommand, PanelReply, PanelToBackground } from '../../../src/messaging/protocol';
import { mountPanel } from '../../../src/panel';
import type { PanelHandle } from '../../../src/panel';
import { TAB_PREFS_KEY } from '../../../src/panel/detail/tab-prefs';
import { conn, msg, reset } from './helpers';

type Out = PanelToBackground | PanelCommand;
type In = BackgroundToPanel | PanelReply;

let handle: PanelHandle | null = null;
let clipboard: string[] = [];
let clipboardWorks = true;
beforeEach(() => {
  clipboard = [];
  clipboardWorks = true;
  Object.defineProperty(navigator, 'clipboard', {
    configurable: true,
    value: {
      writeText: async (t: string) => {
        if (!clipboardWorks) throw new Error('Document is not focused');
        clipboard.push(t);
      },
    },
  });
});
afterEach(() => {
  handle?.();
  handle = null;
  document.body.replaceChildren();
  cleanup();
});

const SIO_URL = 'ws://127.0.0.1:3000/socket.io/?EIO=4&transport=websocket';
const EVENT = '42/chat,17["publish",{"text":"hi"},2]';

function memoryStorage(): Storage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
  } as unknown as Storage & { data: Map<string, string> };
}

async function setup(prefs = memoryStorage()) {
  const root = document.createElement('div');
  document.body.appendChild(root);
  const [panel, bg] = createMemoryPair<Out, In>();
  bg.addListener((m) => {
    if (m.type === 'command') bg.postMessage({ type: 'commandResult', id: m.id, ok: true, result: {} });
  });
  const h = mountPanel(root, panel, { tabId: 7, batchMs: 0, prefs });
  handle = h;
  bg.postMessage(reset([conn('s', { url: SIO_URL, protocols: ['chat.v1'] }), conn('p', { url: 'wss://example.test/plain' })]));
  bg.postMessage({
    type: 'messages',
    records: [
      msg(1, { conn: 's', data: EVENT }),
      msg(2, { conn: 's', data: '42["other",1]' }),
      msg(3, { conn: 'p', data: 'plain words' }),
      msg(4, { conn: 'p', opcode: 2, data: 'AAH/', size: 3 }),
    ],
  });
  await screen.findAllByTestId('message-row');
  return { h, prefs };
}

const row = (id: number) => document.querySelector(`[data-testid="message-row"][data-msg-id="${id}"]`) as HTMLElement;
const menuOn = (el: Element) => act(() => void fireEvent.contextMenu(el, { clientX: 20, clientY: 20 }));
const click = (testId: string) => act(() => void fireEvent.click(screen.getByTestId(testId)));
const selectedTab = () => screen.getByRole('tab', { selected: true }).textContent;
const open = (id: number) => act(() => void fireEvent.mouseDown(row(id)));

describe('copy as code and notices', () => {
  test('websocat / wscat / JavaScript from a row copy lines for its socket; a notice says so', async () => {
    await setup();
    await menuOn(row(1));
    await click('menu-copy-websocat');
    await waitFor(() => expect(clipboard).toHaveLength(1));
    expect(clipboard[0]).toBe(`printf '%s\\0' '${EVENT}' | websocat -n1 -0 --protocol='chat.v1' '${SIO_URL}'`);
    expect(screen.getByTestId('notice').textContent).toBe('✓ Copied as a websocat command');
    await menuOn(row(1));
    await click('menu-copy-wscat');
    await waitFor(() => expect(clipboard).toHaveLength(2));
    expect(clipboard[1]).toBe(`wscat --connect='${SIO_URL}' --subprotocol='chat.v1' --execute='${EVENT}' --wait=2`);
    await menuOn(row(4));
    await click('menu-copy-js');
    await waitFor(() => expect(clipboard).toHaveLength(3));
    expect(clipboard[2]).toContain('ws.onopen = () => ws.send(new Uint8Array([0, 1, 255]));');
  });

  test('connection menu: code that opens the socket, filter by it', async () => {
    const { h } = await setup();
    const rows = screen.getAllByTestId('connection-row');
    await menuOn(rows[0] as HTMLElement);
    await click('menu-copy-js');
    await waitFor(() => expect(clipboard).toHaveLength(1));
    expect(clipboard[0]).toBe(
      `const ws = new WebSocket("${SIO_URL}", ["chat.v1"]);\nws.binaryType = "arraybuffer";\nws.onmessage = (e) => console.log("received", e.data);`,
    );
    await menuOn(rows[0] as HTMLElement);
    await click('menu-filter-conn');
    expect(h.store.filterText.value).toBe('conn:="s"');
  });

  test('no clipboard: the notice says so and stays until clicked', async () => {
    await setup();
    clipboardWorks = false;
    document.execCommand = () => false;
    await menuOn(row(3));
    await click('menu-copy-text');
    await waitFor(() => expect(screen.getByTestId('notice').textContent).toMatch(/^Could not copy: the clipboard is not available/));
    expect(screen.getByTestId('notice').classList.contains('ss-notice-error')).toBe(true);
    await click('notice');
    expect(screen.queryByTestId('notice')).toBeNull();
  });

  test('a "Copied" notice goes away by itself', async () => {
    await setup();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      await menuOn(row(3));
      await click('menu-copy-base64');
      await act(async () => {
        for (let i = 0; i < 5; i++) await Promise.resolve(); // the clipboard's promise
      });
      expect(screen.getByTestId('notice').textContent).toBe('✓ Copied as base64');
      await act(() => void vi.advanceTimersByTime(1900));
      expect(screen.getByTestId('notice')).toBeTruthy();
      await act(() => void vi.advanceTimersByTime(200));
      expect(screen.queryByTestId('notice')).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('save payload', () => {
  test('text as .txt, JSON-shaped Socket.IO as .txt, binary bytes as .bin, through the export link', async () => {
    const blobs: Blob[] = [];
    URL.createObjectURL = (b: Blob | MediaSource) => (blobs.push(b as Blob), `blob:test/${blobs.length}`);
    URL.revokeObjectURL = () => undefined;
    await setup();
    await menuOn(row(3));
    await click('menu-save');
    const link = () => document.querySelector('a[data-testid="export-link"]') as HTMLAnchorElement;
    expect(link().download).toBe('sockscope-example.test-msg3.txt');
    expect(await blobs[0]?.text()).toBe('plain words');
    expect(screen.getByTestId('notice').textContent).toBe('✓ Saved sockscope-example.test-msg3.txt');
    await menuOn(row(4));
    await click('menu-save');
    expect(link().download).toBe('sockscope-example.test-msg4.bin');
    expect([...new Uint8Array(await (blobs[1] as Blob).arrayBuffer())]).toEqual([0, 1, 255]);
    await open(1);
    await click('msg-save');
    expect(link().download).toBe('sockscope-127.0.0.1-msg1.txt');
  });
});

describe('Socket.IO rows', () => {
  test('filter by event, mark for replay', async () => {
    const { h } = await setup();
    await menuOn(row(1));
    expect(screen.getByTestId('menu-edit').textContent).toBe('Edit & resend (emit form)');
    await click('menu-filter-event');
    expect(h.store.filterText.value).toBe('event:="publish"');
    await menuOn(row(1));
    await click('menu-mark');
    expect([...h.compose.marked.value]).toEqual([1]);
    await menuOn(row(1));
    expect(screen.getByTestId('menu-mark').textContent).toBe('Unmark for replay');
  });

  test('Edit & resend opens the emit form with event, arguments, namespace and a fresh ack id', async () => {
    const { h } = await setup();
    await menuOn(row(1));
    await click('menu-edit');
    await waitFor(() => expect((screen.getByTestId('sio-event') as HTMLInputElement).value).toBe('publish'));
    expect((screen.getByTestId('sio-args') as HTMLInputElement).value).toBe('[{"text":"hi"},2]');
    expect((screen.getByTestId('sio-ns') as HTMLInputElement).value).toBe('/chat');
    expect((screen.getByTestId('sio-ack') as HTMLInputElement).checked).toBe(true);
    const packet = screen.getByTestId('sio-preview').textContent ?? '';
    const ack = /^42\/chat,(\d+)\[/.exec(packet)?.[1];
    expect(packet).toBe(`42/chat,${ack}["publish",{"text":"hi"},2]`);
    expect(ack).not.toBe('17');
    expect(h.compose.target.value).toBe('s');
    // The detail pane's button does the same; a plain text message opens the message editor.
    await open(3);
    await click('msg-edit');
    await waitFor(() => expect(screen.queryByTestId('sio-event')).toBeNull());
  });
});

describe('detail tab per protocol', () => {
  test('Socket.IO opens on Decoded, plain text on Text; a choice is kept per protocol and persisted', async () => {
    const { prefs } = await setup();
    await open(1);
    expect(selectedTab()).toBe('Decoded');
    await open(3);
    expect(selectedTab()).toBe('Text');
    await open(1);
    await act(() => void fireEvent.click(screen.getByRole('tab', { name: 'JSON' })));
    expect(screen.getByTestId('json-note').textContent).toBe('Socket.IO EVENT "publish" on /chat, ack id 17: the event and its arguments');
    expect(screen.getByRole('tree').textContent).toContain('event: "publish"');
    await open(3);
    expect(selectedTab()).toBe('Text');
    await open(2);
    expect(selectedTab()).toBe('JSON');
    expect(JSON.parse(prefs.data.get(TAB_PREFS_KEY) ?? '{}')).toEqual({ socketio: 'json' });
    // A new panel reads the choice back.
    handle?.();
    document.body.replaceChildren();
    cleanup();
    await setup(prefs);
    await open(2);
    expect(selectedTab()).toBe('JSON');
  });
});
