/**
 * Real frames from the real `ws` library: a client and server talk through a
 * byte-recording TCP proxy on 127.0.0.1 (ephemeral ports); the recorded
 * bytes must decode to exactly what ws delivered on the other side. No
 * sleeps: every step waits on an event.
 */
import { once } from 'node:events';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import type { RawData } from 'ws';
import {
  MessageDeflater,
  decodeAll,
  fragmentMessage,
  negotiatedDeflate,
  randomMaskingKey,
  verifyAccept,
} from '../../../src/protocol/index';
import type { Message } from '../../../src/protocol/index';

interface Capture {
  c2s: Buffer[];
  s2c: Buffer[];
  /** What ws delivered: [isBinary, bytes] per message, per receiving side. */
  serverGot: string[];
  clientGot: string[];
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

const describeWs = (data: RawData, isBinary: boolean): string =>
  `${isBinary ? 'binary' : 'text'}:${Buffer.concat(Array.isArray(data) ? data : [Buffer.from(data as Buffer)]).toString('hex')}`;
const describeOurs = (m: Message): string => `${m.kind}:${Buffer.from(m.data).toString('hex')}`;

async function converse(deflate: boolean): Promise<Capture> {
  const pmd = deflate ? { threshold: 0 } : false;
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: pmd });
  await once(wss, 'listening');
  const capture: Capture = { c2s: [], s2c: [], serverGot: [], clientGot: [] };
  const piped: Promise<unknown>[] = [];
  const proxy = net.createServer((inbound) => {
    const outbound = net.connect((wss.address() as AddressInfo).port, '127.0.0.1');
    inbound.on('data', (d: Buffer) => {
      capture.c2s.push(Buffer.from(d));
      outbound.write(d);
    });
    outbound.on('data', (d: Buffer) => {
      capture.s2c.push(Buffer.from(d));
      inbound.write(d);
    });
    inbound.on('end', () => outbound.end());
    outbound.on('end', () => inbound.end());
    piped.push(once(inbound, 'close'), once(outbound, 'close'));
  });
  proxy.listen(0, '127.0.0.1');
  await once(proxy, 'listening');
  cleanups.push(async () => {
    wss.close();
    proxy.close();
  });

  const accepted = once(wss, 'connection') as Promise<[WebSocket]>;
  const client = new WebSocket(`ws://127.0.0.1:${(proxy.address() as AddressInfo).port}`, { perMessageDeflate: pmd });
  const [[server]] = await Promise.all([accepted, once(client, 'open')]);

  const big = 'sockscope '.repeat(7000); // 70,000 bytes: 64-bit length uncompressed
  const allArrived = (ws: WebSocket, log: string[], n: number): Promise<void> =>
    new Promise((resolve) =>
      ws.on('message', (data, isBinary) => {
        log.push(describeWs(data, isBinary));
        if (log.length === n) resolve();
      }),
    );
  const serverDone = allArrived(server, capture.serverGot, 5);
  const clientDone = allArrived(client, capture.clientGot, 4);
  const pongs = Promise.all([once(client, 'pong'), once(server, 'pong')]);

  client.send('hello');
  client.send(Buffer.from(Array.from({ length: 256 }, (_, i) => i)));
  client.send('frag-1 ', { fin: false });
  client.ping('p1');
  client.send('€😀', { fin: false });
  client.send(' frag-3', { fin: true });
  client.send(big);
  client.send('ok');
  server.send('welcome');
  server.send('part A,', { fin: false });
  server.send(' part B', { fin: true });
  server.ping('sp');
  server.send(Buffer.alloc(300, 7), { binary: true });
  server.send(big);
  await Promise.all([serverDone, clientDone, pongs]);
  client.close(1000, 'done');
  await Promise.all([once(client, 'close'), once(server, 'close')]);
  await Promise.all(piped);
  return capture;
}

/** Split the recorded stream into the HTTP head and the frame bytes (chunking preserved). */
function splitHandshake(chunks: Buffer[]): { head: string; frames: Uint8Array[] } {
  const all = Buffer.concat(chunks);
  const end = all.indexOf('\r\n\r\n') + 4;
  const frames: Uint8Array[] = [];
  let at = 0;
  for (const c of chunks) {
    const from = Math.max(0, end - at);
    if (from < c.length) frames.push(new Uint8Array(c.subarray(from)));
    at += c.length;
  }
  return { head: all.subarray(0, end).toString('latin1'), frames };
}

