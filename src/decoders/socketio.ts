/**
 * Engine.IO v3/v4 framing with Socket.IO packets inside.
 * https://github.com/socketio/engine.io-protocol
 * Text message = `<engine.io type digit><data>`; a binary message is an
 * Engine.IO message whose bytes are a Socket.IO attachment (v3 prefixes it
 * with byte 4). Attachments are joined to their event by session.ts.
 */
import { createSocketIoStream } from './socketio-attachments';
import type { Decoded, DecodeInput, DecodeResult, Decoder, DecodedField } from './types';
import type { SocketIoPacket } from './socketio-packet';
import { parseSocketIoPacket } from './socketio-packet';
import { fieldOf, fieldsOf } from './fields';
import { fail, ok, parseJson, preview, isRecord, toHex } from './util';

const ENGINE_TYPES = ['open', 'close', 'ping', 'pong', 'message', 'upgrade', 'noop'] as const;

/** `EIO=3` / `EIO=4` from a Socket.IO URL, when present. */
export function engineIoVersion(url: string | undefined): 3 | 4 | undefined {
  const m = /[?&]EIO=(\d)/.exec(url ?? '');
  return m?.[1] === '3' ? 3 : m?.[1] === '4' ? 4 : undefined;
}

const base = (kind: string, summary: string, fields: DecodedField[]): Decoded => ({
  protocol: 'socketio',
  kind,
  summary,
  fields,
});

function decodeEngineText(text: string): DecodeResult {
  const type = ENGINE_TYPES[Number(text[0])];
  if (type === undefined || !/^[0-6]/.test(text)) return fail('Engine.IO packet type must be 0-6');
  const data = text.slice(1);
  switch (type) {
    case 'open': {
      const parsed = parseJson(data);
      if (!parsed.ok || !isRecord(parsed.value) || typeof parsed.value.sid !== 'string') return fail('Engine.IO open needs {sid}');
      return ok({
        ...base('open', `engine.io open sid ${parsed.value.sid}`, fieldsOf(parsed.value)),
        value: parsed.value,
        control: 'handshake',
      });
    }
    case 'ping':
    case 'pong':
      // `2probe`/`3probe` test the WebSocket before a polling → websocket upgrade.
      if (data === 'probe') return ok({ ...base(`${type} probe`, `engine.io ${type} probe (upgrade)`, []), control: 'handshake' });
      if (data !== '') return fail(`unexpected data after Engine.IO ${type}`);
      return ok({ ...base(type, `engine.io ${type}`, []), control: 'heartbeat' });
    case 'upgrade':
    case 'close':
    case 'noop':
      if (data !== '') return fail(`unexpected data after Engine.IO ${type}`);
      return ok({ ...base(type, `engine.io ${type}`, []), control: type === 'upgrade' ? 'handshake' : 'control' });
    case 'message': {
      const parsed = parseSocketIoPacket(data);
      if (parsed.ok) return ok(describeSocketIo(parsed.packet));
      // Looks like Socket.IO but is broken (truncated JSON, wrong payload type): say why.
      if (/^[0-6]([[{/\d-]|$)/.test(data)) return fail(parsed.reason);
      // Plain Engine.IO (no Socket.IO on top) sends arbitrary text after `4`.
      return ok({ ...base('message', `engine.io message ${preview(data)}`, [{ name: 'data', value: data }]), value: data });
    }
  }
}

export function describeSocketIo(p: SocketIoPacket): Decoded {
  const nspLabel = p.nsp === '/' ? '' : ` ${p.nsp}`;
  const fields: DecodedField[] = [
    { name: 'type', value: p.type },
    { name: 'namespace', value: p.nsp },
  ];
  if (p.ackId !== undefined) fields.push({ name: 'ack id', value: String(p.ackId) });
  if (p.attachments > 0) fields.push({ name: 'attachments', value: String(p.attachments) });
  const pair =
    p.ackId === undefined
      ? undefined
      : { key: `sio:${p.nsp}#${p.ackId}`, role: p.type.endsWith('ACK') ? ('response' as const) : ('request' as const) };
  if (p.type === 'EVENT' || p.type === 'BINARY_EVENT') {
    const [name, ...args] = p.data as unknown[];
    const value = args.length === 1 ? args[0] : args;
    const ack = p.ackId === undefined ? '' : ` ack ${p.ackId}`;
    return {
      protocol: 'socketio',
      kind: p.type,
      event: String(name),
      value,
      pair,
      summary: `event ${String(name)}${nspLabel}${ack} ${preview(value, 60)}`,
      fields: [...fields, { name: 'event', value: String(name) }, fieldOf('args', args)],
    };
  }
  if (p.type === 'ACK' || p.type === 'BINARY_ACK') {
    const args = p.data as unknown[];
    const value = args.length === 1 ? args[0] : args;
    return {
      protocol: 'socketio',
      kind: p.type,
      value,
      pair,
      summary: `ack ${p.ackId}${nspLabel} ${preview(value, 60)}`,
      fields: [...fields, fieldOf('args', args)],
    };
  }
  const label = p.type === 'CONNECT' ? 'connect' : p.type === 'DISCONNECT' ? 'disconnect' : 'connect error';
  return {
    protocol: 'socketio',
    kind: p.type,
    value: p.data,
    summary: `${label} ${p.nsp}${p.data === undefined ? '' : ` ${preview(p.data, 60)}`}`,
    control: p.type === 'CONNECT' ? 'handshake' : p.type === 'DISCONNECT' ? 'control' : undefined,
    fields: p.data === undefined ? fields : [...fields, fieldOf('data', p.data)],
  };
}

export function decodeSocketIoBinary(bytes: Uint8Array, eio: 3 | 4 | undefined): DecodeResult {
  // Engine.IO v3 prefixes binary messages with the message type byte 4.
  const body = eio === 3 && bytes[0] === 4 ? bytes.subarray(1) : bytes;
  return ok({
    protocol: 'socketio',
    kind: 'binary',
    summary: `binary attachment ${body.length} bytes`,
    fields: [{ name: 'bytes', value: toHex(body) }],
  });
}

export const socketIoDecoder: Decoder = {
  id: 'socketio',
  name: 'Socket.IO / Engine.IO',
  binary: true,
  urlPattern: /\/socket\.io\/|[?&]EIO=\d/,
  // Only unambiguous shapes are sniffed: `42[…]`, `0{"sid"…}`.
  sniff: { opcode: 1, rank: 0, shape: /^(4[0-6]|0\{"sid")/ },
  stateful: (single) => createSocketIoStream(single),
  decode(input: DecodeInput): DecodeResult {
    if (input.opcode === 2) return decodeSocketIoBinary(input.bytes ?? new Uint8Array(0), engineIoVersion(input.url));
    return decodeEngineText(input.text ?? '');
  },
};
