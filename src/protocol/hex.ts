/**
 * Hex input as people paste it (notes section 5): plain `8187e1a4`, spaced
 * `81 85 37`, `0x81 0x05`, `\x81\x05`, `81:85:37` (tshark -T fields), and hex dumps with
 * an offset column and an ASCII column (Wireshark "Copy as Hex Dump",
 * tshark -x, hexdump -C, xxd), over any number of lines.
 */
import type { Result } from './types';

export type InputErrorCode = 'EMPTY_INPUT' | 'NOT_HEX' | 'ODD_HEX_DIGITS' | 'NOT_BASE64' | 'BAD_BASE64_PADDING' | 'BAD_BASE64_LENGTH';

/** Bad pasted input; `line` and `column` are 1-based. */
export interface InputError {
  code: InputErrorCode;
  message: string;
  line: number;
  column: number;
}

type Fail = { ok: false; error: InputError };

function fail(code: InputErrorCode, message: string, line: number, column: number): Fail {
  return { ok: false, error: { code, message: `${message} at line ${line}, column ${column}`, line, column } };
}

const HEX = /^[0-9a-fA-F]$/;
/** Offset column of a dump: 4-8 hex digits, then ':' (xxd) or 2+ spaces (Wireshark, tshark -x, hexdump -C). */
const DUMP_PREFIX = /^(\s*[0-9a-fA-F]{4,8})(:\s*|\s{2,})(?=[0-9a-fA-F]{2})/;
const BYTES_PER_DUMP_LINE = 16;
const OFFSET_ONLY = /^\s*[0-9a-fA-F]{4,8}\s*$/;

function pushPairs(digits: string, out: number[]): void {
  for (let i = 0; i + 1 < digits.length; i += 2) out.push(parseInt(digits.slice(i, i + 2), 16));
}

/** Hex area of a dump line: stop at 16 bytes, a non-hex token, or the 3+ space gap before the ASCII column. */
function parseDumpLine(rest: string, out: number[]): void {
  let count = 0;
  const tokens = rest.split(/(\s+)/);
  for (let i = 0; i < tokens.length && count < BYTES_PER_DUMP_LINE; i += 2) {
    const token = tokens[i] ?? '';
    if (token === '') continue;
    if (!/^(?:[0-9a-fA-F]{2}){1,2}$/.test(token)) break;
    pushPairs(token, out);
    count += token.length / 2;
    if ((tokens[i + 1] ?? '').length >= 3) break;
  }
}

/** Any other line: hex digits with optional 0x / \x prefixes, separated by spaces, ':', ',' or '-'. */
function parsePlainLine(line: string, lineNo: number, out: number[]): Fail | null {
  let i = 0;
  while (i < line.length) {
    const ch = line[i] ?? '';
    if (/[\s:,-]/.test(ch)) {
      i++;
      continue;
    }
    if (ch === '0' && /[xX]/.test(line[i + 1] ?? '') && HEX.test(line[i + 2] ?? '')) i += 2;
    const start = i;
    while (i < line.length && HEX.test(line[i] ?? '')) i++;
    if (i === start || (i < line.length && !/[\s:,-]/.test(line[i] ?? ''))) {
      return fail('NOT_HEX', `not hex: '${line[i] ?? ''}'`, lineNo, i + 1);
    }
    const digits = line.slice(start, i);
    if (digits.length % 2 === 1) {
      return fail('ODD_HEX_DIGITS', `odd number of hex digits: '${line[i - 1] ?? ''}' has no partner`, lineNo, i);
    }
    pushPairs(digits, out);
  }
  return null;
}

/** Parse pasted hex in any of the supported forms into bytes. */
export function parseHex(text: string): Result<Uint8Array, InputError> {
  const out: number[] = [];
  const lines = text.split('\n');
  let inDump = false;
  for (let n = 0; n < lines.length; n++) {
    // "\x81" escapes become spaces of the same width, so columns stay true.
    const line = (lines[n] ?? '').replace(/\r$/, '').replace(/\\x(?=[0-9a-fA-F])/g, '  ');
    const dump = DUMP_PREFIX.exec(line);
    if (dump) {
      inDump = true;
      parseDumpLine(line.slice(dump[0].length), out);
      continue;
    }
    // hexdump -C and xxd -r style dumps end with a line holding only the final offset.
    if (inDump && OFFSET_ONLY.test(line)) continue;
    const error = parsePlainLine(line, n + 1, out);
    if (error) return error;
  }
  if (out.length === 0) return fail('EMPTY_INPUT', 'no hex bytes found', 1, 1);
  return { ok: true, value: Uint8Array.from(out) };
}

/** Lower-case hex without separators, e.g. for tests and copy buttons. */
export function toHex(bytes: Uint8Array, separator = ''): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(separator);
}
