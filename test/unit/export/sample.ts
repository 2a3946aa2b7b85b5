/**
 * A small capture with every fact the exporters must carry: text and binary
 * (7-, 16- and 64-bit frame lengths), non-ASCII text, origin marks, a
 * truncated message, secrets in URL / headers / Socket.IO auth, close facts
 * (page close, server close), a permessage-deflate connection and a refused
 * handshake.
 */
import { bytesToBase64 } from '../../../src/model/base64';
import type { ConnectionRecord, MessageRecord } from '../../../src/model/records';

export const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
const T0 = 1_764_000_000_000.25;

function bytes(n: number, seed: number): string {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + seed) & 0xff;
  return bytesToBase64(b);
}

export function sampleCapture(): { connections: ConnectionRecord[]; messages: MessageRecord[] } {
  const chat: ConnectionRecord = {
    id: 'h1:1',
    url: 'ws://127.0.0.1:8080/chat?CGISESSID=abc123secret&room=42',
    protocols: ['chat.v1'],
    frameUrl: 'http://127.0.0.1:8080/page?x=1',
    frameId: 0,
    created: T0,
    state: 'closed',
    opened: T0 + 12.5,
    protocol: 'chat.v1',
    extensions: '',
    sent: { messages: 4, bytes: 0 },
    received: { messages: 3, bytes: 0 },
    close: { code: 4001, reason: 'bye ✓', wasClean: true, t: T0 + 900 },
    closeCall: { t: T0 + 899, code: 4001, reason: 'bye ✓' },
    handshake: {
      url: 'ws://127.0.0.1:8080/chat?CGISESSID=abc123secret&room=42',
      requestId: '77',
      t: T0 - 1,
      requestHeaders: [
        { name: 'Cookie', value: 'CGISESSID=abc123secret; theme=dark' },
        { name: 'Origin', value: 'http://127.0.0.1:8080' },
        { name: 'Sec-WebSocket-Key', value: 'dGhlIHNhbXBsZSBub25jZQ==' },
        { name: 'Sec-WebSocket-Protocol', value: 'chat.v1' },
      ],
      responseHeaders: [{ name: 'Sec-WebSocket-Protocol', value: 'chat.v1' }],
      status: 101,
      statusLine: 'HTTP/1.1 101 Switching Protocols',
    },
  };
  const deflate: ConnectionRecord = {
    id: 'h1:2',
    url: 'ws://localhost:8081/deflate',
    protocols: [],
    frameUrl: 'http://localhost:8081/',
    frameId: 3,
    created: T0 + 1000,
    state: 'closed',
    opened: T0 + 1010,
    extensions: 'permessage-deflate; client_max_window_bits=15',
    sent: { messages: 2, bytes: 0 },
    received: { messages: 2, bytes: 0 },
    close: { code: 1001, reason: 'going away', wasClean: true, t: T0 + 2000 },
  };
  const refused: ConnectionRecord = {
    id: 'h1:3',
    url: 'ws://127.0.0.1:8080/forbidden',
    protocols: [],
    frameUrl: 'http://127.0.0.1:8080/page',
    frameId: 0,
    created: T0 + 3000,
    state: 'error',
    errored: T0 + 3005,
    sent: { messages: 0, bytes: 0 },
    received: { messages: 0, bytes: 0 },
    close: { code: 1006, reason: '', wasClean: false, t: T0 + 3006 },
    handshake: {
      url: 'ws://127.0.0.1:8080/forbidden',
      requestId: '78',
      t: T0 + 3000,
      status: 403,
      statusLine: 'HTTP/1.1 403 Forbidden',
      responseHeaders: [{ name: 'Set-Cookie', value: 'sid=zzz' }],
    },
  };
  const auth = `42["auth",{"token":"${JWT}","user":"alice"}]`;
  const messages: MessageRecord[] = [
    { id: 1, conn: 'h1:1', t: T0 + 20.125, dir: 'out', opcode: 1, size: auth.length, data: auth },
    { id: 2, conn: 'h1:1', t: T0 + 30.5, dir: 'in', opcode: 1, size: 13, data: 'héllo wörld' },
    { id: 3, conn: 'h1:1', t: T0 + 40, dir: 'out', opcode: 2, size: 300, data: bytes(300, 1), carrier: 'Uint8Array', buffered: 0 },
    { id: 4, conn: 'h1:1', t: T0 + 50, dir: 'in', opcode: 2, size: 70_000, data: bytes(70_000, 2) },
    { id: 5, conn: 'h1:1', t: T0 + 60, dir: 'out', opcode: 1, size: 4, data: 'ping', origin: 'resent' },
    { id: 6, conn: 'h1:1', t: T0 + 70, dir: 'in', opcode: 1, size: 8, data: 'injected', origin: 'injected' },
    { id: 7, conn: 'h1:1', t: T0 + 80, dir: 'out', opcode: 1, size: 2_000_000, data: 'x'.repeat(1000), truncated: true },
    { id: 8, conn: 'h1:2', t: T0 + 1020, dir: 'out', opcode: 1, size: 26, data: '{"op":"subscribe","id":1}\n' },
    { id: 9, conn: 'h1:2', t: T0 + 1030, dir: 'in', opcode: 1, size: 26, data: '{"op":"subscribe","id":1}\n' },
    { id: 10, conn: 'h1:2', t: T0 + 1040, dir: 'out', opcode: 1, size: 26, data: '{"op":"subscribe","id":2}\n' },
    { id: 11, conn: 'h1:2', t: T0 + 1050, dir: 'in', opcode: 2, size: 4, data: 'AAEC/w==' },
  ];
  return { connections: [chat, deflate, refused], messages };
}
