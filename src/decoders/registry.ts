/**
 * Which decoder reads a message: a manual override, else the protocol the
 * connection announced (subprotocol, URL), else content sniffing in rank
 * order where specific protocols come before generic JSON / MessagePack.
 * Every fact used here is read from the decoders themselves (types.ts).
 *
 * Every decode call goes through guard(): decoders are written to be total,
 * and this turns a throw that slipped through into an error value naming the
 * decoder, so one hostile message can never break a view or a filter scan.
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

let onCatch: ((id: string, e: unknown) => void) | undefined;
/** Observes every throw a guard turns into an error value: fuzz targets and tests fail on one, which the guard would hide. */
export function observeGuardCatches(observer: ((id: string, e: unknown) => void) | undefined): void {
  onCatch = observer;
}

/** The error value for a decoder that threw (its message only: never a page object's own text). */
export function thrown(id: string, e: unknown): DecodeResult {
  onCatch?.(id, e);
  return fail(`decoder ${id} failed: ${e instanceof Error ? e.message.slice(0, 200) : 'unknown error'}`);
}

/** `d` with every decode call turned total (exported for its test). */
export function guard(d: Decoder): Decoder {
  return {
    ...d,
    decode(input) {
      try {
        return d.decode(input);
      } catch (e) {
        return thrown(d.id, e);
      }
    },
  };
}

const sockJsDecoder = createSockJsDecoder((input) => decodeMessage(input));
const compressedDecoder = createCompressedDecoder((input) => decodeMessage(input));

/** Menu order of the per-connection override. */
export const DECODERS: readonly Decoder[] = [
  socketIoDecoder,
  mqttDecoder,
  stompDecoder,
  graphqlWsDecoder,
  phoenixDecoder,
  actionCableDecoder,
  signalRDecoder,
  signalRMsgpackDecoder,
  wampDecoder,
  jsonRpcDecoder,
  sockJsDecoder,
  jsonDecoder,
  msgpackDecoder,
  cborDecoder,
  protobufDecoder,
  compressedDecoder,
].map(guard);

const byId = new Map(DECODERS.map((d) => [d.id, d]));

export function listDecoders(): { id: string; name: string }[] {
  return DECODERS.map(({ id, name }) => ({ id, name }));
}

/** The decoder with this id (guarded), if any. */
export const findDecoder = (id: string): Decoder | undefined => byId.get(id);
/** Whether a protocol's binary messages decode to a summary worth searching (Decoder.binary). */
export const isBinaryProtocol = (id: string): boolean => byId.get(id)?.binary ?? false;
/** Whether a protocol needs a per-connection stream fed in arrival order (Decoder.stateful). */
export const isStatefulProtocol = (id: string): boolean => byId.get(id)?.stateful !== undefined;

const bySubprotocol = new Map(DECODERS.flatMap((d) => (d.subprotocols ?? []).map((p): [string, string] => [p, d.id])));

/** The protocol a connection announces through its subprotocol or URL, if any. */
export function detectProtocol(subprotocol?: string, url?: string): string | undefined {
  const byProto = subprotocol ? bySubprotocol.get(subprotocol.toLowerCase()) : undefined;
  if (byProto) return byProto;
  const path = url ?? '';
  return DECODERS.find((d) => d.urlPattern?.test(path))?.id;
}

const sniffers = (opcode: 1 | 2): Decoder[] =>
  DECODERS.filter((d) => d.sniff?.opcode === opcode).sort((a, b) => (a.sniff?.rank ?? 0) - (b.sniff?.rank ?? 0));
const TEXT_SNIFFERS = sniffers(1);
const BINARY_SNIFFERS = sniffers(2);
/** Binary messages that are UTF-8 are tried as text by the decoders that need no shape. */
const UNSHAPED_TEXT = TEXT_SNIFFERS.filter((d) => !d.sniff?.shape);

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
  const id = detectProtocol(input.subprotocol, input.url);
  const announced = id === undefined ? undefined : run(id, input);
  if (announced?.ok) return announced;
  const sniffed = sniff(input);
  if (sniffed) return sniffed;
  // The announced protocol's own reason says more than "no decoder recognized".
  if (announced && !announced.ok) return fail(`${id ?? ''}: ${announced.reason}`);
  return fail(`${NO_DECODER} this ${input.opcode === 1 ? 'text' : 'binary'} message`);
}

/** Start of the reason when no decoder claims a message of a connection that announced no protocol. */
export const NO_DECODER = 'no decoder recognized';

function sniff(input: DecodeInput): DecodeResult | undefined {
  if (input.opcode === 1) {
    const text = input.text ?? '';
    return firstOk(
      TEXT_SNIFFERS.filter((d) => d.sniff?.shape?.test(text) ?? true),
      input,
    );
  }
  const binary = firstOk(BINARY_SNIFFERS, input);
  if (binary) return binary;
  // Some pages send UTF-8 JSON or STOMP in binary frames.
  const text = decodeUtf8(input.bytes ?? new Uint8Array(0));
  return text === undefined ? undefined : firstOk(UNSHAPED_TEXT, { ...input, opcode: 1, text, bytes: undefined });
}

function firstOk(decoders: readonly Decoder[], input: DecodeInput): DecodeResult | undefined {
  for (const d of decoders) {
    const r = d.decode(input);
    if (r.ok) return r;
  }
  return undefined;
}
