import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Server } from 'socket.io';
import { io as connect } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import { decodeMessage } from '../../../src/decoders/registry';
import { socketIoDecoder } from '../../../src/decoders/socketio';
import { createDecodeSession } from '../../../src/decoders/session';
import { createPairer } from '../../../src/pairing/pairing';
import type { Decoded } from '../../../src/decoders/types';
import type { CaptureProxy } from './capture-proxy';
import { listen, startCaptureProxy, textOf } from './capture-proxy';

function decoded(text: string, url = '/socket.io/?EIO=4&transport=websocket'): Decoded {
  const r = decodeMessage({ opcode: 1, text, url });
  if (!r.ok) throw new Error(r.reason);
  return r.decoded;
}

describe('Socket.IO decoder with traffic captured from socket.io 4', () => {
  let httpServer: http.Server;
  let ioServer: Server;
  let proxy: CaptureProxy;

  beforeAll(async () => {
    httpServer = http.createServer();
    // A short ping interval so real heartbeats show up without waiting long.
    ioServer = new Server(httpServer, { pingInterval: 100 });
    ioServer.on('connection', (socket) => {
      socket.on('publish', (msg: unknown, ack: (r: unknown) => void) => ack({ ok: true, echo: msg }));
      socket.on('upload', (_buf: Buffer, ack: (n: number) => void) => ack(_buf.length));
      socket.emit('welcome', { user: { id: 42 } });
    });
    ioServer.of('/admin').on('connection', (socket) => socket.emit('stats', { users: 3 }));
    proxy = await startCaptureProxy(await listen(httpServer));
  });
  afterAll(async () => {
    await proxy.close();
    await ioServer.close();
  });

  it('decodes open, connect, events, acks, namespaces and binary attachments', async () => {
    const client: Socket = connect(proxy.url, { transports: ['websocket'] });
    await new Promise<void>((resolve) => client.on('welcome', () => resolve()));
    const reply = await client.emitWithAck('publish', { user: { id: 42 }, text: 'hi' });
    expect(reply).toEqual({ ok: true, echo: { user: { id: 42 }, text: 'hi' } });
    const size = await client.emitWithAck('upload', Buffer.from([1, 2, 3, 4]));
    expect(size).toBe(4);
    const admin = connect(`${proxy.url}/admin`, { transports: ['websocket'], forceNew: true });
    await new Promise<void>((resolve) => admin.on('stats', () => resolve()));
    client.disconnect();
    admin.disconnect();

    const session = createDecodeSession();
    const pairer = createPairer();
    const all = proxy.messages.map((m, i) => {
      const r = session.decode(m.input, m.dir);
      expect(r.ok, `message ${i} ${textOf(m)}`).toBe(true);
      const d = (r as { ok: true; decoded: Decoded }).decoded;
      pairer.add({ id: i, dir: m.dir, t: i, decoded: d });
      return { m, d };
    });

    const open = all.find(({ d }) => d.kind === 'open');
    expect(open?.d.control).toBe('handshake');
    expect(open?.d.summary).toMatch(/^engine\.io open sid /);

    const publish = all.find(({ d }) => d.event === 'publish');
    expect(publish?.m.dir).toBe('out');
    expect(publish?.d.summary).toBe('event publish ack 0 {"user":{"id":42},"text":"hi"}');
    expect((publish?.d.value as { user: { id: number } }).user.id).toBe(42);

    const ack = all.find(({ d }) => d.kind === 'ACK' && d.pair?.key === 'sio:/#0');
    expect(ack?.m.dir).toBe('in');
    expect(ack?.d.value).toEqual({ ok: true, echo: { user: { id: 42 }, text: 'hi' } });

    const upload = all.find(({ d }) => d.kind === 'BINARY_EVENT');
    expect(textOf(upload!.m)).toMatch(/^451-1\["upload",\{"_placeholder":true,"num":0\}\]$/);
    const attachment = all.find(({ d }) => d.kind === 'ATTACHMENT');
    expect(attachment?.d.summary).toBe('attachment 1/1 of event upload (4 bytes), complete');
    expect(attachment?.d.value).toEqual({ $bytes: '01020304' });

    const stats = all.find(({ d }) => d.event === 'stats');
    expect(stats?.d.summary).toBe('event stats /admin {"users":3}');
    expect(all.some(({ d }) => d.kind === 'CONNECT' && d.summary.startsWith('connect /admin'))).toBe(true);

    const exchanges = pairer.exchanges();
    expect(exchanges.map((e) => e.key)).toEqual(['sio:/#0', 'sio:/#1']);
    expect(exchanges.every((e) => e.done && e.responses.length === 1)).toBe(true);
    expect(pairer.unanswered()).toEqual([]);
  });

  it('classifies the polling → websocket upgrade and heartbeats', async () => {
    proxy.messages.length = 0;
    const client = connect(proxy.url, { transports: ['polling', 'websocket'], forceNew: true });
    await new Promise<void>((resolve) => client.io.engine.on('upgrade', () => resolve()));
    await proxy.waitFor((m) => textOf(m) === '5');
    const pong = await proxy.waitFor((m) => textOf(m) === '3' && m.dir === 'out');
    expect(decodeMessage(pong.input)).toMatchObject({ ok: true, decoded: { kind: 'pong', control: 'heartbeat' } });
    client.disconnect();
    // The previous test's disconnect packets may still trickle in first.
    const start = proxy.messages.findIndex((m) => textOf(m) === '2probe');
    const kinds = proxy.messages
      .slice(start)
      .map((m) => decodeMessage(m.input))
      .map((r) => (r.ok ? `${r.decoded.kind}:${r.decoded.control}` : r.reason));
    expect(kinds.slice(0, 3)).toEqual(['ping probe:handshake', 'pong probe:handshake', 'upgrade:handshake']);
  });

  it('decodes heartbeats and rejects malformed packets', () => {
    expect(decoded('2').control).toBe('heartbeat');
    expect(decoded('3').control).toBe('heartbeat');
    expect(socketIoDecoder.decode({ opcode: 1, text: '42["a"' })).toMatchObject({ ok: false });
    expect(socketIoDecoder.decode({ opcode: 1, text: '42{"not":"array"}' })).toMatchObject({ ok: false });
    expect(socketIoDecoder.decode({ opcode: 1, text: '9hello' })).toMatchObject({ ok: false });
    expect(socketIoDecoder.decode({ opcode: 1, text: '2garbage' })).toMatchObject({ ok: false });
    expect(socketIoDecoder.decode({ opcode: 1, text: '451["x"]' })).toMatchObject({ ok: false });
    // Without a Socket.IO URL, a bare "2" is not claimed by content sniffing.
    expect(decodeMessage({ opcode: 1, text: '2' }).ok).toBe(false);
    expect(decoded('42/chat,7["msg","hey"]', 'wss://x/').pair).toEqual({ key: 'sio:/chat#7', role: 'request' });
  });
});
