/**
 * SignalR JSON hub protocol: JSON records each terminated by 0x1E (record
 * separator); one message may hold several records.
 */
import type { HubMessage } from './signalr-message';
import { describeHandshake, describeHubMessage } from './signalr-message';
import type { Decoded, DecodeInput, DecodeResult, Decoder } from './types';
import { combineParts, decodeUtf8, fail, isRecord, MAX_PARTS, ok, parseJson } from './util';

export const RECORD_SEPARATOR = '\u001e';

function toHubMessage(o: Record<string, unknown>): HubMessage | string {
  const type = o.type;
  if (typeof type !== 'number' || !Number.isInteger(type) || type < 1 || type > 9) return 'SignalR type must be 1-9';
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  const m: HubMessage = { type, invocationId: str(o.invocationId), target: str(o.target), error: str(o.error) };
  if (type === 1 || type === 4) {
    if (m.target === undefined || !Array.isArray(o.arguments)) return 'Invocation needs target and arguments';
    m.arguments = o.arguments as unknown[];
  }
  if ((type === 2 || type === 3 || type === 5 || type === 4) && m.invocationId === undefined) return `${type} needs invocationId`;
  if (type === 2) m.item = o.item;
  if (type === 3) m.result = o.result;
  if (type === 7 && typeof o.allowReconnect === 'boolean') m.allowReconnect = o.allowReconnect;
  if ((type === 8 || type === 9) && typeof o.sequenceId === 'number') m.sequenceId = o.sequenceId;
  if (isRecord(o.headers)) m.headers = o.headers as Record<string, string>;
  return m;
}

export function decodeSignalRText(text: string): DecodeResult {
  if (!text.endsWith(RECORD_SEPARATOR)) return fail('SignalR JSON records end with 0x1E');
  const records = text.slice(0, -1).split(RECORD_SEPARATOR);
  const parts: Decoded[] = [];
  for (const record of records.slice(0, MAX_PARTS)) {
    const parsed = parseJson(record);
    if (!parsed.ok || !isRecord(parsed.value)) return fail('SignalR record is not a JSON object');
    const o = parsed.value;
    const part = 'type' in o ? toHubMessage(o) : (describeHandshake(o, 'signalr') ?? 'not a SignalR handshake');
    if (typeof part === 'string') return fail(part);
    parts.push('protocol' in part ? part : describeHubMessage(part, 'signalr'));
  }
  return ok(combineParts(parts, 'signalr', records.length - parts.length));
}

export const signalRDecoder: Decoder = {
  id: 'signalr',
  name: 'SignalR (JSON)',
  binary: false,
  sniff: { opcode: 1, rank: 11 },
  decode(input: DecodeInput): DecodeResult {
    // The handshake and JSON records may also travel in binary frames.
    const text = input.opcode === 1 ? (input.text ?? '') : decodeUtf8(input.bytes ?? new Uint8Array(0));
    return text === undefined ? fail('not UTF-8') : decodeSignalRText(text);
  },
};
