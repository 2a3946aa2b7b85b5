/**
 * Seeds for the decoder fuzz targets (test/fuzz/targets/decoders-*.fuzz.ts):
 * messages made by the real libraries the unit tests use (mqtt-packet,
 * socket.io-parser, @msgpack/msgpack, cborg, SignalR's hub protocols, fflate),
 * plus the hostile shapes found by hand, and the mutations applied to them.
 */
import fc from 'fast-check';
import { encode as msgpackEncode } from '@msgpack/msgpack';
import { encode as cborEncode } from 'cborg';
import { gzipSync, zlibSync } from 'fflate';
import { generate } from 'mqtt-packet';
import { Encoder as SocketIoEncoder, PacketType } from 'socket.io-parser';
import { JsonHubProtocol, MessageType } from '@microsoft/signalr';
import { MessagePackHubProtocol } from '@microsoft/signalr-protocol-msgpack';
import type { DecodeInput } from '../../../src/decoders/types';
import { listDecoders } from '../../../src/decoders/registry';

const enc = new TextEncoder();
const doc = { type: 'chat', user: { id: 42, name: 'ada' }, tags: ['a', 'b'], n: 1.5 };

const sio = new SocketIoEncoder();
const socketIo = [
  ...sio.encode({ type: PacketType.EVENT, nsp: '/', data: ['publish', doc], id: 7 }).map((p) => `4${String(p)}`),
  ...sio.encode({ type: PacketType.ACK, nsp: '/chat', data: [{ ok: true }], id: 7 }).map((p) => `4${String(p)}`),
  '0{"sid":"abc","upgrades":[],"pingInterval":25000,"pingTimeout":20000}',
  '2',
  '3',
  '2probe',
  '40',
  '41/chat,',
  '451-["upload",{"_placeholder":true,"num":0}]',
];
const signalRJson = new JsonHubProtocol().writeMessage({
  type: MessageType.Invocation,
  invocationId: '1',
  target: 'send',
  arguments: [doc],
  headers: {},
});

/** Text messages of every text protocol, as their libraries or specs write them. */
export const TEXT_SEEDS: readonly string[] = [
  ...socketIo,
  'CONNECT\naccept-version:1.2\nhost:x\n\n\0',
  'SEND\ndestination:/queue/a\ncontent-type:application/json\n\n{"a":1}\0',
  '\n',
  '{"type":"subscribe","id":"1","payload":{"query":"subscription OnMessage { messages }"}}',
  '{"type":"next","id":"1","payload":{"data":{}}}',
  '["1","2","room:lobby","phx_join",{}]',
  '{"topic":"phoenix","event":"heartbeat","payload":{},"ref":"3"}',
  '{"command":"subscribe","identifier":"{\\"channel\\":\\"ChatChannel\\"}"}',
  '{"type":"ping","message":1700000000}',
  '{"jsonrpc":"2.0","method":"sum","params":[1,2],"id":1}',
  '[{"jsonrpc":"2.0","method":"a"},{"jsonrpc":"2.0","result":1,"id":2}]',
  '{"jsonrpc":"2.0","error":{"code":1,"message":{"toString":1}},"id":1}',
  '[48,1,{},"com.example.add",[1,2]]',
  '[36,1,2,{},["hello"]]',
  signalRJson,
  '{"protocol":"json","version":1}\u001e',
  '{}\u001e',
  'o',
  'h',
  'a["{\\"a\\":1}","CONNECTED\\nversion:1.2\\n\\n\\u0000"]',
  'c[3000,"Go away!"]',
  JSON.stringify(doc),
  '[1,2,3]',
];

const mqttPackets = [
  generate({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clientId: 'x', clean: true, keepalive: 60 }),
  generate({
    cmd: 'connect',
    protocolId: 'MQTT',
    protocolVersion: 5,
    clientId: 'y',
    clean: true,
    keepalive: 0,
    properties: { sessionExpiryInterval: 10 },
  }),
  generate({
    cmd: 'publish',
    topic: 'chat/room1',
    payload: Buffer.from(JSON.stringify(doc)),
    qos: 1,
    messageId: 7,
    dup: false,
    retain: false,
  }),
  generate({ cmd: 'publish', topic: 't', payload: Buffer.from([0, 1, 2]), qos: 0, dup: false, retain: true }),
  generate({ cmd: 'subscribe', messageId: 3, subscriptions: [{ topic: 'a/#', qos: 1 }] }),
  generate({ cmd: 'suback', messageId: 3, granted: [1] }),
  generate({ cmd: 'pingreq' }),
  generate({ cmd: 'pingresp' }),
  generate({ cmd: 'disconnect' }),
];
/** MQTT control packets from mqtt-packet (the encoder of mqtt.js), 3.1.1 and 5. */
export const MQTT_SEEDS: readonly Uint8Array[] = mqttPackets.map((b) => new Uint8Array(b));

