/**
 * Generic JSON: the fallback for text messages. Last in auto-detection order
 * because every JSON-based protocol below is also valid JSON.
 */
import type { DecodeInput, DecodeResult, Decoder } from './types';
import { fieldsOf, fieldOf } from './fields';
import { fail, isRecord, ok, parseJson, preview, textOf, unwrapJsonStrings } from './util';

/** Keys that, by convention, name the event of a hand-rolled JSON protocol. */
const EVENT_KEYS = ['type', 'event', 'action', 'op', 'cmd', 'command', 'method', 'channel', 'topic'] as const;

function eventOf(value: unknown): string | undefined {
  if (!isRecord(value)) return undefined;
  for (const key of EVENT_KEYS) {
    const v = value[key];
    if (typeof v === 'string' && v.length > 0 && v.length <= 100) return v;
  }
  return undefined;
}

export function decodeJsonText(text: string): DecodeResult {
  const trimmed = text.trim();
  // Bare scalars ("2", "true") are far more often another protocol's token
  // (Engine.IO ping) than a JSON document: only objects and arrays qualify.
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return fail('not a JSON object or array');
  const parsed = parseJson(trimmed);
  if (!parsed.ok) return fail(`invalid JSON: ${parsed.reason}`);
  const value = unwrapJsonStrings(parsed.value);
  const event = eventOf(value);
  const kind = Array.isArray(value) ? 'array' : 'object';
  return ok({
    protocol: 'json',
    kind,
    summary: event !== undefined ? `${event} ${preview(value, 60)}` : preview(value),
    event,
    value,
    fields: Array.isArray(value) || isRecord(value) ? fieldsOf(value) : [fieldOf('value', value)],
  });
}

export const jsonDecoder: Decoder = {
  id: 'json',
  name: 'JSON',
  binary: false,
  sniff: { opcode: 1, rank: 17 },
  decode(input: DecodeInput): DecodeResult {
    const text = textOf(input);
    if (text === undefined) return fail('JSON is carried in text messages');
    return decodeJsonText(text);
  },
};
