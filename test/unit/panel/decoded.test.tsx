// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, test } from 'vitest';
import { generate } from 'mqtt-packet';
import { applyEvent, createPanelStore } from '../../../src/panel';
import { createActions } from '../../../src/panel/capture/actions';
import { DecodeCache } from '../../../src/panel/decoded/decode-cache';
import { ChunkedFilterView } from '../../../src/panel/filter/chunked-view';
import { createLanguageFilterCompiler } from '../../../src/panel/filter/filter-language';
import { SAVED_FILTERS_KEY } from '../../../src/panel/filter/saved-filters';
import type { PanelStorage } from '../../../src/panel/filter/saved-filters';
import { MessageLog } from '../../../src/panel/capture/message-log';
import { App } from '../../../src/panel/shell/App';
import { conn, msg, reset } from './helpers';

afterEach(cleanup);

const SIO = conn('s', { url: 'ws://chat.test/socket.io/?EIO=4&transport=websocket' });
const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

function renderStore(storage?: PanelStorage) {
  const store = createPanelStore({ tabId: 7, ...(storage ? { storage } : {}) });
  const actions = createActions(store, () => undefined);
  render(<App value={{ store, actions }} />);
  return { store, actions };
}

async function load(store: ReturnType<typeof createPanelStore>, conns: ReturnType<typeof conn>[], records: ReturnType<typeof msg>[]) {
  await act(() => {
    applyEvent(store, reset(conns));
    applyEvent(store, { type: 'messages', records });
  });
}

const chat = () => [
  msg(1, { conn: 's', dir: 'in', data: '0{"sid":"abc","upgrades":[],"pingInterval":25000,"pingTimeout":20000}', t: 1000 }),
  msg(2, { conn: 's', dir: 'out', data: '420["publish","hi"]', t: 1010 }),
  msg(3, { conn: 's', dir: 'in', data: '2', t: 1020 }),
  msg(4, { conn: 's', dir: 'out', data: '3', t: 1021 }),
  msg(5, { conn: 's', dir: 'in', data: '430[{"ok":true}]', t: 1035.5 }),
];

const rowOf = (id: number): HTMLElement => screen.getAllByTestId('message-row').find((r) => r.dataset.msgId === String(id)) as HTMLElement;
const summaries = (): string[] => screen.queryAllByTestId('decoded-summary').map((c) => c.textContent ?? '');

describe('decoded messages in the panel', () => {
  test('summary and latency columns, the protocol on the connection, the Decoded tab with a jump to the reply', async () => {
    const { store } = renderStore();
    await load(store, [SIO], chat());
    expect(summaries()).toEqual([
      expect.stringMatching(/^engine\.io open/),
      'event publish ack 0 "hi"',
      expect.stringMatching(/ping/),
      expect.stringMatching(/pong/),
      'ack 0 {"ok":true}',
    ]);
    expect(within(rowOf(2)).getByTestId('latency').textContent).toBe('26 ms');
    expect(within(rowOf(5)).getByTestId('latency').textContent).toBe('↩ 26 ms');
    expect(screen.getByTestId('conn-protocol').textContent).toMatch(/Socket\.IO/);
    await act(() => void fireEvent.mouseDown(rowOf(2)));
    await act(() => void fireEvent.click(screen.getByRole('tab', { name: 'Decoded' })));
    const view = screen.getByTestId('decoded-view');
    expect(view.textContent).toContain('event publish');
    expect(within(view).getByRole('tree').textContent).toContain('ack id');
    await act(() => void fireEvent.click(screen.getByTestId('pair-jump')));
    expect(store.selectedMsg.value).toBe(5);
    // `p` in the table jumps back.
    await act(() => void fireEvent.keyDown(screen.getByRole('grid'), { key: 'p' }));
    expect(store.selectedMsg.value).toBe(2);
  });

  test('hide heartbeats removes ping/pong rows only', async () => {
    const { store } = renderStore();
    await load(store, [SIO], chat());
    await act(() => void fireEvent.click(screen.getByTestId('hide-heartbeats')));
    expect(screen.getAllByTestId('message-row').map((r) => r.dataset.msgId)).toEqual(['1', '2', '5']);
  });

  test('the override select re-decodes a connection', async () => {
    const { store } = renderStore();
    await load(store, [conn('j')], [msg(1, { conn: 'j', data: '{"jsonrpc":"2.0","id":1,"method":"sum","params":[1,2]}' })]);
    expect(summaries()[0]).toMatch(/sum/);
    await act(() => void fireEvent.mouseDown(rowOf(1)));
    await act(() => void fireEvent.click(screen.getByRole('tab', { name: 'Decoded' })));
    const select = screen.getByTestId('protocol-override') as HTMLSelectElement;
    await act(() => void fireEvent.input(select, { target: { value: 'json' } }));
    expect(store.decode.protocolOf('j')).toEqual({ id: 'json', source: 'override' });
    expect(screen.getByTestId('decoded-title').textContent).toMatch(/^JSON/);
  });

  test('decoding is lazy: only the rendered rows of a large log are decoded', async () => {
    const { store } = renderStore();
    await load(
      store,
      [conn('c1')],
      Array.from({ length: 5000 }, (_, i) => msg(i + 1, { data: `{"n":${i}}` })),
    );
    const cached = (store.decode as unknown as { results: Map<number, unknown> }).results.size;
    expect(cached).toBeGreaterThan(0);
    expect(cached).toBeLessThan(100);
  });

  test('an MQTT packet split across messages decodes when only the later message is asked for', () => {
    const log = new MessageLog();
    const out = { conn: 'm', opcode: 2, dir: 'out' } as const;
    const connect = generate({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clientId: 'x', clean: true, keepalive: 0 });
    const publish = generate({
      cmd: 'publish',
      topic: 'chat/room1',
      payload: Buffer.from('hi'),
      qos: 1,
      messageId: 7,
      dup: false,
      retain: false,
    });
    log.append([
      msg(1, { ...out, data: b64(connect) }),
      msg(2, { ...out, data: b64(publish.subarray(0, 2)) }),
      msg(3, { ...out, data: b64(publish.subarray(2)) }),
    ]);
    const mq = conn('m', { url: 'ws://broker.test/mqtt', protocol: 'mqtt' });
    const cache = new DecodeCache(log, () => mq);
    const rec = (id: number) => log.bySeq(log.seqOfId(id) as number) as ReturnType<typeof msg>;
    expect(cache.decoded(rec(3))?.summary).toBe('MQTT PUBLISH chat/room1 qos 1 id 7');
    expect(cache.decoded(rec(2))?.kind).toBe('fragment');
    expect(cache.decoded(rec(1))?.kind).toBe('CONNECT');
  });
});

