import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@stomp/stompjs';
import { WebSocket, WebSocketServer } from 'ws';
import { decodeMessage } from '../../../src/decoders/registry';
import { stompDecoder } from '../../../src/decoders/stomp';
import type { Decoded } from '../../../src/decoders/types';
import { pairMessages } from '../../../src/pairing/pairing';
import type { CaptureProxy } from './capture-proxy';
import { listen, startCaptureProxy, textOf } from './capture-proxy';

/**
 * A minimal STOMP 1.2 broker: enough to answer what @stomp/stompjs sends
 * (CONNECTED, RECEIPT, MESSAGE for SEND to a subscribed destination).
 */
function startBroker(server: http.Server): void {
  const wss = new WebSocketServer({ server, handleProtocols: (p) => [...p][0] ?? false });
  wss.on('connection', (ws) => {
    const subs = new Map<string, string>();
    ws.on('message', (data) => {
      const text = String(data);
      if (text === '\n' || text === '\r\n') return;
      const [head = '', body = ''] = text.split('\n\n');
      const [command, ...lines] = head.split('\n');
      const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1)]));
      const reply = (cmd: string, h: Record<string, string>, b = ''): void => {
        ws.send(
          `${cmd}\n${Object.entries(h)
            .map(([k, v]) => `${k}:${v}`)
            .join('\n')}\n\n${b}\0`,
        );
      };
      if (command === 'CONNECT' || command === 'STOMP') reply('CONNECTED', { version: '1.2', 'heart-beat': '0,50' });
      if (command === 'SUBSCRIBE') subs.set(headers.destination ?? '', headers.id ?? '');
      if (command === 'SEND' && subs.has(headers.destination ?? '')) {
        reply(
          'MESSAGE',
          {
            destination: headers.destination ?? '',
            subscription: subs.get(headers.destination ?? '') ?? '',
            'message-id': '1',
            'content-type': 'application/json',
          },
          body.replace(/\0$/, ''),
        );
      }
      if (headers.receipt) reply('RECEIPT', { 'receipt-id': headers.receipt });
    });
  });
}

describe('STOMP decoder with frames from @stomp/stompjs', () => {
  let server: http.Server;
  let proxy: CaptureProxy;
  beforeAll(async () => {
    server = http.createServer();
    startBroker(server);
    proxy = await startCaptureProxy(await listen(server));
  });
  afterAll(async () => {
    await proxy.close();
    server.close();
  });

  it('decodes CONNECT, SUBSCRIBE, SEND with escaped headers, MESSAGE, RECEIPT and heart-beats', async () => {
    const client = new Client({
      webSocketFactory: () => new WebSocket(`${proxy.url}/stomp`, ['v12.stomp']),
      heartbeatOutgoing: 50,
      heartbeatIncoming: 0,
      reconnectDelay: 0,
    });
    const connected = new Promise<void>((resolve) => {
      client.onConnect = () => resolve();
    });
    client.activate();
    await connected;
    const received = new Promise<string>((resolve) => client.subscribe('/topic/chat', (m) => resolve(m.body)));
    const receipt = new Promise<void>((resolve) => client.watchForReceipt('r-1', () => resolve()));
    client.publish({ destination: '/topic/chat', body: JSON.stringify({ user: { id: 42 } }), headers: { receipt: 'r-1', note: 'a:b\nc' } });
    expect(await received).toBe('{"user":{"id":42}}');
    await receipt;
    await proxy.waitFor((m) => m.dir === 'out' && /^\r?\n$/.test(textOf(m)));
    await client.deactivate();

    const decoded = proxy.messages.map((m, id) => {
      const r = decodeMessage(m.input);
      if (!r.ok) throw new Error(`${id} ${JSON.stringify(textOf(m))}: ${r.reason}`);
      return { id, dir: m.dir, t: id, decoded: r.decoded };
    });
    const find = (kind: string): Decoded | undefined => decoded.find((d) => d.decoded.kind === kind)?.decoded;
    expect(find('CONNECT')?.control).toBe('handshake');
    expect(find('CONNECTED')?.summary).toBe('STOMP CONNECTED');
    const send = find('SEND');
    expect(send?.summary).toBe('STOMP SEND /topic/chat {"user":{"id":42}}');
    expect(send?.event).toBe('/topic/chat');
    expect(send?.value).toEqual({ user: { id: 42 } });
    // stompjs escapes ':' and LF in header values (STOMP 1.2 "Value Encoding").
    expect(send?.fields[1]?.children?.find((h) => h.name === 'note')?.value).toBe('a:b\nc');
    expect(find('MESSAGE')?.value).toEqual({ user: { id: 42 } });
    expect(find('heartbeat')?.control).toBe('heartbeat');
    const pairs = pairMessages(decoded);
    expect(pairs.exchanges().map((e) => [e.key, e.done])).toEqual([
      ['stomp:connect', true],
      ['stomp:receipt:r-1', true],
      ['stomp:receipt:close-1', true],
    ]);
  });

  it('rejects arbitrary text and malformed frames', () => {
    const text = (t: string) => stompDecoder.decode({ opcode: 1, text: t });
    expect(text('hello world').ok).toBe(false);
    expect(text('SEND\ndestination:/a\n\nbody').ok).toBe(false); // no NUL
    expect(text('SEND\ndestination:/a\n\nbody\0garbage').ok).toBe(false);
    expect(text('SEND\nbadheader\n\n\0').ok).toBe(false);
    expect(text('FOO\n\n\0').ok).toBe(false);
    expect(text('SEND\ncontent-length:9\n\nab\0').ok).toBe(false);
    expect(text('SEND\ncontent-length:3\n\na\0b\0')).toMatchObject({ ok: true, decoded: { summary: 'STOMP SEND "a\\u0000b"' } });
    const two = text('SEND\ndestination:/a\n\n1\0\nSEND\ndestination:/b\n\n2\0');
    expect(two.ok && two.decoded.parts?.map((p) => p.event)).toEqual(['/a', '/b']);
  });
});
