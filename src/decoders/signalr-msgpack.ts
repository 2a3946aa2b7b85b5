/**
 * SignalR MessagePack hub protocol: each message is a varint length prefix
 * (7 bits per byte, at most 5 bytes) followed by a MessagePack array
 * `[type, headers, invocationId, …]`. The handshake stays JSON (signalr.ts).
 * https://github.com/dotnet/aspnetcore/blob/main/src/SignalR/docs/specs/HubProtocol.md#messagepack-msgpack-encoding
 */
import { ByteReader, ReadError } from './bytes';
import { decodeMsgpackValue } from './msgpack';
import type { HubMessage } from './signalr-message';
import { describeHubMessage } from './signalr-message';
import type { Decoded, DecodeInput, DecodeResult, Decoder } from './types';
import { bytesOf, combineParts, fail, isRecord, MAX_PARTS, ok, safeText } from './util';

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function toHubMessage(a: unknown): HubMessage {
  if (!Array.isArray(a) || typeof a[0] !== 'number') throw new ReadError('not a [type, …] array');
  const type = a[0];
  const headers = isRecord(a[1]) ? (a[1] as Record<string, string>) : undefined;
  switch (type) {
    case 1:
    case 4:
      if (typeof a[3] !== 'string' || !Array.isArray(a[4])) throw new ReadError('Invocation needs target and arguments');
      return { type, headers, invocationId: str(a[2]), target: a[3], arguments: a[4] as unknown[] };
    case 2:
      return { type, headers, invocationId: str(a[2]), item: a[3] };
    case 3: {
      // resultKind: 1 error, 2 void, 3 non-void result.
      const kind = a[3];
      if (kind !== 1 && kind !== 2 && kind !== 3) throw new ReadError('Completion result kind must be 1-3');
      return {
        type,
        headers,
        invocationId: str(a[2]),
        error: kind === 1 ? safeText(a[4]) : undefined,
        result: kind === 3 ? a[4] : undefined,
      };
    }
    case 5:
      return { type, headers, invocationId: str(a[2]) };
    case 6:
      return { type };
    case 7:
      return { type, error: str(a[1]), allowReconnect: a[2] === true };
    case 8:
    case 9:
      return { type, sequenceId: typeof a[1] === 'number' ? a[1] : undefined };
    default:
      throw new ReadError(`SignalR message type ${type}`);
  }
}

export function decodeSignalRMsgpack(bytes: Uint8Array): DecodeResult {
  const parts: Decoded[] = [];
  let omitted = 0;
  try {
    const r = new ByteReader(bytes);
    while (r.remaining > 0) {
      const body = r.take(r.varint(5));
      // Past MAX_PARTS, records are only framed and counted, not decoded.
      if (parts.length >= MAX_PARTS) {
        omitted++;
        continue;
      }
      let value: unknown;
      try {
        value = decodeMsgpackValue(body);
      } catch (e) {
        throw new ReadError(e instanceof Error ? e.message : 'bad MessagePack');
      }
      parts.push(describeHubMessage(toHubMessage(value), 'signalr-msgpack'));
    }
  } catch (e) {
    if (e instanceof ReadError) return fail(`not SignalR MessagePack: ${e.message}`);
    throw e;
  }
  if (parts.length === 0) return fail('empty');
  return ok(combineParts(parts, 'signalr-msgpack', omitted));
}

export const signalRMsgpackDecoder: Decoder = {
  id: 'signalr-msgpack',
  name: 'SignalR (MessagePack)',
  binary: true,
  sniff: { opcode: 2, rank: 2 },
  decode(input: DecodeInput): DecodeResult {
    const bytes = bytesOf(input);
    return bytes === undefined ? fail('SignalR MessagePack is binary') : decodeSignalRMsgpack(bytes);
  },
};
