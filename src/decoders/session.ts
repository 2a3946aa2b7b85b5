/**
 * Per-connection decoding, for messages fed in arrival order: a protocol
 * whose Decoder is `stateful` (MQTT packets split across messages, Socket.IO
 * binary attachments) gets its stream; everything else goes straight to the
 * registry. Total like the decoders: a stream that throws is dropped (its
 * partial state with it) and the message gets an error value.
 */
import { decodeMessage, detectProtocol, findDecoder, thrown } from './registry';
import type { DecodeInput, DecodeResult, DecodeStream } from './types';

export interface DecodeSession {
  /** `dir` keeps the two directions' partial state apart. */
  decode(input: DecodeInput, dir?: 'in' | 'out', override?: string): DecodeResult;
}

export function createDecodeSession(): DecodeSession {
  const streams = new Map<string, DecodeStream>();

  return {
    decode(input, dir = 'in', override) {
      const single = (i: DecodeInput): DecodeResult => decodeMessage(i, { override });
      const id = override ?? detectProtocol(input.subprotocol, input.url);
      const decoder = id === undefined ? undefined : findDecoder(id);
      if (!decoder?.stateful) return single(input);
      let stream = streams.get(decoder.id);
      try {
        if (!stream) streams.set(decoder.id, (stream = decoder.stateful(single)));
        return stream.decode(input, dir);
      } catch (e) {
        streams.delete(decoder.id);
        return thrown(decoder.id, e);
      }
    },
  };
}
