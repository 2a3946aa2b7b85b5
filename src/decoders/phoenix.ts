/**
 * Phoenix channels: serializer v2 `[join_ref, ref, topic, event, payload]`
 * (vsn=2.0.0, the default) and v1 `{topic, event, payload, ref, join_ref}`.
 * https://hexdocs.pm/phoenix/writing_a_channels_client.html
 */
import type { ControlClass, DecodedField, DecodeInput, DecodeResult, Decoder, PairTag } from './types';
import { fieldOf } from './fields';
import { fail, isRecord, ok, parseJson, preview, textOf } from './util';

interface PhoenixMessage {
  joinRef: string | null;
  ref: string | null;
  topic: string;
  event: string;
  payload: unknown;
  vsn: 1 | 2;
}

const V1_KEYS = new Set(['topic', 'event', 'payload', 'ref', 'join_ref']);
const isRef = (v: unknown): v is string | null => v === null || typeof v === 'string';
const CONTROL_EVENTS = new Set(['phx_join', 'phx_leave', 'phx_close', 'phx_error']);

function toMessage(v: unknown): PhoenixMessage | string {
  if (Array.isArray(v)) {
    const [joinRef, ref, topic, event, payload] = v as unknown[];
    if (v.length !== 5) return 'a v2 Phoenix message has 5 elements';
    if (!isRef(joinRef) || !isRef(ref) || typeof topic !== 'string' || typeof event !== 'string')
      return 'not [join_ref, ref, topic, event, payload]';
    return { joinRef, ref, topic, event, payload, vsn: 2 };
  }
  if (!isRecord(v)) return 'not a JSON array or object';
  if (Object.keys(v).some((k) => !V1_KEYS.has(k))) return 'unexpected keys for a v1 Phoenix message';
  const ref = v.ref ?? null;
  const joinRef = v.join_ref ?? null;
  if (typeof v.topic !== 'string' || typeof v.event !== 'string' || !('payload' in v) || !isRef(ref) || !isRef(joinRef)) {
    return 'a v1 Phoenix message needs topic, event, payload';
  }
  return { joinRef, ref, topic: v.topic, event: v.event, payload: v.payload, vsn: 1 };
}

export function decodePhoenixText(text: string): DecodeResult {
  const parsed = parseJson(text);
  if (!parsed.ok) return fail(`invalid JSON: ${parsed.reason}`);
  const m = toMessage(parsed.value);
  if (typeof m === 'string') return fail(m);
  const heartbeat = m.topic === 'phoenix';
  const reply = m.event === 'phx_reply';
  const status = reply && isRecord(m.payload) && typeof m.payload.status === 'string' ? m.payload.status : undefined;
  const value = reply && isRecord(m.payload) && 'response' in m.payload ? m.payload.response : m.payload;
  const pair: PairTag | undefined = m.ref === null ? undefined : { key: `phx:${m.ref}`, role: reply ? 'response' : 'request' };
  const control: ControlClass | undefined = heartbeat ? 'heartbeat' : CONTROL_EVENTS.has(m.event) ? 'control' : undefined;
  const fields: DecodedField[] = [
    { name: 'topic', value: m.topic },
    { name: 'event', value: m.event },
    { name: 'ref', value: String(m.ref) },
    { name: 'join_ref', value: String(m.joinRef) },
    { name: 'serializer', value: `v${m.vsn}` },
    fieldOf('payload', m.payload),
  ];
  return ok({
    protocol: 'phoenix',
    kind: m.event,
    event: m.event,
    value,
    control,
    pair,
    fields,
    summary: `phoenix ${m.topic} ${m.event}${status ? ` ${status}` : ''}${m.ref === null ? '' : ` ref ${m.ref}`} ${preview(value, 60)}`,
  });
}

export const phoenixDecoder: Decoder = {
  id: 'phoenix',
  name: 'Phoenix channels',
  binary: false,
  urlPattern: /\/websocket\?(.*&)?vsn=\d/,
  sniff: { opcode: 1, rank: 15 },
  decode(input: DecodeInput): DecodeResult {
    const text = textOf(input);
    if (text === undefined) return fail('binary Phoenix serializer is not supported');
    return decodePhoenixText(text);
  },
};
