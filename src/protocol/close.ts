/** Close frame payload rules (RFC 6455 5.5.1, 7.4). */
import { protocolError, type ProtocolError } from './errors';
import { findUtf8Fault } from './utf8';
import type { Frame, Result } from './types';

export interface ClosePayload {
  code: number | null;
  reason: string;
}

/** Codes that exist only inside APIs and are never sent: 1005, 1006, 1015 (RFC 6455 7.4.1). */
const NOT_ON_WIRE = new Set([1005, 1006, 1015]);

/**
 * May `code` appear in a close frame? 1000-1014 minus 1004 (reserved) and the
 * API-only codes, plus the registered 3000-3999 and private 4000-4999 ranges
 * (RFC 6455 7.4.2). Same rule as ws's isValidStatusCode.
 */
export function isValidCloseCode(code: number): boolean {
  return (code >= 1000 && code <= 1014 && code !== 1004 && !NOT_ON_WIRE.has(code)) || (code >= 3000 && code <= 4999);
}

const strictDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Read the status code and reason of a close frame. */
export function parseClosePayload(frame: Frame): Result<ClosePayload, ProtocolError> {
  const p = frame.payload;
  const at = frame.fields.payload.byteOffset;
  const frameOffset = frame.offset;
  if (p.length === 0) return { ok: true, value: { code: null, reason: '' } };
  if (p.length === 1) {
    const len = frame.fields.payloadLength;
    return { ok: false, error: protocolError('CLOSE_PAYLOAD_TOO_SHORT', { ...len, frameOffset }) };
  }
  const code = ((p[0] ?? 0) << 8) | (p[1] ?? 0);
  if (!isValidCloseCode(code)) {
    const which = NOT_ON_WIRE.has(code) ? 'CLOSE_CODE_NOT_ON_WIRE' : 'CLOSE_CODE_INVALID';
    return {
      ok: false,
      error: protocolError(which, { byteOffset: at, bitLength: 16, frameOffset }, { prefix: `${code} ` }),
    };
  }
  const reasonBytes = p.subarray(2);
  try {
    return { ok: true, value: { code, reason: strictDecoder.decode(reasonBytes) } };
  } catch {
    const fault = findUtf8Fault(reasonBytes, true) ?? { index: 0, length: 1 };
    return {
      ok: false,
      error: protocolError(
        'CLOSE_REASON_INVALID_UTF8',
        {
          byteOffset: at + 2 + fault.index,
          bitLength: 8 * fault.length,
          frameOffset,
        },
        { suffix: ` (byte ${fault.index} of the reason)` },
      ),
    };
  }
}
