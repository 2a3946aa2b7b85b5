/**
 * The local server every browser test, the demo and the bench talk to. No
 * test ever touches the internet.
 *
 *   const server = await startTestServer();
 *   page.goto(server.httpUrl('/pages/basic.html'));
 *   await server.waitFor((s) => s.received.length === 3, 5000);
 *   await server.close();
 *
 * Listens on 127.0.0.1 (ephemeral port) unless `host` says otherwise; the
 * same port answers as `localhost`, a different origin for cross-origin
 * iframe tests: `httpUrl(path, 'localhost')`.
 *
 * HTTP:
 *   GET /pages/<file>  test/pages/      (browser test pages)
 *   GET /demo/<file>   test/demo/public/ (the demo chat)
 *   GET /bench/<file>  bench/pages/      (bench workloads)
 *   GET /              302 → /demo/index.html
 *   /socket.io/…       Socket.IO v4 chat (see chat.ts), client at /socket.io/socket.io.js
 *
 * WebSocket (see ws-endpoints.ts):
 *   /echo                           text back as text, binary as binary
 *   /push?n=N&size=S&kind=text|binary  N messages of S bytes, then the text `done`
 *   /close?code=C&reason=R          server closes at once with that code
 *   /drop                           TCP socket destroyed without a close frame (1006)
 *   /forbidden                      handshake answered `HTTP/1.1 403 Forbidden`
 *   /refuse?status=401|403|404|500  handshake answered with that status
 *   /proto                          echo; selects the first subprotocol offered
 *   /deflate                        echo with permessage-deflate
 *   /mqtt                           MQTT broker (aedes, subprotocol mqtt; see mqtt.ts), client at /vendor/mqtt.min.js
 *
 * Every message the endpoints receive lands in `received`, every upgrade
 * request in `handshakes`, every closed connection in `closes`.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Server as SocketIOServer } from 'socket.io';
import { attachChat } from './chat';
import { resolveStatic, sendFile, sendText } from './static-files';
import type { StaticMount } from './static-files';
import { createWsRoutes } from './ws-endpoints';
import { createMqttEndpoint } from './mqtt';
import type { HandshakeRecord, ReceivedMessage, ServerCloseRecord } from './ws-endpoints';

export type { HandshakeRecord, ReceivedMessage, ServerCloseRecord } from './ws-endpoints';

export interface TestServerOptions {
  /** Interface to listen on; default 127.0.0.1. */
  host?: string;
  /** Keep `received` (default true). The bench turns it off: millions of messages would pile up. */
  record?: boolean;
}

export interface TestServer {
  readonly port: number;
  /** The host URLs name by default (the listening host). */
  readonly host: string;
  /** `http://<host>:<port><path>`; pass `'localhost'` for a second origin on the same server. */
  httpUrl(path: string, host?: string): string;
  /** `ws://<host>:<port><path>`. */
  wsUrl(path: string, host?: string): string;
  readonly received: ReceivedMessage[];
  readonly handshakes: HandshakeRecord[];
  readonly closes: ServerCloseRecord[];
  /** Empties the three records (between runs that reuse one server). */
  clearRecords(): void;
  /**
   * Resolves once `predicate(server)` holds. It is checked at once, on every
   * record change, and every 20 ms (for conditions on other state, e.g. the
   * chat). Rejects after `timeoutMs` with `what` in the message.
   */
  waitFor(predicate: (server: TestServer) => boolean, timeoutMs?: number, what?: string): Promise<void>;
  /** The Socket.IO server of the chat. */
  readonly io: SocketIOServer;
  /** Closes everything and destroys open sockets; resolves when the port is free. */
  close(): Promise<void>;
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url)).replace(/\/$/, '');
const MOUNTS: StaticMount[] = [
  { prefix: '/pages/', dir: `${ROOT}/test/pages` },
  { prefix: '/demo/', dir: `${ROOT}/test/demo/public` },
  { prefix: '/bench/', dir: `${ROOT}/bench/pages` },
];
const POLL_MS = 20;

export async function startTestServer(opts: TestServerOptions = {}): Promise<TestServer> {
  const host = opts.host ?? '127.0.0.1';
  const waiters = new Set<() => void>();
  const recorder = {
    record: opts.record ?? true,
    received: [] as ReceivedMessage[],
    handshakes: [] as HandshakeRecord[],
    closes: [] as ServerCloseRecord[],
    changed: () => {
      for (const wake of waiters) wake();
    },
  };
  const mqtt = await createMqttEndpoint();
  const http = createServer((req, res) => void mqtt.serveHttp(req, res).then((done) => (done ? undefined : serveHttp(req, res))));
  const sockets = new Set<Socket>();
  http.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  const io = attachChat(http);
  const routes = createWsRoutes(recorder);
  http.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    if (req.url?.startsWith('/socket.io/')) return; // engine.io's own upgrade listener answers
    if (mqtt.handleUpgrade(req, socket, head)) return;
    if (!routes.handleUpgrade(req, socket, head)) {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
    }
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(0, host, () => resolve());
  });
  const { port } = http.address() as AddressInfo;
  const origin = (scheme: string, h: string): string => `${scheme}://${h.includes(':') ? `[${h}]` : h}:${port}`;

  let closing: Promise<void> | null = null;
  const server: TestServer = {
    port,
    host,
    httpUrl: (path, h = host) => origin('http', h) + path,
    wsUrl: (path, h = host) => origin('ws', h) + path,
    received: recorder.received,
    handshakes: recorder.handshakes,
    closes: recorder.closes,
    clearRecords() {
      recorder.received.length = 0;
      recorder.handshakes.length = 0;
      recorder.closes.length = 0;
    },
    waitFor(predicate, timeoutMs = 5000, what = 'condition') {
      return new Promise<void>((resolve, reject) => {
        const check = (): void => {
          let done: boolean;
          try {
            done = predicate(server);
          } catch (err) {
            finish();
            reject(err as Error);
            return;
          }
          if (done) {
            finish();
            resolve();
          }
        };
        const poll = setInterval(check, POLL_MS);
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`waitFor timed out after ${timeoutMs} ms: ${what}`));
        }, timeoutMs);
        const finish = (): void => {
          clearInterval(poll);
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    io,
    close() {
      closing ??= new Promise<void>((resolve) => {
        routes.terminateAll();
        void mqtt.close();
        // io.close() disconnects the sockets and closes the http server too.
        void io.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
  return server;
}

async function serveHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const pathname = new URL(req.url ?? '/', 'http://test.invalid').pathname;
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'Method not allowed\n');
  if (pathname === '/' || pathname === '/demo') {
    res.writeHead(302, { Location: '/demo/index.html' });
    res.end();
    return;
  }
  const file = resolveStatic(MOUNTS, pathname);
  if (file === null) return sendText(res, 404, `Not found: ${pathname}\n`);
  try {
    await sendFile(req, res, file);
  } catch (err) {
    if (!res.headersSent) sendText(res, 500, `${(err as Error).message}\n`);
    else res.destroy();
  }
}
