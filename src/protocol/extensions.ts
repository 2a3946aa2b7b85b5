/**
 * Sec-WebSocket-Extensions parsing (RFC 6455 9.1) and permessage-deflate
 * parameter validation (RFC 7692 7.1). Errors are values with a 1-based column.
 */
import type { Result } from './types';

export interface ExtensionParam {
  name: string;
  /** null when the parameter had no value (`; server_no_context_takeover`). */
  value: string | null;
  column: number;
}

export interface ExtensionOffer {
  name: string;
  params: ExtensionParam[];
  column: number;
}

export type ExtensionErrorCode =
  'EXTENSION_SYNTAX' | 'PMD_UNKNOWN_PARAM' | 'PMD_DUPLICATE_PARAM' | 'PMD_INVALID_VALUE' | 'PMD_MISSING_VALUE';

export interface ExtensionError {
  code: ExtensionErrorCode;
  message: string;
  rfc: string;
  /** 1-based column in the header value. */
  column: number;
}

// RFC 7230 3.2.6 token characters.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+/;

function syntax(message: string, index: number): { ok: false; error: ExtensionError } {
  return {
    ok: false,
    error: { code: 'EXTENSION_SYNTAX', message: `${message} at column ${index + 1}`, rfc: 'RFC 6455 9.1', column: index + 1 },
  };
}

/** Parse a Sec-WebSocket-Extensions value such as `permessage-deflate; client_max_window_bits, x-foo`. */
export function parseExtensionsHeader(header: string): Result<ExtensionOffer[], ExtensionError> {
  const offers: ExtensionOffer[] = [];
  let i = 0;
  const ws = (): void => {
    while (header[i] === ' ' || header[i] === '\t') i++;
  };
  const token = (): string | null => {
    const m = TOKEN.exec(header.slice(i));
    if (!m) return null;
    i += m[0].length;
    return m[0];
  };
  for (;;) {
    ws();
    const column = i + 1;
    const name = token();
    if (name === null) return syntax('expected an extension name', i);
    const offer: ExtensionOffer = { name, params: [], column };
    offers.push(offer);
    ws();
    while (header[i] === ';') {
      i++;
      ws();
      const paramColumn = i + 1;
      const pname = token();
      if (pname === null) return syntax('expected a parameter name', i);
      ws();
      let value: string | null = null;
      if (header[i] === '=') {
        i++;
        ws();
        if (header[i] === '"') {
          // A quoted value must still be a token once unquoted (RFC 6455 9.1).
          const end = header.indexOf('"', i + 1);
          if (end < 0) return syntax('unterminated quoted string', i);
          value = header.slice(i + 1, end);
          if (!TOKEN.test(value) || TOKEN.exec(value)?.[0] !== value) return syntax('quoted value is not a token', i);
          i = end + 1;
        } else {
          value = token();
          if (value === null) return syntax('expected a parameter value', i);
        }
        ws();
      }
      offer.params.push({ name: pname, value, column: paramColumn });
    }
    if (i >= header.length) return { ok: true, value: offers };
    if (header[i] !== ',') return syntax(`unexpected '${header[i] ?? ''}'`, i);
    i++;
  }
}
