/**
 * JSON-RPC 2.0 (https://www.jsonrpc.org/specification): request,
 * notification (no id), response (result | error), and batches (arrays).
 */
import type { Decoded, DecodedField, DecodeInput, DecodeResult, Decoder } from './types';
import { fieldOf } from './fields';
import { combineParts, fail, isRecord, MAX_PARTS, ok, parseJson, preview, safeText, textOf } from './util';

const isId = (v: unknown): v is string | number | null => typeof v === 'string' || typeof v === 'number' || v === null;

function describe(o: unknown): Decoded | string {
  if (!isRecord(o) || o.jsonrpc !== '2.0') return 'missing "jsonrpc": "2.0"';
  const hasId = 'id' in o;
  if (hasId && !isId(o.id)) return 'id must be a string, number or null';
  const key = hasId && o.id !== null ? `jsonrpc:${JSON.stringify(o.id)}` : undefined;
  const idLabel = hasId ? ` id ${JSON.stringify(o.id)}` : '';
  if (typeof o.method === 'string') {
    if ('result' in o || 'error' in o) return 'a request has no result or error';
    const fields: DecodedField[] = [{ name: 'method', value: o.method }];
    if (hasId) fields.push({ name: 'id', value: JSON.stringify(o.id) });
    if (o.params !== undefined) fields.push(fieldOf('params', o.params));
    return {
      protocol: 'jsonrpc',
      kind: hasId ? 'request' : 'notification',
      event: o.method,
      value: o.params,
      pair: key ? { key, role: 'request' } : undefined,
      fields,
      summary: `rpc ${o.method}${idLabel}${o.params === undefined ? '' : ` ${preview(o.params, 60)}`}`,
    };
  }
  if (!hasId) return 'a response needs an id';
  if ('result' in o === 'error' in o) return 'a response has exactly one of result and error';
  const isError = 'error' in o;
  if (isError && !(isRecord(o.error) && typeof o.error.code === 'number')) return 'error must be {code, message}';
  const value = isError ? o.error : o.result;
  const message = isError && isRecord(o.error) ? ` ${String(o.error.code)} ${safeText(o.error.message, 100)}` : ` ${preview(value, 60)}`;
  return {
    protocol: 'jsonrpc',
    kind: isError ? 'error' : 'result',
    value,
    pair: key ? { key, role: 'response' } : undefined,
    summary: `rpc ${isError ? 'error' : 'result'}${idLabel}${message}`,
    fields: [{ name: 'id', value: JSON.stringify(o.id) }, fieldOf(isError ? 'error' : 'result', value)],
  };
}

export function decodeJsonRpcText(text: string): DecodeResult {
  if (!text.includes('"jsonrpc"')) return fail('no "jsonrpc" member');
  const parsed = parseJson(text);
  if (!parsed.ok) return fail(`invalid JSON: ${parsed.reason}`);
  const items = Array.isArray(parsed.value) ? parsed.value : [parsed.value];
  if (items.length === 0) return fail('empty batch');
  const parts: Decoded[] = [];
  for (const item of items.slice(0, MAX_PARTS)) {
    const d = describe(item);
    if (typeof d === 'string') return fail(d);
    parts.push(d);
  }
  if (!Array.isArray(parsed.value)) return ok(parts[0] as Decoded);
  // Even a batch of one keeps `parts`, so pairing always looks inside batches.
  const combined = combineParts(parts, 'jsonrpc', items.length - parts.length);
  const names = parts
    .slice(0, 10)
    .map((p) => p.event ?? p.kind)
    .join(', ');
  return ok({
    ...combined,
    kind: 'batch',
    pair: undefined,
    parts,
    summary: `rpc batch of ${items.length}: ${names}${items.length > 10 ? ', …' : ''}`,
  });
}

export const jsonRpcDecoder: Decoder = {
  id: 'jsonrpc',
  name: 'JSON-RPC 2.0',
  binary: false,
  sniff: { opcode: 1, rank: 13 },
  decode(input: DecodeInput): DecodeResult {
    const text = textOf(input);
    return text === undefined ? fail('JSON-RPC is carried in text messages') : decodeJsonRpcText(text);
  },
};
