/** Synthetic captures for the inline shell, screenshots and tests. Deterministic. */
import type { ConnectionRecord, MessageRecord } from '../../model/records';
import type { TabStats } from '../../messaging/protocol';

const T0 = Date.UTC(2025, 0, 15, 9, 30, 0);
const counts = (messages = 0, bytes = 0) => ({ messages, bytes });

export function demoConnections(): ConnectionRecord[] {
  return [
    {
      id: 'h1:1',
      url: 'wss://chat.example.com/socket.io/?EIO=4&transport=websocket&token=eyJhbGciOi.secret',
      protocols: [],
      frameUrl: 'https://chat.example.com/room/42',
      frameId: 0,
      created: T0,
      opened: T0 + 38,
      state: 'open',
      protocol: '',
      extensions: 'permessage-deflate; client_max_window_bits',
      sent: counts(),
      received: counts(),
      handshake: {
        url: 'wss://chat.example.com/socket.io/?EIO=4&transport=websocket&token=eyJhbGciOi.secret',
        requestId: '1',
        t: T0 + 1,
        status: 101,
        statusLine: 'HTTP/1.1 101 Switching Protocols',
        requestHeaders: [
          { name: 'Upgrade', value: 'websocket' },
          { name: 'Connection', value: 'Upgrade' },
          { name: 'Sec-WebSocket-Key', value: 'dGhlIHNhbXBsZSBub25jZQ==' },
          { name: 'Sec-WebSocket-Version', value: '13' },
          { name: 'Origin', value: 'https://chat.example.com' },
        ],
        responseHeaders: [
          { name: 'Upgrade', value: 'websocket' },
          { name: 'Connection', value: 'Upgrade' },
          { name: 'Sec-WebSocket-Accept', value: 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=' },
        ],
      },
    },
    {
      id: 'h1:2',
      url: 'wss://feed.example.com/v2/stream?sid=a81f&format=msgpack',
      protocols: ['mqtt', 'v2.feed'],
      frameUrl: 'https://chat.example.com/room/42',
      frameId: 0,
      created: T0 + 200,
      opened: T0 + 260,
      state: 'closed',
      protocol: 'v2.feed',
      extensions: '',
      close: { code: 4001, reason: 'session expired', wasClean: true, t: T0 + 95_000 },
      closeCall: undefined,
      sent: counts(),
      received: counts(),
    },
    {
      id: 'h1:3',
      url: 'wss://api.example.com/graphql',
      protocols: ['graphql-transport-ws'],
      frameUrl: 'https://chat.example.com/room/42',
      frameId: 0,
      created: T0 + 500,
      state: 'closed',
      errored: T0 + 540,
      close: { code: 1006, reason: '', wasClean: false, t: T0 + 541 },
      sent: counts(),
      received: counts(),
      handshake: {
        url: 'wss://api.example.com/graphql',
        requestId: '3',
        t: T0 + 501,
        status: 403,
        statusLine: 'HTTP/1.1 403 Forbidden',
        responseHeaders: [{ name: 'Content-Type', value: 'text/plain' }],
      },
    },
    {
      id: 'h2:1',
      url: 'ws://legacy.example.net:8080/ws',
      protocols: [],
      frameUrl: 'https://ads.example.org/frame.html',
      frameId: 3,
      created: T0 + 900,
      state: 'error',
      errored: T0 + 950,
      close: { code: 1006, reason: '', wasClean: false, t: T0 + 951 },
      sent: counts(),
      received: counts(),
      handshake: { url: 'ws://legacy.example.net:8080/ws', requestId: '4', t: T0 + 901, error: 'net::ERR_CONNECTION_REFUSED' },
    },
    {
      id: 'h1:4',
      url: 'wss://chat.example.com/presence',
      protocols: [],
      frameUrl: 'https://chat.example.com/room/42',
      frameId: 0,
      created: T0 + 1000,
      opened: T0 + 1030,
      state: 'closed',
      protocol: '',
      extensions: '',
      closeCall: { t: T0 + 60_000, code: 1000, reason: 'bye' },
      close: { code: 1000, reason: 'bye', wasClean: true, t: T0 + 60_010 },
      sent: counts(),
      received: counts(),
    },
  ];
}

const b64 = (bytes: number[]): string => btoa(String.fromCharCode(...bytes));

/** `n` messages spread over the open connections, ids from `firstId`. */
export function demoMessages(n: number, firstId = 1): MessageRecord[] {
  const out: MessageRecord[] = [];
  for (let i = 0; i < n; i++) {
    const id = firstId + i;
    const t = T0 + 40 + id * 37.25;
    const k = id % 10;
    if (k === 3) {
      const bytes = [0x82, 0xa4, 0x74, 0x79, 0x70, 0x65, 0xa4, 0x74, 0x69, 0x63, 0x6b, 0xa1, 0x70, 0xcb, 0x40, 0x59, id & 0xff];
      out.push({ id, conn: 'h1:2', t, dir: 'in', opcode: 2, size: bytes.length, data: b64(bytes), carrier: 'Blob' });
    } else if (k === 7) {
      out.push({ id, conn: 'h1:1', t, dir: 'out', opcode: 1, size: 1, data: '2' });
    } else if (k === 8) {
      out.push({ id, conn: 'h1:1', t, dir: 'in', opcode: 1, size: 1, data: '3' });
    } else if (k % 2 === 0) {
      const text = `42["message",{"room":42,"user":"ana","text":"hello #${id}","ts":${Math.round(t)}}]`;
      out.push({ id, conn: 'h1:1', t, dir: 'in', opcode: 1, size: text.length, data: text });
    } else {
      const text = JSON.stringify({
        type: 'publish',
        id,
        body: { text: `reply ${id}`, tags: ['a', 'b'], n: id * 1.5, ok: true, none: null },
      });
      out.push({
        id,
        conn: 'h1:1',
        t,
        dir: 'out',
        opcode: 1,
        size: text.length,
        data: text,
        buffered: 0,
        ...(id % 50 === 1 ? { origin: 'resent' as const } : {}),
      });
    }
  }
  return out;
}

/** Per-connection counts and tab stats consistent with `messages`. */
export function demoTotals(conns: ConnectionRecord[], messages: MessageRecord[]): { connections: ConnectionRecord[]; stats: TabStats } {
  const byId = new Map(conns.map((c) => [c.id, { ...c, sent: counts(), received: counts() }]));
  let bytes = 0;
  for (const m of messages) {
    const c = byId.get(m.conn);
    if (!c) continue;
    const d = m.dir === 'out' ? c.sent : c.received;
    d.messages++;
    d.bytes += m.size;
    bytes += m.size;
  }
  return {
    connections: [...byId.values()],
    stats: {
      connections: conns.length,
      messages: messages.length,
      bytes,
      dropped: 0,
      droppedBytes: 0,
      truncated: messages.filter((m) => m.truncated).length,
      skipped: 0,
    },
  };
}
