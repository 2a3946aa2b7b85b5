/**
 * GraphQL over WebSocket, both dialects:
 * - `graphql-transport-ws` (the graphql-ws library, GraphQL over WebSocket RFC)
 * - legacy `graphql-ws` subprotocol of subscriptions-transport-ws (Apollo).
 * Messages are `{type, id?, payload?}`; anything else is not ours.
 */
import type { DecodedField, DecodeInput, DecodeResult, Decoder, PairTag, ControlClass } from './types';
import { fieldOf } from './fields';
import { fail, isRecord, ok, parseJson, preview, textOf } from './util';

type Role = { control?: ControlClass; pair?: (id: string) => PairTag; needsId?: boolean };

const response =
  (final: boolean) =>
  (id: string): PairTag => ({ key: `gql:${id}`, role: 'response', final });

const TYPES: Record<string, Role> = {
  connection_init: { control: 'handshake', pair: () => ({ key: 'gql:init', role: 'request' }) },
  connection_ack: { control: 'handshake', pair: () => ({ key: 'gql:init', role: 'response' }) },
  connection_error: { control: 'handshake', pair: () => ({ key: 'gql:init', role: 'response' }) },
  connection_terminate: { control: 'control' },
  ping: { control: 'heartbeat', pair: () => ({ key: 'gql:ping', role: 'request' }) },
  pong: { control: 'heartbeat', pair: () => ({ key: 'gql:ping', role: 'response' }) },
  ka: { control: 'heartbeat' },
  subscribe: { needsId: true, pair: (id) => ({ key: `gql:${id}`, role: 'request' }) },
  start: { needsId: true, pair: (id) => ({ key: `gql:${id}`, role: 'request' }) },
  next: { needsId: true, pair: response(false) },
  data: { needsId: true, pair: response(false) },
  error: { needsId: false, pair: response(true) },
  complete: { needsId: true, pair: response(true) },
  stop: { needsId: true },
};

/** `query Foo`, `subscription OnMessage($x: ID)` → the operation name, without parsing GraphQL. */
export function operationName(payload: unknown): string | undefined {
  if (!isRecord(payload)) return undefined;
  if (typeof payload.operationName === 'string' && payload.operationName) return payload.operationName;
  if (typeof payload.query !== 'string') return undefined;
  // Bounded and trimmed first: `^\s*…[^{]*` backtracks quadratically over a long run of spaces.
  const query = payload.query.slice(0, 4096).trimStart();
  const named = /^(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/.exec(query);
  if (named?.[1]) return named[1];
  // Anonymous operation: name it by its first root field, e.g. `{ greetings }`.
  return /^(?:query|mutation|subscription)?[^{]*\{\s*([_A-Za-z][_0-9A-Za-z]*)/.exec(query)?.[1];
}

export function decodeGraphqlWsText(text: string, dialect?: string): DecodeResult {
  if (!text.startsWith('{')) return fail('GraphQL over WebSocket messages are JSON objects');
  const parsed = parseJson(text);
  if (!parsed.ok || !isRecord(parsed.value)) return fail('not a JSON object');
  const msg = parsed.value;
  const type = msg.type;
  if (typeof type !== 'string' || !(type in TYPES)) return fail('no known GraphQL-WS message type');
  if (Object.keys(msg).some((k) => k !== 'type' && k !== 'id' && k !== 'payload')) return fail('unexpected keys for a GraphQL-WS message');
  const role = TYPES[type] ?? {};
  const id = typeof msg.id === 'string' || typeof msg.id === 'number' ? String(msg.id) : undefined;
  if (role.needsId && id === undefined) return fail(`${type} needs an id`);
  const event = type === 'subscribe' || type === 'start' ? operationName(msg.payload) : undefined;
  const fields: DecodedField[] = [{ name: 'type', value: type }];
  if (id !== undefined) fields.push({ name: 'id', value: id });
  if (msg.payload !== undefined) fields.push(fieldOf('payload', msg.payload));
  const legacy =
    type === 'ka' ||
    type === 'start' ||
    type === 'data' ||
    type === 'stop' ||
    type.startsWith('connection_e') ||
    type === 'connection_terminate';
  const protocol = dialect === 'graphql-ws' || legacy ? 'graphql-ws (legacy)' : 'graphql-transport-ws';
  fields.push({ name: 'dialect', value: protocol });
  const pair = role.pair && (id !== undefined || !role.needsId) ? role.pair(id ?? '') : undefined;
  const detail = [event, id === undefined ? undefined : `id ${id}`].filter(Boolean).join(' ');
  return ok({
    protocol: 'graphql-ws',
    kind: type,
    event,
    value: msg.payload,
    control: role.control,
    pair: type === 'error' && id === undefined ? undefined : pair,
    fields,
    summary: `graphql ${type}${detail ? ` ${detail}` : ''}${msg.payload === undefined ? '' : ` ${preview(msg.payload, 60)}`}`,
  });
}

export const graphqlWsDecoder: Decoder = {
  id: 'graphql-ws',
  name: 'GraphQL over WebSocket',
  binary: false,
  subprotocols: ['graphql-transport-ws', 'graphql-ws'],
  sniff: { opcode: 1, rank: 12 },
  decode(input: DecodeInput): DecodeResult {
    const text = textOf(input);
    if (text === undefined) return fail('GraphQL-WS is carried in text messages');
    return decodeGraphqlWsText(text, input.subprotocol);
  },
};
