/**
 * The plain WebSocket endpoints of the test server, routed on the upgrade
 * path (ws in noServer mode). Each one reproduces a situation the inspector
 * must show correctly: echo, a fast push, a server close with a code, a
 * dropped TCP connection (1006), a refused handshake (403), subprotocol
 * negotiation, and permessage-deflate (RFC 7692).
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';

export interface ReceivedMessage {
  /** Endpoint path, e.g. `/echo` (no query). */
  path: string;
  data: string | Buffer;
  isBinary: boolean;
}

export interface HandshakeRecord {
  path: string;
  /** Full request URL with the query, as the client sent it. */
  url: string;
  headers: IncomingMessage['headers'];
}

export interface ServerCloseRecord {
  path: string;
  /** Code the client sent in its close frame (1005 without one, 1006 when the TCP connection just ended). */
  code: number;
  reason: string;
}

/** Where endpoints report what they saw; the server keeps the records and wakes waiters. */
export interface WsRecorder {
  record: boolean;
  received: ReceivedMessage[];
  handshakes: HandshakeRecord[];
  closes: ServerCloseRecord[];
  changed(): void;
}

export interface WsRoutes {
  /** Handles the upgrade when the path is one of ours; false leaves it to someone else. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** Terminates every open connection (no close frames: the server is going away). */
  terminateAll(): void;
}

const PATHS = new Set(['/echo', '/push', '/close', '/drop', '/forbidden', '/refuse', '/proto', '/deflate']);
/** Pause /push above this many queued bytes, so memory stays bounded whatever n × size is. */
const PUSH_HIGH_WATER = 1 << 20;

export function createWsRoutes(recorder: WsRecorder): WsRoutes {
  // Only /proto picks a subprotocol: elsewhere an offered one stays unanswered
  // (and the browser fails the connection, which is what a real server does).
  const plain = new WebSocketServer({
    noServer: true,
    handleProtocols: (protocols, req) => (pathOf(req) === '/proto' ? (protocols.values().next().value ?? false) : false),
  });
  // threshold 0: compress even tiny messages, so RSV1 shows on every frame.
  const deflate = new WebSocketServer({ noServer: true, perMessageDeflate: { threshold: 0 } });

  const onConnection = (ws: WebSocket, req: IncomingMessage): void => {
    const url = new URL(req.url ?? '/', 'http://test.invalid');
    const path = url.pathname;
    ws.on('message', (data, isBinary) => {
      if (recorder.record) {
        const buf = toBuffer(data);
        recorder.received.push({ path, data: isBinary ? buf : buf.toString('utf8'), isBinary });
        recorder.changed();
      }
      if (path === '/echo' || path === '/deflate' || path === '/proto') ws.send(data, { binary: isBinary });
    });
    ws.on('close', (code, reason) => {
      recorder.closes.push({ path, code, reason: reason.toString('utf8') });
      recorder.changed();
    });
    ws.on('error', () => ws.terminate()); // a protocol error from the client: the close record says the rest
    if (path === '/push') void pushMessages(ws, url.searchParams);
    else if (path === '/close') closeAsAsked(ws, url.searchParams);
    else if (path === '/drop') ws.terminate(); // destroys the socket: no close frame, the page sees 1006
  };
  plain.on('connection', onConnection);
  deflate.on('connection', onConnection);

  return {
    handleUpgrade(req, socket, head) {
      const path = pathOf(req);
      if (!PATHS.has(path)) return false;
      recorder.handshakes.push({ path, url: req.url ?? path, headers: req.headers });
      recorder.changed();
      if (path === '/forbidden' || path === '/refuse') {
        // `/refuse?status=N`: which refusing statuses each browser's webRequest passes on.
        const status = Number(new URL(req.url ?? '/', 'http://test.invalid').searchParams.get('status') ?? 403);
        refuseUpgrade(socket, STATUS_TEXT[status] ? status : 403);
        return true;
      }
      const wss = path === '/deflate' ? deflate : plain;
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
      return true;
    },
    terminateAll() {
      for (const wss of [plain, deflate]) {
        for (const ws of wss.clients) ws.terminate();
        wss.close();
      }
    },
  };
}

function pathOf(req: IncomingMessage): string {
  return new URL(req.url ?? '/', 'http://test.invalid').pathname;
}

function toBuffer(data: WebSocket.RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

const STATUS_TEXT: Record<number, string> = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 500: 'Internal Server Error' };

/** The page only learns "1006"; DevTools and webRequest (Firefox; Chrome for some statuses) show this status line. */
function refuseUpgrade(socket: Duplex, status = 403): void {
  const body = `${STATUS_TEXT[status] ?? 'Refused'}: this endpoint refuses every WebSocket handshake.\n`;
  socket.on('error', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Refused'}\r\n` +
      'Content-Type: text/plain; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
}

function intParam(params: URLSearchParams, name: string, fallback: number, max: number): number {
  const value = Number(params.get(name) ?? fallback);
  return Number.isInteger(value) && value >= 0 ? Math.min(value, max) : fallback;
}

/** Printable ASCII (0x21–0x7e), the message number first so a capture can check order. */
export function textPayload(index: number, size: number): string {
  const head = `${index}:`;
  let fill = '';
  for (let i = head.length; i < size; i++) fill += String.fromCharCode(0x21 + (i % 94));
  return (head + fill).slice(0, size);
}

export function binaryPayload(size: number): Buffer {
  const buf = Buffer.allocUnsafe(size);
  for (let i = 0; i < size; i++) buf[i] = i % 256;
  return buf;
}

/** `/push?n=N&size=S&kind=text|binary`: N messages as fast as the socket drains, then `done`. */
async function pushMessages(ws: WebSocket, params: URLSearchParams): Promise<void> {
  const n = intParam(params, 'n', 10, 10_000_000);
  const size = intParam(params, 'size', 100, 64 << 20);
  const binary = params.get('kind') === 'binary';
  const bytes = binary ? binaryPayload(size) : null;
  // Text messages differ only in their leading number: build the filler once.
  const filler = binary ? '' : textPayload(0, size + 12).slice(2);
  let flushed: Promise<void> = Promise.resolve();
  for (let i = 0; i < n; i++) {
    if (ws.readyState !== WebSocket.OPEN) return;
    const data = bytes ?? (`${i}:` + filler).slice(0, size);
    if (ws.bufferedAmount > PUSH_HIGH_WATER) await flushed;
    // The send callback runs once this write reached the kernel; writes are
    // ordered, so awaiting the latest one means the queue has drained.
    flushed = new Promise((resolve) => ws.send(data, { binary }, () => resolve()));
  }
  if (ws.readyState === WebSocket.OPEN) ws.send('done');
}

/** `/close?code=C&reason=R`. ws refuses codes that may not be sent (1005, 1006, 1015, …): then 1011 says why. */
function closeAsAsked(ws: WebSocket, params: URLSearchParams): void {
  const code = Number(params.get('code') ?? 1000);
  const reason = params.get('reason') ?? '';
  try {
    ws.close(code, reason);
  } catch (err) {
    ws.close(1011, `cannot send close code ${code}: ${(err as Error).message}`.slice(0, 123));
  }
}
