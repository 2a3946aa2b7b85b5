import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Socket } from 'phoenix';
import { JsonHubProtocol, MessageType, NullLogger } from '@microsoft/signalr';
import type { CompletionMessage, InvocationMessage, PingMessage } from '@microsoft/signalr';
import { MessagePackHubProtocol } from '@microsoft/signalr-protocol-msgpack';
import { WebSocket, WebSocketServer } from 'ws';
import { decodeMessage } from '../../../src/decoders/registry';
import { phoenixDecoder } from '../../../src/decoders/phoenix';
import { signalRDecoder } from '../../../src/decoders/signalr';
import type { Decoded } from '../../../src/decoders/types';
import { pairMessages } from '../../../src/pairing/pairing';
import { listen } from './capture-proxy';

describe('Phoenix decoder with what phoenix.js sends', () => {
  let server: http.Server;
  const received: string[] = [];
  let port = 0;
  let onMessage: (text: string) => void = () => undefined;
  beforeAll(async () => {
    server = http.createServer();
    // Answers joins like a Phoenix endpoint would, so the client proceeds.
    new WebSocketServer({ server }).on('connection', (ws) =>
      ws.on('message', (data) => {
        const text = String(data);
        received.push(text);
        onMessage(text);
        const msg = JSON.parse(text) as unknown;
        const [joinRef, ref, topic] = Array.isArray(msg)
          ? msg
          : [(msg as { join_ref: unknown }).join_ref, (msg as { ref: unknown }).ref, (msg as { topic: unknown }).topic];
        ws.send(
          Array.isArray(msg)
            ? JSON.stringify([joinRef, ref, topic, 'phx_reply', { status: 'ok', response: { user: { id: 42 } } }])
            : JSON.stringify({ join_ref: joinRef, ref, topic, event: 'phx_reply', payload: { status: 'ok', response: {} } }),
        );
      }),
    );
    port = await listen(server);
  });
  afterAll(() => {
    server.close();
  });

  const waitFor = (pred: (t: string) => boolean): Promise<string> =>
    new Promise((resolve) => {
      const hit = received.find(pred);
      if (hit) resolve(hit);
      else
        onMessage = (t) => {
          if (pred(t)) resolve(t);
        };
    });

  it('decodes v2 join, push, heartbeat and pairs refs', async () => {
    const socket = new Socket(`ws://127.0.0.1:${port}/socket`, { transport: WebSocket, heartbeatIntervalMs: 30 });
    socket.connect();
    const channel = socket.channel('room:lobby', { token: 'x' });
    await new Promise<void>((resolve) => channel.join().receive('ok', () => resolve()));
    await new Promise<void>((resolve) => channel.push('new_msg', { body: 'hi', user: { id: 42 } }).receive('ok', () => resolve()));
    await waitFor((t) => t.includes('"heartbeat"'));
    socket.disconnect();
    const decoded = received.map((text, id) => {
      const r = decodeMessage({ opcode: 1, text, url: `ws://127.0.0.1:${port}/socket/websocket?vsn=2.0.0` });
      if (!r.ok) throw new Error(r.reason);
      return { id, dir: 'out' as const, t: id, decoded: r.decoded };
    });
    const join = decoded[0]?.decoded;
    expect(join).toMatchObject({ protocol: 'phoenix', kind: 'phx_join', control: 'control' });
    expect(join?.summary).toMatch(/^phoenix room:lobby phx_join ref \d+ \{"token":"x"\}$/);
    const ref = join?.fields[2]?.value;
    const push = decoded.find((d) => d.decoded.event === 'new_msg')?.decoded;
    expect((push?.value as { user: { id: number } }).user.id).toBe(42);
    expect(decoded.find((d) => d.decoded.event === 'heartbeat')?.decoded.control).toBe('heartbeat');
    const reply = decodeMessage({
      opcode: 1,
      text: JSON.stringify([ref, ref, 'room:lobby', 'phx_reply', { status: 'ok', response: { a: 1 } }]),
    });
    expect(reply).toMatchObject({ ok: true, decoded: { summary: `phoenix room:lobby phx_reply ok ref ${ref} {"a":1}`, value: { a: 1 } } });
    const pairs = pairMessages([...decoded, { id: 99, dir: 'in', t: 120, decoded: (reply as { decoded: Decoded }).decoded }]);
    expect(pairs.exchangeOf(99)?.request.id).toBe(0);
  });

  it('decodes the v1 object serializer and rejects look-alikes', () => {
    expect(phoenixDecoder.decode({ opcode: 1, text: '{"topic":"phoenix","event":"heartbeat","payload":{},"ref":"5"}' })).toMatchObject({
      ok: true,
      decoded: { control: 'heartbeat' },
    });
    expect(phoenixDecoder.decode({ opcode: 1, text: '[null,null,"t","e"]' }).ok).toBe(false);
    expect(phoenixDecoder.decode({ opcode: 1, text: '[1,2,"t","e",{}]' }).ok).toBe(false);
    expect(phoenixDecoder.decode({ opcode: 1, text: '{"topic":"t","event":"e","payload":{},"x":1}' }).ok).toBe(false);
  });
});

