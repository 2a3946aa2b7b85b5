/**
 * Rails Action Cable (subprotocol `actioncable-v1-json`). The channel
 * identifier and the client's `data` are JSON encoded inside strings.
 * https://github.com/rails/rails/tree/main/actioncable/app/javascript/action_cable
 */
import type { ControlClass, DecodedField, DecodeInput, DecodeResult, Decoder, PairTag } from './types';
import { fieldOf } from './fields';
import { fail, isRecord, ok, parseJson, preview, textOf } from './util';

const SERVER_TYPES: Record<string, ControlClass> = {
  welcome: 'handshake',
  ping: 'heartbeat',
  disconnect: 'control',
  confirm_subscription: 'control',
  reject_subscription: 'control',
};
const COMMANDS = new Set(['subscribe', 'unsubscribe', 'message']);

function parseInner(s: unknown): unknown {
  if (typeof s !== 'string') return s;
  const p = parseJson(s);
  return p.ok ? p.value : s;
}

function channelOf(identifier: unknown): string | undefined {
  return isRecord(identifier) && typeof identifier.channel === 'string' ? identifier.channel : undefined;
}

export function decodeActionCableText(text: string): DecodeResult {
  if (!text.startsWith('{')) return fail('Action Cable messages are JSON objects');
  const parsed = parseJson(text);
  if (!parsed.ok || !isRecord(parsed.value)) return fail('not a JSON object');
  const m = parsed.value;
  const identifierRaw = m.identifier;
  if (identifierRaw !== undefined && typeof identifierRaw !== 'string') return fail('identifier must be a JSON string');
  const identifier = parseInner(identifierRaw);
  const channel = channelOf(identifier);
  const fields: DecodedField[] = [];
  if (identifier !== undefined) fields.push(fieldOf('identifier', identifier));
  const subKey = (role: PairTag['role']): PairTag | undefined =>
    identifierRaw === undefined ? undefined : { key: `cable:sub:${identifierRaw}`, role };

  if (typeof m.type === 'string' && m.type in SERVER_TYPES) {
    const control = SERVER_TYPES[m.type];
    const pair = m.type.endsWith('_subscription') ? subKey('response') : undefined;
    return ok({
      protocol: 'actioncable',
      kind: m.type,
      control,
      pair,
      value: m.message,
      summary: `cable ${m.type}${channel ? ` ${channel}` : ''}${m.message === undefined ? '' : ` ${preview(m.message, 40)}`}`,
      fields: [{ name: 'type', value: m.type }, ...fields, ...(m.message === undefined ? [] : [fieldOf('message', m.message)])],
    });
  }
  if (typeof m.command === 'string' && COMMANDS.has(m.command) && identifierRaw !== undefined) {
    const data = parseInner(m.data);
    const action = isRecord(data) && typeof data.action === 'string' ? data.action : undefined;
    return ok({
      protocol: 'actioncable',
      kind: m.command,
      event: action ?? channel,
      value: data,
      pair: m.command === 'subscribe' ? subKey('request') : undefined,
      control: m.command === 'message' ? undefined : 'control',
      summary: `cable ${m.command} ${channel ?? identifierRaw}${action ? ` ${action}` : ''}${data === undefined ? '' : ` ${preview(data, 50)}`}`,
      fields: [{ name: 'command', value: m.command }, ...fields, ...(data === undefined ? [] : [fieldOf('data', data)])],
    });
  }
  if (identifierRaw !== undefined && 'message' in m && m.type === undefined) {
    return ok({
      protocol: 'actioncable',
      kind: 'broadcast',
      event: channel,
      value: m.message,
      summary: `cable ${channel ?? identifierRaw} ${preview(m.message, 60)}`,
      fields: [...fields, fieldOf('message', m.message)],
    });
  }
  return fail('no Action Cable type, command or identifier+message');
}

export const actionCableDecoder: Decoder = {
  id: 'actioncable',
  name: 'Action Cable',
  binary: false,
  subprotocols: ['actioncable-v1-json', 'actioncable-unsupported'],
  urlPattern: /\/cable(\?|$)/,
  sniff: { opcode: 1, rank: 14 },
  decode(input: DecodeInput): DecodeResult {
    const text = textOf(input);
    return text === undefined ? fail('Action Cable is carried in text messages') : decodeActionCableText(text);
  },
};
