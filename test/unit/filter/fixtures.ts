/** A small fixed capture: records, their connections and fake decoder output. */
import type { Decoded } from '../../../src/decoders/types';
import type { FilterContext } from '../../../src/filter';
import type { ConnectionRecord, MessageRecord } from '../../../src/model/records';

/** 2024-05-01 12:30:00 local time: tests must not depend on the machine's zone. */
export const T0 = new Date(2024, 4, 1, 12, 30, 0).getTime();
/** The reference clock: one minute after T0. */
export const NOW = T0 + 60_000;

function conn(id: string, url: string): ConnectionRecord {
  return {
    id,
    url,
    protocols: [],
    frameUrl: 'https://app.test/',
    frameId: 0,
    created: T0,
    state: 'open',
    sent: { messages: 0, bytes: 0 },
    received: { messages: 0, bytes: 0 },
  };
}

export const CONNECTIONS = new Map<string, ConnectionRecord>([
  ['h1:1', conn('h1:1', 'wss://example.com/chat')],
  ['h1:2', conn('h1:2', 'wss://feed.example.org/socket.io/?EIO=4&transport=websocket')],
  // h1:3 has no ConnectionRecord: its records arrived first.
]);

type Row = [conn: string, dir: 'in' | 'out', opcode: 1 | 2, data: string, extra?: Partial<MessageRecord>];
const ROWS: Row[] = [
  /* 1 */ ['h1:1', 'out', 1, '{"user":{"id":42,"name":"Ann"},"type":"publish"}'],
  /* 2 */ ['h1:1', 'in', 1, 'Error: not found'],
  /* 3 */ ['h1:1', 'in', 1, 'ping'],
  /* 4 */ ['h1:2', 'in', 1, '42["publish",{"room":"a","n":5}]'],
  /* 5 */ ['h1:2', 'out', 2, 'gqVlcnJvcnMD', { size: 2048 }],
  /* 6 */ ['h1:2', 'out', 2, 'AAECAw==', { size: 5000 }],
  /* 7 */ ['h1:1', 'out', 1, 'hello world', { origin: 'injected' }],
  /* 8 */ ['h1:1', 'out', 1, 'resend me', { origin: 'resent', sentInState: 3 }],
  /* 9 */ ['h1:3', 'in', 1, 'Errors happened twice', { truncated: true, size: 4096 }],
  /* 10 */ ['h1:2', 'out', 1, '{"id":7,"method":"get"}'],
  /* 11 */ ['h1:2', 'in', 1, '{"id":7,"result":1}', { origin: 'page' }],
  /* 12 */ ['h1:1', 'in', 1, 'PONG or what (maybe)', { origin: 'edited' }],
];

export const RECORDS: MessageRecord[] = ROWS.map(([c, dir, opcode, data, extra], i) => ({
  id: i + 1,
  conn: c,
  t: T0 + (i + 1) * 1000,
  dir,
  opcode,
  data,
  size: new TextEncoder().encode(data).length,
  ...extra,
}));

const dec = (d: Partial<Decoded> & Pick<Decoded, 'protocol' | 'kind' | 'summary'>): Decoded => ({ fields: [], ...d });

export const DECODED = new Map<number, Decoded>([
  [3, dec({ protocol: 'socketio', kind: 'PING', summary: 'ping', control: 'heartbeat' })],
  [4, dec({ protocol: 'socketio', kind: 'EVENT', summary: 'event publish', event: 'publish', value: ['publish', { room: 'a', n: 5 }] })],
  [5, dec({ protocol: 'msgpack', kind: 'map', summary: 'msgpack {errors: 3}', value: { errors: 3 } })],
  [
    10,
    dec({
      protocol: 'jsonrpc',
      kind: 'request',
      summary: 'get #7',
      event: 'get',
      value: { id: 7, method: 'get' },
      pair: { key: '7', role: 'request' },
    }),
  ],
  [
    11,
    dec({ protocol: 'jsonrpc', kind: 'response', summary: 'result #7', value: { id: 7, result: 1 }, pair: { key: '7', role: 'response' } }),
  ],
  // Several protocol units in one message: the second unit's event must be findable.
  [
    12,
    dec({
      protocol: 'stomp',
      kind: 'batch',
      summary: '2 frames',
      event: 'MESSAGE',
      parts: [
        dec({ protocol: 'stomp', kind: 'MESSAGE', summary: 'MESSAGE', event: 'MESSAGE' }),
        dec({ protocol: 'stomp', kind: 'RECEIPT', summary: 'RECEIPT', event: 'RECEIPT', value: { receipt: 'r-9' } }),
      ],
    }),
  ],
]);

/** A context over the fixtures that counts decoder calls. */
export function makeContext(unanswered: ReadonlySet<number> = new Set([10])): FilterContext & { decodeCalls: number } {
  const ctx = {
    decodeCalls: 0,
    now: NOW,
    connection: (id: string) => CONNECTIONS.get(id),
    decoded: (r: MessageRecord) => {
      ctx.decodeCalls++;
      return DECODED.get(r.id);
    },
    isUnanswered: (r: MessageRecord) => unanswered.has(r.id),
  };
  return ctx;
}
