/**
 * A recording WebSocket proxy for fixture capture: real client → proxy → real
 * server, every message recorded as the page would see it. Plain HTTP
 * requests (Engine.IO long-polling) are forwarded too, so a polling →
 * websocket upgrade can be captured. 127.0.0.1, ephemeral ports, no sleeps.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import type { RawData } from 'ws';
import type { DecodeInput } from '../../../src/decoders/types';

export interface Captured {
  dir: 'out' | 'in';
  input: DecodeInput;
}

export interface CaptureProxy {
  url: string;
  messages: Captured[];
  /** Resolves when a captured message satisfies `predicate` (already captured ones included). */
  waitFor(predicate: (m: Captured) => boolean): Promise<Captured>;
  close(): Promise<void>;
}

function toInput(data: RawData, isBinary: boolean, subprotocol: string, url: string): DecodeInput {
  const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
  return isBinary
    ? { opcode: 2, bytes: new Uint8Array(buf), subprotocol: subprotocol || undefined, url }
    : { opcode: 1, text: buf.toString('utf8'), subprotocol: subprotocol || undefined, url };
}

export async function startCaptureProxy(targetPort: number): Promise<CaptureProxy> {
  const messages: Captured[] = [];
  const waiters: { predicate: (m: Captured) => boolean; resolve: (m: Captured) => void }[] = [];
  const record = (m: Captured): void => {
    messages.push(m);
    for (const w of [...waiters])
      if (w.predicate(m)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
  };
  const server = http.createServer((req, res) => {
    const upstream = http.request(
      { host: '127.0.0.1', port: targetPort, path: req.url, method: req.method, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    req.pipe(upstream);
  });
  const wss = new WebSocketServer({ server, handleProtocols: (protocols) => [...protocols][0] ?? false });
  const sockets = new Set<WebSocket>();
  wss.on('connection', (client, req) => {
    const url = req.url ?? '/';
    const offered = String(req.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const upstream = new WebSocket(`ws://127.0.0.1:${targetPort}${url}`, offered);
    sockets.add(client).add(upstream);
    const queue: [RawData, boolean][] = [];
    client.on('message', (data, isBinary) => {
      record({ dir: 'out', input: toInput(data, isBinary, client.protocol, url) });
      if (upstream.readyState === WebSocket.OPEN) upstream.send(data, { binary: isBinary });
      else queue.push([data, isBinary]);
    });
    upstream.on('open', () => {
      for (const [d, b] of queue.splice(0)) upstream.send(d, { binary: b });
    });
    upstream.on('message', (data, isBinary) => {
      record({ dir: 'in', input: toInput(data, isBinary, client.protocol, url) });
      client.send(data, { binary: isBinary });
    });
    client.on('close', () => upstream.close());
    upstream.on('close', () => client.close());
    upstream.on('error', () => client.terminate());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `ws://127.0.0.1:${port}`,
    messages,
    waitFor(predicate) {
      const found = messages.find(predicate);
      return found ? Promise.resolve(found) : new Promise((resolve) => waiters.push({ predicate, resolve }));
    },
    async close() {
      for (const s of sockets) s.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export async function listen(server: http.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** Decoded summaries of captured messages, for compact assertions. */
export const textOf = (m: Captured): string => m.input.text ?? '';
