/**
 * permessage-deflate negotiation parameters (RFC 7692 7.1): what the agreed
 * Sec-WebSocket-Extensions response means for each direction.
 */
import { parseExtensionsHeader, type ExtensionError, type ExtensionParam } from './extensions';
import type { Direction, Result } from './types';

export interface PerMessageDeflateParams {
  /** The server resets its compressor after each message (RFC 7692 7.1.1.1). */
  serverNoContextTakeover: boolean;
  /** The client resets its compressor after each message (RFC 7692 7.1.1.2). */
  clientNoContextTakeover: boolean;
  /** LZ77 window the server compresses with, 8-15 (RFC 7692 7.1.2.1); null = 15. */
  serverMaxWindowBits: number | null;
  /** Client window, 8-15; `true` = offered without a value, allowed in an offer only (RFC 7692 7.1.2.2). */
  clientMaxWindowBits: number | true | null;
}

export const DEFAULT_DEFLATE_PARAMS: PerMessageDeflateParams = {
  serverNoContextTakeover: false,
  clientNoContextTakeover: false,
  serverMaxWindowBits: null,
  clientMaxWindowBits: null,
};

function fail(code: ExtensionError['code'], message: string, column: number): { ok: false; error: ExtensionError } {
  return { ok: false, error: { code, message, rfc: 'RFC 7692 7.1', column } };
}

function windowBits(p: ExtensionParam): number | null {
  // 1*DIGIT without leading zero, 8..15 (RFC 7692 7.1.2.1).
  if (p.value === null || !/^[1-9][0-9]?$/.test(p.value)) return null;
  const n = Number(p.value);
  return n >= 8 && n <= 15 ? n : null;
}

/**
 * Validate the parameters of one permessage-deflate element. `role` is
 * 'offer' for the client's request and 'response' for the server's answer,
 * which differ only for a valueless client_max_window_bits.
 */
export function parseDeflateParams(
  params: readonly ExtensionParam[],
  role: 'offer' | 'response',
): Result<PerMessageDeflateParams, ExtensionError> {
  const out: PerMessageDeflateParams = { ...DEFAULT_DEFLATE_PARAMS };
  const seen = new Set<string>();
  for (const p of params) {
    if (seen.has(p.name)) return fail('PMD_DUPLICATE_PARAM', `duplicate parameter ${p.name}`, p.column);
    seen.add(p.name);
    switch (p.name) {
      case 'server_no_context_takeover':
      case 'client_no_context_takeover':
        if (p.value !== null) return fail('PMD_INVALID_VALUE', `${p.name} takes no value`, p.column);
        if (p.name === 'server_no_context_takeover') out.serverNoContextTakeover = true;
        else out.clientNoContextTakeover = true;
        break;
      case 'server_max_window_bits': {
        const bits = windowBits(p);
        if (bits === null) return fail('PMD_INVALID_VALUE', `${p.name} must be an integer 8-15`, p.column);
        out.serverMaxWindowBits = bits;
        break;
      }
      case 'client_max_window_bits': {
        if (p.value === null) {
          if (role === 'response') return fail('PMD_MISSING_VALUE', `${p.name} needs a value in a response`, p.column);
          out.clientMaxWindowBits = true;
          break;
        }
        const bits = windowBits(p);
        if (bits === null) return fail('PMD_INVALID_VALUE', `${p.name} must be an integer 8-15`, p.column);
        out.clientMaxWindowBits = bits;
        break;
      }
      default:
        return fail('PMD_UNKNOWN_PARAM', `unknown parameter ${p.name}`, p.column);
    }
  }
  return { ok: true, value: out };
}

/**
 * The permessage-deflate agreement in a server's Sec-WebSocket-Extensions
 * response header; null value when the extension was not accepted.
 */
export function negotiatedDeflate(responseHeader: string | null | undefined): Result<PerMessageDeflateParams | null, ExtensionError> {
  // No (or an empty) header: no extension was agreed.
  if (responseHeader === null || responseHeader === undefined || responseHeader.trim() === '') return { ok: true, value: null };
  const parsed = parseExtensionsHeader(responseHeader);
  if (!parsed.ok) return parsed;
  const pmd = parsed.value.find((o) => o.name.toLowerCase() === 'permessage-deflate');
  if (!pmd) return { ok: true, value: null };
  return parseDeflateParams(pmd.params, 'response');
}

/** Does the sender in `direction` reset its LZ77 window after every message? */
export function resetsContext(params: PerMessageDeflateParams, direction: Direction): boolean {
  return direction === 'server-to-client' ? params.serverNoContextTakeover : params.clientNoContextTakeover;
}

/**
 * The *_max_window_bits the sender in `direction` compresses within
 * (RFC 7692 7.1.2), 8-15; 15 when none was agreed (or only offered, `true`).
 */
export function windowBitsFor(params: PerMessageDeflateParams, direction: Direction): number {
  const bits = direction === 'server-to-client' ? params.serverMaxWindowBits : params.clientMaxWindowBits;
  return typeof bits === 'number' ? bits : 15;
}