const header = (head: string, name: string): string => new RegExp(`^${name}: *(.*)$`, 'im').exec(head)?.[1]?.trim() ?? '';

describe.each([false, true])('frames captured from ws (perMessageDeflate=%s)', (deflate) => {
  it('decode to exactly what ws delivered, both directions', async () => {
    const cap = await converse(deflate);
    const request = splitHandshake(cap.c2s);
    const response = splitHandshake(cap.s2c);
    expect(await verifyAccept(header(request.head, 'Sec-WebSocket-Key'), header(response.head, 'Sec-WebSocket-Accept'))).toMatchObject({
      ok: true,
    });
    const params = negotiatedDeflate(header(response.head, 'Sec-WebSocket-Extensions'));
    if (!params.ok) throw new Error(params.error.message);
    expect(params.value !== null).toBe(deflate);

    const up = decodeAll(request.frames, { direction: 'client-to-server', permessageDeflate: params.value });
    const down = decodeAll(response.frames, { direction: 'server-to-client', permessageDeflate: params.value });
    expect(up.errors).toEqual([]);
    expect(down.errors).toEqual([]);

    const data = (r: typeof up): string[] => r.messages.filter((m) => m.kind === 'text' || m.kind === 'binary').map(describeOurs);
    expect(data(up)).toEqual(cap.serverGot);
    expect(data(down)).toEqual(cap.clientGot);
    expect(up.messages.find((m) => m.kind === 'text' && m.frameCount === 3)?.text).toBe('frag-1 €😀 frag-3');
    expect(down.messages.find((m) => m.kind === 'text' && m.frameCount === 2)?.text).toBe('part A, part B');

    const control = (r: typeof up): string[] =>
      r.messages
        .filter((m) => m.kind !== 'text' && m.kind !== 'binary')
        .map((m) => `${m.kind}:${m.text ?? Buffer.from(m.data).toString()}:${m.closeCode ?? ''}`)
        .sort();
    expect(control(up)).toEqual(['close:done:1000', 'ping:p1:', 'pong:sp:']);
    expect(control(down)).toEqual(['close:done:1000', 'ping:sp:', 'pong:p1:']);

    expect(up.frames.every((f) => f.masked)).toBe(true);
    expect(down.frames.some((f) => f.masked)).toBe(false);
    expect(up.messages.some((m) => m.compressed)).toBe(deflate);
    expect(down.frames.some((f) => f.rsv1)).toBe(deflate);
    if (!deflate) expect(down.frames.find((f) => f.payloadLength === 70000)?.lengthEncoding).toBe('64');
  });
});

describe('ws accepts frames we build', () => {
  it('fragmented, masked, permessage-deflate with context takeover (incl. fflate flush repair case)', async () => {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: { threshold: 0 } });
    await once(wss, 'listening');
    cleanups.push(async () => {
      wss.close();
    });
    const texts = ['hello hello', 'hello hello', 'zzzz', 'zzzz world', 'x'.repeat(5000), '€😀'];
    const got: string[] = [];
    const received = new Promise<void>((resolve) => {
      wss.on('connection', (ws) =>
        ws.on('message', (d) => {
          got.push(String(d));
          if (got.length === texts.length) resolve();
        }),
      );
    });
    const socket = net.connect((wss.address() as AddressInfo).port, '127.0.0.1');
    cleanups.push(async () => {
      socket.destroy();
    });
    await once(socket, 'connect');
    const key = 'dGhlIHNhbXBsZSBub25jZQ==';
    socket.write(
      `GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Extensions: permessage-deflate\r\n\r\n`,
    );
    const [head] = (await once(socket, 'data')) as [Buffer];
    expect(await verifyAccept(key, header(head.toString('latin1'), 'Sec-WebSocket-Accept'))).toMatchObject({ ok: true });
    const params = negotiatedDeflate(header(head.toString('latin1'), 'Sec-WebSocket-Extensions'));
    expect(params).toMatchObject({ ok: true, value: { clientNoContextTakeover: false } });

    const deflater = new MessageDeflater(false);
    texts.forEach((t, i) => {
      const frames = fragmentMessage(deflater.deflate(new TextEncoder().encode(t)), {
        opcode: 1,
        fragments: 1 + (i % 3),
        compressed: true,
        maskingKey: () => randomMaskingKey(),
      });
      if (!frames.ok) throw new Error(frames.error.message);
      for (const f of frames.value) socket.write(f);
    });
    await received;
    expect(got).toEqual(texts);
  });
});
