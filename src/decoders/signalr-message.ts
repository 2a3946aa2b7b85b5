/**
 * SignalR hub messages after either protocol (JSON or MessagePack) has read
 * them, as one normalized shape, described the same way.
 * https://github.com/dotnet/aspnetcore/blob/main/src/SignalR/docs/specs/HubProtocol.md
 */
import type { ControlClass, Decoded, DecodedField, PairTag } from './types';
import { fieldOf } from './fields';
import { preview } from './util';

/** Index = message type number; persisted: append only. */
export const SIGNALR_TYPES = [
  '',
  'Invocation',
  'StreamItem',
  'Completion',
  'StreamInvocation',
  'CancelInvocation',
  'Ping',
  'Close',
  'Ack',
  'Sequence',
] as const;

export interface HubMessage {
  type: number;
  invocationId?: string;
  target?: string;
  arguments?: unknown[];
  item?: unknown;
  result?: unknown;
  error?: string;
  headers?: Record<string, string>;
  allowReconnect?: boolean;
  sequenceId?: number;
}

function pairOf(m: HubMessage): PairTag | undefined {
  if (m.invocationId === undefined) return undefined;
  const key = `signalr:${m.invocationId}`;
  if (m.type === 1 || m.type === 4) return { key, role: 'request' };
  if (m.type === 2) return { key, role: 'response', final: false };
  if (m.type === 3) return { key, role: 'response' };
  return undefined;
}

const CONTROL: Record<number, ControlClass> = { 6: 'heartbeat', 7: 'control', 8: 'control', 9: 'control' };

export function describeHubMessage(m: HubMessage, protocol: string): Decoded {
  const kind = SIGNALR_TYPES[m.type] ?? `type ${m.type}`;
  const args = m.arguments ?? [];
  const value =
    m.type === 1 || m.type === 4
      ? args.length === 1
        ? args[0]
        : args
      : m.type === 2
        ? m.item
        : m.type === 3
          ? (m.error ?? m.result)
          : undefined;
  const fields: DecodedField[] = [{ name: 'type', value: `${m.type} ${kind}` }];
  if (m.invocationId !== undefined) fields.push({ name: 'invocationId', value: m.invocationId });
  if (m.target !== undefined) fields.push({ name: 'target', value: m.target }, fieldOf('arguments', args));
  if (m.type === 2) fields.push(fieldOf('item', m.item));
  if (m.result !== undefined) fields.push(fieldOf('result', m.result));
  if (m.error !== undefined) fields.push({ name: 'error', value: m.error });
  if (m.headers && Object.keys(m.headers).length > 0) fields.push(fieldOf('headers', m.headers));
  if (m.sequenceId !== undefined) fields.push({ name: 'sequenceId', value: String(m.sequenceId) });
  const id = m.invocationId === undefined ? '' : ` id ${m.invocationId}`;
  const detail = m.target !== undefined ? ` ${m.target}` : '';
  return {
    protocol,
    kind,
    event: m.target,
    value,
    control: CONTROL[m.type],
    pair: pairOf(m),
    fields,
    summary: `signalr ${kind}${detail}${id}${value === undefined ? '' : ` ${preview(value, 60)}`}${m.error ? ` error ${m.error}` : ''}`,
  };
}

/** The JSON handshake `{"protocol":"json","version":1}` / `{}` / `{"error":…}` (both protocols use it). */
export function describeHandshake(obj: Record<string, unknown>, protocol: string): Decoded | undefined {
  const keys = Object.keys(obj);
  const request = typeof obj.protocol === 'string' && typeof obj.version === 'number' && keys.length === 2;
  const response = keys.length === 0 || (keys.length === 1 && typeof obj.error === 'string');
  if (!request && !response) return undefined;
  return {
    protocol,
    kind: request ? 'HandshakeRequest' : 'HandshakeResponse',
    control: 'handshake',
    pair: { key: 'signalr:handshake', role: request ? 'request' : 'response' },
    summary: request
      ? `signalr handshake ${String(obj.protocol)} v${String(obj.version)}`
      : `signalr handshake ${obj.error ? `error ${String(obj.error)}` : 'ok'}`,
    fields: Object.entries(obj).map(([k, v]) => fieldOf(k, v)),
  };
}