/** Binary messages: MessagePack, CBOR, SignalR MessagePack, gzip/zlib, protobuf, and the hand-found bombs' shapes. */
export const BINARY_SEEDS: readonly Uint8Array[] = [
  msgpackEncode(doc),
  msgpackEncode([1, 'a', { b: new Uint8Array([1, 2]) }]),
  cborEncode(doc),
  cborEncode([1, new Uint8Array([9]), { x: null }]),
  new Uint8Array(
    new MessagePackHubProtocol().writeMessage({
      type: MessageType.Invocation,
      invocationId: '1',
      target: 'send',
      arguments: [1],
      headers: {},
    }),
  ),
  gzipSync(enc.encode(JSON.stringify(doc))),
  zlibSync(enc.encode('hello hello hello')),
  gzipSync(gzipSync(enc.encode('{"a":1}'))),
  new Uint8Array([0x08, 0x96, 0x01, 0x12, 0x02, 0x68, 0x69, 0x1a, 0x02, 0x08, 0x01]),
  new Uint8Array([...Array<number>(28).fill(0x81), 0xa0, 0xc0, ...Array<number>(27).fill(0xc0)]),
  new Uint8Array([...Array<number>(28).fill(0xa1), 0x60, 0xf6, ...Array<number>(27).fill(0xf6)]),
  new Uint8Array([0x30, 0xff, 0xff, 0xff, 0x7f]),
  ...MQTT_SEEDS,
];

/** A byte string changed a little: bits flipped, bytes set, cut short, or extended. */
export function mutatedBytes(base: fc.Arbitrary<Uint8Array>): fc.Arbitrary<Uint8Array> {
  const edit = fc.tuple(fc.constantFrom('flip', 'set', 'cut', 'append', 'repeat'), fc.nat(), fc.integer({ min: 0, max: 255 }));
  return fc.tuple(base, fc.array(edit, { maxLength: 4 })).map(([bytes, edits]) => {
    let out = Uint8Array.from(bytes);
    for (const [kind, at, value] of edits) {
      if (kind === 'append') out = Uint8Array.from([...out, value]);
      else if (out.length === 0) continue;
      else if (kind === 'cut') out = out.slice(0, at % out.length);
      else if (kind === 'repeat')
        out = Uint8Array.from({ length: Math.min(out.length * (1 + (value % 8)), 8192) }, (_, i) => out[i % out.length] ?? 0);
      else if (kind === 'flip') out[at % out.length] = (out[at % out.length] ?? 0) ^ (1 << (value % 8));
      else out[at % out.length] = value;
    }
    return out;
  });
}

/** JSON nested `depth` deep inside a protocol's shape: the stack-overflow family. */
const deepText = fc
  .tuple(
    fc.integer({ min: 200, max: 6000 }),
    fc.constantFrom('[', '{"a":'),
    fc.constantFrom(
      '%',
      '42["e",%]',
      '{"jsonrpc":"2.0","method":"m","params":%}',
      '["1","2","t","e",%]',
      '{"type":"next","id":"1","payload":%}',
    ),
  )
  .map(([depth, open, shape]) => shape.replace('%', open.repeat(depth) + '1' + (open === '[' ? ']' : '}').repeat(depth)));

/** Text messages: seeds mutated by character edits, random JSON, and deep nesting. */
export const textMessage: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: mutatedBytes(fc.constantFrom(...TEXT_SEEDS).map((s) => enc.encode(s))).map((b) => new TextDecoder().decode(b)) },
  { weight: 2, arbitrary: fc.json({ maxDepth: 6 }) },
  { weight: 1, arbitrary: deepText },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
);

export const binaryMessage: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 4, arbitrary: mutatedBytes(fc.constantFrom(...BINARY_SEEDS)) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 512 }) },
);

const DECODER_IDS = listDecoders().map((d) => d.id);

/** How a connection may present itself: nothing, an announcing URL or subprotocol, or a decoder forced by hand. */
export interface Context {
  input: Partial<DecodeInput>;
  override?: string;
}

export const context: fc.Arbitrary<Context> = fc.oneof(
  fc.constant<Context>({ input: {} }),
  fc
    .constantFrom(
      'wss://x/socket.io/?EIO=4&transport=websocket',
      'wss://x/mqtt',
      'wss://x/cable',
      'wss://x/socket/websocket?vsn=2.0.0',
      'wss://x/123/abc/websocket',
    )
    .map((url) => ({ input: { url } })),
  fc.constantFrom('mqtt', 'v12.stomp', 'graphql-transport-ws', 'wamp.2.json').map((subprotocol) => ({ input: { subprotocol } })),
  fc.constantFrom(...DECODER_IDS).map((override) => ({ input: {}, override })),
);
