/**
 * SockJS framing over a raw WebSocket (https://github.com/sockjs/sockjs-protocol):
 * server sends `o` open, `h` heartbeat, `a["m1","m2"]` messages,
 * `c[code,"reason"]` close; the client sends `["m1"]`. The inner strings are
 * often STOMP (Spring), so they are decoded again by the registry.
 */
import type { Decoded, DecodeInput, DecodeResult, Decoder } from './types';
import { combineParts, fail, MAX_PARTS, ok, parseJson, textOf } from './util';

function innerParts(list: string[], inner: (input: DecodeInput) => DecodeResult, input: DecodeInput): Decoded[] {
  return list.map((text): Decoded => {
    const d = inner({ ...input, opcode: 1, text });
    return d.ok
      ? d.decoded
      : {
          protocol: 'sockjs',
          kind: 'message',
          summary: `sockjs message ${text.slice(0, 60)}`,
          value: text,
          fields: [{ name: 'text', value: text }],
        };
  });
}

export function createSockJsDecoder(inner: (input: DecodeInput) => DecodeResult): Decoder {
  return {
    id: 'sockjs',
    name: 'SockJS',
    binary: false,
    // SockJS: /<server>/<session>/websocket
    urlPattern: /\/\d+\/[^/?]+\/websocket(\?|$)/,
    sniff: { opcode: 1, rank: 1, shape: /^[ac]\[/ },
    decode(input: DecodeInput): DecodeResult {
      const text = textOf(input);
      if (text === undefined) return fail('SockJS is carried in text messages');
      if (text === 'o') return ok({ protocol: 'sockjs', kind: 'open', summary: 'sockjs open', control: 'handshake', fields: [] });
      if (text === 'h') return ok({ protocol: 'sockjs', kind: 'heartbeat', summary: 'sockjs heartbeat', control: 'heartbeat', fields: [] });
      const frameType = text[0] === 'a' || text[0] === 'c' ? text[0] : text[0] === '[' ? 'send' : undefined;
      if (frameType === undefined) return fail('SockJS frames start with o, h, a, c or [');
      const parsed = parseJson(frameType === 'send' ? text : text.slice(1));
      if (!parsed.ok || !Array.isArray(parsed.value)) return fail('SockJS frame body must be a JSON array');
      const list = parsed.value as unknown[];
      if (frameType === 'c') {
        const [code, reason] = list;
        if (typeof code !== 'number' || typeof reason !== 'string' || list.length !== 2) return fail('SockJS close is c[code,"reason"]');
        return ok({
          protocol: 'sockjs',
          kind: 'close',
          summary: `sockjs close ${code} ${reason}`,
          control: 'control',
          value: { code, reason },
          fields: [
            { name: 'code', value: String(code) },
            { name: 'reason', value: reason },
          ],
        });
      }
      if (list.length === 0 || !list.every((x): x is string => typeof x === 'string'))
        return fail('SockJS messages are a non-empty array of strings');
      const parts = innerParts((list as string[]).slice(0, MAX_PARTS), inner, input);
      const combined = combineParts(parts, parts[0]?.protocol ?? 'sockjs', list.length - parts.length);
      return ok({
        ...combined,
        summary: `sockjs ${frameType === 'a' ? 'a' : 'send'}: ${combined.summary}`,
        fields: [{ name: 'sockjs frame', value: frameType }, ...combined.fields],
      });
    },
  };
}