describe('the filter language in the toolbar', () => {
  test('an invalid query shows the message and marks the range; the rows stay', async () => {
    const { store } = renderStore();
    await load(store, [SIO], chat());
    await act(() => void fireEvent.input(screen.getByTestId('filter-input'), { target: { value: 'dir:sideways' } }));
    expect(screen.getByTestId('filter-error').textContent).toMatch(/dir/);
    expect(screen.getByTestId('filter-error-range').querySelector('mark')?.textContent).toBe('sideways');
    expect(screen.getAllByTestId('message-row')).toHaveLength(5);
  });

  test('matches are highlighted as text spans; is:unanswered uses pairing', async () => {
    const { store } = renderStore();
    await load(store, [SIO], [...chat(), msg(6, { conn: 's', dir: 'out', data: '421["publish","<b>x</b>"]', t: 1100 })]);
    await act(() => void fireEvent.input(screen.getByTestId('filter-input'), { target: { value: '<b>' } }));
    const marks = screen.getAllByTestId('message-row').flatMap((r) => [...r.querySelectorAll('mark')].map((m) => m.textContent));
    expect(marks).toEqual(['<b>', '<b>']);
    expect(document.querySelector('b')).toBeNull();
    await act(() => void fireEvent.input(screen.getByTestId('filter-input'), { target: { value: 'is:unanswered' } }));
    expect(screen.getAllByTestId('message-row').map((r) => r.dataset.msgId)).toEqual(['6']);
  });

  test('help examples fill the box', async () => {
    const { store } = renderStore();
    await load(store, [SIO], chat());
    await act(() => void fireEvent.click(screen.getByTestId('filter-help-button')));
    const example = within(screen.getByTestId('filter-help')).getByText('-is:heartbeat');
    await act(() => void fireEvent.click(example));
    expect(store.filterText.value).toBe('-is:heartbeat');
    expect((screen.getByTestId('filter-input') as HTMLInputElement).value).toBe('-is:heartbeat');
    expect(screen.getAllByTestId('message-row')).toHaveLength(3);
  });

  test('saved filters: save, recall, delete, persisted through the storage seam', async () => {
    const data = new Map<string, unknown>();
    const storage: PanelStorage = { get: async (k) => data.get(k), set: async (k, v) => void data.set(k, v) };
    const { store } = renderStore(storage);
    await load(store, [SIO], chat());
    await act(() => void fireEvent.input(screen.getByTestId('filter-input'), { target: { value: 'dir:out' } }));
    await act(() => void fireEvent.click(screen.getByTestId('saved-button')));
    await act(() => void fireEvent.input(screen.getByTestId('saved-name'), { target: { value: 'sent' } }));
    await act(() => void fireEvent.click(screen.getByTestId('saved-save')));
    await waitFor(() =>
      expect(JSON.parse(String(data.get(SAVED_FILTERS_KEY)))).toEqual({ v: 1, filters: [{ name: 'sent', query: 'dir:out' }] }),
    );
    await act(() => void fireEvent.input(screen.getByTestId('filter-input'), { target: { value: '' } }));
    await act(() => void fireEvent.click(screen.getByTestId('saved-apply')));
    expect(store.filterText.value).toBe('dir:out');
    await act(() => void fireEvent.click(screen.getByTestId('saved-button')));
    await act(() => void fireEvent.click(screen.getByTestId('saved-delete')));
    await waitFor(() => expect(JSON.parse(String(data.get(SAVED_FILTERS_KEY)))).toEqual({ v: 1, filters: [] }));
  });

  test('corrupt saved filters get a clear message', async () => {
    const storage: PanelStorage = { get: async () => '{"v":1,"filters":[{"name":""}]}', set: async () => undefined };
    const { store } = renderStore(storage);
    await act(() => store.savedFilters.load());
    await act(() => void fireEvent.click(screen.getByTestId('saved-button')));
    expect(screen.getByTestId('saved-error').textContent).toMatch(/saved filter #1: `name` must be a non-empty string/);
  });

  test('large stores are filtered in chunks with progress, keeping the previous rows meanwhile', async () => {
    const log = new MessageLog();
    log.append(Array.from({ length: 3000 }, (_, i) => msg(i + 1, { data: i % 3 ? 'noise' : 'needle' })));
    const chunked = new ChunkedFilterView(1000);
    const compile = createLanguageFilterCompiler();
    const { filter } = compile('needle', { connection: () => undefined });
    const first = chunked.get(log, null, filter);
    expect(first.view.length).toBe(3000); // still the unfiltered rows
    await waitFor(() => expect(chunked.progress.value).toBeNull());
    expect(chunked.get(log, null, filter).view.length).toBe(1000);
  });
});