describe('SignalR decoders with bytes written by @microsoft/signalr hub protocols', () => {
  const invocation: InvocationMessage = {
    type: MessageType.Invocation,
    invocationId: '1',
    target: 'SendMessage',
    arguments: [{ user: { id: 42 } }],
    headers: {},
    streamIds: [],
  };
  const completion: CompletionMessage = { type: MessageType.Completion, invocationId: '1', result: 'ok', headers: {} };
  const ping: PingMessage = { type: MessageType.Ping };

  it('JSON: records separated by 0x1E, pairs invocation ↔ completion', () => {
    const json = new JsonHubProtocol();
    const out = json.writeMessage(invocation) as string;
    const inb = (json.writeMessage(completion) as string) + (json.writeMessage(ping) as string);
    const a = decodeMessage({ opcode: 1, text: out });
    expect(a).toMatchObject({
      ok: true,
      decoded: { protocol: 'signalr', kind: 'Invocation', event: 'SendMessage', value: { user: { id: 42 } } },
    });
    const b = signalRDecoder.decode({ opcode: 1, text: inb });
    expect(b.ok && b.decoded.parts?.map((p) => p.kind)).toEqual(['Completion', 'Ping']);
    expect(b.ok && b.decoded.parts?.[1]?.control).toBe('heartbeat');
    const pairs = pairMessages([
      { id: 1, dir: 'out', t: 0, decoded: (a as { decoded: Decoded }).decoded },
      { id: 2, dir: 'in', t: 7, decoded: (b as { decoded: Decoded }).decoded },
    ]);
    expect(pairs.exchanges()[0]).toMatchObject({ key: 'signalr:1', latency: 7, done: true });
    expect(signalRDecoder.decode({ opcode: 1, text: '{"type":1}\u001e' }).ok).toBe(false);
    expect(signalRDecoder.decode({ opcode: 1, text: '{"protocol":"json","version":1}\u001e' })).toMatchObject({
      ok: true,
      decoded: { control: 'handshake' },
    });
  });

  it('MessagePack: varint length-prefixed arrays', () => {
    const mp = new MessagePackHubProtocol();
    const bytes = new Uint8Array([
      ...new Uint8Array(mp.writeMessage(invocation)),
      ...new Uint8Array(mp.writeMessage(completion)),
      ...new Uint8Array(mp.writeMessage(ping)),
    ]);
    const r = decodeMessage({ opcode: 2, bytes });
    expect(r.ok && r.decoded.protocol).toBe('signalr-msgpack');
    expect(r.ok && r.decoded.parts?.map((p) => p.summary)).toEqual([
      'signalr Invocation SendMessage id 1 {"user":{"id":42}}',
      'signalr Completion id 1 "ok"',
      'signalr Ping',
    ]);
    // Round trip through the library's own parser agrees on the count.
    expect(mp.parseMessages(bytes.buffer, NullLogger.instance)).toHaveLength(3);
    expect(decodeMessage({ opcode: 2, bytes: bytes.subarray(0, bytes.length - 1) }, { override: 'signalr-msgpack' }).ok).toBe(false);
  });
});
