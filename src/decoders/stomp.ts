/**
 * STOMP 1.0-1.2 (https://stomp.github.io/stomp-specification-1.2.html):
 * `COMMAND EOL *(header EOL) EOL body NUL *EOL`; a bare EOL is a heart-beat.
 * Parsed on bytes because `content-length` counts octets, and a body with a
 * content-length may contain NUL.
 */
import type { Decoded, DecodedField, DecodeInput, DecodeResult, Decoder, PairTag } from './types';
import { capList, fieldOf } from './fields';
import { combineParts, decodeUtf8, encodeUtf8, fail, MAX_PARTS, ok, parseJson, preview } from './util';

const COMMANDS = new Set([
  'CONNECT',
  'STOMP',
  'CONNECTED',
  'SEND',
  'SUBSCRIBE',
  'UNSUBSCRIBE',
  'ACK',
  'NACK',
  'BEGIN',
  'COMMIT',
  'ABORT',
  'DISCONNECT',
  'MESSAGE',
  'RECEIPT',
  'ERROR',
]);
const LF = 0x0a;
const CR = 0x0d;

export interface StompFrame {
  command: string;
  headers: [string, string][];
  body: Uint8Array;
}

class StompError extends Error {}

/** STOMP 1.2 "Value Encoding"; not applied to CONNECT/CONNECTED. Unknown escapes are kept (1.0 had none). */
function unescapeHeader(s: string): string {
  return s.replace(/\\([rnc\\])/g, (_m, c: string) => (c === 'r' ? '\r' : c === 'n' ? '\n' : c === 'c' ? ':' : '\\'));
}

function readLine(b: Uint8Array, pos: number): { line: string; next: number } {
  const lf = b.indexOf(LF, pos);
  if (lf === -1) throw new StompError('missing end of line');
  const end = lf > pos && b[lf - 1] === CR ? lf - 1 : lf;
  const line = decodeUtf8(b.subarray(pos, end));
  if (line === undefined) throw new StompError('invalid UTF-8 in frame head');
  return { line, next: lf + 1 };
}

function parseFrame(b: Uint8Array, start: number): { frame: StompFrame; next: number } {
  const first = readLine(b, start);
  const command = first.line;
  let pos = first.next;
  if (!COMMANDS.has(command)) throw new StompError(`unknown STOMP command ${JSON.stringify(command.slice(0, 20))}`);
  const headers: [string, string][] = [];
  const raw = command === 'CONNECT' || command === 'CONNECTED';
  for (;;) {
    const { line, next } = readLine(b, pos);
    pos = next;
    if (line === '') break;
    const colon = line.indexOf(':');
    if (colon <= 0) throw new StompError(`malformed header line ${JSON.stringify(line.slice(0, 40))}`);
    const name = line.slice(0, colon);
    const value = line.slice(colon + 1);
    headers.push(raw ? [name, value] : [unescapeHeader(name), unescapeHeader(value)]);
  }
  const lengthHeader = headers.find(([n]) => n === 'content-length')?.[1];
  let end: number;
  if (lengthHeader !== undefined) {
    if (!/^\d+$/.test(lengthHeader)) throw new StompError('content-length is not a number');
    end = pos + Number(lengthHeader);
    if (end >= b.length || b[end] !== 0) throw new StompError('body does not end with NUL at content-length');
  } else {
    end = b.indexOf(0, pos);
    if (end === -1) throw new StompError('frame is not NUL-terminated');
  }
  let next = end + 1;
  while (b[next] === LF || (b[next] === CR && b[next + 1] === LF)) next += b[next] === CR ? 2 : 1;
  return { frame: { command, headers, body: b.subarray(pos, end) }, next };
}

export function parseStompFrames(b: Uint8Array): StompFrame[] {
  const frames: StompFrame[] = [];
  let pos = 0;
  while (pos < b.length) {
    const { frame, next } = parseFrame(b, pos);
    frames.push(frame);
    pos = next;
  }
  return frames;
}

function header(f: StompFrame, name: string): string | undefined {
  return f.headers.find(([n]) => n === name)?.[1];
}

function pairOf(f: StompFrame): PairTag | undefined {
  if (f.command === 'CONNECT' || f.command === 'STOMP') return { key: 'stomp:connect', role: 'request' };
  if (f.command === 'CONNECTED') return { key: 'stomp:connect', role: 'response' };
  const receiptId = header(f, 'receipt-id');
  if ((f.command === 'RECEIPT' || f.command === 'ERROR') && receiptId !== undefined)
    return { key: `stomp:receipt:${receiptId}`, role: 'response' };
  const receipt = header(f, 'receipt');
  return receipt === undefined ? undefined : { key: `stomp:receipt:${receipt}`, role: 'request' };
}

export function describeStomp(f: StompFrame): Decoded {
  const text = decodeUtf8(f.body);
  const parsed = text !== undefined && text.trim() !== '' ? parseJson(text) : undefined;
  const value = parsed?.ok ? parsed.value : text !== undefined && text !== '' ? text : undefined;
  const destination = header(f, 'destination');
  const fields: DecodedField[] = [
    { name: 'command', value: f.command },
    {
      name: 'headers',
      children: capList(
        f.headers.map(([n, v]) => ({ name: n, value: n === 'passcode' ? '••••' : v })),
        (n) => ({ name: '…', value: `${n} more` }),
      ),
    },
  ];
  if (f.body.length > 0)
    fields.push(value === undefined ? { name: 'body', value: `${f.body.length} binary bytes` } : fieldOf('body', value));
  const detail = destination ?? header(f, 'receipt-id') ?? header(f, 'message') ?? '';
  const control =
    f.command === 'CONNECT' || f.command === 'STOMP' || f.command === 'CONNECTED'
      ? 'handshake'
      : f.command === 'DISCONNECT'
        ? 'control'
        : undefined;
  return {
    protocol: 'stomp',
    kind: f.command,
    event: destination,
    value,
    control,
    pair: pairOf(f),
    fields,
    summary: `STOMP ${f.command}${detail ? ` ${detail}` : ''}${value === undefined ? '' : ` ${preview(value, 60)}`}`,
  };
}

export function decodeStompBytes(b: Uint8Array): DecodeResult {
  // Heart-beats are a single EOL (spec "Heart-beating"); several may be coalesced.
  if (b.length > 0 && b.every((c) => c === LF || c === CR) && b[b.length - 1] === LF) {
    return ok({ protocol: 'stomp', kind: 'heartbeat', summary: 'STOMP heart-beat', control: 'heartbeat', fields: [] });
  }
  try {
    const frames = parseStompFrames(b);
    if (frames.length === 0) return fail('empty message');
    return ok(combineParts(frames.slice(0, MAX_PARTS).map(describeStomp), 'stomp', Math.max(0, frames.length - MAX_PARTS)));
  } catch (e) {
    if (e instanceof StompError) return fail(`not STOMP: ${e.message}`);
    throw e;
  }
}

export const stompDecoder: Decoder = {
  id: 'stomp',
  name: 'STOMP',
  binary: false,
  subprotocols: ['v10.stomp', 'v11.stomp', 'v12.stomp', 'stomp'],
  sniff: { opcode: 1, rank: 10 },
  decode(input: DecodeInput): DecodeResult {
    return decodeStompBytes(input.opcode === 1 ? encodeUtf8(input.text ?? '') : (input.bytes ?? new Uint8Array(0)));
  },
};
