/**
 * "Copy as code": a `websocat` or `wscat` command line, or a JavaScript
 * snippet, that opens a socket to the same URL with the same subprotocols
 * (and sends the message). Pure and total. Everything in them is page data,
 * so the shell lines quote it for POSIX `sh`: a pasted line runs the tool and
 * nothing the page chose. Text that is not plainly printable (controls, NUL,
 * lone surrogates, bidi overrides that would make the line read differently
 * from what it runs) is written as `printf` octal escapes, so the line is
 * pure printable ASCII and a terminal never receives a control character.
 */
import type { ConnectionRecord, MessageRecord } from '../../model/records';
import { payloadBytes } from '../capture/payload';
import { jsString, sendArgument } from './copy-as';

export type Snippet = { ok: true; text: string } | { ok: false; why: string };

/** One shell word: single quotes, a `'` as `'\''` (the only character single quotes cannot hold). */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * Text a terminal shows as it is: no C0/C1 controls or DEL, no lone surrogates
 * (the clipboard would turn them into U+FFFD), no line/paragraph separators,
 * no bidi embeddings, overrides or isolates.
 */
export function isPlainText(s: string): boolean {
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  return !/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(
    s,
  );
}

/** A `printf` format that prints exactly these bytes, in printable ASCII only (`%`, `\`, `'` and every other byte escaped). */
export function printfFormat(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) {
    if (b === 0x25) out += '%%';
    else if (b >= 0x20 && b < 0x7f && b !== 0x5c && b !== 0x27) out += String.fromCharCode(b);
    else out += `\\${b.toString(8).padStart(3, '0')}`;
  }
  return out;
}

/** websocat's default message buffer; longer messages need -B or they are split. */
const WEBSOCAT_BUFFER = 65536;
/** Linux's limit on one argument to an external program (MAX_ARG_STRLEN): wscat's -x cannot carry more. */
export const ARG_MAX_BYTES = 131072;

const protocolsOf = (conn: ConnectionRecord | undefined): string[] => conn?.protocols ?? [];

function websocatFlags(conn: ConnectionRecord | undefined, extra: string[]): string {
  const protos = protocolsOf(conn);
  // websocat takes one Sec-WebSocket-Protocol value; a list is comma-separated in the header (RFC 6455 §11.3.4).
  const p = protos.length > 0 ? [`--protocol=${shellQuote(protos.join(', '))}`] : [];
  return ['websocat', ...extra, ...p, shellQuote(conn?.url ?? '')].join(' ');
}

/**
 * `websocat`: the message on stdin, one message (`-n1`: send one, print one
 * reply, do not close early). Text in NUL-terminated line mode (`-0`), so
 * newlines stay inside the message; binary as one base64 line behind
 * `--binary-prefix`, which websocat decodes and sends as a binary message.
 */
export function websocatLine(conn: ConnectionRecord | undefined, rec?: MessageRecord): Snippet {
  if (!conn) return { ok: false, why: 'the connection is not known' };
  if (!rec) return { ok: true, text: websocatFlags(conn, []) };
  const bytes = payloadBytes(rec);
  if (!bytes.ok) return { ok: false, why: bytes.error };
  const buffer = (n: number) => (n + 16 > WEBSOCAT_BUFFER ? [`-B ${n + 16}`] : []);
  if (rec.opcode === 2) {
    const line = `printf 'b:%s\\n' ${shellQuote(rec.data)}`; // stored base64: the bytes, valid (checked above)
    return {
      ok: true,
      text: `${line} | ${websocatFlags(conn, ['-n1', ...buffer(rec.data.length + 2), '--binary-prefix=b:', '--base64'])}`,
    };
  }
  if (bytes.bytes.includes(0)) return { ok: false, why: 'a text message with a NUL character cannot go through websocat’s line mode' };
  const producer = isPlainText(rec.data) ? `printf '%s\\0' ${shellQuote(rec.data)}` : `printf '${printfFormat(bytes.bytes)}\\0'`;
  return { ok: true, text: `${producer} | ${websocatFlags(conn, ['-n1', '-0', ...buffer(bytes.bytes.length)])}` };
}

/**
 * `wscat` (the `ws` package's CLI): `-x` sends one text message after
 * connecting and `-w` waits for replies. Text only; the message is one
 * argument, so NUL, trailing newlines (a `$(…)` drops them) and more than
 * ARG_MAX_BYTES cannot be carried.
 */
export function wscatLine(conn: ConnectionRecord | undefined, rec?: MessageRecord): Snippet {
  if (!conn) return { ok: false, why: 'the connection is not known' };
  const args = ['wscat', `--connect=${shellQuote(conn.url)}`, ...protocolsOf(conn).map((p) => `--subprotocol=${shellQuote(p)}`)];
  if (!rec) return { ok: true, text: args.join(' ') };
  if (rec.opcode === 2) return { ok: false, why: 'wscat sends text messages only' };
  const bytes = new TextEncoder().encode(rec.data);
  if (bytes.includes(0)) return { ok: false, why: 'a command-line argument cannot hold a NUL character' };
  if (bytes.length > ARG_MAX_BYTES) return { ok: false, why: 'too long for one command-line argument' };
  let message: string;
  if (isPlainText(rec.data)) message = shellQuote(rec.data);
  else if (rec.data.endsWith('\n')) return { ok: false, why: 'the shell would drop its trailing newline' };
  else message = `"$(printf '${printfFormat(bytes)}')"`;
  return { ok: true, text: [...args, `--execute=${message}`, '--wait=2'].join(' ') };
}

/** A snippet for the console or a script: the same URL and subprotocols, replies logged, the message sent on open. */
export function jsSnippet(conn: ConnectionRecord | undefined, rec?: MessageRecord): Snippet {
  if (!conn) return { ok: false, why: 'the connection is not known' };
  const protos = protocolsOf(conn);
  const lines = [
    `const ws = new WebSocket(${jsString(conn.url)}${protos.length > 0 ? `, [${protos.map(jsString).join(', ')}]` : ''});`,
    'ws.binaryType = "arraybuffer";',
    'ws.onmessage = (e) => console.log("received", e.data);',
  ];
  if (rec) {
    const arg = sendArgument(rec);
    if (arg === null) return { ok: false, why: 'the stored payload is not valid base64' };
    lines.push(`ws.onopen = () => ws.send(${arg});`);
  }
  return { ok: true, text: lines.join('\n') };
}
