/** One entry point for pasted bytes: hex in its many forms, or base64. */
import { parseBase64 } from './base64';
import { parseHex, type InputError } from './hex';
import type { Result } from './types';

export type InputFormat = 'hex' | 'base64' | 'auto';

/**
 * Parse pasted bytes. 'auto' tries hex first (every hex form is also
 * plausible base64, the reverse is rarer) and falls back to base64 only when
 * the text has non-hex characters; if both fail, the hex error is returned.
 */
export function parseBytes(text: string, format: InputFormat = 'auto'): Result<Uint8Array, InputError> {
  if (format === 'hex') return parseHex(text);
  if (format === 'base64') return parseBase64(text);
  const hex = parseHex(text);
  if (hex.ok || hex.error.code !== 'NOT_HEX') return hex;
  const b64 = parseBase64(text);
  return b64.ok ? b64 : hex;
}
