/**
 * Which decoder reads a message: a manual override, else the protocol the
 * connection announced (subprotocol, URL), else content sniffing in a fixed
 * order where specific protocols come before generic JSON / MessagePack.
 */
import { actionCableDecoder } from './actioncable';
import { cborDecoder } from './cbor';
import { createCompressedDecoder } from './compressed';
import { graphqlWsDecoder } from './graphql-ws';
import { jsonDecoder } from './json';
import { jsonRpcDecoder } from './jsonrpc';
import { mqttDecoder } from './mqtt';
import { msgpackDecoder } from './msgpack';
import { phoenixDecoder } from './phoenix';
import { protobufDecoder } from './protobuf';
import { signalRDecoder } from './signalr';
import { signalRMsgpackDecoder } from './signalr-msgpack';
import { socketIoDecoder } from './socketio';
import { createSockJsDecoder } from './sockjs';
import { stompDecoder } from './stomp';
import type { DecodeInput, DecodeResult, Decoder } from './types';
import { wampDecoder } from './wamp';
import { decodeUtf8, fail } from './util';

const sockJsDecoder = createSockJsDecoder((input) => decodeMessage(input));
const compressedDecoder = createCompressedDecoder((input) => decodeMessage(input));

/** Menu order of the per-connection override. */
export const DECODERS: readonly Decoder[] = [
  socketIoDecoder, mqttDecoder, stompDecoder, graphqlWsDecoder, phoenixDecoder, actionCableDecoder, signalRDecoder,
  signalRMsgpackDecoder, wampDecoder, jsonRpcDecoder, sockJsDecoder, jsonDecoder, msgpackDecoder, cborDecoder,
  protobufDecoder, compressedDecoder,
];

const byId = new Map(DECODERS.map((d) => [d.id, d]));

export function listDecoders(): { id: string; name: string }[] {
  return DECODERS.map(({ id, name }) => ({ id, name }));
}

/** Sec-WebSocket-Protocol values that name a protocol we decode. */
const SUBPROTOCOLS: Record<string, string> = {
  mqtt: 'mqtt', mqttv3: 'mqtt', 'mqttv3.1': 'mqtt',
  'graphql-transport-ws': 'graphql-ws', 'graphql-ws': 'graphql-ws',
  'v10.stomp': 'stomp', 'v11.stomp': 'stomp', 'v12.stomp': 'stomp', stomp: 'stomp',
  'wamp.2.json': 'wamp', 'actioncable-v1-json': 'actioncable', 'actioncable-unsupported': 'actioncable',
};

const URL_RULES: [RegExp, string][] = [
  [/\/socket\.io\/|[?&]EIO=\d/, 'socketio'],
  [/\/\d+\/[^/?]+\/websocket(\?|$)/, 'sockjs'], // SockJS: /<server>/<session>/websocket
  [/\/websocket\?(.*&)?vsn=\d/, 'phoenix'],
  [/\/cable(\?|$)/, 'actioncable'],
  [/\/mqtt(\?|$)/, 'mqtt'],
];

/** The protocol a connection announces through its subprotocol or URL, if any. */
export function detectProtocol(subprotocol?: string, url?: string): string | undefined {
  const byProto = subprotocol ? SUBPROTOCOLS[subprotocol.toLowerCase()] : undefined;
  if (byProto) return byProto;
  const path = url ?? '';
  return URL_RULES.find(([re]) => re.test(path))?.[1];
}

/** Content sniffing order. Socket.IO and SockJS only claim unambiguous shapes here. */
const TEXT_ORDER = ['stomp', 'signalr', 'graphql-ws', 'jsonrpc', 'actioncable', 'phoenix', 'wamp', 'json'];
const BINARY_ORDER = ['compressed', 'mqtt', 'signalr-msgpack', 'msgpack', 'cbor', 'protobuf'];
const SOCKETIO_SHAPE = /^(4[0-6]|0\{"sid")/;
const SOCKJS_SHAPE = /^[ac]\[/;

function run(id: string, input: DecodeInput): DecodeResult {
  const decoder = byId.get(id);
  return decoder ? decoder.decode(input) : fail(`unknown decoder ${id}`);
}

export interface DecodeOptions {
  /** Decoder id chosen by hand for this connection; disables auto-detection. */
  override?: string;
}

export function decodeMessage(input: DecodeInput, options: DecodeOptions = {}): DecodeResult {
  if (options.override !== undefined) {
    const hints = options.override === 'compressed' ? { ...input.hints, rawDeflate: true } : input.hints;
    return run(options.override, { ...input, hints });
  }
  const announced = detectProtocol(input.subprotocol, input.url);
  if (announced) {
    const result = run(announced, input);
    if (result.ok) return result;
  }
  if (input.opcode === 1) {
    const text = input.text ?? '';
    if (SOCKETIO_SHAPE.test(text)) {
      const r = run('socketio', input);
      if (r.ok) return r;
    }
    if (SOCKJS_SHAPE.test(text)) {
      const r = run('sockjs', input);
      if (r.ok) return r;
    }
    return firstOk(TEXT_ORDER, input) ?? fail('no decoder recognized this text message');
  }
  const binary = firstOk(BINARY_ORDER, input);
  if (binary) return binary;
  // Some pages send UTF-8 JSON or STOMP in binary frames.
  const text = decodeUtf8(input.bytes ?? new Uint8Array(0));
  if (text !== undefined) {
    const asText = firstOk(TEXT_ORDER, { ...input, opcode: 1, text, bytes: undefined });
    if (asText) return asText;
  }
  return fail('no decoder recognized this binary message');
}

function firstOk(ids: string[], input: DecodeInput): DecodeResult | undefined {
  for (const id of ids) {
    const r = run(id, input);
    if (r.ok) return r;
  }
  return undefined;
}
