/**
 * WAMP v2 JSON serialization (`wamp.2.json`): `[code, …]` arrays.
 * https://wamp-proto.org/wamp_latest_ietf.html section "Message Codes and Direction"
 */
import type { ControlClass, DecodeInput, DecodeResult, Decoder, PairTag } from './types';
import { fieldOf } from './fields';
import { fail, ok, parseJson, preview, textOf } from './util';

/** code → [name, minimum length, index of the name-like URI or -1, role of the request id at index 1]. */
const CODES: Record<number, [string, number, number, 'request' | 'response' | 'none']> = {
  1: ['HELLO', 3, 1, 'none'],
  2: ['WELCOME', 3, -1, 'none'],
  3: ['ABORT', 3, 2, 'none'],
  4: ['CHALLENGE', 3, 1, 'none'],
  5: ['AUTHENTICATE', 3, -1, 'none'],
  6: ['GOODBYE', 3, 2, 'none'],
  8: ['ERROR', 5, 4, 'response'],
  16: ['PUBLISH', 4, 3, 'request'],
  17: ['PUBLISHED', 3, -1, 'response'],
  32: ['SUBSCRIBE', 4, 3, 'request'],
  33: ['SUBSCRIBED', 3, -1, 'response'],
  34: ['UNSUBSCRIBE', 3, -1, 'request'],
  35: ['UNSUBSCRIBED', 2, -1, 'response'],
  36: ['EVENT', 4, -1, 'none'],
  48: ['CALL', 4, 3, 'request'],
  49: ['CANCEL', 3, -1, 'none'],
  50: ['RESULT', 3, -1, 'response'],
  64: ['REGISTER', 4, 3, 'request'],
  65: ['REGISTERED', 3, -1, 'response'],
  66: ['UNREGISTER', 3, -1, 'request'],
  67: ['UNREGISTERED', 2, -1, 'response'],
  68: ['INVOCATION', 4, -1, 'request'],
  69: ['INTERRUPT', 3, -1, 'none'],
  70: ['YIELD', 3, -1, 'response'],
};
/** Index of Arguments|list in messages that carry a payload. */
const ARGS_AT: Record<number, number> = { 8: 5, 16: 4, 36: 4, 48: 4, 50: 3, 68: 4, 70: 3 };
const CONTROL: Record<number, ControlClass> = {
  1: 'handshake',
  2: 'handshake',
  3: 'control',
  4: 'handshake',
  5: 'handshake',
  6: 'control',
};

export function decodeWampText(text: string): DecodeResult {
  if (!text.startsWith('[')) return fail('WAMP messages are JSON arrays');
  const parsed = parseJson(text);
  if (!parsed.ok || !Array.isArray(parsed.value)) return fail('not a JSON array');
  const a = parsed.value as unknown[];
  const code = a[0];
  const def = typeof code === 'number' ? CODES[code] : undefined;
  if (typeof code !== 'number' || !def) return fail('no WAMP message code');
  const [name, minLength, uriAt, role] = def;
  if (a.length < minLength || a.length > minLength + 2) return fail(`${name} has ${a.length} elements`);
  if (code !== 8 && code !== 1 && code !== 2 && role !== 'none' && typeof a[1] !== 'number')
    return fail(`${name} request id must be a number`);
  const uri = uriAt >= 0 && typeof a[uriAt] === 'string' ? (a[uriAt] as string) : undefined;
  if (uriAt >= 0 && uri === undefined) return fail(`${name} needs a URI`);
  // ERROR is [8, REQUEST.Type, REQUEST.Request, …]: the request id sits at index 2.
  const requestId = code === 8 ? a[2] : a[1];
  const pair: PairTag | undefined = role === 'none' || typeof requestId !== 'number' ? undefined : { key: `wamp:${requestId}`, role };
  const argsAt = ARGS_AT[code];
  const args = argsAt === undefined ? undefined : a[argsAt];
  const kwargs = argsAt === undefined ? undefined : a[argsAt + 1];
  const value = kwargs !== undefined ? { args: args ?? [], kwargs } : Array.isArray(args) && args.length === 1 ? args[0] : args;
  return ok({
    protocol: 'wamp',
    kind: name,
    event: uri,
    value,
    control: CONTROL[code],
    pair,
    summary: `WAMP ${name}${uri ? ` ${uri}` : ''}${pair ? ` req ${String(requestId)}` : ''}${value === undefined ? '' : ` ${preview(value, 60)}`}`,
    fields: [{ name: 'code', value: `${code} ${name}` }, ...a.slice(1).map((x, i) => fieldOf(String(i + 1), x))],
  });
}

export const wampDecoder: Decoder = {
  id: 'wamp',
  name: 'WAMP (JSON)',
  binary: false,
  subprotocols: ['wamp.2.json'],
  sniff: { opcode: 1, rank: 16 },
  decode(input: DecodeInput): DecodeResult {
    const text = textOf(input);
    return text === undefined ? fail('binary WAMP serializers are not supported') : decodeWampText(text);
  },
};
